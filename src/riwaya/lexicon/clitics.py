"""The clitics the readers peel off a word (clitics.yaml), as a typed lexicon."""

from __future__ import annotations

from dataclasses import dataclass

from riwaya.compiled import compiled
from riwaya.text.data import load_yaml


@dataclass(frozen=True)
class Clitics:
    """Clitics as normalized text spells them; tuples keep the order the readers try them in."""

    conjunctions: str  # «وفبل»: one letter each, for ``word[:1] in`` and regex classes
    like: str  # «ك»
    prefixes: tuple[str, ...]  # «و», «وب»…: one or two conjunctions
    definite: tuple[str, ...]  # «ال», «وال», «لل»…
    term_prefixes: tuple[str, ...]  # what a quoted term may carry in a source
    described: tuple[str, ...]  # «ال», «لل», «بال», «وال»
    possessives: tuple[str, ...]  # «هما», «ها»…, longest first

    @property
    def joined(self) -> str:
        """The conjunctions with «ك»: «وفبلك»."""
        return self.conjunctions + self.like


def read_clitics(data: dict[str, object]) -> Clitics:
    """The lexicon from clitics.yaml's parsed data (a ValueError names what is wrong)."""
    def forms(key: str) -> tuple[str, ...]:
        value = data.get(key)
        if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
            raise ValueError(f"clitics.yaml: {key} must be a list of forms")
        if len(set(value)) != len(value):
            raise ValueError(f"clitics.yaml: {key} lists a form twice")
        return tuple(value)

    conjunctions = forms("conjunctions")
    if any(len(c) != 1 for c in conjunctions):
        raise ValueError("clitics.yaml: conjunctions are single letters")
    like = data.get("like")
    if not isinstance(like, str) or len(like) != 1:
        raise ValueError("clitics.yaml: like is a single letter")
    return Clitics("".join(conjunctions), like, forms("prefixes"), forms("definite"), forms("term_prefixes"),
                   forms("described"), forms("possessives"))


@compiled
def clitics() -> Clitics:
    return read_clitics(load_yaml("clitics.yaml"))
