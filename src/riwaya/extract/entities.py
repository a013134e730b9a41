"""Named things from lexicons — actors and places — found with an Aho-Corasick automaton.

Names are matched on normalized text (hamza, ة/ه, ى/ي, diacritics folded), whole words only,
and clitic-aware: «لتنظيم الدولة», «وداعش», «بالجيش السوري», «للجيش» all find their actor.
Rather than checking boundaries after the fact, the automaton holds each alias with a space
before it and after it, with every proclitic spelling in front (و، ف، ب، ل، ك، and their
combinations; «لل» for ل + ال), and runs over a copy of the text where every character that is
not a letter or a digit is a space. So it only ever reports whole-word matches, and the Python
work is proportional to the matches, not to the text (the ≥ 5 MB/s target in benchmarks/).
Where names overlap, the longest wins («الجيش السوري الحر» over «الجيش السوري»).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import ahocorasick
import numpy as np

from riwaya.compiled import compiled
from riwaya.text.normalize import EXTRACT, Normalized, normalize_str

_PROCLITICS = ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك")


@compiled
def _spacing() -> np.ndarray:
    """Code point → itself for letters and digits, → space for everything else."""
    table = np.full(0x110000, ord(" "), dtype=np.uint32)
    for cp in range(0x10000):
        ch = chr(cp)
        if ch.isalpha() or ch.isdigit():
            table[cp] = cp
    table[0x10000:] = np.arange(0x10000, 0x110000, dtype=np.uint32)
    return table


def _spaced(text: str) -> str:
    """``text`` with every character that is not a letter or a digit made a space (same
    length), vectorized: str.translate with a dict is slow on Arabic."""
    points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return _spacing()[points].tobytes().decode("utf-32-le", "surrogatepass")


@dataclass(frozen=True)
class Match:
    """One alias found in normalized text, with what the lexicon says it means."""

    start: int  # offsets into the normalized text, of the name itself (clitics excluded)
    end: int
    alias: str
    payload: Any


class AliasMatcher:
    """Whole-word, clitic-aware, longest-first matching of many aliases at once."""

    def __init__(self, aliases: Iterable[tuple[str, Any]]):
        # The automaton holds ints, indexes into ``_entries``: a trie of Python objects loads from
        # the disk cache in about three times as long (pyahocorasick unpickles one object per
        # key, about 27,000 here, where the distinct entries are a third of that).
        self._automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        self._entries: list[tuple[int, str, Any, int, int]] = []
        self._entry_index: dict[tuple[int, str, Any, int, int], int] = {}
        count = 0
        for alias, payload in aliases:
            norm = " ".join(normalize_str(alias).split())
            if len(norm.replace(" ", "")) < 2:
                continue
            count += 1
            for prefix in _PROCLITICS:
                self._add(f" {prefix}{norm} ", len(prefix), norm, payload)
                if norm.startswith("ال") and prefix in ("", "و", "ف"):
                    # ل + ال is written لل: «للجيش», «وللجيش»; before a word's own ل one ل
                    # goes too: «للواء 444» is ل + «اللواء 444»
                    shorter = norm[2:3] == "ل"
                    contracted = norm[1:] if shorter else "لل" + norm[2:]
                    self._add(f" {prefix}{contracted} ", len(prefix) + 1, norm, payload,
                              len(norm) - shorter)
        self.size = count
        self._automaton.make_automaton()
        del self._entry_index  # only for building: not kept in the disk cache

    def _add(self, key: str, clitic: int, norm: str, payload: Any, size: int | None = None) -> None:
        # Keys go in reversed: the twelve proclitic spellings of a name then share its whole
        # trie path but a letter or two (forwards they share nothing), a trie 3.5 times smaller
        # that loads from the disk cache in half the time; the text is read reversed to match.
        reversed_key = key[::-1]
        existing = self._automaton.get(reversed_key, None)
        if existing is not None and (held := self._entries[existing])[2] != payload and held[1] == norm:
            return  # the same alias twice: the first owner keeps it (the lexicon tests forbid it)
        # the name's length as written here: «للواء 444» is one letter shorter than «اللواء 444»
        entry = (clitic, norm, payload, len(norm) if size is None else size, len(key))
        index = self._entry_index.setdefault(entry, len(self._entries))
        if index == len(self._entries):
            self._entries.append(entry)
        self._automaton.add_word(reversed_key, index)

    def find_normalized(self, text: str) -> list[Match]:
        """Matches in already-normalized text (offsets into it)."""
        spaced = " " + _spaced(text) + " "
        last = len(spaced) - 1
        found = []
        entries = self._entries
        for reversed_end, index in self._automaton.iter(spaced[::-1]):
            _clitic, norm, payload, size, length = entries[index]
            # The key read forwards ends at its trailing space, ``end_index`` in ``spaced``, which
            # has one extra space in front of ``text``: the name is
            # text[end_index - 1 - size:end_index - 1].
            end_index = last - reversed_end + length - 1
            end = end_index - 1
            found.append(Match(end - size, end, norm, payload))
        # Longest wins where matches overlap: one sweep in text order, a longer match
        # replacing the overlapping ones chosen before it.
        found.sort(key=lambda m: (m.start, -(m.end - m.start)))
        chosen: list[Match] = []
        for m in found:
            while chosen and m.start < chosen[-1].end:
                if m.end - m.start <= chosen[-1].end - chosen[-1].start:
                    break
                chosen.pop()
            else:
                chosen.append(m)
        return chosen

    def find(self, text: str, norm: Normalized | None = None) -> list[tuple[int, int, Match]]:
        """Matches in ``text`` as (start, end) offsets into ``text`` with the match."""
        norm = norm or EXTRACT(text)
        return [(*norm.span(m.start, m.end), m) for m in self.find_normalized(norm.text)]
