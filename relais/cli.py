"""The `relais` command: serve, kb import/export, users add."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import logging
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from relais import __version__
from relais.errors import KnowledgeBaseFileError, RelaisError
from relais.settings import Settings, load_settings

EXIT_INVALID = 2


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="data directory (default ./var; RELAIS_DATA_DIR overrides)")


def _wrap(text: str, indent: str = "") -> str:
    # No breaks at hyphens: names such as comma-separated or sqlite+aiosqlite stay searchable in the help.
    return textwrap.fill(text, width=78, initial_indent=indent, subsequent_indent=indent,
                         break_on_hyphens=False, break_long_words=False)


def _settings_help() -> str:
    """Every setting with its default and description, as the `relais --help` epilog."""
    lines = [_wrap("Every setting can also be given as an environment variable, which overrides the option:")]
    for name, info in Settings.model_fields.items():
        default = info.default
        if isinstance(default, Path) and not default.is_absolute() and not str(default).startswith("~"):
            default = f"./{default}"
        shown = "unset" if default is None else repr(default) if default == "" else default
        lines.append(f"  RELAIS_{name.upper()} (default: {shown})")
        lines.append(_wrap(info.description or "", indent="      "))
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    fields = Settings.model_fields
    parser = argparse.ArgumentParser(
        prog="relais",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=_wrap("Relais: a customer-service assistant that answers from a knowledge base and hands "
                          "the conversation to a person as soon as it should."),
        epilog=_settings_help(),
    )
    parser.add_argument("--version", action="version", version=f"relais {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = sub.add_parser("serve", help="start the server (API, WebSockets, widget, consoles)",
                           description="Start everything on embedded defaults: SQLite in the data dir, "
                           "in-process message bus, the demo knowledge base in a KB that never held an article.")
    for name, kind in (("host", str), ("port", int)):
        info = fields[name]
        serve.add_argument(f"--{name}", type=kind, default=None,
                           help=f"{info.description} (default {info.default})")
    _common(serve)
    serve.add_argument("--no-demo", action="store_true", help="do not load the demo knowledge base")
    serve.add_argument("--engine", choices=["native"], default=None, help=fields["engine"].description)
    serve.add_argument("--log-level", default=None, help=fields["log_level"].description)

    kb = sub.add_parser("kb", help="import or export the knowledge base")
    kb_sub = kb.add_subparsers(dest="kb_command", required=True, metavar="ACTION")
    imp = kb_sub.add_parser(
        "import", help="import and publish a KB file (YAML, CSV, Markdown); all or nothing",
        description="Validate FILE (YAML with an `articles` list, CSV with questions and tags separated by "
        "'|', a Markdown file or directory of Markdown files with front matter), then publish every article "
        "in one transaction. Exit code 2 and nothing imported on any error.")
    imp.add_argument("file", type=Path, metavar="FILE", help="the file (or directory of .md files) to import")
    _common(imp)
    imp.add_argument("--replace", action="store_true", help="archive published articles that are not in FILE")
    exp = kb_sub.add_parser("export", help="write the published KB as YAML (re-importable)")
    exp.add_argument("file", type=Path, metavar="FILE", help="where to write; '-' for standard output")
    _common(exp)

    users = sub.add_parser("users", help="manage agents, editors and admins")
    users_sub = users.add_subparsers(dest="users_command", required=True, metavar="ACTION")
    add = users_sub.add_parser("add", help="create a user (password read from standard input)")
    add.add_argument("name", metavar="NAME", help="login name")
    add.add_argument("--role", required=True, choices=["agent", "editor", "admin"],
                     help="what the user may do")
    add.add_argument("--languages", default="fr,en",
                     help="languages the user speaks (comma-separated; default fr,en)")
    add.add_argument("--skills", default="", help="skills for routing (comma-separated)")
    add.add_argument("--max-chats", type=int, default=3, help="conversations handled at once (default 3)")
    add.add_argument("--password-stdin", action="store_true", required=True,
                     help="read the password from standard input (never from the command line)")
    _common(add)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # A one-shot command says what it did on stdout and what went wrong on stderr: the libraries' progress notes
    # (migrations, index loading) would bury its error, so only warnings are logged there.
    level = logging.INFO if args.command == "serve" else logging.WARNING
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        if args.command == "serve":
            return _serve(args)
        if args.command == "kb":
            settings = load_settings(data_dir=args.data_dir)
            if args.kb_command == "import":
                return asyncio.run(_kb_import(settings, args.file, args.replace))
            return asyncio.run(_kb_export(settings, args.file))
        if args.command == "users":
            settings = load_settings(data_dir=args.data_dir)
            return asyncio.run(_users_add(settings, args))
    except KnowledgeBaseFileError as exc:
        print("error: the knowledge base file is invalid; nothing was imported:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  - {problem}", file=sys.stderr)
        return EXIT_INVALID
    except RelaisError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return EXIT_INVALID
    return 0


def _serve(args: argparse.Namespace) -> int:
    overrides: dict[str, Any] = {"host": args.host, "port": args.port, "data_dir": args.data_dir,
                                 "engine": args.engine, "log_level": args.log_level}
    if args.no_demo:
        overrides["demo"] = False
    settings = load_settings(**overrides)
    from relais.torchless import keep_torch_out

    if settings.engine_process:
        keep_torch_out()  # the web process runs no model (the engine process decides for itself)
    else:
        from knowledge_base.embedding import onnx_export_ready

        if settings.onnx and onnx_export_ready(settings.embedding_model, settings.encoder_cache):
            keep_torch_out()  # ~200 MB less: the encoder runs on ONNX Runtime and its export is already made
    base = f"http://{settings.host}:{settings.port}"
    print(f"Relais {__version__} serving on {base}", flush=True)
    for path, what in (("/docs", "API documentation (OpenAPI)"), ("/api/v1", "visitor REST API"),
                       ("/healthz", "health (200 once models and indexes are loaded)")):
        print(f"  {base}{path:<10} {what}", flush=True)
    print(f"  ws://{settings.host}:{settings.port}/ws/visitor  visitor WebSocket", flush=True)
    print(f"  data dir: {settings.data_dir.resolve()}", flush=True)
    print(f"Demo page: {base}/demo (the chat widget embedded with <script src=\"{base}/widget.js\">)", flush=True)
    import uvicorn

    from relais.app import create_app

    # One access-log line per request costs throughput; it is kept for --log-level debug.
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port,
                log_level=settings.log_level.lower(), access_log=settings.log_level.lower() == "debug",
                # Visitor frames: 64 KiB, checked by the app. The transport's pings find vanished clients (see
                # relais.ws_visitor.IDLE_TIMEOUT).
                ws_max_size=1024 * 1024, ws_ping_interval=20.0, ws_ping_timeout=20.0, timeout_graceful_shutdown=5)
    return 0


async def _kb_import(settings: Settings, file: Path, replace: bool) -> int:
    from knowledge_base import store
    from knowledge_base.interchange import read_articles
    from relais.storage import Database

    articles = read_articles(file)  # validates everything before touching the database
    db = Database(settings.resolved_database_url)
    try:
        await db.migrate()
        async with db.begin() as conn:
            report = await store.publish(conn, articles, replace=replace, source=f"import:{file.name}")
        async with db.connect() as conn:
            published = await store.published(conn)
    finally:
        await db.close()
    print(f"imported {file}: {report.created} new, {report.updated} updated, {report.unchanged} unchanged, "
          f"{report.archived} archived (knowledge base revision {report.revision})", flush=True)
    await asyncio.to_thread(_build_index, settings, published, report.revision)
    print(f"{len(published)} published articles are answerable")
    return 0


def _build_index(settings: Settings, articles: Sequence[Any], revision: int) -> None:
    """Builds the index now so the server starts (or refreshes) without re-encoding."""
    from knowledge_base.embedding import load_encoder
    from relais.native import build_searcher

    with _progress(len(articles)) as done:
        encoder = load_encoder(settings.embedding_model, settings.encoder_cache, onnx=settings.onnx,
                               int8=settings.encoder_int8)
        done(len(articles) // 3)
        searcher = build_searcher(settings, encoder)
        searcher.apply(articles, revision, twins=True)  # kept in the snapshot: the server starts with them
        done(len(articles))


class _progress:
    """A rich progress bar on a terminal for large imports; silent otherwise."""

    def __init__(self, total: int) -> None:
        self.total = total
        self._bar: Any = None

    def __enter__(self) -> Any:
        if sys.stderr.isatty() and self.total >= 200:
            from rich.progress import Progress

            self._bar = Progress(transient=True)
            self._bar.start()
            task = self._bar.add_task("indexing articles", total=self.total)
            return lambda n: self._bar.update(task, completed=n)
        return lambda n: None

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()


async def _kb_export(settings: Settings, file: Path) -> int:
    from knowledge_base import store
    from knowledge_base.interchange import dump_yaml
    from relais.storage import Database

    db = Database(settings.resolved_database_url)
    try:
        await db.migrate()
        async with db.connect() as conn:
            articles = await store.published(conn)
    finally:
        await db.close()
    text = dump_yaml(articles)
    if str(file) == "-":
        sys.stdout.write(text)
    else:
        try:
            await asyncio.to_thread(file.write_text, text, encoding="utf-8")
        except OSError as exc:
            raise RelaisError(f"cannot write {file}: {exc.strerror}") from None
        print(f"exported {len(articles)} articles to {file}")
    return 0


async def _users_add(settings: Settings, args: argparse.Namespace) -> int:
    from relais.storage import Database
    from relais.users import add_user

    # On a terminal, ask without echo; otherwise the first line of the pipe is the password.
    password = getpass.getpass("password: ") if sys.stdin.isatty() else sys.stdin.readline().rstrip("\r\n")
    db = Database(settings.resolved_database_url)
    try:
        await db.migrate()
        async with db.begin() as conn:
            await add_user(conn, args.name, args.role, password,
                           languages=[x.strip() for x in args.languages.split(",") if x.strip()],
                           skills=[x.strip() for x in args.skills.split(",") if x.strip()],
                           max_chats=args.max_chats)
    finally:
        await db.close()
    print(f"user {args.name} created ({args.role})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
