"""A message that says nothing yet ("?", "...", "hm") is no question, no "yes" and no anger (bot.noise)."""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise

import pytest

from bot.noise import is_noise
from bot.policy import Policy, Thresholds, Understanding
from bot.state import DialogueState
from tests.bot.pages import ranking

policy = Policy(Thresholds())
TOPICS = ["livraison", "paiement"]


@pytest.mark.parametrize("text", ["?", "??", "...", "…", "?!", "hm", "Hmmm...", "mmh", "euh", "euuuh ?", "heu",
                                  "hein ?", "uh", "umm", "erm...", "huh?", "bah", "pfff", "  ", "42",
                                  "pardon ?", "Quoi ??", "what?", "comment ?", "allô ?", "allooo"])
def test_punctuation_digits_and_fillers_say_nothing(text: str) -> None:
    assert is_noise(text)


@pytest.mark.parametrize("text", ["oui", "non", "ok", "yes", "no", "merci", "bof", "help", "bonjour", "👍", "😡",
                                  "你好", "ça ?", "hm, et la livraison ?", "euh je ne trouve pas ma facture",
                                  "colis"])
def test_a_word_or_an_emoji_says_something(text: str) -> None:
    assert not is_noise(text)


def noise(text: str, lang: str, intent: str, p: float) -> Understanding:
    """What the intents made of a filler: "..." read as frustration at 0.8, "hm" as "yes" at 0.9."""
    return Understanding(text, lang, ((intent, p), ("question", 1 - p)), ranking(lang, ("a1", 0.01)), noise=True)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_fillers_never_queue_the_visitor_nor_read_as_anger_and_keep_a_person_one_tap_away(lang: str) -> None:
    state = DialogueState(lang)
    texts = []
    for text, intent, p in [("?", "affirm", 0.6), ("...", "frustration", 0.8), ("hm", "affirm", 0.9),
                            ("euh", "deny", 0.7), ("??", "frustration", 0.9)]:
        turn = policy.decide(state, noise(text, lang, intent, p), TOPICS)
        (reply,) = turn.replies
        assert turn.handoff is None and reply.kind == "fallback"
        assert [c.action for c in reply.choices] == ["handoff"]
        assert turn.state.frustration == 0
        assert turn.state.recent_intents[-1].intent == "noise"  # what the agent reads in the context, not anger
        texts.append(reply.text)
        state = turn.state
    assert all(a != b for a, b in pairwise(texts))  # never the same words twice in a row
    # The first invites the question and says what the bot knows; once the budget is out, the person comes first.
    assert "livraison" in texts[0]
    assert state.failed_turns == 5
    assert policy.decide(state, replace(noise("oui", lang, "affirm", 0.95), noise=False), TOPICS).handoff == \
        "turn_limit"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_filler_is_no_yes_to_a_pending_offer_which_still_stands(lang: str) -> None:
    offered = DialogueState(lang, frustration=1, offered="handoff:frustration")
    turn = policy.decide(offered, noise("hm", lang, "affirm", 0.87), TOPICS)
    assert turn.handoff is None
    assert turn.state.offered == "handoff:frustration"
    yes = Understanding("oui", lang, (("affirm", 0.95),), ranking(lang, ("a1", 0.01)))
    assert policy.decide(turn.state, yes, TOPICS).handoff == "frustration"
