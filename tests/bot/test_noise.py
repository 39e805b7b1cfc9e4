"""A message that says nothing yet ("?", "...", "hm") is no question, no "yes" and no anger, and "il y a quelqu'un ?"
only asks whether someone answers (bot.noise)."""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise

import pytest

from bot.noise import announced_problem, announces_question, is_how_are_you, is_noise, is_presence_check
from bot.policy import Policy
from bot.state import DialogueState
from bot.understanding import Thresholds, Understanding
from tests.bot.pages import ranking

policy = Policy(Thresholds())
TOPICS = ["livraison", "paiement"]


@pytest.mark.parametrize("text", ["?", "??", "...", "…", "?!", "hm", "Hmmm...", "mmh", "euh", "euuuh ?", "heu",
                                  "hein ?", "uh", "umm", "erm...", "huh?", "bah", "pfff", "  ", "42",
                                  "pardon ?", "Quoi ??", "what?", "comment ?", "allô ?", "allooo",
                                  "lol", "mdr", "hahaha", "xD", "asdfgh", "qsdfjklm", "azertyuiop"])
def test_punctuation_digits_and_fillers_say_nothing(text: str) -> None:
    assert is_noise(text)


@pytest.mark.parametrize("text", ["oui", "non", "ok", "yes", "no", "merci", "bof", "help", "bonjour", "👍", "😡",
                                  "你好", "ça ?", "hm, et la livraison ?", "euh je ne trouve pas ma facture",
                                  "colis", "hi", "sms", "pdf", "lol, et la livraison ?"])
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


@pytest.mark.parametrize("text", ["il y a quelqu'un ?", "Allô ? Il y a quelqu'un ?", "y a quelqu'un ??", "ya qqn",
                                  "y a-t-il quelqu'un ?", "est-ce qu'il y a quelqu'un ?", "quelqu'un est là ?",
                                  "vous êtes là ?", "t'es toujours là ?", "anyone there?", "Hello, is anybody there?",
                                  "are you still there?", "someone?", "hey, anybody around?"])
def test_asking_whether_someone_is_there_is_a_presence_check(text: str) -> None:
    assert is_presence_check(text)


@pytest.mark.parametrize("text", ["y a-t-il quelqu'un de disponible pour me répondre", "il y a quelqu'un de vrai ?",
                                  "je veux parler à quelqu'un", "is there someone I can talk to?",
                                  "allô ? quelqu'un va me répondre ?", "someone ordered on my account",
                                  "toujours personne ?", "bonjour", "?"])
def test_a_request_or_a_question_about_someone_is_no_presence_check(text: str) -> None:
    assert not is_presence_check(text)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_presence_check_gets_the_assistant_and_a_person_one_tap_away_never_a_transfer(lang: str) -> None:
    # "Il y a quelqu'un ?" read as a request for a person at 0.39 (a transfer from 0.4), its words finding the
    # fraud page ("someone ordered with my account") at 0.55.
    text = "il y a quelqu'un ?" if lang == "fr" else "anyone there?"
    presence = Understanding(text, lang, (("ask_human", 0.39), ("out_of_scope", 0.3)),
                             ranking(lang, ("fraud", 0.55)), presence=True)
    state = DialogueState(lang, offered="handoff:frustration")
    turn = policy.decide(state, presence, TOPICS)
    (reply,) = turn.replies
    assert turn.handoff is None and reply.kind == "smalltalk" and reply.article_id is None
    assert [c.payload for c in reply.choices] == ["handoff:explicit_request"]
    assert turn.state.failed_turns == 0 and turn.state.recent_intents[-1].intent == "presence"
    assert turn.state.offered == "handoff:frustration"  # what was offered before still stands
    again = policy.decide(turn.state, presence, TOPICS)
    assert again.replies[0].text != reply.text  # never the same words twice in a row


