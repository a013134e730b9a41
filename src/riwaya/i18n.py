"""The interface's language: Arabic by default, English as a switch.

Every piece of text riwaya shows a person (verdicts, headings, table headers, legends, messages,
help) is written in English in the code and goes through ``_()`` (gettext); the Arabic catalog,
``locale/ar/LC_MESSAGES/riwaya.po``, gives what an Arabic reader sees. JSON keys and values are
the contract and never go through it.

The language is a context variable, so the web app answers each request in its own language
while the CLI sets it once. It starts as RIWAYA_LANG says, else Arabic. Catalogs are compiled to
``.mo`` beside their ``.po`` (`make catalogs`; a test fails when the two differ), and read with
the standard library's gettext.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

LOCALES = Path(__file__).parent / "locale"
DOMAIN = "riwaya"
LANGUAGES = ("ar", "en")
DEFAULT = "ar"



def language_of(value: str | None) -> str | None:
    """``value`` (``ar``, ``en``, ``ar_SA.UTF-8``, ``EN``) as one of LANGUAGES, or None."""
    if not value:
        return None
    code = value.strip().lower().replace("-", "_").split(".")[0].split("_")[0]
    return code if code in LANGUAGES else None


_language: ContextVar[str] = ContextVar(
    "riwaya_language", default=language_of(os.environ.get("RIWAYA_LANG")) or DEFAULT)


@cache
def translations(language: str) -> gettext.NullTranslations:
    # English is the language of the code: no catalog, the messages as written
    if language == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, str(LOCALES), [language], fallback=True)


def current() -> str:
    """The language the interface speaks now."""
    return _language.get()


def use(language: str) -> None:
    """Speak ``language`` from now on in this context (the CLI's whole run, a web request)."""
    _language.set(language_of(language) or DEFAULT)


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Speak ``language`` inside the block only."""
    token = _language.set(language_of(language) or DEFAULT)
    try:
        yield
    finally:
        _language.reset(token)


def direction(language: str | None = None) -> str:
    """The writing direction of ``language`` (the current one by default): ``rtl`` or ``ltr``."""
    return "rtl" if (language or current()) == "ar" else "ltr"


def _(message: str) -> str:
    """``message`` in the current language."""
    return translations(current()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a counted message that fits ``n``, in the current language (Arabic has six)."""
    return translations(current()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` in the current language, told apart from the same English word elsewhere."""
    return translations(current()).pgettext(context, message)


def N_(message: str) -> str:
    """Marks ``message`` for the catalog without translating it here (translated where shown)."""
    return message
