"""End-to-end server benchmark: cold start, turn latency, throughput, peak RSS, single-article reindex.

    .venv/bin/python bench/turns.py [--articles 1000] [--turns 500] [--throughput-turns 800]
                                    [--concurrency 16] [--seed 0] [--keep]

Generates a synthetic KB (bench/kbgen.py), imports it with `relais kb import` into a temporary data
dir (not timed), starts `relais serve --no-demo` on a free 127.0.0.1 port in its own process group,
then measures:

- cold_start_s: from process start to the first `GET /healthz` 200;
- p50_ms / p99_ms: server-side time of sequential `POST .../messages` turns, read from the server's
  `Server-Timing: app;dur=…` header (the loopback round trip is printed beside it);
- turns_per_s: messages answered per second by `--concurrency` concurrent clients;
- rss_mb: peak resident memory (VmHWM) summed over the server process and its children;
- reindex_one_ms: after editing one article and re-importing the file with the CLI, the time from the
  import's publication (its "imported …" line, printed once the transaction has committed) until a message
  with the new phrase is answered with that article (polled every 20 ms). A printed line also gives the
  time from the end of the command, which builds its own index before it exits.

Run it on a quiet machine; the last line is machine-readable:
`bench: p50_ms=… p99_ms=… turns_per_s=… rss_mb=… cold_start_s=… reindex_one_ms=…`
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import math
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from kbgen import generate, write_yaml

ROOT = Path(__file__).resolve().parent.parent
RELAIS = ROOT / ".venv" / "bin" / "relais"
HOST = "127.0.0.1"
COLD_START_LIMIT_S = 180.0
HEALTH_POLL_S = 0.05
REINDEX_POLL_S = 0.02
REINDEX_LIMIT_S = 30.0
PHASE_LIMIT_S = 900.0  # every measuring loop also stops after this long
REQUEST_TIMEOUT_S = 30.0
WARMUP_TURNS = 10
SESSION_TURNS = (1, 4)  # a conversation is reused for this many turns (fewer if it leaves the bot)

# Messages that are not in the knowledge base (written for this benchmark).
CHITCHAT = {
    "fr": ("Quel temps fera-t-il à Lille demain ?", "Raconte-moi une blague",
           "Tu connais une bonne recette de crêpes ?",
           "Qui a gagné le match hier soir ?", "Quelle est la capitale du Pérou ?", "Tu aimes la musique ?",
           "Combien font 17 fois 23 ?", "Recommande-moi un film pour ce soir"),
    "en": ("What's the weather like in Leeds tomorrow?", "Tell me a joke", "Do you know a good pancake recipe?",
           "Who won the game last night?", "What is the capital of Peru?", "Do you like music?",
           "What is 17 times 23?", "Recommend me a movie for tonight"),
}
GREETINGS = {
    "fr": ("Bonjour", "Salut !", "Bonsoir", "Merci beaucoup", "Merci, au revoir", "Coucou"),
    "en": ("Hello", "Hi there!", "Good evening", "Thanks a lot", "Thank you, bye", "Hey"),
}
MIX = (("kb", 0.70), ("chitchat", 0.15), ("greeting", 0.15))


@dataclass(frozen=True)
class Message:
    text: str
    language: str
    kind: str  # kb | chitchat | greeting
    article_id: str | None = None


@dataclass
class Stats:
    latencies_ms: list[float] = field(default_factory=list)  # server-side (Server-Timing header)
    round_trip_ms: list[float] = field(default_factory=list)  # loopback round trip, for comparison
    reply_kinds: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    answered: int = 0  # turns that got a 200
    kb_sent: int = 0
    kb_own_article: int = 0


# ---------------------------------------------------------------------------------- messages


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def perturb(rng: random.Random, text: str, language: str) -> str:
    """A visitor-like variant: lower case, no question mark, no accents, a typo or a greeting prefix."""
    out = text
    if rng.random() < 0.4:
        out = out.lower()
    if rng.random() < 0.4:
        out = out.rstrip(" ?!.")
    if rng.random() < 0.2:
        out = _strip_accents(out)
    if rng.random() < 0.3:
        words = out.split()
        long_words = [i for i, w in enumerate(words) if len(w) > 4 and w.isalpha()]
        if long_words:
            i = rng.choice(long_words)
            w = words[i]
            j = rng.randrange(1, len(w) - 2)
            words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
            out = " ".join(words)
    if rng.random() < 0.15:
        out = ("bonjour, " if language == "fr" else "hi, ") + out[:1].lower() + out[1:]
    return out


def message_stream(rng: random.Random, articles: list[dict[str, Any]], n: int) -> list[Message]:
    kinds = [k for k, _ in MIX]
    weights = [w for _, w in MIX]
    out: list[Message] = []
    for _ in range(n):
        kind = rng.choices(kinds, weights)[0]
        if kind == "kb":
            article = rng.choice(articles)
            language = str(article["language"])
            text = perturb(rng, rng.choice(article["questions"]), language)
            out.append(Message(text, language, kind, str(article["id"])))
        else:
            language = rng.choice(("fr", "en"))
            pool = CHITCHAT if kind == "chitchat" else GREETINGS
            out.append(Message(rng.choice(pool[language]), language, kind))
    return out


# ---------------------------------------------------------------------------------- process helpers


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RELAIS_")}
    env["HF_HUB_OFFLINE"] = "1"
    return env


def kb_import(path: Path, data_dir: Path, log: Path) -> float:
    """Runs `relais kb import`; returns its duration in seconds (raises with the log tail on failure)."""
    t0 = time.perf_counter()
    with log.open("ab") as out:
        done = subprocess.run([str(RELAIS), "kb", "import", str(path), "--data-dir", str(data_dir)],
                              stdout=out, stderr=subprocess.STDOUT, env=clean_env(), timeout=900, check=False)
    elapsed = time.perf_counter() - t0
    if done.returncode != 0:
        raise RuntimeError(f"relais kb import exited with {done.returncode}:\n{tail(log)}")
    return elapsed


def tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _ppid(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat[stat.rindex(")") + 2 :].split()[1])


def process_tree(root: int) -> list[int]:
    """The root pid and all its descendants, from /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            parent = _ppid(int(entry.name))
            if parent is not None:
                parents[int(entry.name)] = parent
    tree, frontier = [root], [root]
    while frontier:
        current = frontier.pop()
        children = [p for p, parent in parents.items() if parent == current]
        tree.extend(children)
        frontier.extend(children)
    return tree


