"""Reads NLU training data in Rasa's YAML format (data/nlu/*.yml), one language per intent block."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from relais.errors import InvalidInput

_ENTITY = re.compile(r"\[([^\]]+)\]\([^)]*\)|\[([^\]]+)\]\{[^}]*\}")


@dataclass(frozen=True)
class Example:
    text: str
    intent: str
    language: str


def _strip_entities(text: str) -> str:
    return _ENTITY.sub(lambda m: m.group(1) or m.group(2), text)


def parse_nlu_file(path: Path) -> list[Example]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise InvalidInput(f"{path}: invalid YAML: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("nlu"), list):
        raise InvalidInput(f"{path}: expected Rasa NLU data with an `nlu` list")
    default_language = path.stem if path.stem in ("fr", "en") else None
    out: list[Example] = []
    for i, block in enumerate(data["nlu"], 1):
        if not isinstance(block, dict) or "intent" not in block:
            continue  # synonyms, regexes and lookups are Rasa features Relais does not need
        metadata = block.get("metadata") or {}
        language = metadata.get("language", default_language) if isinstance(metadata, dict) else default_language
        if language not in ("fr", "en"):
            raise InvalidInput(f"{path}: intent block #{i} ({block['intent']}): metadata.language must be fr or en")
        examples = block.get("examples") or ""
        if not isinstance(examples, str):
            raise InvalidInput(f"{path}: intent block #{i}: `examples` must be a `|` block of `- ` lines")
        for line in examples.splitlines():
            line = line.strip()
            if line.startswith("- ") and line[2:].strip():
                out.append(Example(_strip_entities(line[2:].strip()), str(block["intent"]), language))
    return out


def load_nlu(directory: Path) -> list[Example]:
    files = sorted(directory.glob("*.yml")) + sorted(directory.glob("*.yaml"))
    if not files:
        raise InvalidInput(f"{directory}: no NLU training file (*.yml)")
    return [e for f in files for e in parse_nlu_file(f)]


def off_topic_texts(examples: Sequence[Example], languages: Sequence[str]) -> dict[str, list[str]]:
    """The out-of-scope examples per language: generic off-topic messages retrieval calibrates against."""
    return {lang: [e.text for e in examples if e.intent == "out_of_scope" and e.language == lang] for lang in languages}