@pytest.mark.parametrize(("text", "greeting"), [
    ("ça va ?", True), ("Bonjour, comment allez-vous ?", True), ("salut, tu vas bien ?", True),
    ("hi, how are you?", True), ("how's it going", True),
    ("ça va être long ?", False), ("ça va pas du tout", False), ("how are you going to fix this?", False),
])
def test_asking_how_the_bot_is_is_told_apart(text: str, greeting: bool) -> None:
    assert is_how_are_you(text) is greeting


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_asking_how_the_bot_is_gets_a_greeting_not_a_failed_search(lang: str) -> None:
    # The intents read "ça va ?" as a "yes" at 0.38, which then searched the pages and found nothing sure.
    u = Understanding("q ?", lang, (("affirm", 0.38), ("greet", 0.3)), ranking(lang, ("a1", 0.2)), how_are_you=True)
    turn = policy.decide(DialogueState(lang), u, TOPICS)
    (reply,) = turn.replies
    assert reply.kind == "smalltalk" and turn.state.failed_turns == 0 and turn.handoff is None
    assert not [c for c in reply.choices if c.article_id]


@pytest.mark.parametrize(("text", "announced"), [
    ("j'ai une question sur mon contrat", True), ("Bonjour, j'ai une petite question", True),
    ("je peux vous poser une question ?", True), ("hi, I have a quick question about my bill", True),
    ("can I ask you something?", True), ("une question sur ma location", True), ("bonjour, petite question", True),
    ("une question : comment annuler ma location ?", False),
    ("j'ai une question sur mon contrat, puis-je le résilier avant la fin ?", False),
    ("I have a question about how to cancel my contract early", False), ("j'ai un problème avec ma facture", False),
])
def test_announcing_a_question_still_to_come_is_told_apart(text: str, announced: bool) -> None:
    assert announces_question(text) is announced


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_question_announced_is_asked_for_not_answered_with_a_page(lang: str) -> None:
    # "J'ai une question sur mon contrat" was answered with the contract's cancellation page (0.79).
    u = Understanding("j'ai une question sur mon contrat", lang, (("question", 0.6),), ranking(lang, ("a1", 0.79)),
                      announced=True)
    turn = policy.decide(DialogueState(lang, failed_turns=1, offered="handoff:low_confidence"), u, TOPICS)
    (reply,) = turn.replies
    assert reply.kind == "smalltalk" and reply.text.endswith("?") and not reply.choices
    assert turn.state.failed_turns == 1 and turn.state.offered == "handoff:low_confidence"


@pytest.mark.parametrize(("text", "about"), [
    ("j'ai un souci avec ma réservation", "votre réservation"),
    ("bonjour, petit problème sur mon colis svp", "votre colis"),
    ("un souci avec la facture de mars", "la facture de mars"),
    ("I have an issue with my booking", "your booking"),
    ("there's a problem with our order", "your order"),
    # The problem told, or a topic named: no announcement.
    ("j'ai un problème avec ma facture, elle est trop élevée", ""),
    ("problème de caution", ""),
    ("my order has a problem", ""),
])
def test_a_problem_announced_not_yet_told(text: str, about: str) -> None:
    assert announced_problem(text) == about


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_problem_announced_is_asked_about_with_the_pages_it_may_concern(lang: str) -> None:
    text = "j'ai un souci avec ma location" if lang == "fr" else "I have an issue with my rental"
    about = "votre location" if lang == "fr" else "your rental"
    near = Understanding(text, lang, (("question", 0.9),), ranking(lang, ("a1", 0.24), ("a2", 0.2)), problem=about)
    (reply,) = policy.decide(DialogueState(lang), near, TOPICS).replies
    # Before: a plain choice of pages, as if the visitor had asked about them.
    assert reply.kind == "clarify" and about in reply.text
    assert [c.article_id for c in reply.choices if c.article_id] == ["a1", "a2"]
    nothing = replace(near, ranking=ranking(lang, ("a1", 0.02)))
    turn = policy.decide(DialogueState(lang), nothing, TOPICS)
    (reply,) = turn.replies
    assert reply.kind == "smalltalk" and about in reply.text and turn.state.failed_turns == 0
    sure = replace(near, ranking=ranking(lang, ("a1", 0.9)))
    assert policy.decide(DialogueState(lang), sure, TOPICS).replies[0].kind == "answer"  # a page surely about it
