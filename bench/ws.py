"""Visitor WebSocket benchmark: server memory per idle connection and ack latency, against a real server.

    .venv/bin/python bench/ws.py [--idle 5000] [--messages 1000] [--articles 200] [--seed 0] [--keep]

Generates a synthetic KB (bench/kbgen.py), imports it with `relais kb import` into a temporary data dir, starts
`relais serve --no-demo` on a free 127.0.0.1 port in its own process group (helpers of bench/turns.py), then:

1. idle connections: raises this process's RLIMIT_NOFILE soft limit to the hard limit (before the server starts,
   so the server inherits it), opens a few warm-up sockets and closes them, reads the server's VmRSS, opens
   `--idle` visitor sockets in batches of 200 (each one `hello` -> `welcome`, so each one is a new conversation),
   holds them, reads VmRSS again and closes them. A task per socket answers the server's `ping` frames with
   `pong`, so a long opening phase does not get the first sockets closed for idleness (120 s).
   kb_per_conn = (rss_after - rss_before) / idle_conns, in KB; VmRSS is summed over the server's process tree.
   The client offers permessage-deflate, as browsers do.
2. ack latency: on one socket (a new one only if the conversation is handed off to the agents' queue, where the
   bot stays quiet), sends `--messages` messages one after the other (a new client_id each, texts cycling through
   English KB questions and chit-chat), times each from send to its `ack` frame, then reads that turn's reply
   frames (until the bot's message arrives or 2 s pass) before the next one. The first 5 turns are warm-up.

Only 127.0.0.1 is used; the measuring phases stop after 15 minutes in all. Run it on a quiet machine; the last
line is machine-readable: `bench-ws: idle_conns=… kb_per_conn=… ack_p50_ms=… ack_p99_ms=…`
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import resource
import subprocess
import sys
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, WebSocketException
from websockets.protocol import State

sys.path.insert(0, str(Path(__file__).resolve().parent))
from kbgen import generate, write_yaml
from turns import (
    CHITCHAT,
    HOST,
    RELAIS,
    clean_env,
    free_port,
    kb_import,
    percentile,
    proc_status_kb,
    process_tree,
    stop,
    tail,
    wait_ready,
    work_dir,
)

OVERALL_LIMIT_S = 900.0  # both measuring phases together
IDLE_BATCH = 200
WARMUP_CONNS = 20
WARMUP_TURNS = 5
OPEN_TIMEOUT_S = 30.0  # handshake, and hello -> welcome, of one socket
CLOSE_TIMEOUT_S = 5.0
ACK_TIMEOUT_S = 30.0
REPLY_WAIT_S = 2.0
DRAIN_S = 0.05  # after the bot's first reply: the rest of the turn's burst (more replies, a state frame)
SETTLE_S = 2.0
MAX_FRAMES = 200  # frames read while waiting for one thing (welcome, ack, replies)
MAX_KEEPER_FRAMES = 10_000
FD_MARGIN = 256  # descriptors kept for the HTTP client, logs, the ack socket
LANGUAGE = "en"
KB_QUESTIONS = 4


class Deadline:
    def __init__(self, seconds: float) -> None:
        self.at = time.monotonic() + seconds

    def left(self) -> float:
        return max(0.0, self.at - time.monotonic())

    def passed(self) -> bool:
        return time.monotonic() >= self.at


@dataclass
class IdleResult:
    requested: int
    opened: int = 0
    stayed_open: int = 0
    rss_before_kb: int = 0
    rss_after_kb: int = 0
    rss_closed_kb: int = 0
    open_s: float = math.nan
    errors: Counter[str] = field(default_factory=Counter)
    closed_early: Counter[str] = field(default_factory=Counter)

    @property
    def kb_per_conn(self) -> float:
        if self.stayed_open == 0:
            return math.nan
        return (self.rss_after_kb - self.rss_before_kb) / self.stayed_open


@dataclass
class AckStats:
    ack_ms: list[float] = field(default_factory=list)
    reply_ms: list[float] = field(default_factory=list)  # send -> the bot's first reply
    sent: int = 0
    no_reply: int = 0
    conversations: int = 0
    reply_kinds: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)


# ---------------------------------------------------------------------------------- helpers


def rss_kb(root: int) -> int:
    """VmRSS summed over the server process and its children, in KB."""
    return sum(proc_status_kb(pid, "VmRSS") for pid in process_tree(root))


def raise_nofile() -> int:
    """Raises the soft RLIMIT_NOFILE to the hard limit; returns the soft limit in force."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and soft != hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        soft = hard
    return soft