def proc_status_kb(pid: int, field: str) -> int:
    """A kB figure of /proc/<pid>/status (VmHWM, VmRSS...); 0 when the process is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def vm_hwm_kb(pid: int) -> int:
    return proc_status_kb(pid, "VmHWM")


@contextlib.contextmanager
def work_dir(prefix: str, keep: bool) -> Iterator[Path]:
    """A temporary directory for a benchmark run, removed afterwards unless `keep`."""
    work = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield work
    finally:
        if keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


class PeakRss:
    """Peak VmHWM per process of the server tree, sampled when asked; the sum is the reported figure."""

    def __init__(self, root: int) -> None:
        self.root = root
        self.peaks: dict[int, int] = {}

    def sample(self) -> None:
        for pid in process_tree(self.root):
            self.peaks[pid] = max(self.peaks.get(pid, 0), vm_hwm_kb(pid))

    @property
    def mb(self) -> float:
        return sum(self.peaks.values()) / 1024


def stop(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the server's process group, SIGKILL after 10 s."""
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


# ---------------------------------------------------------------------------------- HTTP helpers


def wait_ready(proc: subprocess.Popen[bytes], base: str, started: float, log: Path) -> float:
    deadline = started + COLD_START_LIMIT_S
    with httpx.Client(timeout=2.0) as client:
        while time.perf_counter() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"the server exited with {proc.returncode} before it was ready:\n{tail(log)}")
            try:
                if client.get(f"{base}/healthz").status_code == 200:
                    return time.perf_counter() - started
            except httpx.TransportError:
                pass
            time.sleep(HEALTH_POLL_S)
    raise RuntimeError(f"/healthz not 200 after {COLD_START_LIMIT_S:.0f} s:\n{tail(log)}")


def open_conversation(client: httpx.Client, base: str, language: str) -> tuple[str, dict[str, str]]:
    r = client.post(f"{base}/api/v1/conversations", json={"language": language})
    r.raise_for_status()
    body = r.json()
    return str(body["conversation_id"]), {"Authorization": f"Bearer {body['visitor_token']}"}


