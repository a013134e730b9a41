"""Which language a document is in, so that a non-Arabic one is flagged rather than mangled by
Arabic text processing. py3langid: offline, its model ships in the package, ~0.1 ms a document."""

from __future__ import annotations

from riwaya.text.script import arabic_share

_SAMPLE = 4000  # characters: the language of an article shows in its first paragraphs
_ARABIC_SHARE = 0.6  # letters in Arabic script that make a text Arabic whatever langid says


def detect(text: str) -> str | None:
    """ISO 639-1 code of the text's language; None when it has no letters."""
    sample = text[:_SAMPLE]
    arabic = arabic_share(sample)
    if arabic is None:
        return None
    # Persian and Urdu are in Arabic script too: ask the model only to tell those apart.
    import py3langid

    lang, _ = py3langid.classify(sample)
    # langid names Arabic dialects apart (arz Egyptian, ary Moroccan…): all are Arabic here.
    if lang.startswith("ar") or (arabic >= _ARABIC_SHARE and lang not in ("fa", "ur", "ps", "ku")):
        return "ar"
    return lang
