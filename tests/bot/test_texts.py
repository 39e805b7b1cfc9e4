"""bot.texts: every bot sentence exists in French and English, is kind, varies, and formats."""

from __future__ import annotations

import re
import string
from collections.abc import Sequence

import pytest

from bot.texts import TEXTS, say

REPROACH = re.compile(r"poli|polite|rude|langage|language", re.IGNORECASE)
VALUES: dict[str, object] = {"topics": "livraison, paiement", "position": 3, "wait": "environ 12 min", "n": 12,
                           "passage": "Le retour en point relais est gratuit.", "title": "Retourner un article",
                           "what": "votre commande"}
ALL_VARIANTS = [(key, lang, i, text) for key, by_lang in TEXTS.items() for lang, texts in by_lang.items()
                for i, text in enumerate(texts)]


def say_with_values(key: str, lang: str, *, avoid: Sequence[str] = (), variant: int = 0) -> str:
    """`say` given a value for every placeholder any text uses."""
    return say(key, lang, avoid=avoid, variant=variant, **VALUES)


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_every_key_speaks_french_and_english(key: str) -> None:
    assert set(TEXTS[key]) == {"fr", "en"}
    assert TEXTS[key]["fr"] and TEXTS[key]["en"]


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_french_and_english_use_the_same_placeholders(key: str) -> None:
    fr = set().union(*(placeholders(t) for t in TEXTS[key]["fr"]))
    en = set().union(*(placeholders(t) for t in TEXTS[key]["en"]))
    assert fr == en


@pytest.mark.parametrize(("key", "lang", "index", "text"), ALL_VARIANTS)
def test_no_variant_is_empty(key: str, lang: str, index: int, text: str) -> None:
    assert text.strip(), f"{key}/{lang}/{index} is empty"
    assert text == text.strip()


@pytest.mark.parametrize(("key", "lang", "index", "text"), ALL_VARIANTS)
def test_no_variant_reproaches_the_visitor(key: str, lang: str, index: int, text: str) -> None:
    assert not REPROACH.search(text), f"{key}/{lang}/{index}: {text}"


@pytest.mark.parametrize(("key", "lang", "index", "text"), ALL_VARIANTS)
def test_variants_of_a_key_are_all_different(key: str, lang: str, index: int, text: str) -> None:
    assert list(TEXTS[key][lang]).count(text) == 1


@pytest.mark.parametrize(("key", "lang"), [(k, lang) for k in sorted(TEXTS) for lang in ("fr", "en")
                                           if len(TEXTS[k][lang]) > 1])
def test_say_avoids_the_text_just_said(key: str, lang: str) -> None:
    first = say_with_values(key, lang)
    second = say_with_values(key, lang, avoid=[first])
    assert second != first
    assert second in {t.format(**VALUES) for t in TEXTS[key][lang]}


def test_say_repeats_only_when_there_is_no_other_variant() -> None:
    (only,) = TEXTS["frustration_handoff"]["fr"]
    assert say("frustration_handoff", "fr", avoid=[only]) == only


def test_say_avoids_every_text_in_the_list() -> None:
    greetings = list(TEXTS["greet"]["en"])
    assert say("greet", "en", avoid=greetings[:2]) == greetings[2]


def test_say_starts_from_the_requested_variant() -> None:
    assert say("thanks", "fr", variant=1) == TEXTS["thanks"]["fr"][1]
    assert say("thanks", "fr", variant=len(TEXTS["thanks"]["fr"])) == TEXTS["thanks"]["fr"][0]


def test_an_unknown_language_falls_back_to_english() -> None:
    assert say("goodbye", "de") == TEXTS["goodbye"]["en"][0]


def test_an_unknown_key_raises() -> None:
    with pytest.raises(KeyError):
        say("no_such_text", "fr")


def test_the_texts_the_policy_fills_in_do_have_placeholders() -> None:
    used = {k for k, by_lang in TEXTS.items() for texts in by_lang.values() for t in texts if placeholders(t)}
    assert used >= {"fallback", "out_of_scope", "handoff_queued", "waiting", "minutes", "same_page"}


