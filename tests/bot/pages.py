"""Pages and rankings made up for the policy's tests: only their ids, languages and probabilities matter."""

from __future__ import annotations

from knowledge_base.articles import Article
from knowledge_base.retrieval import Candidate, Ranking


def art(aid: str, lang: str = "fr", handoff: bool = False) -> Article:
    return Article(aid, lang, f"Titre {aid}", (f"question {aid}",), f"Réponse {aid}.", handoff=handoff)


def candidate(aid: str, lang: str, p: float) -> Candidate:
    return Candidate(art(aid, lang), p, ())


def ranking(lang: str, *probs: tuple[str, float], handoff: frozenset[str] = frozenset()) -> Ranking:
    return Ranking(lang, tuple(Candidate(art(a, lang, a in handoff), p, ()) for a, p in probs))
