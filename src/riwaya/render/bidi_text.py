"""Mixed-direction text in the terminal (issue 15): Arabic documents inside English labels,
numbers, spans and names inside Arabic ones, and tables of both.

Two ways to show it (``riwaya --bidi``):

- **logical**: the text in reading order, each fragment whose direction may differ from its line
  in an isolate (FSI … PDI; LRI or RLI … PDI where the direction is known), so a terminal that
  runs the Unicode bidi algorithm itself, or a text viewer, shows each fragment whole and in
  place. Files and pipes always get this.
- **visual**: for terminals that put characters on the screen left to right as they come
  (xterm, kitty, Alacritty, Windows Terminal…): each line *as displayed* — a table cell's line
  once wrapped to its column, a message's line once wrapped to the console — is laid out by the
  bidi algorithm (python-bidi) in the interface's direction, its brackets mirrored, its Arabic
  letters joined (arabic-reshaper, since those terminals do not join them either), and the
  isolates taken out.

Table lines stay left to right in both modes (borders and columns where they are); in Arabic,
columns are laid right to left, so a table reads from its right edge.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from rich.console import Console, ConsoleOptions, RenderResult
from rich.markup import escape
from rich.measure import Measurement
from rich.segment import Segment
from rich.table import Table
from rich.text import Span, Text

from riwaya import i18n
from riwaya.render import FSI, PDI, isolate
from riwaya.render.safe import show

if TYPE_CHECKING:
    from rich.style import StyleType

LRI, RLI = "\u2066", "\u2067"
LRM, RLM = "\u200e", "\u200f"
_INITIATORS = (FSI, LRI, RLI)
# every bidi formatting character: a terminal without bidi support shows them as boxes or not at
# all, so visual lines go out without them
CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

CHOICES = ("auto", "logical", "visual")
# the choice: RIWAYA_BIDI (which `riwaya --bidi` sets for its run), unless a block says otherwise
_chosen: ContextVar[str | None] = ContextVar("riwaya_bidi", default=None)


def chosen() -> str:
    """How text is to be shown: auto, logical or visual."""
    choice = _chosen.get() or os.environ.get("RIWAYA_BIDI", "auto")
    return choice if choice in CHOICES else "auto"


@contextmanager
def showing(choice: str) -> Iterator[None]:
    """Show text this way (auto, logical or visual) inside the block, whatever RIWAYA_BIDI says."""
    token = _chosen.set(choice if choice in CHOICES else "auto")
    try:
        yield
    finally:
        _chosen.reset(token)


def terminal_does_bidi(environ: Mapping[str, str]) -> bool:
    """Whether the terminal we run in lays out bidi text itself, as far as its environment tells.

    VTE (GNOME Terminal, Tilix, Terminator, Xfce Terminal…) does since 0.57.3 (VTE_VERSION
    5703: GNOME Terminal 3.33.3's announcement, 2019; its switch for it is API since 0.58);
    Konsole, mlterm and macOS's Terminal run the bidi algorithm on each line (the freedesktop
    terminal working group's survey of BiDi in terminal emulators); mintty does unless started
    with --nobidi. The others are taken to put characters on the screen as they come: xterm,
    kitty, Alacritty, WezTerm (by default), Windows Terminal — and PuTTY, which does bidi but
    says nothing of itself in the environment and drops the isolates. Over ssh these variables
    do not reach the server: set RIWAYA_BIDI there.
    """
    vte = environ.get("VTE_VERSION", "")
    if vte.isdigit() and int(vte) >= 5703:
        return True
    if environ.get("KONSOLE_VERSION") or environ.get("MLTERM"):
        return True
    return environ.get("TERM_PROGRAM", "") in ("mintty", "Apple_Terminal")


def resolve(choice: str, tty: bool, environ: Mapping[str, str]) -> str:
    """The mode for output that goes to a terminal (``tty``) or not: ``auto`` is logical for files
    and pipes and for terminals that do bidi themselves (terminal_does_bidi), visual otherwise."""
    if choice in ("logical", "visual"):
        return choice
    if not tty:
        return "logical"
    return "logical" if terminal_does_bidi(environ) else "visual"


def mode_of(console: Console) -> str:
    """The mode of what ``console`` writes: a terminal is its file's isatty(), not Rich's notion
    (FORCE_COLOR makes Rich colour a pipe, which is still read logically)."""
    isatty = getattr(console.file, "isatty", None)
    try:
        tty = bool(isatty and isatty())
    except ValueError:  # a closed file
        tty = False
    return resolve(chosen(), tty, os.environ)


# -- the bidi algorithm on one displayed line ---------------------------------------------------

_LEVEL = re.compile(r"Level\(\s*(\d+)")
_STRONG = {"L": "ltr", "R": "rtl", "AL": "rtl"}


def first_strong(plain: str) -> str | None:
    """The direction of the first strong character outside isolates (UAX #9, P2), or None."""
    depth = 0
    for ch in plain:
        if ch in _INITIATORS:
            depth += 1
        elif ch == PDI:
            depth = max(0, depth - 1)
        elif depth == 0 and (found := _STRONG.get(unicodedata.bidirectional(ch))):
            return found
    return None


def levels(plain: str, rtl: bool) -> list[int]:
    """The embedding level of each character of ``plain`` in a paragraph of the given direction.

    python-bidi (0.5 and later, over the unicode-bidi crate) reorders but does not mirror
    (UAX #9 L4), and gives the levels only as its debug report, one per UTF-8 byte: read them from
    there.
    """
    from bidi import get_display

    report = str(get_display(plain, base_dir="R" if rtl else "L", debug=True))
    start = report.rfind("levels: [")  # after the text, which the report quotes first
    per_byte = [int(n) for n in _LEVEL.findall(report, start, report.find("paragraphs:", start))]
    out, offset = [], 0
    for ch in plain:
        out.append(per_byte[offset] if offset < len(per_byte) else int(rtl))
        offset += len(ch.encode("utf-8"))
    if len(per_byte) != offset:
        raise ValueError(f"python-bidi gave {len(per_byte)} levels for {offset} bytes")
    return out


def visual_order(plain: str, rtl: bool) -> tuple[list[int], list[int]]:
    """The indices of ``plain``'s characters left to right on the screen, and their levels."""
    found = levels(plain, rtl)
    base = int(rtl)
    # L1: whitespace and isolate controls at the end of the line go to the paragraph's level
    k = len(plain)
    while k and (plain[k - 1].isspace() or plain[k - 1] in CONTROLS):
        k -= 1
        found[k] = base
    items = list(zip(found, range(len(plain)), strict=True))
    odd = [level for level in found if level % 2]
    # L2: from the highest level to the lowest odd one, reverse every run at that level or above
    for level in range(max(found, default=0), min(odd, default=1) - 1, -1):
        i = 0
        while i < len(items):
            if items[i][0] < level:
                i += 1
                continue
            j = i
            while j < len(items) and items[j][0] >= level:
                j += 1
            items[i:j] = items[i:j][::-1]
            i = j
    return [k for _, k in items], found


@cache
def _mirrored() -> Mapping[str, str]:
    from bidi.mirror import MIRRORED

    return MIRRORED


def visual(line: Text, rtl: bool) -> Text:
    """``line`` laid out left to right for a terminal without bidi support: reordered (L1, L2),
    brackets mirrored where they run right to left (L4), bidi controls taken out; the styles go
    with their characters."""
    plain = line.plain
    if not plain or (plain.isascii() and not rtl):
        return line  # no right-to-left character, no control: left to right as it is
    try:
        order, found = visual_order(plain, rtl)
    except ValueError:  # python-bidi's report read wrong: its order, unstyled and unmirrored
        from bidi import get_display

        shown = str(get_display(plain, base_dir="R" if rtl else "L"))
        return Text("".join(ch for ch in shown if ch not in CONTROLS), style=line.style)
    styles: list[list[StyleType]] = [[] for _ in plain]
    for span in line.spans:
        for i in range(span.start, min(span.end, len(plain))):
            styles[i].append(span.style)
    mirror = _mirrored()
    chars, runs = [], []  # runs: (start, end, styles) over the new text
    for i in order:
        ch = plain[i]
        if ch in CONTROLS:
            continue
        if found[i] % 2:
            ch = mirror.get(ch, ch)
        here = tuple(styles[i])
        if runs and runs[-1][2] == here and runs[-1][1] == len(chars):
            runs[-1] = (runs[-1][0], len(chars) + 1, here)
        else:
            runs.append((len(chars), len(chars) + 1, here))
        chars.append(ch)
    spans = [Span(start, end, style) for start, end, kept in runs for style in kept]
    return Text("".join(chars), style=line.style, spans=spans, end=line.end)


@cache
def _reshaper() -> Any:
    import arabic_reshaper

    # the word ligature of «الله» is one character drawn two or three cells wide: left out
    return arabic_reshaper.ArabicReshaper({"ARABIC LIGATURE ALLAH": False})


@lru_cache(maxsize=4096)
def _reshaped(plain: str) -> str:
    # a cell is measured two or three times before it is drawn, and the reshaper reads its
    # configuration on every call
    return str(_reshaper().reshape(plain))


_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f]")


def shaped(text: Text) -> Text:
    """``text`` with its Arabic letters in their joined forms (presentation forms), each styled
    piece shaped on its own; harakat dropped (a terminal draws them in a cell of their own)."""
    if not _ARABIC.search(text.plain):
        return text
    cuts = sorted({i for span in text.spans for i in (span.start, span.end)})
    out = text.blank_copy()
    for piece in text.divide(cuts):
        new = _reshaped(piece.plain)
        out.append_text(Text(new, spans=[Span(0, len(new), span.style) for span in piece.spans
                                         if span.end > span.start]))
    return out


# -- lines: wrapped, isolates kept whole on each, then shown in the mode ------------------------

def balanced(lines: Iterable[Text]) -> list[Text]:
    """Each line with its isolates closed at its end and reopened on the next line: a terminal
    and the bidi algorithm take each line as a paragraph of its own."""
    out, open_ = [], []
    for line in lines:
        carried = "".join(open_)
        for ch in line.plain:
            if ch in _INITIATORS:
                open_.append(ch)
            elif ch == PDI and open_:
                open_.pop()
        if carried or open_:
            line = Text.assemble(carried, line, PDI * len(open_))
        out.append(line)
    return out


def _shown(line: Text, mode: str, rtl: bool, isolate: str | None) -> Text:
    """One wrapped line as it goes out: laid out visually, or, in logical mode, in an isolate of
    its own (``isolate``: a table cell's line, so that the table's line stays left to right)."""
    if mode == "visual":
        return visual(line, rtl)
    if isolate:
        return Text.assemble(isolate, line, PDI)
    if rtl and line.plain and first_strong(line.plain) != "rtl":
        # a line of the Arabic interface that opens with a fragment: its direction said
        return Text.assemble(RLM, line)
    return line


def _lines(console: Console, text: Text, width: int, *, direction: str | None, align: bool,
           cell: bool) -> Iterator[Segment]:
    """``text`` wrapped to ``width`` and shown in the console's mode. ``direction`` is ltr or rtl,
    or None for each line's own (document text); ``align`` pads each line to ``width`` on the side
    it starts from (a right-to-left line: the other side is padded by Rich, or left as it is);
    ``cell``: a table cell's lines."""
    mode = mode_of(console)
    if mode == "visual":
        text = shaped(text)
    wrapped = text.wrap(console, max(1, width), justify="default", overflow="fold")
    for line in balanced(wrapped):
        line.rstrip()
        own = direction or first_strong(line.plain) or "ltr"
        rtl = own == "rtl"
        isolate = (FSI if direction is None else RLI if rtl else LRI) if cell else None
        shown = _shown(line, mode, rtl, isolate)
        if align and rtl and line.plain and (room := width - shown.cell_len) > 0:
            shown = Text.assemble(" " * room, shown)
        yield from shown.render(console)
        yield Segment.line()


class Words:
    """Console markup that reads in the interface's direction (``direction="ui"``) or in its own
    (``direction=None``, a document's text): wrapped to the width it is given and shown in the
    console's bidi mode. As a table cell, each line is padded to the cell on the side it starts
    from."""

    def __init__(self, markup: str, *, direction: str | None = "ui", style: str = "",
                 markup_on: bool = True, highlight: bool = False, cell: bool = False) -> None:
        self.markup, self.direction, self.style = markup, direction, style
        self.markup_on, self.highlight, self.cell = markup_on, highlight, cell

    def _text(self, console: Console) -> Text:
        return console.render_str(self.markup, style=self.style, markup=self.markup_on,
                                  highlight=self.highlight, emoji=False)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        text = self._text(console)
        return Measurement.get(console, options, shaped(text) if mode_of(console) == "visual" else text)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        text = self._text(console)
        direction = i18n.direction() if self.direction == "ui" else self.direction
        rtl_ui = i18n.direction() == "rtl"
        align = self.cell or (rtl_ui and mode_of(console) == "visual")
        yield from _lines(console, text, options.max_width, direction=direction, align=align,
                          cell=self.cell)


def say(console: Console, markup: str, **options: Any) -> None:
    """Print a message (console markup) in the interface's direction, in the console's mode."""
    console.print(Words(markup, **options))


class Grid:
    """A Rich table whose cells are shown in the console's bidi mode: each cell's lines wrapped to
    its column, then isolated (logical) or laid out (visual) one by one, so that columns and
    borders stay where they are; columns right to left in an Arabic interface; its title above
    it, aligned to its starting side."""

    def __init__(self, title: str, columns: Sequence[str], *, show_lines: bool = False) -> None:
        self.title = title
        self.rtl = i18n.direction() == "rtl"
        self.table = Table(show_lines=show_lines)
        for name in self._ordered(list(columns)):
            self.table.add_column(Words(name, cell=True), overflow="fold")

    def _ordered(self, items: list[Any]) -> list[Any]:
        return items[::-1] if self.rtl else items

    def add_row(self, *cells: str | Words) -> None:
        """A row in reading order: markup for the interface's words, ``document(text)`` for a
        document's."""
        self.table.add_row(*self._ordered([c if isinstance(c, Words) else Words(c, cell=True)
                                           for c in cells]))

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.table)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        segments = list(console.render(self.table, options))
        if self.title:  # as wide as the table's first line
            width = 0
            for segment in segments:
                if segment.text == "\n":
                    break
                width += segment.cell_length
            title = Words(self.title, style="table.title", cell=True)
            yield from console.render(title, options.update(width=max(1, width)))
        logical = mode_of(console) == "logical"
        if logical:
            # a table's line has no strong character outside its cells' isolates: said left to
            # right for terminals that guess a line's direction from its first strong character
            yield Segment(LRM)
        for k, segment in enumerate(segments):
            yield segment
            if logical and segment.text == "\n" and k < len(segments) - 1:
                yield Segment(LRM)


def frag(value: object) -> str:
    """A value from a document (its text, a name, a span, a date) as console markup, isolated
    from the direction of the line it is put in; its own bidi controls shown, not obeyed (an
    override in a document turned the rest of a table line around)."""
    return escape(isolate(show(str(value))))


def document(text: str) -> Words:
    """A table cell of a document's own text, read in its own direction, its bidi controls shown."""
    return Words(escape(show(text)), direction=None, cell=True)
