"""The conversation engine in a process of its own, beside the web process.

Python runs one thread at a time in a process. In one process, the engine's turns (encoding, retrieval,
spaCy) and the web server's work (HTTP, JSON, database) queue for the same interpreter lock, and the second
core stays mostly idle. Here the child process loads the models and indexes, follows the published knowledge
base itself, and answers batches of turns over a pipe; the web process stays light (no models) and
supervises it: a child that dies is replaced, and visitors meanwhile get a clear "try again" error.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
import signal
import threading
from collections import deque
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from bot.messages import Turn, VisitorMessage
from bot.state import DialogueState
from relais.errors import EngineUnavailable
from relais.settings import Settings

log = logging.getLogger(__name__)
READY_POLL_SECONDS = 0.2
STOP_SECONDS = 5.0


@dataclass(frozen=True)
class TurnFailed:
    """A turn that raised in the engine process, carried back as text (any exception may not pickle)."""

    error: str


class EngineProcess:
    """The parent's handle on the engine process; an `Engine` whose `turns` blocks its (worker) thread.

    Batches go down one pipe and come back in order; a reader thread hands each answer to its caller.
    Two batches in flight keep the child busy while the web process turns an answer into a response."""

    name = "native"
    in_flight = 2

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._context = multiprocessing.get_context("spawn")  # a clean interpreter: no inherited threads
        self._process: BaseProcess | None = None
        self._conn: Connection | None = None
        self._lock = threading.Lock()  # sends, and the queue of callers waiting for their answers
        self._waiting: deque[Future[list[Turn | TurnFailed]]] = deque()
        self.starts = 0

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    async def start(self) -> None:
        """Starts a child and returns once its models and indexes are loaded; EngineUnavailable if it fails."""
        parent_conn, child_conn = self._context.Pipe()
        process = self._context.Process(target=child_main, args=(self.settings.model_dump(), child_conn),
                                        name="relais-engine", daemon=True)
        process.start()
        child_conn.close()
        try:
            await asyncio.to_thread(_wait_ready, parent_conn, process)
        except BaseException:
            parent_conn.close()
            _stop(process, None)
            raise
        waiting: deque[Future[list[Turn | TurnFailed]]] = deque()
        with self._lock:
            self._process, self._conn, self._waiting = process, parent_conn, waiting
        threading.Thread(target=self._read, args=(parent_conn, waiting), name="relais-engine-reader",
                         daemon=True).start()
        self.starts += 1
        log.info("engine process %s ready", process.pid)

    def _read(self, conn: Connection, waiting: deque[Future[list[Turn | TurnFailed]]]) -> None:
        while True:
            try:
                _, results = conn.recv()
            except (EOFError, OSError):
                break
            with self._lock:
                future = waiting.popleft()
            future.set_result(results)
        with self._lock:
            if self._conn is conn:
                self._conn = None
            lost = list(waiting)
            waiting.clear()
        conn.close()
        for future in lost:
            future.set_exception(EngineUnavailable("the conversation engine is restarting; try again in a moment"))

    async def wait_exit(self) -> int | None:
        """Returns the exit code once the current child has exited."""
        process = self._process
        if process is None:
            return None
        await asyncio.to_thread(process.join)
        return process.exitcode

    def turns(self, batch: Sequence[tuple[DialogueState, VisitorMessage]]) -> list[Turn | Exception]:
        future: Future[list[Turn | TurnFailed]] = Future()
        with self._lock:
            if self._conn is None:
                raise EngineUnavailable("the conversation engine is starting; try again in a moment")
            self._waiting.append(future)  # before sending: the answer may come back at once
            try:
                self._conn.send(("turns", list(batch)))
            except OSError as exc:
                self._waiting.pop()
                raise EngineUnavailable("the conversation engine is restarting; try again in a moment") from exc
        results = future.result()
        if len(results) != len(batch):
            raise EngineUnavailable("the engine process answered another number of turns than it was sent")
        return [RuntimeError(r.error) if isinstance(r, TurnFailed) else r for r in results]

    def turn(self, state: DialogueState, message: VisitorMessage) -> Turn:
        result = self.turns([(state, message)])[0]
        if isinstance(result, Exception):
            raise result
        return result

    def stop(self) -> None:
        with self._lock:
            process, conn = self._process, self._conn
            self._process = self._conn = None
        if process is not None:
            _stop(process, conn)


def _wait_ready(conn: Connection, process: BaseProcess) -> None:
    while not conn.poll(READY_POLL_SECONDS):
        if not process.is_alive():
            raise EngineUnavailable(f"the engine process exited while loading (exit code {process.exitcode})")
    try:
        kind, detail = conn.recv()
    except EOFError as exc:
        raise EngineUnavailable("the engine process exited while loading") from exc
    if kind != "ready":
        raise EngineUnavailable(f"the engine could not load: {detail}")


def _stop(process: BaseProcess, conn: Connection | None) -> None:
    if conn is not None:
        with contextlib.suppress(OSError):
            conn.send(("stop", None))
        conn.close()
    process.join(STOP_SECONDS)
    if process.is_alive():
        process.terminate()
        process.join(STOP_SECONDS)
    if process.is_alive():
        process.kill()
        process.join()


# ---------------------------------------------------------------------- the child
def child_main(settings_data: dict[str, Any], conn: Connection) -> None:
    """Entry point of the engine process."""
    # One thread per native library: their thread pools spin between the small calls of a turn and would take
    # the web process's core (measured: engine CPU per turn 14 ms with the defaults, against 5 ms).
    for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(variable, "1")
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the parent stops us in order
    settings = Settings(**settings_data)
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s [engine] %(name)s: %(message)s")
    for package in ("relais", "bot", "knowledge_base"):  # libraries' chatter (faiss, alembic) stays out
        logging.getLogger(package).setLevel(min(logging.INFO, logging.getLevelName(settings.log_level.upper())))
    from knowledge_base.embedding import onnx_export_ready

    if settings.onnx and onnx_export_ready(settings.embedding_model, settings.encoder_cache):
        from relais.torchless import keep_torch_out

        keep_torch_out()
    asyncio.run(_serve(settings, conn))


async def _serve(settings: Settings, conn: Connection) -> None:
    from relais.native import load_native, watch_kb
    from relais.storage import Database

    db = Database(settings.resolved_database_url)
    watch: asyncio.Task[None] | None = None
    try:
        try:
            native = await load_native(settings, db)
        except Exception as exc:
            log.exception("the engine could not load")
            conn.send(("failed", f"{type(exc).__name__}: {exc}"))
            return
        conn.send(("ready", None))
        watch = asyncio.create_task(watch_kb(native.searcher, db))
        loop = asyncio.get_running_loop()

        def one_round() -> bool:
            """Receives one request and answers it; false when the parent asks to stop or is gone."""
            try:
                kind, batch = conn.recv()
            except (EOFError, OSError):
                return False
            if kind != "turns":
                return False
            results = native.engine.turns(batch)
            conn.send(("turns", [TurnFailed(f"{type(r).__name__}: {r}") if isinstance(r, Exception) else r
                                 for r in results]))
            return True

        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="relais-turn") as pool:
            while await loop.run_in_executor(pool, one_round):
                pass
    finally:
        if watch is not None:
            watch.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watch
        await db.close()
        conn.close()
