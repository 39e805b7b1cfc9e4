"""Language detection on short chat messages: accuracy, abstentions and errors on an eval query file.

    .venv/bin/python bench/language_eval.py ../shared/eval/dev_queries.yml [../shared/eval/dev_conversations.yml]

A message counts as right when the detector names its language or abstains (the conversation keeps its
language, which is the message's own in these files); an error is a confident wrong language.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from bot.engine import language_samples, nlu_examples
from bot.language import LanguageDetector
from knowledge_base.interchange import read_articles

DEMO_KB = Path(__file__).resolve().parent.parent / "relais" / "demo" / "demo_kb.yml"


def main() -> None:
    detector = LanguageDetector(language_samples(nlu_examples(), read_articles(DEMO_KB)))
    items: list[tuple[str, str]] = []
    for name in sys.argv[1:]:
        data = yaml.safe_load(Path(name).read_text(encoding="utf-8"))
        items += [(q["text"], q["language"]) for q in data.get("queries", [])]
        for conv in data.get("conversations", []):
            items += [(t["say"], conv["language"]) for t in conv["turns"] if "say" in t]
    right = abstained = wrong = 0
    for text, language in items:
        found = detector.detect(text)
        if found is None:
            abstained += 1
        elif found == language:
            right += 1
        else:
            wrong += 1
            print(f"  detected {found} for a {language} message: {text[:80]}")
    n = len(items)
    print(f"language: n={n} detected_right={right / n:.3f} abstained={abstained / n:.3f} wrong={wrong / n:.3f}")


if __name__ == "__main__":
    main()