def record(stats: Stats, message: Message, body: dict[str, Any]) -> str:
    stats.answered += 1
    replies = body.get("replies") or []
    for reply in replies:
        stats.reply_kinds[str(reply.get("kind"))] += 1
    if message.kind == "kb":
        stats.kb_sent += 1
        if any(r.get("kind") == "answer" and r.get("article_id") == message.article_id for r in replies):
            stats.kb_own_article += 1
    return str(body.get("state", "bot"))


def server_ms(response: httpx.Response) -> float | None:
    """The server's own time for the request, from its `Server-Timing: app;dur=…` header."""
    for part in response.headers.get("server-timing", "").split(","):
        name, _, rest = part.strip().partition(";")
        if name == "app" and rest.startswith("dur="):
            return float(rest[4:])
    return None


def sequential_turns(base: str, messages: list[Message], rng: random.Random) -> Stats:
    stats = Stats()
    deadline = time.perf_counter() + PHASE_LIMIT_S
    with httpx.Client(timeout=REQUEST_TIMEOUT_S) as client:
        conversation: tuple[str, dict[str, str]] | None = None
        left = 0
        for i, message in enumerate(messages):
            if time.perf_counter() > deadline:
                print(f"  (stopped after {i} turns: {PHASE_LIMIT_S:.0f} s limit)")
                break
            if conversation is None or left <= 0:
                conversation = open_conversation(client, base, message.language)
                left = rng.randint(*SESSION_TURNS)
            cid, headers = conversation
            t0 = time.perf_counter()
            r = client.post(f"{base}/api/v1/conversations/{cid}/messages", json={"text": message.text},
                            headers=headers)
            elapsed_ms = (time.perf_counter() - t0) * 1000
            left -= 1
            if r.status_code != 200:
                stats.errors[f"HTTP {r.status_code}"] += 1
                conversation = None
                continue
            if i >= WARMUP_TURNS:
                stats.latencies_ms.append(server_ms(r) or elapsed_ms)
                stats.round_trip_ms.append(elapsed_ms)
            if record(stats, message, r.json()) != "bot":
                conversation = None  # handed off: the bot stays quiet, which would not measure a turn
    return stats


async def _client_worker(client: httpx.AsyncClient, base: str, queue: asyncio.Queue[Message],
                         rng: random.Random, stats: Stats, deadline: float) -> None:
    conversation: tuple[str, dict[str, str]] | None = None
    left = 0
    while time.perf_counter() < deadline:
        try:
            message = queue.get_nowait()
        except asyncio.QueueEmpty:
            return
        try:
            if conversation is None or left <= 0:
                r = await client.post(f"{base}/api/v1/conversations", json={"language": message.language})
                r.raise_for_status()
                body = r.json()
                conversation = (str(body["conversation_id"]),
                                {"Authorization": f"Bearer {body['visitor_token']}"})
                left = rng.randint(*SESSION_TURNS)
            cid, headers = conversation
            r = await client.post(f"{base}/api/v1/conversations/{cid}/messages", json={"text": message.text},
                                  headers=headers)
        except httpx.HTTPError as exc:
            stats.errors[type(exc).__name__] += 1
            conversation = None
            continue
        left -= 1
        if r.status_code != 200:
            stats.errors[f"HTTP {r.status_code}"] += 1
            conversation = None
            continue
        if record(stats, message, r.json()) != "bot":
            conversation = None


async def throughput(base: str, messages: list[Message], concurrency: int, seed: int) -> tuple[int, float, Stats]:
    queue: asyncio.Queue[Message] = asyncio.Queue()
    for m in messages:
        queue.put_nowait(m)
    stats = Stats()
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(timeout=REQUEST_TIMEOUT_S, limits=limits) as client:
        t0 = time.perf_counter()
        deadline = t0 + PHASE_LIMIT_S
        await asyncio.gather(*(
            _client_worker(client, base, queue, random.Random(seed * 1000 + k), stats, deadline)
            for k in range(concurrency)
        ))
        wall = time.perf_counter() - t0
    return stats.answered, wall, stats


def answered_with(client: httpx.Client, base: str, text: str, language: str, article_id: str) -> bool:
    """One probe in a fresh conversation (fallbacks would otherwise lead the bot to hand off)."""
    cid, headers = open_conversation(client, base, language)
    r = client.post(f"{base}/api/v1/conversations/{cid}/messages", json={"text": text}, headers=headers)
    if r.status_code != 200:
        return False
    return any(x.get("kind") == "answer" and x.get("article_id") == article_id for x in r.json().get("replies", []))


