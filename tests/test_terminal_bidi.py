"""Mixed-direction text in the terminal (issue 15), in both bidi modes and both languages.

Logical mode (bidi terminals, files, pipes): every document fragment inside an isolate, lines in
reading order. Visual mode (terminals without bidi): no controls, each displayed line laid out by
the bidi algorithm after it was wrapped — a known cell equals python-bidi's layout of its text,
every table line keeps its borders where the others have them, and a cell wrapped over several
lines reads top to bottom.
"""

from __future__ import annotations

import io
import os
import re
import unicodedata
from pathlib import Path

import arabic_reshaper
import pytest
from bidi import get_display
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from riwaya import i18n
from riwaya.render import quote_changes
from riwaya.render.bidi_text import (
    CONTROLS,
    LRI,
    LRM,
    PDI,
    RLI,
    balanced,
    mode_of,
    resolve,
    say,
    showing,
    terminal_does_bidi,
    visual,
    visual_order,
)
from tests.cli import run_riwaya

EXAMPLE = Path(__file__).parents[1] / "examples" / "report_and_statement.txt"
FSI = "\u2068"
INITIATORS = (FSI, LRI, RLI)
BOX_VERTICALS = "│┃"
ARABIC = re.compile("[\u0621-\u064a\ufe70-\ufefc]")
ARABIC_WORD = re.compile("[\u0621-\u064a]+")
# the report's first sentence, wrapped over several lines in the sentence table
FIRST_SENTENCE = EXAMPLE.read_text(encoding="utf-8").split("\n")[0]
RESHAPER = arabic_reshaper.ArabicReshaper({"ARABIC LIGATURE ALLAH": False})


def _run(*args: str, lang: str, bidi: str) -> str:
    with i18n.speaking(i18n.current()):  # the run sets the language: not for the tests after it
        ran = run_riwaya(*args, "--lang", lang, "--bidi", bidi, text=True, check=True)
    return str(ran.stdout)


def _check(lang: str, bidi: str) -> str:
    return _run("check", str(EXAMPLE), "--ref-date", "2019-03-12", lang=lang, bidi=bidi)


def _extract(lang: str, bidi: str) -> str:
    return _run("extract", str(EXAMPLE), "--ref-date", "2019-03-12", lang=lang, bidi=bidi)


def _catalog_words(lang: str) -> set[str]:
    """The Arabic words of the interface's own messages, which stand outside isolates."""
    catalog = getattr(i18n.translations(lang), "_catalog", {})
    return {w for message in catalog.values() if isinstance(message, str) for w in ARABIC_WORD.findall(message)}


def _outside_isolates(line: str) -> str:
    out, depth = [], 0
    for ch in line:
        if ch in INITIATORS:
            depth += 1
        elif ch == PDI:
            depth -= 1
            assert depth >= 0, f"a PDI closes nothing: {line!r}"
        elif depth == 0:
            out.append(ch)
    assert depth == 0, f"an isolate left open at the end of the line: {line!r}"
    return "".join(out)


def _table_lines(out: str, *, controls: bool = False) -> list[list[str]]:
    """Each table of the output as its lines (border to border), its bidi controls taken out (or
    kept: ``controls``)."""
    tables: list[list[str]] = []
    current: list[str] = []
    for line in out.split("\n"):
        shown = "".join(ch for ch in line if ch not in CONTROLS)
        if shown[:1] in "┏┃┡│├└" and shown:
            current.append(line if controls else shown)
            continue
        if current:
            tables.append(current)
            current = []
    return tables + ([current] if current else [])


def _cells(line: str) -> list[str]:
    return re.split(f"[{BOX_VERTICALS}]", line)[1:-1]


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("command", [_check, _extract])
def test_logical_mode_isolates_every_fragment_and_keeps_reading_order(command, lang):
    out = command(lang, "logical")
    allowed = _catalog_words(lang)
    for line in out.split("\n"):
        outside = _outside_isolates(line)  # balanced on every line
        stray = set(ARABIC_WORD.findall(outside)) - allowed
        assert not stray, f"Arabic outside an isolate: {stray} in {line!r}"
    for table in _table_lines(out, controls=True):
        for line in table:
            for cell in _cells(line):
                shown = cell.strip(" ")
                assert not shown or (shown[0] in INITIATORS and shown[-1] == PDI), (cell, line)
    # every table line said left to right, for terminals that guess a line's direction
    assert all(line.startswith(LRM) for table in _table_lines(out, controls=True) for line in table)
    # reading order: the document's words as they were written, never reversed
    assert "\u2068أكثر من 350 عائلة\u2069" in out
    # («قال» of the example's quotations, never «لاق» alone: «الاقتباسات» holds those letters)
    assert not re.search(r"\bلاق\b", out) and "ﻋ" not in out  # no reversed word, no presentation form
    assert not set(out) & set("\u202a\u202b\u202c\u202d\u202e")  # isolates, never embeddings


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("command", [_check, _extract])
def test_visual_mode_lays_out_lines_and_keeps_columns(command, lang):
    out = command(lang, "visual")
    assert not set(out) & CONTROLS
    tables = _table_lines(out)
    assert len(tables) >= 3
    for table in tables:
        widths = {cell_len(line) for line in table}
        assert len(widths) == 1, f"table lines of different widths: {widths}"
        borders = {tuple(k for k, ch in enumerate(_cells_positions(line)) if ch in BOX_VERTICALS)
                   for line in table if line[0] in BOX_VERTICALS}
        assert len(borders) == 1, "a column border out of place"
    # a cell as python-bidi lays out its text: «27 حافلة» is «ﺔﻠﻓﺎﺣ 27» on the screen
    known = get_display(RESHAPER.reshape("27 حافلة"), base_dir="R")
    assert known == "ﺔﻠﻓﺎﺣ 27" and f" {known} " in out
    assert "27 حافلة" not in out


