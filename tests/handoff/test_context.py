"""handoff.context.context_packet (what the agent sees) and handoff.queue.estimate (what the visitor is told)."""

from __future__ import annotations

import json
from itertools import pairwise

import pytest

from bot.state import DialogueState
from handoff.context import REASON_LABELS, context_packet
from handoff.queue import estimate

PAGE = {"url": "https://shop.example/checkout", "title": "Paiement", "customer_id": "42"}


def conversation() -> DialogueState:
    state = DialogueState(
        language="fr",
        unanswered=("ma carte est refusée", "paiement en trois fois ?"),
    )
    state = state.noting("question", 0.41).noting("frustration", 0.87)
    return state.showing("paiement-carte").showing("paiement-plusieurs-fois")


# ------------------------------------------------------------------ context packet
def test_packet_carries_the_reason_and_its_readable_label_in_the_summary() -> None:
    packet = context_packet("frustration", conversation(), PAGE)
    assert packet["reason"] == "frustration"
    assert packet["summary"].startswith(REASON_LABELS["frustration"])


def test_summary_names_the_unanswered_questions_and_the_articles_shown() -> None:
    summary = context_packet("low_confidence", conversation(), PAGE)["summary"]
    assert "ma carte est refusée" in summary
    assert "paiement en trois fois ?" in summary
    assert "paiement-carte" in summary and "paiement-plusieurs-fois" in summary


def test_summary_keeps_only_the_last_three_unanswered_questions() -> None:
    state = DialogueState(language="en", unanswered=("q1", "q2", "q3", "q4"))
    summary = context_packet("turn_limit", state, {})["summary"]
    assert "q1" not in summary
    assert all(q in summary for q in ("q2", "q3", "q4"))


def test_packet_lists_recent_intents_with_their_confidence() -> None:
    packet = context_packet("frustration", conversation(), PAGE)
    assert packet["intents"] == [{"intent": "question", "confidence": 0.41},
                                 {"intent": "frustration", "confidence": 0.87}]


def test_packet_lists_every_article_tried_in_order() -> None:
    packet = context_packet("low_confidence", conversation(), PAGE)
    assert packet["articles_tried"] == ["paiement-carte", "paiement-plusieurs-fois"]


def test_packet_carries_the_page_context_and_the_language() -> None:
    packet = context_packet("explicit_request", conversation(), PAGE)
    assert packet["context"] == PAGE
    assert packet["language"] == "fr"


def test_a_fresh_conversation_gives_a_summary_with_only_the_reason() -> None:
    packet = context_packet("explicit_request", DialogueState(language="en"), {})
    assert packet["summary"] == "the visitor asked for a person"
    assert packet["intents"] == [] and packet["articles_tried"] == []
    assert packet["context"] == {}


def test_an_unknown_reason_is_shown_as_is() -> None:
    assert context_packet("vip_customer", DialogueState(language="fr"), {})["summary"] == "vip_customer"


@pytest.mark.parametrize("reason", sorted(REASON_LABELS))
def test_packet_is_json_serialisable_for_storage(reason: str) -> None:
    packet = context_packet(reason, conversation(), PAGE)
    assert json.loads(json.dumps(packet)) == packet


# ------------------------------------------------------------------ queue estimate
def wait(position: int, agents: int) -> int:
    seconds = estimate(position, agents).estimated_wait_seconds
    assert seconds is not None, f"no estimate for position {position} with {agents} agent(s)"
    return seconds


@pytest.mark.parametrize("agents", [0, -1])
def test_without_agents_there_is_no_estimate(agents: int) -> None:
    status = estimate(3, agents)
    assert status.agents_available is False
    assert status.estimated_wait_seconds is None
    assert status.position == 3


def test_with_an_agent_the_estimate_is_positive() -> None:
    assert estimate(1, 1).agents_available is True
    assert wait(1, 1) > 0


def test_the_estimate_grows_with_the_position() -> None:
    waits = [wait(position, 2) for position in range(1, 8)]
    assert all(earlier < later for earlier, later in pairwise(waits)), waits


def test_more_agents_never_lengthen_the_wait() -> None:
    assert wait(6, 3) < wait(6, 1)


def test_the_estimate_is_never_below_half_a_minute() -> None:
    assert wait(1, 50) >= 30


def test_queue_status_serialises_for_the_visitor() -> None:
    assert estimate(2, 0).to_dict() == {"queue_position": 2, "estimated_wait_seconds": None,
                                        "agents_available": False}
    data = estimate(2, 1).to_dict()
    assert data["queue_position"] == 2 and data["agents_available"] is True