@pytest.mark.parametrize(("key", "lang", "index", "text"),
                         [v for v in ALL_VARIANTS if placeholders(v[3])])
def test_placeholders_format_without_key_error(key: str, lang: str, index: int, text: str) -> None:
    out = say_with_values(key, lang, variant=index)
    assert "{" not in out and "}" not in out
    for name in placeholders(text):
        assert str(VALUES[name]) in out


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_queue_message_shows_position_and_wait(lang: str) -> None:
    wait = say("minutes", lang, n=4)
    text = say("handoff_queued", lang, position=2, wait=wait)
    assert "2" in text and "4 min" in text


def test_a_missing_placeholder_value_is_an_error_not_a_silent_gap() -> None:
    with pytest.raises(KeyError):
        say("waiting", "en")


def test_fallback_topics_are_the_kbs_tags_or_else_its_titles_quoted() -> None:
    from bot.engine import kb_topics
    from knowledge_base.articles import Article

    tagged = [Article(f"en-{i}", "en", f"Title {i}", ("q",), "a", tags=(tag,)) for i, tag in
              enumerate(["billing", "billing", "meter", "moving", "outage"])]
    assert kb_topics(tagged, "en")[:1] == ["billing"] and set(kb_topics(tagged, "en")) == {
        "billing", "meter", "moving", "outage"}
    # Tags are identifiers ("securite", "service_client"): listed as the articles write the word.
    french = [Article("fr-1", "fr", "Sécurité du compte", ("q",), "La Sécurité avant tout.", tags=("securite",)),
              Article("fr-2", "fr", "Contact", ("q",), "a", tags=("service_client",)),
              Article("fr-3", "fr", "Échanges", ("q",), "a", tags=("echange", "securite"))]
    assert kb_topics(french, "fr") == ["sécurité", "service client", "échange"]
    # A tag that is a word as it stands keeps its spelling ("commande", though "commandé" is more frequent).
    orders = [Article(f"fr-{i}", "fr", "Colis commandé", ("Ma commande ?",), "a", tags=("commande", f"t{i}"))
              for i in range(3)]
    assert kb_topics(orders, "fr")[0] == "commande"
    # A title is a question or a sentence ("I can smell gas, what should I do"): listed as a quote, never as a
    # topic the assistant would seem to speak of itself.
    untagged = [Article("fr-gaz", "fr", "Je sens une odeur de gaz, que faire ?", ("q",), "a"),
                Article("en-gas", "en", "I can smell gas, what should I do?", ("q",), "a")]
    assert kb_topics(untagged, "fr") == ["« Je sens une odeur de gaz, que faire »"]
    assert kb_topics(untagged, "en") == ["“I can smell gas, what should I do”"]


@pytest.mark.parametrize("text", [t for key, _, _, t in ALL_VARIANTS if key == "bot_challenge"])
def test_the_reply_to_are_you_a_bot_or_are_you_human_opens_with_no_yes_or_no(text: str) -> None:
    # "T'es un humain ?" - "Oui, je suis un programme" said yes to the wrong question.
    assert not re.match(r"(?:oui|non|yes|no)\b", text, re.IGNORECASE)


def test_fallback_topics_span_the_pages_and_leave_out_the_sensitive_cases() -> None:
    from bot.engine import kb_topics
    from knowledge_base.articles import Article

    pages = [Article("en-accident", "en", "Accident", ("q",), "a", tags=("accident", "claim", "injured"), handoff=True),
             Article("en-book", "en", "Booking", ("q",), "a", tags=("booking", "rate", "prepaid")),
             Article("en-change", "en", "Change", ("q",), "a", tags=("booking", "change", "dates")),
             Article("en-fuel", "en", "Fuel", ("q",), "a", tags=("fuel", "full-to-full")),
             Article("en-claim", "en", "Damage", ("q",), "a", tags=("damage", "claim"))]
    topics = kb_topics(pages, "en", limit=4)
    # "Injured" and "accident" are a sensitive page's; "claim" is also an ordinary page's.
    assert "injured" not in topics and "accident" not in topics
    # The most shared tag first, then one tag per page before any page gets a second one.
    assert topics == ["booking", "fuel", "damage", "rate"]