async def recv_frame(ws: ClientConnection, within: float) -> dict[str, Any] | None:
    """The next JSON frame, or None when none arrives within `within` seconds."""
    try:
        async with asyncio.timeout(within):
            raw = await ws.recv()
    except TimeoutError:
        return None
    frame = json.loads(raw)
    return frame if isinstance(frame, dict) else {"type": "?"}


async def hello(uri: str) -> ClientConnection:
    """A new visitor socket past `hello` -> `welcome` (a new conversation)."""
    ws = await connect(uri, open_timeout=OPEN_TIMEOUT_S, ping_interval=None, close_timeout=CLOSE_TIMEOUT_S,
                       proxy=None)
    try:
        await ws.send(json.dumps({"type": "hello", "conversation_id": None, "visitor_token": None, "last_seq": 0,
                                  "language": LANGUAGE}))
        limit = Deadline(OPEN_TIMEOUT_S)
        for _ in range(MAX_FRAMES):
            frame = await recv_frame(ws, limit.left())
            if frame is None:
                raise TimeoutError("no welcome")
            if frame.get("type") == "welcome":
                return ws
            if frame.get("type") == "error":
                raise RuntimeError(f"hello refused: {frame.get('code')}")
        raise RuntimeError("no welcome among the first frames")
    except BaseException:
        with contextlib.suppress(Exception):
            await ws.close()
        raise


async def keep(ws: ClientConnection) -> str:
    """Answers the server's heartbeats until the socket closes; returns why it closed."""
    for _ in range(MAX_KEEPER_FRAMES):
        try:
            frame = json.loads(await ws.recv())
            if isinstance(frame, dict) and frame.get("type") == "ping":
                await ws.send('{"type": "pong"}')
        except ConnectionClosed as exc:
            return f"close {exc.rcvd.code}" if exc.rcvd is not None else "closed without a close frame"
    return "too many frames"


async def close_all(sockets: list[ClientConnection]) -> None:
    for start in range(0, len(sockets), IDLE_BATCH):
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(CLOSE_TIMEOUT_S * 2):
                await asyncio.gather(*(ws.close() for ws in sockets[start : start + IDLE_BATCH]),
                                     return_exceptions=True)


# ---------------------------------------------------------------------------------- phase 1: idle connections


async def idle_connections(uri: str, server_pid: int, n: int, deadline: Deadline) -> IdleResult:
    result = IdleResult(requested=n)
    warm = [ws for ws in await asyncio.gather(*(hello(uri) for _ in range(WARMUP_CONNS)), return_exceptions=True)
            if isinstance(ws, ClientConnection)]
    await close_all(warm)
    await asyncio.sleep(SETTLE_S)
    result.rss_before_kb = rss_kb(server_pid)

    sockets: list[ClientConnection] = []
    keepers: list[asyncio.Task[str]] = []
    t0 = time.perf_counter()
    try:
        for start in range(0, n, IDLE_BATCH):
            if deadline.passed():
                print(f"  (stopped opening after {len(sockets)} sockets: {OVERALL_LIMIT_S:.0f} s limit)")
                break
            size = min(IDLE_BATCH, n - start)
            batch = await asyncio.gather(*(hello(uri) for _ in range(size)), return_exceptions=True)
            opened = [ws for ws in batch if isinstance(ws, ClientConnection)]
            for outcome in batch:
                if isinstance(outcome, BaseException):
                    result.errors[f"{type(outcome).__name__}: {str(outcome)[:60]}"] += 1
            sockets.extend(opened)
            keepers.extend(asyncio.create_task(keep(ws)) for ws in opened)
            if not opened:
                print(f"  (stopped opening: a whole batch failed after {len(sockets)} sockets)")
                break
            if (start + size) % 1000 == 0:
                print(f"  {len(sockets)} sockets open after {time.perf_counter() - t0:.1f} s")
        result.open_s = time.perf_counter() - t0
        result.opened = len(sockets)
        await asyncio.sleep(min(SETTLE_S, deadline.left()))
        result.rss_after_kb = rss_kb(server_pid)
        result.stayed_open = sum(1 for ws, k in zip(sockets, keepers, strict=True)
                                 if ws.state is State.OPEN and not k.done())
        for k in keepers:
            if k.done() and not k.cancelled():
                result.closed_early[k.result()] += 1
    finally:
        await close_all(sockets)
        for k in keepers:
            k.cancel()
        await asyncio.gather(*keepers, return_exceptions=True)
    await asyncio.sleep(min(SETTLE_S, deadline.left()))
    result.rss_closed_kb = rss_kb(server_pid)
    return result


