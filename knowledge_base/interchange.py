"""Knowledge-base files: YAML (CONTRACT section 2), CSV and Markdown with front matter, all or nothing."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from knowledge_base.articles import Article, parse_article
from relais.errors import KnowledgeBaseFileError

CSV_LIST_SEPARATOR = "|"
_OTHER_BREAKS = ("\r", "\x85", "\u2028", "\u2029")


def read_articles(path: Path) -> list[Article]:
    """Every article of a file (or a directory of Markdown files), or an error listing every problem."""
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in (".md", ".markdown"))
        if not files:
            raise KnowledgeBaseFileError([f"{path}: the directory holds no Markdown (.md) file"])
        items: list[tuple[str, Any]] = []
        problems: list[str] = []
        for file in files:
            try:
                items.append((str(file), _markdown_item(file.read_text(encoding="utf-8"), file)))
            except KnowledgeBaseFileError as exc:
                problems.extend(exc.problems)
        if problems:
            raise KnowledgeBaseFileError(problems)
        return _validate(items)
    try:
        text = path.read_text(encoding="utf-8-sig")  # a BOM (CSV saved by Excel) is not a field name
    except FileNotFoundError:
        raise KnowledgeBaseFileError([f"{path}: no such file"]) from None
    except UnicodeDecodeError as exc:
        raise KnowledgeBaseFileError([f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})"]) from None
    except OSError as exc:
        raise KnowledgeBaseFileError([f"{path}: cannot be read ({exc.strerror})"]) from None
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _validate([(f"{path}: row {i}", row) for i, row in _csv_items(text, path)])
    if suffix in (".md", ".markdown"):
        return _validate([(str(path), _markdown_item(text, path))])
    return _validate([(f"{path}: article #{i}", item) for i, item in enumerate(_yaml_items(text, path), 1)])


def _yaml_items(text: str, path: Path) -> list[Any]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise KnowledgeBaseFileError([f"{path}: invalid YAML{where}: {problem}"]) from None
    if not isinstance(data, dict) or "articles" not in data:
        raise KnowledgeBaseFileError([f"{path}: expected a mapping with an `articles` list at the top"])
    items = data["articles"]
    if not isinstance(items, list):
        raise KnowledgeBaseFileError([f"{path}: `articles` must be a list"])
    # `articles: []` is the export of an empty KB: importing it changes nothing (with --replace, archives all).
    return items


def _csv_items(text: str, path: Path) -> list[tuple[int, dict[str, Any]]]:
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames:
        raise KnowledgeBaseFileError([f"{path}: empty CSV file (a header row is needed)"])
    rows: list[tuple[int, dict[str, Any]]] = []
    for line, row in enumerate(reader, 2):
        item: dict[str, Any] = {k.strip(): (v or "").strip() for k, v in row.items() if k}
        for name in ("questions", "tags"):
            if name in item:
                item[name] = [p.strip() for p in str(item[name]).split(CSV_LIST_SEPARATOR) if p.strip()]
        if "handoff" in item:
            flag = str(item["handoff"]).lower()
            item["handoff"] = {"true": True, "yes": True, "1": True, "oui": True, "false": False, "no": False,
                               "0": False, "non": False, "": False}.get(flag, item["handoff"])
        if item.get("url") == "":
            item.pop("url")
        rows.append((line, item))
    if not rows:
        raise KnowledgeBaseFileError([f"{path}: the CSV file has a header but no article"])
    return rows


def _markdown_item(text: str, path: Path) -> dict[str, Any]:
    """`---` YAML front matter (id, language, title, questions, ...) then the answer as Markdown body."""
    lines = text.lstrip("\ufeff").splitlines()
    if not lines or lines[0].strip() != "---":
        raise KnowledgeBaseFileError([f"{path}: Markdown articles start with a `---` front-matter block"])
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise KnowledgeBaseFileError([f"{path}: the front matter is not closed by `---`"]) from None
    try:
        meta = yaml.safe_load("\n".join(lines[1:end])) or {}
    except yaml.YAMLError as exc:
        raise KnowledgeBaseFileError([f"{path}: invalid YAML front matter: {exc}"]) from None
    if not isinstance(meta, dict):
        raise KnowledgeBaseFileError([f"{path}: the front matter must be a mapping"])
    body = "\n".join(lines[end + 1 :]).strip()
    if body:
        meta.setdefault("answer", body)
    return meta


def _validate(items: Sequence[tuple[str, Any]]) -> list[Article]:
    articles: list[Article] = []
    problems: list[str] = []
    first_seen: dict[str, str] = {}
    for where, item in items:
        article, found = parse_article(item)
        label = where
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            label = f"{where} (id {item['id']!r})"
        problems.extend(f"{label}: field `{p.field}` {p.message}" for p in found)
        # Checked on the raw id so that a duplicate is reported with the other problems, not after a fix.
        raw = item.get("id") if isinstance(item, dict) else None
        raw_id = raw.strip() if isinstance(raw, str) else ""
        if raw_id in first_seen:
            problems.append(f"{label}: field `id` duplicates the id of {first_seen[raw_id]}")
            continue
        if raw_id:
            first_seen[raw_id] = where
        if article is not None:
            articles.append(article)
    if problems:
        raise KnowledgeBaseFileError(problems)
    return articles


def dump_yaml(articles: Sequence[Article]) -> str:
    """The section-2 interchange format; importing it reproduces the same articles."""

    class _Dumper(yaml.SafeDumper):
        pass

    def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
        # YAML folds the other line breaks (CR, NEL, U+2028/9) when read back: only escapes keep them.
        style = '"' if any(c in value for c in _OTHER_BREAKS) else "|" if "\n" in value else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    _Dumper.add_representer(str, _str)
    body = {"articles": [a.to_dict() for a in sorted(articles, key=lambda a: a.id)]}
    return yaml.dump(body, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=110)
