"""The `riwaya` command line."""

from __future__ import annotations

import datetime as dt
import gc
import itertools
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from riwaya import __version__, i18n
from riwaya.errors import RiwayaError, damaged_database, database_server_error
from riwaya.i18n import N_, _
from riwaya.limits import MAX_ANALYZED_CHARS, MAX_CHECK_CHARS, MAX_EXTRACT_CHARS, MAX_ROW_ID

if TYPE_CHECKING:
    import socket

app = typer.Typer(
    name="riwaya",
    help="Check Arabic news against its sources. رواية",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class Format(StrEnum):
    text = "text"
    json = "json"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"riwaya {__version__}")
        raise typer.Exit()


class Language(StrEnum):
    ar = "ar"
    en = "en"


class Bidi(StrEnum):
    auto = "auto"
    logical = "logical"
    visual = "visual"


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
    # read by _global_options before Click parses the line; declared here for --help
    lang: Annotated[Language | None, typer.Option(
        "--lang", help="The language of tables, messages and help: ar (the default) or en; also "
                       "RIWAYA_LANG. Anywhere on the line; JSON stays English.")] = None,
    bidi: Annotated[Bidi | None, typer.Option(
        "--bidi", help="How Arabic and English mixed in a line reach the terminal: logical (for "
                       "terminals that lay out bidi text themselves, and for files and pipes), visual "
                       "(laid out here, for terminals that do not, such as xterm), or auto (the "
                       "default: visual only on a terminal not known to do bidi; VTE 0.57.3+, "
                       "Konsole, mlterm, mintty and macOS Terminal do); also RIWAYA_BIDI. Anywhere on "
                       "the line.")] = None,
) -> None:
    """riwaya: check Arabic news against its sources."""


# Options that hold for the whole run and may be given anywhere on the line (`riwaya check a.txt
# --lang en` as well as `riwaya --lang en check a.txt`): read before Click parses the line, since
# the help it prints is already in the language asked for. name → (environment variable, values)
GLOBAL_OPTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "--lang": ("RIWAYA_LANG", i18n.LANGUAGES),
    "--bidi": ("RIWAYA_BIDI", tuple(Bidi)),
}


def _global_options(argv: list[str]) -> tuple[list[str], dict[str, str]]:
    """``argv`` without the global options, and their values (from the line, else the
    environment); a value not in the list is a user error."""
    rest, given = [], {}
    words = iter(argv)
    for word in words:
        name, eq, value = word.partition("=")
        if name not in GLOBAL_OPTIONS:
            rest.append(word)
            continue
        given[name] = value if eq else next(words, "")
    found = {}
    for name, (variable, values) in GLOBAL_OPTIONS.items():
        value = given.get(name) or os.environ.get(variable, "")
        if name == "--lang" and name not in given:
            value = i18n.language_of(value) or ""  # a locale such as ar_SA.UTF-8 in the variable
        if value and value not in values:
            where = name if name in given else variable
            raise RiwayaError(_("{option} takes one of {values}, got {value!r}").format(
                option=where, values=", ".join(values), value=value))
        if value:
            found[name] = value
    return rest, found


def _commands(command: typer.core.TyperGroup | typer.core.TyperCommand) -> Iterator[Any]:
    """``command`` and every command under it."""
    yield command
    for sub in getattr(command, "commands", {}).values():
        yield from _commands(sub)


def _help_fields(command: typer.core.TyperGroup | typer.core.TyperCommand) -> Iterator[tuple[Any, str]]:
    """Every (object, attribute) of ``command``'s tree that holds help text: each command's own
    help and short help, and its options' and arguments' help."""
    for each in _commands(command):
        for param in each.params:
            if getattr(param, "help", None):
                yield param, "help"
        for attribute in ("help", "short_help"):
            if getattr(each, attribute):
                yield each, attribute


def babel_extract(fileobj: IO[bytes], keywords: Any, comment_tags: Any,
                  options: dict[str, Any]) -> Iterator[tuple[int, str, str, list[str]]]:
    """pybabel's extraction method for this file (babel.cfg): its ``_()`` messages, and the help
    of every command and option, which Click builds from docstrings and ``help=``."""
    from babel.messages.extract import extract_python

    yield from extract_python(fileobj, keywords, comment_tags, options)
    for text in dict.fromkeys(getattr(o, a) for o, a in _help_fields(typer.main.get_command(app))):
        yield 0, "_", text, ["help"]