# ---------------------------------------------------------------------------------- phase 2: ack latency


class TurnFailed(Exception):
    pass


async def wait_ack(ws: ClientConnection, client_id: str) -> bool:
    """Reads until the ack of `client_id`; True if a state frame said the bot no longer answers."""
    handed_off = False
    limit = Deadline(ACK_TIMEOUT_S)
    for _ in range(MAX_FRAMES):
        frame = await recv_frame(ws, limit.left())
        if frame is None:
            raise TurnFailed("no ack")
        kind = frame.get("type")
        if kind == "ack" and frame.get("client_id") == client_id:
            return handed_off
        if kind == "error":
            raise TurnFailed(f"error {frame.get('code')}")
        if kind == "state":
            handed_off = frame.get("state") != "bot"
        elif kind == "ping":
            await ws.send('{"type": "pong"}')
    raise TurnFailed("no ack among the frames read")


async def wait_reply(ws: ClientConnection, t0: float, stats: AckStats, record: bool) -> bool:
    """Reads the turn's replies (the bot's first one or 2 s, then the rest of the burst); True if handed off."""
    handed_off = False
    first_at: float | None = None
    limit = Deadline(REPLY_WAIT_S)
    for _ in range(MAX_FRAMES):
        frame = await recv_frame(ws, DRAIN_S if first_at is not None else limit.left())
        if frame is None:
            break
        kind = frame.get("type")
        if kind == "message" and frame.get("sender") != "visitor":
            stats.reply_kinds[str(frame.get("kind"))] += 1
            handed_off = handed_off or frame.get("kind") == "handoff"
            if first_at is None:
                first_at = time.perf_counter()
        elif kind == "state":
            handed_off = frame.get("state") != "bot"
        elif kind == "ping":
            await ws.send('{"type": "pong"}')
    if first_at is None:
        stats.no_reply += 1
    elif record:
        stats.reply_ms.append((first_at - t0) * 1000)
    return handed_off


async def ack_latency(uri: str, texts: list[str], n: int, deadline: Deadline) -> AckStats:
    stats = AckStats()
    ws: ClientConnection | None = None
    try:
        for i in range(n + WARMUP_TURNS):
            if deadline.passed():
                print(f"  (stopped after {i} messages: {OVERALL_LIMIT_S:.0f} s limit)")
                break
            if ws is None:
                try:
                    ws = await hello(uri)
                except (OSError, TimeoutError, RuntimeError, WebSocketException) as exc:
                    stats.errors[f"hello {type(exc).__name__}"] += 1
                    continue
                stats.conversations += 1
            client_id = str(uuid.uuid4())
            record = i >= WARMUP_TURNS
            try:
                t0 = time.perf_counter()
                await ws.send(json.dumps({"type": "message", "client_id": client_id, "text": texts[i % len(texts)]}))
                handed_off = await wait_ack(ws, client_id)
                ack_ms = (time.perf_counter() - t0) * 1000
                stats.sent += 1
                if record:
                    stats.ack_ms.append(ack_ms)
                handed_off = await wait_reply(ws, t0, stats, record) or handed_off
            except (TurnFailed, ConnectionClosed) as exc:
                stats.errors[str(exc)[:60]] += 1
                handed_off = True  # start again on a new socket
            if handed_off:
                await ws.close()
                ws = None
    finally:
        if ws is not None:
            await ws.close()
    return stats


# ---------------------------------------------------------------------------------- main


def fmt_ms(values: list[float]) -> str:
    return (f"p50 {percentile(values, 50):.1f} ms, p99 {percentile(values, 99):.1f} ms, "
            f"max {max(values, default=math.nan):.1f} ms")