def _cells_positions(line: str) -> list[str]:
    """The characters of ``line`` by the screen cell they start at."""
    out: list[str] = []
    for ch in line:
        out.append(ch)
        out.extend([""] * (cell_len(ch) - 1))
    return out


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_wrapped_cell_reads_top_to_bottom_in_visual_mode(lang):
    out = _check(lang, "visual")
    sentences = _table_lines(out)[0]  # the first table: the report's sentences
    header = next(k for k, line in enumerate(sentences) if line.startswith("┡"))
    row = []
    for line in sentences[header + 1:]:
        if line.startswith("├"):
            break
        row.append(line)
    column = 3 if lang == "en" else 1  # #, verdict, score, report, source; right to left in Arabic
    lines = [_cells(line)[column].strip() for line in row]
    lines = [line for line in lines if line]
    assert len(lines) >= 3, "the first sentence is wrapped over several lines"
    # each line laid out on its own: laid out again, each gives back its part of the sentence,
    # and the parts, top to bottom, are the sentence
    logical = " ".join(get_display(line, base_dir="R") for line in lines)
    assert logical.split() == RESHAPER.reshape(FIRST_SENTENCE).split()
    # and each starts on the right of its cell, as an Arabic line does
    filled = [_cells(line)[column] for line in row if _cells(line)[column].strip()]
    assert all(cell.endswith(f"{text} ") for cell, text in zip(filled, lines, strict=True))


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_an_edit_reads_old_then_new_in_the_lines_direction(lang):
    edits = {"substitutions": [{"source": "داخل", "report": "في"}], "spelling": [{"source": "350", "report":
                                                                                "ثلاثمئة وخمسين"}]}
    with i18n.speaking(lang):
        changes = quote_changes(edits)
    arrow = "→" if lang == "en" else "←"
    assert changes[0] == f"{FSI}داخل{PDI} {arrow} {FSI}في{PDI}"
    assert changes[1].endswith(f"{FSI}350{PDI} {arrow} {FSI}ثلاثمئة وخمسين{PDI}")
    # on a terminal without bidi, an Arabic line is read from the right: the source's word first
    # (rightmost), then the arrow pointing on to the report's word
    out = _check(lang, "visual")
    old, new = (get_display(RESHAPER.reshape(w), base_dir="R") for w in ("داخل", "في"))
    shown = f"{old} → {new}" if lang == "en" else f"{new} ← {old}"
    assert shown in out


def test_the_arabic_interface_lays_tables_out_right_to_left():
    # the figure «27 حافلة» against «سبع وعشرون حافلة»: verdict, report, source in English; the
    # other way round in Arabic, the documents' cells the same in both
    bus = get_display(RESHAPER.reshape("27 حافلة"), base_dir="R")
    rows = {lang: [c.strip() for c in _cells(next(line for line in _check(lang, "visual").split("\n")
                                                     if f" {bus} " in line and "ﺔﻠﻓﺎﺣ ﻥﻭﺮﺸﻋﻭ" in line))]
            for lang in ("en", "ar")}
    assert len(rows["en"]) == len(rows["ar"]) == 3
    assert rows["ar"][:2] == rows["en"][1:][::-1] and rows["en"][0] == "agrees"


def test_a_line_is_reordered_with_its_brackets_mirrored_and_its_styles():
    line = Text("قال (المرصد) 40 مدنياً")
    line.stylize("bold", 5, 11)  # «المرصد»
    shown = visual(line, rtl=True)
    # python-bidi reorders but does not mirror: «)» and «(» stay as they are there
    assert get_display(line.plain, base_dir="R") == "ًايندم 40 )دصرملا( لاق"
    assert shown.plain == "ًايندم 40 (دصرملا) لاق"
    start = shown.plain.index("دصرملا")
    assert [(s.start, s.end, str(s.style)) for s in shown.spans] == [(start, start + 6, "bold")]


