"""The lexicon's data files (src/riwaya/lexicon/*.yaml), read as plain data.

Text sits below the lexicon: `riwaya.lexicon`'s typed loaders normalize their entries with
text's functions, so text reads the few files it needs (numbers, calendar, stems) here, by path
inside the installed package, without importing `riwaya.lexicon`.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml


def load_yaml(name: str) -> Any:
    """A lexicon data file, parsed."""
    with resources.files("riwaya").joinpath("lexicon", name).open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@cache
def numbers() -> dict[str, Any]:
    return load_yaml("numbers.yaml")


@cache
def calendar() -> dict[str, Any]:
    return load_yaml("calendar.yaml")