# Typer's own words in the help it prints (typer.rich_utils reads them when it prints), and the
# help of the --help option Click adds to every command: marked here for the catalogs.
TYPER_WORDS = {
    "ARGUMENTS_PANEL_TITLE": N_("Arguments"),
    "OPTIONS_PANEL_TITLE": N_("Options"),
    "COMMANDS_PANEL_TITLE": N_("Commands"),
    "DEFAULT_STRING": N_("[default: {}]"),
    "ENVVAR_STRING": N_("[env var: {}]"),
    "REQUIRED_LONG_STRING": N_("[required]"),
}
HELP_OPTION = N_("Show this message and exit.")


# Output for programs: its values (an unreadable file's reason, a warning) stay English, the
# contract's language, whatever --lang says; tables and pages for people follow --lang.
MACHINE_FORMATS = {"json", "jsonl", "csv", "claimreview"}


def _output_format(argv: list[str]) -> str | None:
    for i, word in enumerate(argv):
        if word in ("--format", "-f") and i + 1 < len(argv):
            return argv[i + 1]
        if word.startswith("--format="):
            return word.partition("=")[2]
    return None


def _translate_help(command: typer.core.TyperGroup | typer.core.TyperCommand) -> None:
    """The help of ``command``, its options and subcommands, in the current language."""
    for holder, attribute in _help_fields(command):
        setattr(holder, attribute, _(getattr(holder, attribute)))
    for each in _commands(command):
        help_option = each.get_help_option(typer.Context(each))
        if help_option is not None:
            help_option.help = _(HELP_OPTION)