def reindex_one(base: str, kb_file: Path, articles: list[dict[str, Any]], data_dir: Path, log: Path,
                rng: random.Random) -> tuple[float, float]:
    """Edits one article, re-imports the file and times until the edit is answerable.

    Returns (ms after the import command ended, ms after the import published), nan on timeout.
    `relais kb import` commits the articles, prints "imported …", then builds its own index before it exits;
    the server may pick the new revision up meanwhile. The first figure is the one asked for
    (polling starts when the command has ended); the second polls from the publication line onwards.
    """
    target = rng.choice(articles)
    token = "".join(rng.choice("bcdfghjklmnpqrstvwxz") for _ in range(6))
    if target["language"] == "fr":
        phrase = f"Que veut dire le voyant zorglub {token} ?"
        extra = f"\n\nLe voyant zorglub {token} indique un entretien à prévoir."
    else:
        phrase = f"What does the zorglub {token} light mean?"
        extra = f"\n\nThe zorglub {token} light means maintenance is due."
    language, article_id = str(target["language"]), str(target["id"])
    published = threading.Event()
    from_publish_ms = from_end_ms = math.nan
    with httpx.Client(timeout=REQUEST_TIMEOUT_S) as client:
        if answered_with(client, base, phrase, language, article_id):
            print(f"  warning: {article_id} already answers the new phrase before the edit")
        target["questions"] = [phrase, *target["questions"]]
        target["answer"] = str(target["answer"]).rstrip() + extra + "\n"
        write_yaml(kb_file, articles)
        env = {**clean_env(), "PYTHONUNBUFFERED": "1"}
        t_start = time.perf_counter()
        proc = subprocess.Popen([str(RELAIS), "kb", "import", str(kb_file), "--data-dir", str(data_dir)],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
        t_pub = [math.nan]

        def read_output() -> None:
            assert proc.stdout is not None
            with log.open("ab") as out:
                for line in proc.stdout:
                    out.write(line)
                    if line.startswith(b"imported ") and not published.is_set():
                        t_pub[0] = time.perf_counter()
                        published.set()

        reader = threading.Thread(target=read_output, daemon=True)
        reader.start()
        try:
            deadline = t_start + 900
            while not published.is_set() and proc.poll() is None and time.perf_counter() < deadline:
                published.wait(0.05)
            if published.is_set():  # poll while the command builds its own index
                limit = t_pub[0] + REINDEX_LIMIT_S
                while proc.poll() is None and time.perf_counter() < limit:
                    if answered_with(client, base, phrase, language, article_id):
                        from_publish_ms = (time.perf_counter() - t_pub[0]) * 1000
                        break
                    time.sleep(REINDEX_POLL_S)
            proc.wait(timeout=max(1.0, deadline - time.perf_counter()))
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=10)
            reader.join(timeout=10)
        t_end = time.perf_counter()
        if proc.returncode != 0:
            raise RuntimeError(f"relais kb import exited with {proc.returncode}:\n{tail(log)}")
        limit, polls = t_end + REINDEX_LIMIT_S, 0
        while time.perf_counter() < limit:
            polls += 1
            if answered_with(client, base, phrase, language, article_id):
                from_end_ms = (time.perf_counter() - t_end) * 1000
                break
            time.sleep(REINDEX_POLL_S)
    if math.isnan(from_publish_ms) and math.isfinite(from_end_ms):
        from_publish_ms = (t_end - t_pub[0]) * 1000 + from_end_ms
    print(f"  reindex of {article_id}: answerable {from_end_ms:.0f} ms after the import command ended "
          f"({polls} poll(s)); {from_publish_ms:.0f} ms after the command printed that it had published "
          f"(polled while it kept running); the command took {t_end - t_start:.1f} s in all, "
          f"{t_end - t_pub[0]:.1f} s of it after publishing (building its own index)")
    if math.isnan(from_end_ms):
        print(f"  reindex: NOT answerable with the new phrase {REINDEX_LIMIT_S:.0f} s after the import")
    return from_end_ms, from_publish_ms


