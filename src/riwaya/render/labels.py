"""The codes of riwaya's JSON (verdicts, statuses, kinds, units, events) as a person reads them,
in the interface's language: ``label("not_found", "quote")`` → «not found in the source», or its
Arabic. The codes themselves stay the contract; only what is shown is translated.

The English labels are render/labels.yaml, plus the ids of the units and events of the lexicon;
`babel_extract` hands them all to pybabel (babel.cfg), with the section as gettext context, so a
code the catalogs lack fails tests/test_i18n.py rather than showing English on an Arabic page.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from riwaya.compiled import compiled
from riwaya.i18n import pgettext

LABELS = Path(__file__).with_name("labels.yaml")


@compiled  # YAML parsed once, not on each start of the CLI (90 ms of `riwaya check`)
def labels() -> dict[str, dict[str, str]]:
    """context → code → English label."""
    import yaml

    from riwaya.lexicon import load_yaml

    found: dict[str, dict[str, str]] = yaml.safe_load(LABELS.read_text(encoding="utf-8"))
    units, events = load_yaml("units.yaml"), load_yaml("events.yaml")
    found["unit"] = {u["id"]: u["id"].replace("_", " ") for u in units}
    found["event"] = {e: e.replace("_", " ") for e in events}
    return found


def label(code: str | None, context: str) -> str:
    """``code`` of ``context`` as people read it; a code without a label is shown as it is."""
    if not code:
        return "—"
    english = labels().get(context, {}).get(code)
    return pgettext(context, english) if english else code


def babel_extract(fileobj: IO[bytes], keywords: Any, comment_tags: Any,
                  options: dict[str, Any]) -> Iterator[tuple[int, str, tuple[str, str], list[str]]]:
    """pybabel's extraction method for labels.yaml: every label, as pgettext(context, label)."""
    for context, codes in labels().items():
        for code, english in codes.items():
            yield 0, "pgettext", (context, english), [f"code: {code}"]