def _parse_date(value: str | None, flag: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise RiwayaError(_("%(option)s takes a date as YYYY-MM-DD, got %(value)r")
                          % {"option": flag, "value": value}) from exc


def _read_one(path: str, allow_private: bool = False):  # type: ignore[no-untyped-def]
    """One document from ``path``: text in any encoding, or an HTML page, a PDF, an image of a
    statement (read as `riwaya ingest` reads them), or the page at an http(s) address."""
    from riwaya.read import read_text
    from riwaya.read.base import HTML_SUFFIXES, IMAGE_SUFFIXES, PDF_SUFFIXES, is_url, suffix_of

    if is_url(path):  # the fetcher's imports (http.client, ssl) only when there is one
        from riwaya.read.fetch import read_url

        return read_url(path, allow_private=allow_private)

    if path == "-" or suffix_of(path) not in HTML_SUFFIXES + PDF_SUFFIXES + IMAGE_SUFFIXES:
        return read_text(path)
    from riwaya.read import read_one

    return read_one(path)


def _open_output(output: str | None):  # type: ignore[no-untyped-def]
    try:
        return open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
    except OSError as exc:
        raise RiwayaError(_("%(path)s: cannot write (%(reason)s)")
                          % {"path": output, "reason": exc.strerror or exc}) from exc


def _console(out) -> Console:  # type: ignore[no-untyped-def]
    return Console(file=out, width=None if out.isatty() else 160)


@app.command()
def extract(
    file: Annotated[str, typer.Argument(help="A text file, an HTML page, a PDF or an image of a statement, "
                                             "or - for standard input.")],
    ref_date: Annotated[str | None, typer.Option(
        "--ref-date", help="Date that relative dates (اليوم, أمس, الأحد الماضي) count from, "
                           "YYYY-MM-DD.")] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.text,
    max_chars: Annotated[int, typer.Option(
        "--max-chars", min=1000, help="The most characters of text extract takes.")] = MAX_EXTRACT_CHARS,
) -> None:
    """Sentences, quantities and dates of an Arabic text, with character offsets."""
    from riwaya.extract import iter_extract

    ref = _parse_date(ref_date, "--ref-date")
    # read as check reads it: an HTML page's article, not its markup (offsets into that text,
    # which the JSON gives)
    source = _read_one(file)
    if len(source.text) > max_chars:
        raise RiwayaError(
            _("%(name)s: %(length)s characters, more than extract takes (--max-chars %(limit)s)")
            % {"name": source.name, "length": f"{len(source.text):,}", "limit": f"{max_chars:,}"})
    for warning in source.warnings:
        typer.echo(_("riwaya: warning: %(message)s") % {"message": warning}, err=True)
    chunks = iter_extract(source.text, ref)
    if fmt is Format.json:
        from riwaya.render.json import write_extraction

        write_extraction(sys.stdout, source.text, chunks)
        return
    if not source.text.strip():
        typer.echo(_("%(name)s: empty document, nothing to extract") % {"name": source.name})
        return
    _print_extraction(source.name, list(itertools.islice(chunks, 1)), chunks)


def _print_extraction(name: str, first: list[Any], rest: Iterator[Any],
                      console: Console | None = None) -> None:
    """The text format: one document's tables; a text of several chunks as each chunk's tables,
    printed as it is read (the tables of a whole long text were held to the end: 460 MB for
    40 MB of text), then the totals."""
    from riwaya.render.terminal import print_extraction, print_extraction_totals

    # Piped output is read by people too: don't squeeze tables into 80 columns.
    console = console or Console(width=None if sys.stdout.isatty() else 160)
    second = next(rest, None)
    if second is None:
        chunk = first[0] if first else None
        print_extraction(console, name, chunk.mentions if chunk else [], len(chunk.sentences) if chunk else 0)
        return
    totals: Counter[str] = Counter()
    for chunk in itertools.chain(first, [second], rest):
        end = chunk.sentences[-1]["end"] if chunk.sentences else chunk.start
        print_extraction(console, f"{name} [{chunk.start:,}–{end:,}]", chunk.mentions, len(chunk.sentences))
        totals["sentences"] += len(chunk.sentences)
        totals.update(m["kind"] for m in chunk.mentions)
    print_extraction_totals(console, name, totals)


# check, ingest and watch: what a web address may be (read/fetch.py); serve has its own words
ALLOW_PRIVATE_OPTION = typer.Option("--allow-private", help="Fetch http(s) addresses of private and local "
                                                            "networks too (refused by default).")


class CheckFormat(StrEnum):
    text = "text"
    json = "json"
    html = "html"


@app.command()
def check(
    report: Annotated[str, typer.Argument(help="The report: a file (text, HTML, PDF, image), an "
                                               "http(s) address, or - for standard input. It may carry "
                                               "its source after it.")],
    source: Annotated[list[str] | None, typer.Option(
        "--source", "-s", help="A source the report reports, a file or an http(s) address "
                               "(repeatable). Without it, the source is looked for after the report "
                               "in the same text.")] = None,
    ref_date: Annotated[str | None, typer.Option(
        "--ref-date", help="Publication date of the report, YYYY-MM-DD, for relative dates "
                           "(اليوم, أمس).")] = None,
    fmt: Annotated[CheckFormat, typer.Option("--format", "-f", help="Output format.")] = CheckFormat.text,
    output: Annotated[str | None, typer.Option("--output", "-o", help="Write to this file instead of "
                                                                      "standard output.")] = None,
    max_check_chars: Annotated[int, typer.Option("--max-check-chars", min=1000,
                                                 help="Longest report and sources, together, a check "
                                                      "takes, in characters.")] = MAX_CHECK_CHARS,
    allow_private: Annotated[bool, ALLOW_PRIVATE_OPTION] = False,
) -> None:
    """Check a report against its source: alignment, quotations, figures, dates, omissions."""
    from riwaya.check import check as run_check
    ref = _parse_date(ref_date, "--ref-date")
    report_doc = _read_one(report, allow_private)
    source_docs = [_read_one(path, allow_private) for path in source or []]
    length = sum(len(doc.text) for doc in [report_doc, *source_docs])
    if length > max_check_chars:
        raise RiwayaError(_("%(name)s: %(length)s characters of report and sources, more than the %(limit)s "
                            "a check takes (--max-check-chars)")
                          % {"name": report_doc.name, "length": f"{length:,}",
                             "limit": f"{max_check_chars:,}"})
    for doc in [report_doc, *source_docs]:
        for warning in doc.warnings:
            typer.echo(_("riwaya: warning: %(message)s") % {"message": warning}, err=True)
    result = run_check(report_doc.text, [d.text for d in source_docs] or None, ref_date=ref,
                       report_name=report_doc.name, source_names=[d.name for d in source_docs] or None)
    out = _open_output(output)
    try:
        if fmt is CheckFormat.json:
            from riwaya.render.json import dumps

            out.write(dumps(result) + "\n")
        elif fmt is CheckFormat.html:
            from riwaya.render.html import render_check

            out.write(render_check(result, title=f"riwaya check — {report_doc.name}"))
        else:
            from riwaya.render.terminal import print_check

            print_check(_console(out), report_doc.name, result)
    finally:
        if output:
            out.close()


DB_OPTION = typer.Option("--db", help="The riwaya database: a SQLite file, or a PostgreSQL address "
                                          "(postgresql://user@host/name).")


class Engine(StrEnum):
    local = "local"
    dask = "dask"


class ListFormat(StrEnum):
    text = "text"
    json = "json"
    csv = "csv"


class StoryFormat(StrEnum):
    text = "text"
    json = "json"
    csv = "csv"
    html = "html"


@app.command()
def ingest(
    paths: Annotated[list[str] | None, typer.Argument(
        help="Files, folders or glob patterns: txt, html, pdf, images, warc, jsonl, json, zip, Telegram "
             "exports; or http(s) addresses.")] = None,
    db: Annotated[str, DB_OPTION] = "riwaya.db",
    feed: Annotated[list[str] | None, typer.Option(
        "--feed", help="An RSS or Atom feed (an address or a file; repeatable): the articles its items "
                       "link that are not stored yet are fetched and read.")] = None,
    workers: Annotated[int | None, typer.Option(help="Worker processes for analysis (default: the "
                                                     "cores, up to 4).", min=1)] = None,
    max_mb: Annotated[float, typer.Option("--max-mb", help="Largest single document read, in MB.",
                                          min=0.001)] = 50,
    max_analyzed_chars: Annotated[int, typer.Option(
        "--max-analyzed-chars", min=1000,
        help="The characters of one document figures, names and dates are looked for in (all of it is "
             "searchable).")] = MAX_ANALYZED_CHARS,
    ocr_lang: Annotated[str, typer.Option(
        "--ocr-lang", help="Tesseract languages for images (ara; ara+eng lowers Arabic accuracy).")] = "ara",
    engine: Annotated[Engine, typer.Option(
        help="local: worker processes on this machine; dask: a Dask cluster (same results).")] = Engine.local,
    scheduler: Annotated[str | None, typer.Option(
        help="The Dask scheduler's address (tcp://host:8786) for --engine dask; without it, a cluster "
             "of --workers processes on this machine.")] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Summary format.")] = Format.text,
    allow_private: Annotated[bool, ALLOW_PRIVATE_OPTION] = False,
) -> None:
    """Read documents into the database: analyze, find copies, group stories."""
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from riwaya.corpus import ingest as run_ingest
    from riwaya.store import open_store

    if scheduler is not None and engine is not Engine.dask:
        raise RiwayaError(_("--scheduler is for --engine dask"))
    if not paths and not feed:
        raise RiwayaError(_("give the files, folders or addresses to read, or --feed"))
    with open_store(db) as store:
        store.writable()
        store.check_damage()  # before adding to a damaged file (the web app checks when it starts)
        polled = None
        if feed:
            from riwaya.corpus.feeds import poll

            polled = poll(store, feed, allow_private=allow_private)
        inputs = list(paths or []) + (polled.new if polled else [])
        err = Console(stderr=True)
        counts = {"added": 0, "already": 0, "unreadable": 0}
        with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(bar_width=None),
                      TimeElapsedColumn(), console=err, transient=True, disable=not err.is_terminal) as bar:
            options = {"max_bytes": int(max_mb * 1024 * 1024), "max_analyzed_chars": max_analyzed_chars,
                       "ocr_languages": ocr_lang, "progress": _ingest_progress(bar, counts)}
            if engine is Engine.dask:
                from riwaya.corpus.cluster import ingest_on_cluster

                report = ingest_on_cluster(inputs, store, scheduler=scheduler, workers=workers,
                                           allow_private=allow_private, **options)
            else:
                report = run_ingest(inputs, store, workers=workers, allow_private=allow_private, **options)
        if polled is not None:
            report.unreadable[:0] = polled.down  # a feed that is down, named with the reason
        summary = report.as_dict() | ({"feeds": polled.as_dict()} if polled is not None else {})
        if fmt is Format.json:
            from riwaya.render.json import dumps

            typer.echo(dumps({**summary, "database": store.path, "totals": store.counts()}))
        else:
            from riwaya.render.corpus import print_ingest

            print_ingest(_console(sys.stdout), summary, store.counts())
            if polled is not None:
                typer.echo(_feeds_line(polled))
    if report.read == 0 and report.unreadable and not (polled and polled.feeds):
        raise RiwayaError(_("nothing could be read (see the reasons above)"))


