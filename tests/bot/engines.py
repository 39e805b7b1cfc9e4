"""A real native engine over a few articles, for the tests that play turns through it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from bot.engine import NativeEngine, language_samples, load_intents, nlu_examples
from bot.language import LanguageDetector
from bot.messages import Turn, VisitorMessage
from bot.policy import Policy
from bot.state import DialogueState
from bot.understanding import Thresholds
from knowledge_base.analysis import shared_analyzer
from knowledge_base.articles import Article
from knowledge_base.embedding import CachedEncoder
from knowledge_base.places import Places
from knowledge_base.prior import load_prior
from knowledge_base.searcher import Searcher


def native_engine(encoder: CachedEncoder, articles: Sequence[Article],
                  off_topic: Mapping[str, Sequence[str]], *, served: bool = False) -> NativeEngine:
    """The engine (the shipped intent data, default thresholds) over `articles`; `served`: with the shipped
    retrieval prior and the places of the home country, as `relais serve` builds it, rather than calibrated on
    the articles' own questions."""
    examples = nlu_examples()
    searcher = Searcher(encoder, shared_analyzer(), ("fr", "en"), off_topic=off_topic,
                        places=Places("FR") if served else None, prior=load_prior() if served else None)
    searcher.apply(articles, revision=1)
    intents = load_intents(encoder, examples, Path("~/.cache/relais").expanduser())
    return NativeEngine(searcher, intents, LanguageDetector(language_samples(examples, articles), ("fr", "en")),
                        Policy(Thresholds()))


def play(bot: NativeEngine, language: str, *messages: str) -> list[Turn]:
    """The turns of one conversation of `messages`, in `language`."""
    state, turns = DialogueState(language), []
    for text in messages:
        turns.append(bot.turn(state, VisitorMessage(text)))
        state = turns[-1].state
    return turns
