"""relais.bus.InProcessBus: per-topic fan-out in order, clean unsubscribe, oldest events dropped when full."""

from __future__ import annotations

import asyncio
import logging

import pytest

from relais.bus import QUEUE_LIMIT, InProcessBus, conversation_topic
from relais.events import Event, KnowledgeBaseChanged, MessageAdded, StateChanged

TOPIC = conversation_topic("c1")
OTHER = conversation_topic("c2")


def message(n: int, conversation: str = "c1") -> MessageAdded:
    return MessageAdded(conversation, {"n": n})


def drain(queue: asyncio.Queue[Event]) -> list[Event]:
    out = []
    while not queue.empty():
        out.append(queue.get_nowait())
    return out


def test_conversation_topics_are_distinct_per_conversation() -> None:
    assert conversation_topic("c1") == "conversation:c1"
    assert conversation_topic("c1") != conversation_topic("c2")


async def test_subscriber_receives_its_topic_events_in_order() -> None:
    bus = InProcessBus()
    events: list[Event] = [message(1), StateChanged("c1", "queued", {"position": 1}), message(2)]
    async with bus.subscribe(TOPIC) as queue:
        for event in events:
            await bus.publish(TOPIC, event)
        assert drain(queue) == events


async def test_subscriber_does_not_receive_other_topics_events() -> None:
    bus = InProcessBus()
    async with bus.subscribe(TOPIC) as mine, bus.subscribe(OTHER) as theirs:
        await bus.publish(OTHER, message(1, "c2"))
        await bus.publish("kb", KnowledgeBaseChanged(3))
        await bus.publish(TOPIC, message(2))
        assert drain(mine) == [message(2)]
        assert drain(theirs) == [message(1, "c2")]


async def test_every_subscriber_of_a_topic_gets_every_event() -> None:
    bus = InProcessBus()
    async with bus.subscribe(TOPIC) as agent, bus.subscribe(TOPIC) as visitor:
        await bus.publish(TOPIC, message(1))
        await bus.publish(TOPIC, message(2))
        assert drain(agent) == drain(visitor) == [message(1), message(2)]


async def test_publishing_without_subscribers_is_harmless() -> None:
    bus = InProcessBus()
    await bus.publish(TOPIC, message(1))
    async with bus.subscribe(TOPIC) as queue:
        assert queue.empty()  # nothing is kept for later subscribers


async def test_nothing_is_delivered_after_leaving_the_subscription() -> None:
    bus = InProcessBus()
    async with bus.subscribe(TOPIC) as queue:
        await bus.publish(TOPIC, message(1))
    await bus.publish(TOPIC, message(2))
    assert drain(queue) == [message(1)]


async def test_leaving_the_last_subscription_cleans_up_the_topic() -> None:
    bus = InProcessBus()
    async with bus.subscribe(TOPIC), bus.subscribe(TOPIC):
        pass
    assert TOPIC not in bus._subscribers


async def test_one_subscriber_leaving_keeps_the_others_subscribed() -> None:
    bus = InProcessBus()
    async with bus.subscribe(TOPIC) as staying:
        async with bus.subscribe(TOPIC) as leaving:
            pass
        await bus.publish(TOPIC, message(1))
        assert drain(staying) == [message(1)]
        assert drain(leaving) == []


async def test_subscription_is_removed_even_when_the_subscriber_fails() -> None:
    bus = InProcessBus()
    with pytest.raises(RuntimeError):
        async with bus.subscribe(TOPIC) as queue:
            raise RuntimeError("websocket closed")
    await bus.publish(TOPIC, message(1))
    assert queue.empty()
    assert TOPIC not in bus._subscribers


async def test_a_full_queue_drops_the_oldest_event(caplog: pytest.LogCaptureFixture) -> None:
    bus = InProcessBus()
    async with bus.subscribe(TOPIC) as slow, bus.subscribe(TOPIC) as fast:
        with caplog.at_level(logging.WARNING, logger="relais.bus"):
            for n in range(QUEUE_LIMIT + 2):
                await bus.publish(TOPIC, message(n))
                if n % 100 == 0:
                    drain(fast)
        received = drain(slow)
        assert len(received) == QUEUE_LIMIT
        assert received[0] == message(2)
        assert received[-1] == message(QUEUE_LIMIT + 1)
        assert received == [message(n) for n in range(2, QUEUE_LIMIT + 2)]
        assert drain(fast)[-1] == message(QUEUE_LIMIT + 1)
    assert sum("dropped its oldest event" in r.getMessage() for r in caplog.records) == 2
