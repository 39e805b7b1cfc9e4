"""Every setting of Relais, declared once with its default and help text (env: RELAIS_*)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_MODEL = "all-MiniLM-L6-v2"


class Settings(BaseSettings):
    """Relais configuration. Environment variables (RELAIS_<NAME>) override command-line options."""

    model_config = SettingsConfigDict(env_prefix="RELAIS_", extra="ignore")

    data_dir: Path = Field(Path("./var"), description="Directory for the SQLite database, indexes and models.")
    database_url: str | None = Field(
        None,
        description="SQLAlchemy async URL; default sqlite+aiosqlite in the data dir. "
        "postgresql+asyncpg://... for PostgreSQL.",
    )
    redis_url: str | None = Field(
        None, description="Redis URL for the message bus shared by several servers. Not used yet: this version runs "
        "one server on an in-process bus, and warns at start-up when this is set."
    )
    allowed_origins: str = Field(
        "",
        description="Comma-separated origins (https://shop.example) allowed to call the visitor API from a "
        "browser (and, with the widget, to open the visitor WebSocket); the server's own origin is always allowed.",
    )
    host: str = Field("127.0.0.1", description="Interface to listen on.")
    port: int = Field(8000, description="TCP port to listen on.")
    languages: str = Field("fr,en", description="Comma-separated languages the assistant speaks.")
    default_language: str = Field("fr", description="Language used when the visitor's cannot be told.")
    home_country: str = Field(
        "FR",
        description="ISO 3166 code of the country the service is based in. A country or city the visitor names "
        "is searched with its region (\"Italie\": Europe, European Union, abroad; \"New York\": North America, "
        "outside the European Union) unless it is in this country; empty: every place counts as abroad.",
    )
    retrieval_prior: bool = Field(
        True,
        description="Weigh the retrieval signals with the model learned from visitors' questions labelled on seven "
        "other knowledge bases (knowledge_base/prior.json, trained on data/calibration) rather than one fitted on "
        "this knowledge base's own questions: more questions answered and fewer wrong answers on knowledge bases "
        "it never saw (see README, Measuring). Used only with the embedding model and precision it was trained "
        "with; otherwise, or when false, each knowledge base calibrates on its own questions.",
    )
    embedding_model: str = Field(
        DEFAULT_MODEL,
        description="Sentence-embedding model: a name (all-MiniLM-L6-v2 is bundled) or a local directory.",
    )
    model_cache: Path = Field(
        Path("~/.cache/relais"),
        description="Where derived model files (the ONNX export of the encoder, the intent models, the French "
        "word-vector table) are kept across data dirs.",
    )
    onnx: bool = Field(True, description="Run the embedding model through ONNX Runtime (same vectors, ~3x faster).")
    encoder_int8: bool = Field(
        True,
        description="With ONNX, run the encoder with int8 weights (quantised once, checked against fp32): about "
        "twice as fast per message, with vectors that drift slightly (see README, Measuring); false for fp32.",
    )
    retrieval_prior_file: Path | None = Field(
        None,
        description="A retrieval prior of your own instead of the shipped one: trained by `python -m "
        "knowledge_base.prior DIR --out FILE` on labelled sets like data/calibration (each a kb.yml and a "
        "queries.yml of real visitors' questions).",
    )
    answer_threshold: float = Field(
        0.55, description="Minimum calibrated probability that the best article is right to answer with it (set "
        "for the retrieval prior; 0.5 suits a knowledge base calibrated on its own questions)."
    )
    clarify_margin: float = Field(
        0.25,
        description="Articles whose probability is within this margin of the best one are offered "
        "together in a clarification.",
    )
    clarify_threshold: float = Field(
        0.15,
        description="Minimum probability of the best article for a clarification (the others offered need "
        "a tenth of it; set for the retrieval prior, 0.2 suits a knowledge base calibrated on its own questions).",
    )
    clarify_mass: float = Field(
        0.3,
        description="A clarification is also offered when the best article is below the clarify threshold (but at "
        "least 0.1) and the chance that one of the three best is right reaches this; 0 turns this off.",
    )
    out_of_scope_threshold: float = Field(
        0.5, description="Minimum intent probability for a small-talk or out-of-scope intent to be taken."
    )
    max_failed_turns: int = Field(
        2, description="Consecutive turns without an answer after which a human is offered."
    )
    retention_days: int = Field(
        30, ge=0,
        description="Conversations with no activity for this many days are erased with their messages and "
        "feedback (checked hourly; 0 keeps them forever). The widget's privacy notice states it.",
    )
    privacy_url: str | None = Field(
        None, description="Link to the site's privacy policy shown in the widget's privacy notice (a page can "
        "override it with data-privacy-url).",
    )
    demo: bool = Field(True, description="Load the bundled demo knowledge base into a KB that never held an article.")
    engine: str = Field("native", description="Conversation engine: native (or rasa, later).")
    engine_process: bool = Field(
        True,
        description="Run the conversation engine (models, indexes) in a child process beside the web process, so "
        "turns and HTTP use both cores (Python runs one thread at a time per process); a child that dies is "
        "restarted. false: everything in one process (less memory, less throughput).",
    )
    log_level: str = Field("info", description="Log level: debug, info, warning, error.")

    @field_validator("retrieval_prior_file", mode="before")
    @classmethod
    def _prior_file(cls, value: object) -> object:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        return Path(str(value)).expanduser()

    @field_validator("languages")
    @classmethod
    def _languages(cls, value: str) -> str:
        langs = [x.strip() for x in value.split(",") if x.strip()]
        if not langs or any(lang not in ("fr", "en") for lang in langs):
            raise ValueError("languages must be a comma-separated subset of fr,en")
        return ",".join(langs)

    @field_validator("home_country")
    @classmethod
    def _home_country(cls, value: str) -> str:
        value = value.strip().upper()
        if value and not (len(value) == 2 and value.isalpha()):
            raise ValueError("home_country must be a two-letter ISO 3166 code such as FR, or empty")
        return value

    @property
    def language_list(self) -> tuple[str, ...]:
        return tuple(self.languages.split(","))

    @property
    def origin_list(self) -> tuple[str, ...]:
        return tuple(o.strip().rstrip("/") for o in self.allowed_origins.split(",") if o.strip())

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.data_dir / 'relais.db').resolve()}"

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def encoder_cache(self) -> Path:
        return self.model_cache.expanduser()


def load_settings(**overrides: Any) -> Settings:
    """Settings from the environment; `overrides` (CLI options) apply where no RELAIS_* variable is set."""
    env_set = Settings().model_fields_set
    kept = {k: v for k, v in overrides.items() if v is not None and k not in env_set}
    return Settings(**kept)