# ---------------------------------------------------------------------------------- main


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100); nan when empty."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def run(args: argparse.Namespace, work: Path) -> dict[str, float]:
    rng = random.Random(args.seed)
    data_dir, kb_file, log = work / "data", work / "kb.yml", work / "server.log"
    articles = generate(args.articles, args.seed)
    write_yaml(kb_file, articles)
    print(f"KB: {len(articles)} synthetic articles -> {kb_file}")
    import_s = kb_import(kb_file, data_dir, work / "import.log")
    print(f"import (not timed in the results): {import_s:.1f} s")

    port = free_port()
    base = f"http://{HOST}:{port}"
    started = time.perf_counter()
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [str(RELAIS), "serve", "--host", HOST, "--port", str(port), "--data-dir", str(data_dir), "--no-demo"],
            stdout=out, stderr=subprocess.STDOUT, env=clean_env(), start_new_session=True,
        )
    try:
        rss = PeakRss(proc.pid)
        cold = wait_ready(proc, base, started, log)
        rss.sample()
        print(f"cold start: {cold:.2f} s (process start -> first /healthz 200), server pid {proc.pid}")

        messages = message_stream(rng, articles, args.turns + WARMUP_TURNS)
        seq = sequential_turns(base, messages, rng)
        rss.sample()
        p50, p99 = percentile(seq.latencies_ms, 50), percentile(seq.latencies_ms, 99)
        print(f"latency over {len(seq.latencies_ms)} sequential turns (after {WARMUP_TURNS} warm-up turns): "
              f"p50 {p50:.1f} ms, p99 {p99:.1f} ms, max {max(seq.latencies_ms, default=math.nan):.1f} ms "
              f"(server-side); loopback round trip p50 {percentile(seq.round_trip_ms, 50):.1f} ms, "
              f"p99 {percentile(seq.round_trip_ms, 99):.1f} ms")
        own = seq.kb_own_article / seq.kb_sent if seq.kb_sent else math.nan
        print(f"  reply kinds {dict(seq.reply_kinds)}; KB questions answered with their own article "
              f"{seq.kb_own_article}/{seq.kb_sent} ({own:.0%}); errors {dict(seq.errors) or 'none'}")

        tp_messages = message_stream(rng, articles, args.throughput_turns)
        done, wall, tp = asyncio.run(throughput(base, tp_messages, args.concurrency, args.seed))
        rss.sample()
        tps = done / wall if wall > 0 else math.nan
        print(f"throughput: {done} turns by {args.concurrency} concurrent clients in {wall:.2f} s = {tps:.1f} turns/s "
              f"(wall time includes opening conversations); errors {dict(tp.errors) or 'none'}")

        # Reported: from the moment the import has published (committed) to the edit being answerable.
        _, reindex_ms = reindex_one(base, kb_file, articles, data_dir, work / "import.log", rng)
        rss.sample()
        print(f"peak RSS (VmHWM summed over {len(rss.peaks)} process(es) of the server tree): {rss.mb:.0f} MB")
        if seq.errors or tp.errors:
            print("warning: some requests failed; see the errors above")
        return {"p50_ms": p50, "p99_ms": p99, "turns_per_s": tps, "rss_mb": rss.mb, "cold_start_s": cold,
                "reindex_one_ms": reindex_ms}
    except Exception:
        print(f"server log tail:\n{tail(log)}", file=sys.stderr)
        raise
    finally:
        stop(proc)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000, help="synthetic KB size (default 1000)")
    parser.add_argument("--turns", type=int, default=500, help="sequential turns for latency (default 500)")
    parser.add_argument("--throughput-turns", type=int, default=800, help="turns for throughput (default 800)")
    parser.add_argument("--concurrency", type=int, default=16, help="concurrent clients (default 16)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", action="store_true", help="keep the temporary data dir (its path is printed)")
    args = parser.parse_args()
    if min(args.articles, args.turns, args.throughput_turns, args.concurrency) < 1:
        parser.error("sizes must be positive")
    if not RELAIS.exists():
        parser.error(f"{RELAIS} not found (install the project in .venv)")
    with work_dir("relais-bench-", args.keep) as work:
        results = run(args, work)
    decimals = {"rss_mb": 0, "reindex_one_ms": 0}
    print("bench: " + " ".join(f"{k}={v:.{decimals.get(k, 2)}f}" for k, v in results.items()))
    return 0 if all(math.isfinite(v) for v in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
