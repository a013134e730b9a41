"""The lexicon's data files (src/riwaya/lexicon/*.yaml), read as plain data.

Text sits below the lexicon: `riwaya.lexicon`'s typed loaders normalize their entries with
text's functions, so text reads the few files it needs (numbers, calendar, stems, stopwords,
abbreviations) here, by path inside the installed package, without importing `riwaya.lexicon`.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

from riwaya.compiled import compiled


def load_yaml(name: str) -> Any:
    """A lexicon data file, parsed."""
    # imported here: with the compiled lexicons on disk (riwaya.compiled) a run parses no YAML
    import yaml

    # libyaml's C parser reads the lexicon about ten times faster than the pure-Python one
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with resources.files("riwaya").joinpath("lexicon", name).open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=loader)


@compiled
def numbers() -> dict[str, Any]:
    return load_yaml("numbers.yaml")


@compiled
def calendar() -> dict[str, Any]:
    return load_yaml("calendar.yaml")
