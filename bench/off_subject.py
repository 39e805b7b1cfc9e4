"""Which messages the off-subject rule (Searcher.off_subject) fires on, over every labelled set (no server).

    .venv/bin/python bench/off_subject.py [KB.yml QUERIES.yml CONVERSATIONS.yml ...]

Plays the queries and every said turn of the conversations of data/calibration and data/holdout (and any triple
given, the development set say) against the shipped prior, each message read alone: prints each message whose best
page would be answered but meets the rule, the pages offered beside it, and the count of messages read.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from bot.nlu_data import load_nlu, off_topic_texts
from bot.understanding import Thresholds
from knowledge_base.analysis import shared_analyzer
from knowledge_base.embedding import load_encoder
from knowledge_base.interchange import read_articles
from knowledge_base.places import Places
from knowledge_base.prior import DATA_DIR, load_prior
from knowledge_base.searcher import Searcher

ROOT = Path(__file__).resolve().parent.parent


def messages(queries: Path, conversations: Path) -> list[tuple[str, str]]:
    said = [(str(q["text"]), str(q["language"])) for q in yaml.safe_load(queries.read_text())["queries"]]
    if conversations.exists():
        for c in yaml.safe_load(conversations.read_text())["conversations"]:
            said += [(str(t["say"]), str(c["language"])) for t in c["turns"] if "say" in t]
    return said


def main() -> None:
    sets = [(kb, kb.parent / "queries.yml", kb.parent / "conversations.yml")
            for kb in [*sorted(DATA_DIR.glob("*/kb.yml")), *sorted((ROOT / "data" / "holdout").glob("*/kb.yml"))]]
    extra = [Path(a) for a in sys.argv[1:]]
    sets += [(extra[i], extra[i + 1], extra[i + 2]) for i in range(0, len(extra) - 2, 3)]
    encoder = load_encoder("all-MiniLM-L6-v2", Path("/tmp/relais-models"), int8=True)
    off_topic = off_topic_texts(load_nlu(ROOT / "data" / "nlu"), ("fr", "en"))
    prior, answer = load_prior(), Thresholds().answer
    read = fired = 0
    for kb, queries, conversations in sets:
        searcher = Searcher(encoder, shared_analyzer(), ("fr", "en"), off_topic=off_topic, places=Places("FR"),
                            prior=prior)
        searcher.apply(read_articles(kb), 1)
        for text, language in messages(queries, conversations):
            read += 1
            view = searcher.view(text, language)
            ranking = searcher.search(view, language)
            if ranking.best is None or ranking.best.probability < answer:
                continue
            pages = searcher.off_subject(view, ranking)
            if pages:
                fired += 1
                print(f"{kb.parent.name:12} {ranking.best.article.id} ({ranking.best.probability:.2f}) + "
                      f"{[c.article.id for c in pages]} :: {text[:80]}")
    print(f"off-subject: fired={fired} messages={read}")


if __name__ == "__main__":
    main()