def _ingest_progress(bar: Any, counts: dict[str, int]) -> Callable[[str, object], None]:
    """What an ingest says as it goes, drawn on ``bar`` (counted in ``counts``)."""
    task = bar.add_task(_("reading"), total=None)

    def progress(kind: str, item: object) -> None:
        if kind == "waiting":
            bar.update(task, description=_("waiting for another ingest of this database to end…"))
            return
        if kind == "linking":
            done, total = item  # type: ignore[misc]
            said = _("finding copies: %(done)d of %(total)d blocks") % {"done": done, "total": total}
            bar.update(task, total=total, completed=done, description=said)
            return
        if kind == "settling":
            bar.update(task, description=_("placing the stories in the order of publication…"))
            return
        counts[kind] = counts.get(kind, 0) + 1
        bar.update(task, description=_("%(added)d added, %(already)d already stored, "
                                       "%(unreadable)d unreadable") % counts)

    return progress


def _feeds_line(polled: Any) -> str:
    return (_("feeds: %(feeds)d read, %(items)d items, %(new)d new, %(down)d down")
            % {"feeds": len(polled.feeds), "items": polled.listed, "new": len(polled.new),
               "down": len(polled.down)})


def _duration(text: str) -> float:
    """Seconds in «90», «30s», «15m», «1h»."""
    import re

    found = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smh]?)\s*", text)
    if not found or float(found[1]) <= 0:
        raise RiwayaError(_("--every takes a duration: 30s, 15m, 1h (got %(value)r)") % {"value": text})
    return float(found[1]) * {"": 1, "s": 1, "m": 60, "h": 3600}[found[2]]