def test_the_order_is_python_bidis_where_nothing_is_mirrored():
    for text, rtl in [("أعلنت الهيئة خروج 1,350 شخصاً على متن 27 حافلة.", True),
                      ("issuer \u2068هيئة الدفاع المدني\u2069 · reference \u2068دع / 852\u2069", False),
                      ("\u2068136–151\u2069 ثم \u2068أمس\u2069 عند 12:30", True)]:
        order, _ = visual_order(text, rtl)
        expected = get_display(text, base_dir="R" if rtl else "L")
        assert "".join(text[i] for i in order) == expected


def test_a_span_in_an_arabic_line_keeps_its_order_only_when_isolated():
    bare = visual(Text("الجملة 136–151"), rtl=True).plain
    isolated = visual(Text("الجملة \u2068136–151\u2069"), rtl=True).plain
    assert "151–136" in bare and "136–151" in isolated and not set(isolated) & CONTROLS


def test_isolates_are_closed_and_reopened_where_a_line_is_wrapped():
    lines = balanced([Text(f"according to {FSI}لجان"), Text(f"المقاومة{PDI}) and {RLI}x"), Text(f"y{PDI}")])
    assert [line.plain for line in lines] == [f"according to {FSI}لجان{PDI}", f"{FSI}المقاومة{PDI}) and {RLI}x{PDI}",
                                              f"{RLI}y{PDI}"]


@pytest.mark.parametrize(("environ", "expected"), [
    ({}, "visual"),
    ({"TERM": "xterm-256color"}, "visual"),
    ({"VTE_VERSION": "5602"}, "visual"),  # VTE before its bidi
    ({"VTE_VERSION": "5703"}, "logical"),  # VTE 0.57.3: GNOME Terminal 3.33.3
    ({"VTE_VERSION": "7600"}, "logical"),
    ({"KONSOLE_VERSION": "230805"}, "logical"),
    ({"MLTERM": "3.9.3"}, "logical"),
    ({"TERM_PROGRAM": "mintty"}, "logical"),
    ({"TERM_PROGRAM": "Apple_Terminal"}, "logical"),
    ({"TERM_PROGRAM": "WezTerm"}, "visual"),
])
def test_auto_is_visual_only_on_a_terminal_not_known_to_do_bidi(environ, expected):
    assert resolve("auto", True, environ) == expected
    assert terminal_does_bidi(environ) is (expected == "logical")
    assert resolve("auto", False, environ) == "logical"  # a file or a pipe
    assert resolve("visual", False, environ) == "visual" and resolve("logical", True, environ) == "logical"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_mode_follows_the_consoles_file_and_the_environment(monkeypatch):
    for name in ("VTE_VERSION", "KONSOLE_VERSION", "MLTERM", "TERM_PROGRAM", "RIWAYA_BIDI", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    tty, pipe = Console(file=_Terminal()), Console(file=io.StringIO())
    assert (mode_of(tty), mode_of(pipe)) == ("visual", "logical")
    monkeypatch.setenv("FORCE_COLOR", "1")  # Rich colours the pipe; it is still read logically
    assert mode_of(pipe) == "logical"
    monkeypatch.setenv("VTE_VERSION", "7600")
    assert mode_of(tty) == "logical"
    monkeypatch.setenv("RIWAYA_BIDI", "visual")
    assert (mode_of(tty), mode_of(pipe)) == ("visual", "visual")
    with showing("logical"):
        assert mode_of(tty) == "logical"


def test_riwaya_bidi_in_the_environment_and_a_wrong_value():
    with i18n.speaking(i18n.current()):
        env_run = run_riwaya("extract", str(EXAMPLE), text=True, check=True,
                             env={**os.environ, "RIWAYA_BIDI": "visual"})
        wrong = run_riwaya("--bidi", "sideways", "extract", str(EXAMPLE), text=True)
    assert not set(str(env_run.stdout)) & CONTROLS and "ﺔﻠﻓﺎﺣ 27" in str(env_run.stdout)
    assert wrong.returncode != 0 and "--bidi" in str(wrong.stderr)


def test_visual_lines_carry_no_combining_mark_before_its_letter():
    # harakat would land on the wrong letter once reversed: reshaping drops them
    with showing("visual"):
        console = Console(file=io.StringIO(), width=80, color_system=None)
        say(console, "الْمُهَجَّرِين")
    shown = console.file.getvalue()
    assert ARABIC.search(shown) and not any(unicodedata.combining(ch) for ch in shown)


def test_a_documents_own_override_is_shown_not_obeyed_in_a_table(tmp_path):
    report = tmp_path / "r.txt"
    report.write_text("قال الناطق: «قتل 12 مدنياً \u202eفي القصف\u202c على السوق».\n", encoding="utf-8")
    for mode in ("logical", "visual"):
        out = run_riwaya("extract", str(report), "--bidi", mode, text=True).stdout
        assert "\u202e" not in out and "\u202c" not in out and "⟦U+202E⟧" in out, mode
