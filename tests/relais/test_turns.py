"""Engine turns run on one worker; turns that arrive together are batched, each gets its own result."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Sequence
from pathlib import Path

import pytest

from bot.messages import Reply, Turn, VisitorMessage
from bot.state import DialogueState
from relais.turns import TurnRunner
from tests.conftest import started_runtime


class RecordingEngine:
    """Answers each message with its own text; the first batch waits until released."""

    name = "recording"

    def __init__(self) -> None:
        self.batches: list[list[str]] = []
        self.entered = threading.Event()
        self.release = threading.Event()

    def turn(self, state: DialogueState, message: VisitorMessage) -> Turn:
        if message.text == "boom":
            raise RuntimeError("this turn fails")
        return Turn((Reply("smalltalk", f"echo {message.text}"),), state)

    def turns(self, batch: Sequence[tuple[DialogueState, VisitorMessage]]) -> list[Turn | Exception]:
        self.entered.set()
        self.release.wait(10)
        self.batches.append([m.text for _, m in batch])
        out: list[Turn | Exception] = []
        for state, message in batch:
            try:
                out.append(self.turn(state, message))
            except Exception as exc:
                out.append(exc)
        return out


async def test_turns_waiting_for_the_worker_run_together_and_each_gets_its_own_reply() -> None:
    engine = RecordingEngine()
    runner = TurnRunner(engine, max_batch=3)
    state = DialogueState(language="en")
    first = asyncio.create_task(runner.turn(state, VisitorMessage("one")))
    assert await asyncio.to_thread(engine.entered.wait, 10)  # the worker is busy with the first turn
    later = [asyncio.create_task(runner.turn(state, VisitorMessage(t))) for t in ("two", "boom", "three", "four")]
    await asyncio.sleep(0)
    engine.release.set()
    assert (await first).replies[0].text == "echo one"
    results = await asyncio.gather(*later, return_exceptions=True)
    assert [r.replies[0].text if isinstance(r, Turn) else str(r) for r in results] == [
        "echo two", "this turn fails", "echo three", "echo four"]
    assert engine.batches == [["one"], ["two", "boom", "three"], ["four"]]
    runner.close()


async def test_a_closed_runner_fails_the_turn_instead_of_hanging() -> None:
    engine = RecordingEngine()
    engine.release.set()
    runner = TurnRunner(engine)
    runner.close()
    with pytest.raises(RuntimeError):
        await runner.turn(DialogueState(language="fr"), VisitorMessage("bonjour"))


class TwoAtOnceEngine(RecordingEngine):
    """An engine in another process: takes two batches at once (`in_flight`)."""

    in_flight = 2

    def __init__(self) -> None:
        super().__init__()
        self.inside = 0
        self.most_inside = 0
        self.lock = threading.Lock()

    def turns(self, batch: Sequence[tuple[DialogueState, VisitorMessage]]) -> list[Turn | Exception]:
        with self.lock:
            self.inside += 1
            self.most_inside = max(self.most_inside, self.inside)
            if self.inside == 2:
                self.release.set()  # both batches are in: let them finish
        try:
            return super().turns(batch)
        finally:
            with self.lock:
                self.inside -= 1


async def test_an_engine_taking_two_batches_gets_the_next_one_while_the_first_runs() -> None:
    engine = TwoAtOnceEngine()
    runner = TurnRunner(engine, max_batch=2)
    state = DialogueState(language="en")
    first = asyncio.create_task(runner.turn(state, VisitorMessage("one")))
    assert await asyncio.to_thread(engine.entered.wait, 10)
    later = [asyncio.create_task(runner.turn(state, VisitorMessage(t))) for t in ("two", "three")]
    results = await asyncio.gather(first, *later)
    assert [r.replies[0].text for r in results] == ["echo one", "echo two", "echo three"]
    assert engine.most_inside == 2
    runner.close()


async def test_the_native_engine_answers_a_batch_as_it_answers_each_turn_alone(tmp_path: Path) -> None:
    """Messages batched for one encoding (and their languages read once) get the turns they get one by one."""
    runtime = await started_runtime(tmp_path)
    try:
        engine = runtime.engine
        assert engine is not None
        batch = [
            (DialogueState(language="fr"), VisitorMessage("c'est possible d'avoir un casque avec le vélo ?")),
            (DialogueState(language="fr"), VisitorMessage("what range does the electric bike battery have")),
            (DialogueState(language="en"), VisitorMessage("can you answer in French please? le casque est fourni ?")),
            (DialogueState(language="en"), VisitorMessage("what range does the electric bike battery have")),
            (DialogueState(language="fr"), VisitorMessage("", payload="handoff")),
        ]
        together = engine.turns(batch)
        alone = [engine.turn(state, message) for state, message in batch]
        for joint, single in zip(together, alone, strict=True):
            assert isinstance(joint, Turn)
            assert joint.state.language == single.state.language
            assert [(r.kind, r.article_id, r.text) for r in joint.replies] == \
                [(r.kind, r.article_id, r.text) for r in single.replies]
        assert isinstance(together[1], Turn) and together[1].state.language == "en"
        assert any(r.article_id == "en-battery" for r in together[1].replies)
    finally:
        await runtime.stop()
