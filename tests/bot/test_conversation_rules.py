"""The "never be Laura" rules end to end: real engine, real API, real SQLite (bike-rental test KB)."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

REPROACH = re.compile(r"pas (tr[eè]s )?poli|impoli|soyez|restez courtois|langage|be polite|rude|watch your",
                      re.IGNORECASE)


class Visitor:
    def __init__(self, client: httpx.AsyncClient, language: str) -> None:
        self.client = client
        self.language = language
        self.cid = ""
        self.headers: dict[str, str] = {}

    async def open(self) -> Visitor:
        body = (await self.client.post("/api/v1/conversations", json={"language": self.language})).json()
        self.cid = body["conversation_id"]
        self.headers = {"Authorization": f"Bearer {body['visitor_token']}"}
        return self

    async def say(self, text: str, payload: str | None = None) -> dict[str, Any]:
        resp = await self.client.post(f"/api/v1/conversations/{self.cid}/messages",
                                      json={"text": text, "payload": payload}, headers=self.headers)
        assert resp.status_code == 200, resp.text
        result: dict[str, Any] = resp.json()
        return result


def kinds(result: dict[str, Any]) -> list[str]:
    return [r["kind"] for r in result["replies"]]


def human_choices(result: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for r in result["replies"] for c in r.get("choices", []) if c.get("action") == "handoff"]


async def visitor(client: httpx.AsyncClient, language: str) -> Visitor:
    return await Visitor(client, language).open()


@pytest.mark.parametrize(("lang", "text", "article"), [
    ("fr", "c'est possible d'avoir un casque avec le vélo ?", "fr-casque"),
    ("en", "what range does the electric bike battery have", "en-battery"),
])
async def test_question_answered_in_the_visitors_language(client: httpx.AsyncClient, lang: str, text: str,
                                                          article: str) -> None:
    result = await (await visitor(client, lang)).say(text)
    answers = [r for r in result["replies"] if r["kind"] == "answer"]
    offered = {c.get("article_id") for r in result["replies"] if r["kind"] == "clarify" for c in r["choices"]}
    assert (answers and answers[0]["article_id"] == article) or article in offered


@pytest.mark.parametrize(("lang", "texts"), [
    ("fr", ["quelle est la recette du gâteau au yaourt", "et la hauteur de la tour Eiffel ?",
            "qui a écrit les Misérables"]),
    ("en", ["what is the tallest mountain in Peru", "how do I cook risotto", "who painted the Mona Lisa"]),
])
async def test_unanswerable_questions_never_loop_and_keep_a_person_offered(client: httpx.AsyncClient, lang: str,
                                                                       texts: list[str]) -> None:
    v = await visitor(client, lang)
    previous = None
    results = []
    for text in texts:
        result = await v.say(text)
        assert not [r for r in result["replies"] if r["kind"] == "answer"], "never invents an answer"
        joined = "\n".join(r["text"] for r in result["replies"])
        assert joined != previous
        assert not REPROACH.search(joined)
        previous = joined
        results.append(result)
    assert human_choices(results[0]), "the first fallback already offers a person"
    # Once the budget is spent, the person is offered first, each turn; a visitor still typing is never queued
    # unasked (the bot would go quiet).
    for result in results[1:]:
        assert result["state"] == "bot" and result["replies"][0]["kind"] == "handoff"
        assert [c["payload"] for c in human_choices(result)] == ["handoff:turn_limit"]


async def test_offer_of_a_person_after_an_unanswered_choice_brings_the_pages_the_follow_up_may_be_about(
        client: httpx.AsyncClient) -> None:
    v = await visitor(client, "fr")
    first = await v.say("je voudrais des infos sur le vélo électrique")
    assert kinds(first) == ["clarify"]
    # The visitor picks none of the pages and asks on; nothing is sure enough for a choice: the second failed turn
    # offers a person, and the pages the two messages may be about come with it, rather than a dead end.
    second = await v.say("et si je le ramène en retard ?")
    assert second["state"] == "bot" and human_choices(second)
    pages = [c["article_id"] for r in second["replies"] if r["kind"] == "clarify" for c in r["choices"]]
    assert "fr-location-velo" in pages


@pytest.mark.parametrize(("lang", "text"), [
    ("fr", "est-ce que quelqu'un de votre équipe peut me prendre en charge"),
    ("fr", "je veux un vrai humain au bout du fil"),
    ("en", "connect me with somebody from support please"),
    ("en", "I need a real human being, not a bot"),
])
async def test_explicit_request_for_a_person_starts_handoff_same_turn(client: httpx.AsyncClient, lang: str,
                                                                      text: str) -> None:
    v = await visitor(client, lang)
    result = await v.say(text)
    assert result["state"] == "queued"
    assert result["handoff"]["reason"] == "explicit_request"
    assert result["handoff"]["queue_position"] >= 1
    assert result["handoff"]["agents_available"] is False
    announce = " ".join(r["text"] for r in result["replies"])
    # no agent online: it says so and offers to leave a message instead of pretending
    assert re.search(r"disponible|available", announce) and re.search(r"message", announce)
    quiet = await v.say("allo ?" if lang == "fr" else "hello??")
    assert quiet["state"] == "queued"
    assert all(r["sender"] != "bot" or r["kind"] == "handoff" for r in quiet["replies"])
    again = await v.say("toujours là ?" if lang == "fr" else "still there?")
    assert again["replies"] == [], "the bot stays quiet while the visitor waits"


@pytest.mark.parametrize(("lang", "question", "asking"), [
    ("en", "what range does the electric bike battery have",
     "that's not it at all, mine dies after ten minutes. I want to speak to one of your staff please"),
    ("en", "how do I rent a bike", "I've tried that three times already, it's hopeless. get me a real person"),
    ("fr", "quelle autonomie pour un vélo électrique ?",
     "ça ne répond pas du tout, la mienne tient dix minutes. Passez-moi quelqu'un de votre équipe s'il vous plaît"),
    # Requests less sure on their own (0.76, 0.77 for a person), heard because the whole message reads annoyed.
    ("en", "how do I rent a bike",
     "I reset the lock five times and nothing happens, this is absurd. I need someone able to repair it"),
    ("fr", "comment louer un vélo ?",
     "ça fait trois fois que le cadenas bloque, c'est insupportable. Trouvez-moi quelqu'un qui sache régler ça"),
])
async def test_a_request_for_a_person_at_the_end_of_a_longer_message_starts_the_transfer(
        client: httpx.AsyncClient, lang: str, question: str, asking: str) -> None:
    # Read whole, the complaint hides the request (frustration, a question); its last sentence surely asks for a person.
    v = await visitor(client, lang)
    await v.say(question)
    result = await v.say(asking)
    assert result["state"] == "queued"
    assert result["handoff"]["reason"] == "explicit_request"


@pytest.mark.parametrize(("lang", "text", "article"), [
    ("en", "can I rent a bike for my son? I want someone from the family to ride with us", "en-rent-bike"),
    ("fr", "je peux louer un vélo pour mon fils ? j'aimerais que quelqu'un de la famille roule avec nous",
     "fr-location-velo"),
])
async def test_a_question_naming_someone_else_in_the_visitors_plans_is_answered_not_transferred(
        client: httpx.AsyncClient, lang: str, text: str, article: str) -> None:
    v = await visitor(client, lang)
    result = await v.say(text)
    assert result["state"] == "bot"
    assert [(r["kind"], r.get("article_id")) for r in result["replies"]] == [("answer", article)]


@pytest.mark.parametrize(("lang", "insults"), [
    ("fr", ["t'es complètement inutile comme robot", "service de nullards, ça me gonfle"]),
    ("en", ["you are a useless piece of junk", "this is a joke, your service is pathetic"]),
])
async def test_insults_get_an_apology_and_a_person_never_a_reproach(client: httpx.AsyncClient, lang: str,
                                                                    insults: list[str]) -> None:
    v = await visitor(client, lang)
    first = await v.say(insults[0])
    assert not REPROACH.search(" ".join(r["text"] for r in first["replies"]))
    assert human_choices(first) or first["state"] == "queued"
    second = await v.say(insults[1])
    assert not REPROACH.search(" ".join(r["text"] for r in second["replies"]))
    assert second["state"] == "queued"
    assert second["handoff"]["reason"] == "frustration"


@pytest.mark.parametrize(("lang", "text"), [("fr", "allô ? il y a quelqu'un ?"), ("en", "hello, is anybody there?")])
async def test_asking_whether_anyone_is_there_gets_the_assistant_with_a_person_one_tap_away(
        client: httpx.AsyncClient, lang: str, text: str) -> None:
    v = await visitor(client, lang)
    result = await v.say(text)
    assert kinds(result) == ["smalltalk"] and result["state"] == "bot"
    (choice,) = human_choices(result)
    chosen = await v.say(choice["label"], choice["payload"])
    assert chosen["state"] == "queued"
    assert chosen["handoff"]["reason"] == "explicit_request"


async def test_sensitive_article_answered_with_a_person_offered_and_chosen(client: httpx.AsyncClient) -> None:
    v = await visitor(client, "fr")
    result = await v.say("mon vélo de location a été volé devant la gare, je fais quoi ?")
    answers = [r for r in result["replies"] if r["kind"] == "answer"]
    assert answers and answers[0]["article_id"] == "fr-vol-velo"
    (choice,) = human_choices(result)
    chosen = await v.say(choice["label"], choice["payload"])
    assert chosen["state"] == "queued"
    assert chosen["handoff"]["reason"] == "sensitive_topic"


async def test_choosing_an_article_in_a_clarification_answers_it(client: httpx.AsyncClient) -> None:
    v = await visitor(client, "en")
    result = await v.say("Helmet", "article:en-helmet")
    assert kinds(result) == ["answer"]
    assert result["replies"][0]["article_id"] == "en-helmet"


async def test_greeting_and_thanks_are_small_talk(client: httpx.AsyncClient) -> None:
    v = await visitor(client, "fr")
    assert kinds(await v.say("bonsoir !")) == ["smalltalk"]
    assert kinds(await v.say("es-tu une intelligence artificielle ?")) == ["smalltalk"]
    assert kinds(await v.say("super, merci infiniment")) == ["smalltalk"]


@pytest.mark.parametrize(("lang", "fillers"), [("fr", ["?", "...", "euh", "hm"]), ("en", ["??", "hmm", "...", "um"])])
async def test_messages_that_say_nothing_are_never_taken_for_a_yes_or_anger(
        client: httpx.AsyncClient, lang: str, fillers: list[str]) -> None:
    v = await visitor(client, lang)
    for text in fillers:
        result = await v.say(text)
        assert result["state"] == "bot" and result["handoff"] is None
        assert kinds(result) == ["fallback"] and human_choices(result)
        assert not re.search(r"agacement|désagrément|frustration|sorry about this", result["replies"][0]["text"])
    # The person offered is still one "yes" away.
    yes = await v.say("oui" if lang == "fr" else "yes")
    assert yes["state"] == "queued" and yes["handoff"]["reason"] == "turn_limit"


@pytest.mark.parametrize(("lang", "question", "done"), [
    ("fr", "c'est possible d'avoir un casque avec le vélo ?", "non merci c'est tout"),
    ("en", "can I get a helmet with the bike?", "no thanks, that's all"),
])
async def test_no_thanks_after_an_answer_is_an_ending(client: httpx.AsyncClient, lang: str, question: str,
                                                      done: str) -> None:
    v = await visitor(client, lang)
    assert kinds(await v.say(question)) == ["answer"]
    result = await v.say(done)
    assert kinds(result) == ["smalltalk"] and result["state"] == "bot"
    assert [c for r in result["replies"] for c in r.get("choices", []) if c.get("action") == "close"]


async def test_visitor_switching_language_is_answered_in_the_new_one(client: httpx.AsyncClient) -> None:
    v = await visitor(client, "fr")
    result = await v.say("sorry, I don't speak French. How can I book a bike for Sunday?")
    answers = [r for r in result["replies"] if r["kind"] in ("answer", "clarify")]
    assert answers
    if answers[0]["kind"] == "answer":
        assert answers[0]["article_id"] == "en-rent-bike"
    else:
        assert any(c.get("article_id") == "en-rent-bike" for c in answers[0]["choices"])


@pytest.mark.parametrize(("lang", "thanks", "done"), [
    ("fr", "parfait, merci beaucoup", "non, ce sera tout, au revoir"),
    ("en", "great, thanks a lot", "no that's all, bye"),
])
async def test_a_confirmed_goodbye_gets_a_farewell_and_the_conversation_stays_open(
        client: httpx.AsyncClient, lang: str, thanks: str, done: str) -> None:
    v = await visitor(client, lang)
    first = await v.say(thanks)
    assert first["state"] == "bot"
    assert [c for r in first["replies"] for c in r.get("choices", []) if c.get("action") == "close"]
    farewell = await v.say(done)
    assert farewell["state"] == "bot" and farewell["handoff"] is None and kinds(farewell) == ["smalltalk"]
    assert [c for r in farewell["replies"] for c in r.get("choices", []) if c.get("action") == "close"]
    # Coming back with another question still works: typing never ends the conversation.
    more = {"fr": "encore une chose : comment louer un vélo ?", "en": "one more thing: how do I rent a bike?"}
    later = await v.say(more[lang])
    assert later["state"] == "bot" and kinds(later)[0] in ("answer", "clarify")


async def test_the_end_choice_closes_the_conversation(client: httpx.AsyncClient) -> None:
    v = await visitor(client, "en")
    first = await v.say("bye!")
    (end,) = [c for r in first["replies"] for c in r.get("choices", []) if c.get("action") == "close"]
    closed = await v.say(end["label"], end["payload"])
    assert closed["state"] == "closed"
    history = await v.client.get(f"/api/v1/conversations/{v.cid}/messages", headers=v.headers)
    assert history.json()["messages"][-1]["text"] == closed["replies"][-1]["text"]
    later = await v.client.post(f"/api/v1/conversations/{v.cid}/messages", json={"text": "one more thing"},
                                headers=v.headers)
    assert later.status_code == 409


@pytest.mark.parametrize(("lang", "question", "follow_up", "article"), [
    ("fr", "quelle autonomie pour un vélo électrique ?", "et si je roule en montagne, ça baisse beaucoup ?",
     "fr-batterie"),
    ("en", "how far does an electric bike go?", "and if I ride in the mountains, does that drop a lot?",
     "en-battery"),
    # No intent is sure of this one ("je ne peux pas" reads a little like a "no"): its question mark makes it one.
    ("fr", "quelle autonomie pour un vélo électrique ?", "et si je ne peux pas la brancher chez moi ?", "fr-batterie"),
    # A little annoyance (0.26) does not keep a question from following the last one.
    ("fr", "quelle autonomie pour un vélo électrique ?", "et s'il fait 10 kilos de plus avec mes sacoches ?",
     "fr-batterie"),
])
async def test_a_vague_follow_up_is_read_with_the_question_it_follows(
        client: httpx.AsyncClient, lang: str, question: str, follow_up: str, article: str) -> None:
    v = await visitor(client, lang)
    first = await v.say(question)
    assert [r.get("article_id") for r in first["replies"] if r["kind"] == "answer"] == [article]
    then = await v.say(follow_up)
    assert [r.get("article_id") for r in then["replies"] if r["kind"] == "answer"] == [article]
    # Opening a conversation, the same words are about nothing in particular.
    alone = await (await visitor(client, lang)).say(follow_up)
    assert not [r for r in alone["replies"] if r["kind"] == "answer"]
    # Annoyance or thanks after an answer are not follow-ups: the page is not given again.
    for text in {"fr": ("j'ai déjà fait ça, ça ne change rien, j'en ai marre", "merci beaucoup, bonne journée"),
                 "en": ("I already did that, it changes nothing, I'm fed up", "thanks a lot, bye")}[lang]:
        reply = await v.say(text)
        assert not [r for r in reply["replies"] if r["kind"] == "answer"], text


@pytest.mark.parametrize(("lang", "question", "new_question", "article"), [
    ("fr", "quelle autonomie pour un vélo électrique ?", "et si on me le vole pendant la location ?", "fr-vol-velo"),
    ("en", "how far does an electric bike go?", "and what if it gets stolen while I rent it?", "en-stolen-bike"),
])
async def test_a_new_question_after_an_answer_is_not_read_as_about_the_last_page(
        client: httpx.AsyncClient, lang: str, question: str, new_question: str, article: str) -> None:
    # A new question sure on its own is answered on its own (the follow-up reading is not even tried).
    v = await visitor(client, lang)
    await v.say(question)
    result = await v.say(new_question)
    answered = [r.get("article_id") for r in result["replies"] if r["kind"] == "answer"]
    offered = [c.get("article_id") for r in result["replies"] if r["kind"] == "clarify" for c in r["choices"]]
    assert answered == [article] or (not answered and article in offered)


async def test_an_unsure_new_question_naming_another_pages_topic_is_not_read_with_the_last_one(
        client: httpx.AsyncClient) -> None:
    # Read with the battery question, "and renting one?" finds the battery page again, surely; on its own it finds the
    # rental page, unsure. It names what the rental page speaks of and the battery page does not: its own reading.
    v = await visitor(client, "en")
    first = await v.say("what range does the electric bike battery have")
    assert [r.get("article_id") for r in first["replies"] if r["kind"] == "answer"] == ["en-battery"]
    result = await v.say("and renting one?")
    answered = [r.get("article_id") for r in result["replies"] if r["kind"] == "answer"]
    offered = [c.get("article_id") for r in result["replies"] if r["kind"] == "clarify" for c in r["choices"]]
    assert "en-battery" not in answered
    assert answered == ["en-rent-bike"] or (not answered and "en-rent-bike" in offered)


async def test_asking_for_the_other_language_after_a_choice_of_pages_gives_the_first_one_in_it(
        client: httpx.AsyncClient) -> None:
    v = await visitor(client, "fr")
    first = await v.say("je voudrais des infos sur le vélo électrique")
    offered = [c.get("article_id") for r in first["replies"] if r["kind"] == "clarify" for c in r["choices"]]
    assert offered[:1] == ["fr-batterie"]
    result = await v.say("sorry, my French isn't great. Could you explain that in English?")
    assert [(r["kind"], r.get("article_id")) for r in result["replies"]][:1] == [("answer", "en-battery")]
    assert result["state"] == "bot"


@pytest.mark.parametrize("request_text", [
    "sorry, my French isn't great. Could you explain in English?",
    "vous pouvez me répondre en anglais ?",
])
async def test_asking_for_the_other_language_after_an_answer_gives_that_page_in_it(
        client: httpx.AsyncClient, request_text: str) -> None:
    v = await visitor(client, "fr")
    first = await v.say("quelle autonomie pour un vélo électrique ?")
    assert [r.get("article_id") for r in first["replies"] if r["kind"] == "answer"] == ["fr-batterie"]
    again = await v.say(request_text)
    assert [r.get("article_id") for r in again["replies"] if r["kind"] == "answer"] == ["en-battery"]
    assert again["state"] == "bot" and again["handoff"] is None  # a language, not a person, was asked for


async def test_a_fallback_after_a_change_of_language_lists_the_topics_of_the_new_one(
        client: httpx.AsyncClient) -> None:
    v = await visitor(client, "fr")
    await v.say("quelle autonomie pour un vélo électrique ?")
    result = await v.say("sorry, what is the weather like in Paris today?")
    fallback = [r for r in result["replies"] if r["kind"] == "fallback"]
    assert fallback and "electric" in fallback[0]["text"] and "electrique" not in fallback[0]["text"]