@app.command()
def watch(
    feeds: Annotated[list[str], typer.Argument(help="RSS or Atom feeds: addresses or files.")],
    db: Annotated[str, DB_OPTION] = "riwaya.db",
    every: Annotated[str, typer.Option(help="Time between polls: 30s, 15m, 1h.")] = "15m",
    times: Annotated[int | None, typer.Option(
        min=1, help="Stop after this many polls (default: poll until stopped, Ctrl-C).")] = None,
    workers: Annotated[int | None, typer.Option(help="Worker processes for analysis (default: the "
                                                     "cores, up to 4).", min=1)] = None,
    allow_private: Annotated[bool, ALLOW_PRIVATE_OPTION] = False,
) -> None:
    """Poll feeds until stopped: the articles of new items are fetched, read and ingested."""
    import datetime as dt
    import time

    from riwaya.corpus import IngestReport
    from riwaya.corpus import ingest as run_ingest
    from riwaya.corpus.feeds import poll
    from riwaya.store import open_store

    interval = _duration(every)
    done = 0
    while times is None or done < times:
        started = time.monotonic()
        done += 1
        stamp = dt.datetime.now().strftime("%H:%M:%S")
        try:
            with open_store(db) as store:
                store.writable()
                polled = poll(store, feeds, allow_private=allow_private)
                report = (run_ingest(polled.new, store, workers=workers, allow_private=allow_private)
                          if polled.new else IngestReport())
        except RiwayaError as exc:  # the database busy or gone a moment: the next poll tries again
            typer.echo(_("%(time)s poll %(n)d: error: %(message)s")
                       % {"time": stamp, "n": done, "message": exc}, err=True)
        else:
            for down in polled.down:
                typer.echo(_("%(time)s %(feed)s is down: %(reason)s")
                           % {"time": stamp, "feed": down.name, "reason": down.reason}, err=True)
            for unread in report.unreadable:
                typer.echo(_("%(time)s %(name)s: %(reason)s")
                           % {"time": stamp, "name": unread.name, "reason": unread.reason}, err=True)
            typer.echo(_("%(time)s poll %(n)d: %(feeds)s; %(added)d added, %(already)d already stored, "
                         "%(unreadable)d unreadable")
                       % {"time": stamp, "n": done, "feeds": _feeds_line(polled), "added": report.added,
                          "already": report.already, "unreadable": len(report.unreadable)})
        if times is None or done < times:
            time.sleep(max(0.0, interval - (time.monotonic() - started)))


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words (any spelling: hamza, diacritics, ة/ه are "
                                              "ignored), or a \"phrase\".")],
    db: Annotated[str, DB_OPTION] = "riwaya.db",
    limit: Annotated[int, typer.Option(min=1, max=10_000, help="Most documents shown, best first.")] = 20,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.text,
) -> None:
    """Full-text search over the normalized Arabic of every document."""
    from riwaya.store import open_store

    hits = open_store(db, create=False).search(query, limit=limit)
    if fmt is Format.json:
        from riwaya.render.json import dumps

        typer.echo(dumps({"query": query, "documents": hits}))
        return
    from riwaya.render.corpus import print_search

    print_search(_console(sys.stdout), hits)


