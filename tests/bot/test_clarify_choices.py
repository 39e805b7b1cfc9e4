"""A choice of pages is between two or three of them (CONTRACT §3, `clarify`), whatever led to it."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from bot.messages import Reply
from bot.policy import Policy
from bot.state import DialogueState
from bot.understanding import Thresholds, Understanding
from knowledge_base.retrieval import Ranking
from tests.bot.pages import candidate, ranking

INTENTS = ("question", "frustration", "out_of_scope", "greet", "affirm", "deny", "ask_human", "thanks")
policy = Policy(Thresholds())


def assert_choices_well_formed(replies: tuple[Reply, ...]) -> None:
    for reply in replies:
        pages = [c.article_id for c in reply.choices if c.article_id]
        if reply.kind == "clarify":
            assert 2 <= len(pages) <= 3, reply
        assert len(pages) == len(set(pages)), reply


def random_understanding(rng: random.Random) -> tuple[DialogueState, Understanding]:
    lang, other_lang = rng.choice((("fr", "en"), ("en", "fr")))

    def ranks(language: str, n: int) -> Ranking:
        probs = sorted((rng.random() ** rng.choice((1, 2, 4)) for _ in range(n)), reverse=True)
        return ranking(language, *((f"{language}-{i}", p) for i, p in enumerate(probs)))

    own = ranks(lang, rng.randint(0, 4))
    other = ranks(other_lang, rng.randint(0, 3)) if rng.random() < 0.6 else None
    twin = candidate(f"{lang}-twin", lang, rng.random()) if other is not None and rng.random() < 0.4 else None
    likely = ranks(lang, rng.randint(0, 3)).candidates if rng.random() < 0.5 else ()
    intent = rng.choice(INTENTS)
    confidence = rng.uniform(0.3, 1.0)
    intents = ((intent, confidence),) if intent == "question" else ((intent, confidence), ("question", 1 - confidence))
    seen = own.candidates[:1] if own.candidates and rng.random() < 0.3 else ()
    state = DialogueState(lang, failed_turns=rng.randint(0, 2), frustration=rng.randint(0, 1),
                          shown_articles=tuple(c.article.id for c in seen),
                          clarify_options=tuple(c.article.id for c in own.candidates[1:3] if rng.random() < 0.3))
    u = Understanding("message", lang, intents, own, other, twin=twin, likely=likely,
                      off_subject=own.candidates[1:2] if rng.random() < 0.2 else ())
    return state, u


def test_every_clarification_offers_two_or_three_pages_over_many_situations() -> None:
    rng = random.Random(20261124)
    kinds: set[str] = set()
    for _ in range(3000):
        state, u = random_understanding(rng)
        turn = policy.decide(state, u, ["location"])
        assert_choices_well_formed(turn.replies)
        kinds.update(r.kind for r in turn.replies)
    assert {"answer", "clarify", "fallback", "handoff"} <= kinds  # the situations reached every outcome


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_page_only_in_the_other_language_is_suggested_on_a_fallback_with_the_person(lang: str) -> None:
    other_lang = "en" if lang == "fr" else "fr"
    there = ranking(other_lang, (f"{other_lang}-puk", 0.3), (f"{other_lang}-sim", 0.05))
    u = Understanding("q", lang, (("question", 0.9),), ranking(lang, (f"{lang}-x", 0.02)), there)
    turn = policy.decide(DialogueState(lang), u, ["location"])
    (reply,) = turn.replies
    assert reply.kind == "fallback"
    assert [c.article_id for c in reply.choices] == [f"{other_lang}-puk", None]
    assert reply.choices[-1].action == "handoff" and reply.text.rstrip().endswith(":")
    assert turn.state.clarify_options == (f"{other_lang}-puk",) and turn.state.failed_turns == 1


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_one_likely_page_comes_with_the_offer_of_a_person_not_as_a_choice_of_one(lang: str) -> None:
    state = DialogueState(lang, failed_turns=1)
    u = replace(Understanding("q", lang, (("question", 0.9),), ranking(lang, (f"{lang}-late", 0.11))),
                likely=ranking(lang, (f"{lang}-late", 0.11)).candidates)
    turn = policy.decide(state, u, ["location"])
    (offer,) = turn.replies
    assert offer.kind == "handoff"
    assert [c.article_id for c in offer.choices] == [f"{lang}-late", None]
    assert offer.choices[-1].action == "handoff" and turn.state.clarify_options == (f"{lang}-late",)
    assert offer.text.rstrip().endswith(":")  # it says what the page is
