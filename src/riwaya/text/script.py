"""How much of a text is written in Arabic script: one definition for every «is this Arabic?»
(the language detector's override, `check`'s refusal of a text with no Arabic in it)."""

from __future__ import annotations


def is_arabic_letter(char: str) -> bool:
    """A letter of the Arabic script: the Arabic block, its supplement, and presentation forms."""
    return ("\u0600" <= char <= "\u06ff" or "\u0750" <= char <= "\u077f"
            or "\ufb50" <= char <= "\ufefc") and char.isalpha()


def arabic_share(text: str) -> float | None:
    """The share of the text's letters that are Arabic; None when it has no letters."""
    letters = [char for char in text if char.isalpha()]
    if not letters:
        return None
    return sum(map(is_arabic_letter, letters)) / len(letters)