@app.command()
def stories(
    db: Annotated[str, DB_OPTION] = "riwaya.db",
    limit: Annotated[int, typer.Option(min=1, max=100_000, help="Most stories listed.")] = 50,
    since: Annotated[str | None, typer.Option(help="Only stories active on or after YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Only stories active on or before YYYY-MM-DD.")] = None,
    outlet: Annotated[str | None, typer.Option(help="Only stories with a document from this outlet.")] = None,
    query: Annotated[str | None, typer.Option("--query", "-q", help="Only stories with a document "
                                                                    "matching these words.")] = None,
    min_size: Annotated[int, typer.Option("--min-size", min=1, help="Only stories with at least this "
                                                                    "many documents.")] = 1,
    fmt: Annotated[ListFormat, typer.Option("--format", "-f", help="Output format.")] = ListFormat.text,
) -> None:
    """The stories in the database, largest first."""
    from riwaya.store import open_store

    for value, flag in ((since, "--since"), (until, "--until")):
        _parse_date(value, flag)
    found = open_store(db, create=False).stories(limit=limit, since=since, until=until, outlet=outlet,
                                                 query=query, min_size=min_size)
    if fmt is ListFormat.json:
        from riwaya.render.json import dumps

        typer.echo(dumps({"stories": found}))
    elif fmt is ListFormat.csv:
        from riwaya.render.corpus import to_csv

        sys.stdout.write(to_csv(found, ["id", "size", "outlets", "first_day", "last_day", "title"]))
    else:
        from riwaya.render.corpus import print_stories

        print_stories(_console(sys.stdout), found)


@app.command("story")
def story_command(
    story_id: Annotated[int, typer.Argument(min=1, max=MAX_ROW_ID,
                                            help="A story id (from `riwaya stories`).")],
    db: Annotated[str, DB_OPTION] = "riwaya.db",
    fmt: Annotated[StoryFormat, typer.Option("--format", "-f", help="Output format.")] = StoryFormat.text,
    output: Annotated[str | None, typer.Option("--output", "-o", help="Write to this file, not to "
                                                                      "standard output.")] = None,
) -> None:
    """One story: its documents (copies under their originals) and every outlet's figures."""
    from riwaya.corpus import story
    from riwaya.store import open_store

    found = story(open_store(db, create=False), story_id)
    out = _open_output(output)
    try:
        _write_story(out, found, fmt)
    finally:
        if output:
            out.close()


def _write_story(out, found: dict, fmt: StoryFormat) -> None:  # type: ignore[no-untyped-def]
    from riwaya.render import corpus as render

    if fmt is StoryFormat.json:
        from riwaya.render.json import dumps

        out.write(dumps(found) + "\n")
    elif fmt is StoryFormat.csv:
        out.write(render.to_csv(render.story_rows(found), render.CSV_COLUMNS))
    elif fmt is StoryFormat.html:
        out.write(render.story_html(found))
    else:
        render.print_story(_console(out), found)


@app.command()
def compare(
    files: Annotated[list[str], typer.Argument(help="Documents about the same events: txt, html, pdf, "
                                                    "images, warc, jsonl, json.")],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.text,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes for analysis.")] = 1,
) -> None:
    """Copies, stories and every outlet's figures for a set of documents, without a database."""
    from riwaya.corpus import compare as run_compare

    result = run_compare(files, workers=workers)
    for u in result["unreadable"]:
        typer.echo(_("riwaya: warning: %(message)s") % {"message": f"{u['name']}: {u['reason']}"}, err=True)
    if not result["documents"]:
        raise RiwayaError(_("no document could be read"))
    if fmt is Format.json:
        from riwaya.render.json import dumps

        typer.echo(dumps(result))
        return
    from riwaya.render.corpus import print_compare

    print_compare(_console(sys.stdout), result)


class ExportFormat(StrEnum):
    csv = "csv"
    json = "json"
    claimreview = "claimreview"
    parquet = "parquet"


@app.command()
def export(
    db: Annotated[str, DB_OPTION] = "riwaya.db",
    fmt: Annotated[ExportFormat, typer.Option(
        "--format", "-f", help="Figure tables (csv, json), reviews (claimreview), or every table as Parquet "
                               "files in the --output folder (parquet).")] = ExportFormat.csv,
    story_id: Annotated[list[int] | None, typer.Option("--story", min=1, max=MAX_ROW_ID,
                                                       help="Only this story (repeatable).")] = None,
    output: Annotated[str | None, typer.Option("--output", "-o", help="Write to this file, not to "
                                                                      "standard output.")] = None,
) -> None:
    """Every story's figure table (csv, json), the confirmed findings as ClaimReview JSON-LD, or the
    database's tables as Parquet (documents, sentences, mentions, claims, links, stories)."""
    from riwaya.render.corpus import export as run_export
    from riwaya.store import open_store

    if fmt is ExportFormat.parquet:
        from riwaya.render.parquet import write_parquet

        if not output:
            raise RiwayaError(_("--format parquet writes one file per table: give the folder with --output"))
        with open_store(db, create=False) as store:
            written = write_parquet(store, output, story_id or None)
        for table, rows in written.items():
            typer.echo(_("%(path)s: %(rows)s rows") % {"path": str(Path(output) / f"{table}.parquet"),
                                                       "rows": f"{rows:,}"})
        return
    text = run_export(open_store(db, create=False), fmt.value, story_id or None)
    out = _open_output(output)
    try:
        out.write(text)
    finally:
        if output:
            out.close()


