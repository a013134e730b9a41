"""The `riwaya` command line."""

from __future__ import annotations

import datetime as dt
import sys
from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console

from riwaya import __version__
from riwaya.errors import RiwayaError

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


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """riwaya: check Arabic news against its sources."""


def _parse_date(value: str | None, flag: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise RiwayaError(f"{flag} takes a date as YYYY-MM-DD, got {value!r}") from exc


@app.command()
def extract(
    file: Annotated[str, typer.Argument(help="A text file, or - for standard input.")],
    ref_date: Annotated[str | None, typer.Option(
        "--ref-date", help="Date that relative dates (اليوم, أمس, الأحد الماضي) count from, "
                           "YYYY-MM-DD.")] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.text,
) -> None:
    """Sentences, quantities and dates of an Arabic text, with character offsets."""
    from riwaya.extract import iter_extract
    from riwaya.read import read_text

    ref = _parse_date(ref_date, "--ref-date")
    source = read_text(file)
    for warning in source.warnings:
        typer.echo(f"riwaya: warning: {warning}", err=True)
    chunks = iter_extract(source.text, ref)
    if fmt is Format.json:
        from riwaya.render.json import write_extraction

        write_extraction(sys.stdout, source.text, chunks)
        return
    from riwaya.render.terminal import print_extraction

    # Piped output is read by people too: don't squeeze tables into 80 columns.
    console = Console(width=None if sys.stdout.isatty() else 160)
    mentions = []
    sentence_count = 0
    for chunk in chunks:
        mentions.extend(chunk.mentions)
        sentence_count += len(chunk.sentences)
    if not source.text.strip():
        typer.echo(f"{source.name}: empty document, nothing to extract")
        return
    print_extraction(console, source.name, mentions, sentence_count)


class CheckFormat(StrEnum):
    text = "text"
    json = "json"
    html = "html"


@app.command()
def check(
    report: Annotated[str, typer.Argument(help="The report: a text file, or - for standard input. "
                                               "It may carry its source after it.")],
    source: Annotated[list[str] | None, typer.Option(
        "--source", "-s", help="A source the report reports (repeatable). Without it, the source "
                               "is looked for after the report in the same text.")] = None,
    ref_date: Annotated[str | None, typer.Option(
        "--ref-date", help="Publication date of the report, YYYY-MM-DD, for relative dates "
                           "(اليوم, أمس).")] = None,
    fmt: Annotated[CheckFormat, typer.Option("--format", "-f", help="Output format.")] = CheckFormat.text,
    output: Annotated[str | None, typer.Option("--output", "-o", help="Write to this file instead of "
                                                                      "standard output.")] = None,
) -> None:
    """Check a report against its source: alignment, quotations, figures, dates, omissions."""
    from riwaya.check import check as run_check
    from riwaya.read import read_text

    ref = _parse_date(ref_date, "--ref-date")
    report_doc = read_text(report)
    source_docs = [read_text(path) for path in source or []]
    for doc in [report_doc, *source_docs]:
        for warning in doc.warnings:
            typer.echo(f"riwaya: warning: {warning}", err=True)
    result = run_check(report_doc.text, [d.text for d in source_docs] or None, ref_date=ref,
                       report_name=report_doc.name, source_names=[d.name for d in source_docs] or None)
    try:
        out = open(output, "w", encoding="utf-8") if output else sys.stdout
    except OSError as exc:
        raise RiwayaError(f"{output}: cannot write ({exc.strerror or exc})") from exc
    try:
        if fmt is CheckFormat.json:
            from riwaya.render.json import dumps

            out.write(dumps(result) + "\n")
        elif fmt is CheckFormat.html:
            from riwaya.render.html import render_check

            out.write(render_check(result, title=f"riwaya check — {report_doc.name}"))
        else:
            from riwaya.render.terminal import print_check

            console = Console(file=out, width=None if out.isatty() else 160)
            print_check(console, report_doc.name, result)
    finally:
        if output:
            out.close()


def main() -> None:
    try:
        result = app(standalone_mode=False)
        sys.exit(result if isinstance(result, int) else 0)
    except RiwayaError as exc:
        typer.echo(f"riwaya: error: {exc}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        typer.echo("riwaya: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(1)
    except Exception as exc:
        # Click's exceptions (Typer vendors Click in recent releases, so match by shape):
        # usage errors become one line, not a framed panel; Exit carries --help's exit code.
        code = getattr(exc, "exit_code", None)
        if hasattr(exc, "format_message"):
            typer.echo(f"riwaya: error: {exc.format_message()}", err=True)
            sys.exit(2 if code is None else code)
        if code is not None:
            sys.exit(code)
        if type(exc).__name__ == "Abort":
            typer.echo("riwaya: interrupted", err=True)
            sys.exit(130)
        raise