async def measure(args: argparse.Namespace, uri: str, server_pid: int, texts: list[str]) -> dict[str, float]:
    deadline = Deadline(OVERALL_LIMIT_S)
    async with asyncio.timeout(OVERALL_LIMIT_S + 60):  # a backstop: every loop also checks the deadline
        idle = await idle_connections(uri, server_pid, args.idle, deadline)
        print(f"idle: {idle.opened}/{idle.requested} sockets opened in {idle.open_s:.1f} s, "
              f"{idle.stayed_open} still open when measured; server VmRSS {idle.rss_before_kb / 1024:.1f} MB before, "
              f"{idle.rss_after_kb / 1024:.1f} MB with them open, {idle.rss_closed_kb / 1024:.1f} MB after closing "
              f"them -> {idle.kb_per_conn:.1f} KB per connection")
        if idle.errors or idle.closed_early:
            print(f"  open errors {dict(idle.errors) or 'none'}; closed early {dict(idle.closed_early) or 'none'}")

        acks = await ack_latency(uri, texts, args.messages, deadline)
        print(f"ack latency over {len(acks.ack_ms)} sequential messages (after {WARMUP_TURNS} warm-up): "
              f"{fmt_ms(acks.ack_ms)}")
        print(f"  send -> bot's first reply: {fmt_ms(acks.reply_ms)}; {acks.no_reply} turn(s) without a reply "
              f"within {REPLY_WAIT_S:.0f} s; {acks.conversations} conversation(s); reply kinds "
              f"{dict(acks.reply_kinds)}; errors {dict(acks.errors) or 'none'}")
    return {"idle_conns": float(idle.stayed_open), "kb_per_conn": idle.kb_per_conn,
            "ack_p50_ms": percentile(acks.ack_ms, 50), "ack_p99_ms": percentile(acks.ack_ms, 99)}


def run(args: argparse.Namespace, work: Path) -> dict[str, float]:
    data_dir, kb_file, log = work / "data", work / "kb.yml", work / "server.log"
    articles = generate(args.articles, args.seed)
    write_yaml(kb_file, articles)
    import_s = kb_import(kb_file, data_dir, work / "import.log")
    print(f"KB: {len(articles)} synthetic articles imported in {import_s:.1f} s (not timed in the results)")
    questions = [str(a["questions"][0]) for a in articles if a["language"] == LANGUAGE][:KB_QUESTIONS]
    chat = list(CHITCHAT[LANGUAGE][:KB_QUESTIONS])
    texts = [t for pair in zip(questions, chat, strict=False) for t in pair]

    port = free_port()
    started = time.perf_counter()
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [str(RELAIS), "serve", "--host", HOST, "--port", str(port), "--data-dir", str(data_dir), "--no-demo"],
            stdout=out, stderr=subprocess.STDOUT, env=clean_env(), start_new_session=True,
        )
    try:
        cold = wait_ready(proc, f"http://{HOST}:{port}", started, log)
        print(f"server ready in {cold:.1f} s, pid {proc.pid}, VmRSS {rss_kb(proc.pid) / 1024:.1f} MB")
        results = asyncio.run(measure(args, f"ws://{HOST}:{port}/ws/visitor", proc.pid, texts))
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with {proc.returncode} during the benchmark")
        return results
    except BaseException:
        print(f"server log tail:\n{tail(log)}", file=sys.stderr)
        raise
    finally:
        stop(proc)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--idle", type=int, default=5000, help="idle visitor sockets held open (default 5000)")
    parser.add_argument("--messages", type=int, default=1000, help="sequential messages for ack latency "
                        "(default 1000)")
    parser.add_argument("--articles", type=int, default=200, help="synthetic KB size (default 200)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", action="store_true", help="keep the temporary data dir (its path is printed)")
    args = parser.parse_args()
    if min(args.idle, args.messages, args.articles) < 1:
        parser.error("sizes must be positive")
    if not RELAIS.exists():
        parser.error(f"{RELAIS} not found (install the project in .venv)")
    nofile = raise_nofile()  # before the server starts: it inherits the limit
    if args.idle + WARMUP_CONNS + FD_MARGIN > nofile:
        args.idle = max(1, nofile - WARMUP_CONNS - FD_MARGIN)
        print(f"warning: RLIMIT_NOFILE is {nofile}; only {args.idle} idle sockets will be opened")
    with work_dir("relais-bench-ws-", args.keep) as work:
        results = run(args, work)
    print(f"bench-ws: idle_conns={results['idle_conns']:.0f} kb_per_conn={results['kb_per_conn']:.1f} "
          f"ack_p50_ms={results['ack_p50_ms']:.2f} ack_p99_ms={results['ack_p99_ms']:.2f}")
    return 0 if all(math.isfinite(v) for v in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
