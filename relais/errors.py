"""The one exception root of Relais and the errors every layer raises (mapped to HTTP once)."""

from __future__ import annotations


class RelaisError(Exception):
    """Root of every error Relais raises on purpose."""

    code = "internal_error"
    status = 500

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code


class ConfigurationError(RelaisError):
    code = "configuration_error"


class NotFound(RelaisError):
    code = "not_found"
    status = 404


class Unauthorized(RelaisError):
    code = "unauthorized"
    status = 401


class Forbidden(RelaisError):
    code = "forbidden"
    status = 403


class InvalidInput(RelaisError):
    code = "invalid_input"
    status = 422

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None) -> None:
        super().__init__(message, code=code)
        self.field = field


class Conflict(RelaisError):
    code = "conflict"
    status = 409


class KnowledgeBaseFileError(InvalidInput):
    """A knowledge-base file failed validation: names the file, the article and the field."""

    code = "invalid_kb_file"

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class ModelMismatch(RelaisError):
    """A persisted index or classifier was built with another model than the one configured."""

    code = "model_mismatch"


class EngineUnavailable(RelaisError):
    """The conversation engine is (re)starting: nothing was stored, the visitor can send the message again."""

    code = "engine_unavailable"
    status = 503