@app.command("review")
def review_command(
    claim_id: Annotated[int, typer.Argument(min=1, max=MAX_ROW_ID,
                                            help="A claim id (the «claim» of a value in `riwaya story ID "
                                                 "--format json`).")],
    rating: Annotated[str, typer.Option(help="Your verdict: False, Misleading, Accurate…")],
    note: Annotated[str | None, typer.Option(help="Why: what the primary source says.")] = None,
    by: Annotated[str | None, typer.Option("--by", help="Who reviews (an organization).")] = None,
    url: Annotated[str | None, typer.Option(help="Where the review is published.")] = None,
    db: Annotated[str, DB_OPTION] = "riwaya.db",
) -> None:
    """Confirm a finding about one claim; `riwaya export --format claimreview` publishes it."""
    from riwaya.corpus import review
    from riwaya.store import open_store

    with open_store(db, create=False) as store:
        review_id = review(store, claim_id, rating, note=note, reviewer=by, url=url)
    typer.echo(_("review %(review)s recorded for claim %(claim)s") % {"review": review_id, "claim": claim_id})


LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")  # the names by which this machine alone is reached


@app.command()
def serve(
    host: Annotated[str, typer.Option(
        help="Address to listen on (127.0.0.1: this machine only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    db: Annotated[str, DB_OPTION] = "riwaya.db",
    create: Annotated[bool, typer.Option("--create", help="Serve a new, empty database when --db does "
                                                          "not exist yet.")] = False,
    token: Annotated[str | None, typer.Option(envvar="RIWAYA_TOKEN",
                                              help="Require this token (for a team server).")] = None,
    max_upload_mb: Annotated[float, typer.Option("--max-upload-mb", min=0.01,
                                                 help="Largest file a user may upload, in MB.")] = 10,
    max_check_chars: Annotated[int, typer.Option("--max-check-chars", min=1000,
                                                 help="Longest report and sources, together, one check "
                                                      "takes, in characters.")] = MAX_CHECK_CHARS,
    search_time_limit_ms: Annotated[int, typer.Option(
        "--search-time-limit-ms", min=10, help="Longest time one search may run before it is stopped with "
                                               "a message, in milliseconds.")] = 5000,
    rate_limit: Annotated[int, typer.Option(
        "--rate-limit", min=0, help="Checks, extractions and uploads one address may send per minute "
                                    "(0: no limit).")] = 30,
    allow_private: Annotated[bool, typer.Option(
        "--allow-private", help="Let the check form fetch addresses of private and local networks "
                                "(refused by default: the server must not be a way into its network).")
    ] = False,
) -> None:
    """The web app: check a report in the browser, browse stories and their figure tables."""
    import uvicorn

    from riwaya.store import is_postgres_url, refuse_a_foreign_file
    from riwaya.web import create_app

    if not is_postgres_url(db):  # a PostgreSQL database is looked at by create_app
        if not create and not Path(db).exists():
            # a typo in --db would otherwise serve a new, empty database as if it were the corpus
            raise RiwayaError(_("%(db)s: no such database (fill one with `riwaya ingest`, or give --create "
                                "to serve a new, empty one)") % {"db": db})
        refuse_a_foreign_file(db)
    listening = _listen(host, port)  # before anything is created or said: the port may be taken
    local = host in LOCAL_HOSTS
    if not local and not token:
        typer.echo(_("riwaya: warning: %(message)s")
                   % {"message": _("listening beyond this machine without --token")}, err=True)
    try:
        # on this machine, only this machine's names: a page on another site can make a browser
        # resolve its own name to 127.0.0.1 (DNS rebinding) but not send our Host
        app = create_app(db, create=create, token=token, max_upload_mb=max_upload_mb,
                         max_check_chars=max_check_chars,
                         search_time_limit_ms=search_time_limit_ms, rate_limit=rate_limit or None,
                         allowed_hosts=list(LOCAL_HOSTS) if local else None, allow_private=allow_private)
    except BaseException:
        listening.close()
        raise
    if app.state.site.store.read_only:
        typer.echo(_("riwaya: warning: %(message)s")
                   % {"message": _("%(db)s cannot be written: pages and search work; checks, reviews and "
                                   "uploads are refused") % {"db": app.state.site.store.path}}, err=True)
    shown = f"[{host}]" if ":" in host else host
    serving = _("riwaya: serving %(url)s over %(db)s") % {"url": f"http://{shown}:{port}/",
                                                           "db": app.state.site.store.path}
    typer.echo(serving + (" " + _("(token required)") if token else "") + " — " + _("Ctrl+C to stop"),
               err=True)
    uvicorn.Server(uvicorn.Config(app, log_level="warning")).run(sockets=[listening])


def _listen(host: str, port: int) -> socket.socket:
    """A socket bound and listening on ``host``:``port``, or one clear line why not."""
    import errno
    import socket  # here: 14 ms that no other command needs

    try:
        family, kind, proto, _canonical, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                                             flags=socket.AI_PASSIVE)[0]
    except socket.gaierror as exc:
        raise RiwayaError(_("--host %(host)s: not an address of this machine (%(reason)s)")
                          % {"host": host, "reason": exc.strerror}) from exc
    listening = socket.socket(family, kind, proto)
    try:
        listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listening.bind(address)
        listening.listen(2048)
    except OSError as exc:
        listening.close()
        if exc.errno == errno.EADDRINUSE:
            raise RiwayaError(_("port %(port)d on %(host)s is in use by another program (give --port "
                                "another)") % {"port": port, "host": host}) from exc
        raise RiwayaError(_("cannot listen on %(host)s:%(port)d (%(reason)s)")
                          % {"host": host, "port": port, "reason": exc.strerror}) from exc
    return listening


def main() -> None:
    try:
        argv, options = _global_options(sys.argv[1:])
        i18n.use(options.get("--lang", i18n.DEFAULT))
        if _output_format(argv) in MACHINE_FORMATS and "--help" not in argv:
            i18n.use("en")
        if "--bidi" in options:  # read where text is drawn (render/bidi_text.py), as if set outside
            os.environ["RIWAYA_BIDI"] = options["--bidi"]
        command = typer.main.get_command(app)
        if i18n.current() != "en":
            _translate_help(command)
        if "--help" in argv or not argv:
            from typer import rich_utils

            # module state: set on every run (in English too), so one run's language never stays
            for name, text in TYPER_WORDS.items():
                setattr(rich_utils, name, _(text))
        result = command.main(argv, prog_name="riwaya", standalone_mode=False)
        sys.exit(result if isinstance(result, int) else 0)
    except RiwayaError as exc:
        typer.echo(_("riwaya: error: %(message)s") % {"message": exc}, err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        typer.echo(_("riwaya: interrupted"), err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(1)
    except Exception as exc:
        # a database damaged mid-file is found by the first query that reads the damage; sqlite3
        # is looked up, not imported: 6 ms of every start, and only a command that imported it
        # can raise its errors
        sqlite3 = sys.modules.get("sqlite3")
        if sqlite3 is not None and isinstance(exc, sqlite3.DatabaseError):
            typer.echo(_("riwaya: error: %(message)s") % {"message": damaged_database(exc)}, err=True)
            sys.exit(1)
        # PostgreSQL's server gone or refusing mid-command (--db postgresql://…): its words, one line
        psycopg = sys.modules.get("psycopg")
        if psycopg is not None and isinstance(exc, psycopg.Error):
            typer.echo(_("riwaya: error: %(message)s") % {"message": database_server_error(exc)}, err=True)
            sys.exit(1)
        # Click's exceptions (Typer vendors Click in recent releases, so match by shape):
        # usage errors become one line, not a framed panel; Exit carries --help's exit code.
        code = getattr(exc, "exit_code", None)
        if hasattr(exc, "format_message"):
            typer.echo(_("riwaya: error: %(message)s") % {"message": exc.format_message()}, err=True)
            sys.exit(2 if code is None else code)
        if code is not None:
            sys.exit(code)
        if type(exc).__name__ == "Abort":
            typer.echo(_("riwaya: interrupted"), err=True)
            sys.exit(130)
        raise


def run() -> None:
    """``riwaya`` as a process of its own (the console script, ``python -m riwaya``): ``main``
    with the cyclic garbage collector set for a command line, not a test process or a library."""
    # Start-up makes hundreds of thousands of objects (modules, lexicons, automata) and few
    # cycles: at Python's default of a collection every 700 allocations, the collector walked
    # them again and again, a tenth of a short `riwaya check`. Batch commands keep collecting.
    gc.set_threshold(20_000, 50, 100)
    try:
        main()
    finally:
        # The interpreter's last collection at exit would walk every object still alive only to
        # free them with the process: another tenth of a short check.
        gc.freeze()
