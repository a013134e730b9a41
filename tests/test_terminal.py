"""The terminal report (render/terminal.py)."""

from rich.console import Console

from riwaya import i18n
from riwaya.render.bidi_text import CONTROLS, showing
from riwaya.render.terminal import _omission_table


def test_a_source_sentence_with_several_omissions_is_printed_once():
    sentence = "وقالت الوزارة إن 5 مدنيين قتلوا وأصيب 12 آخرون في القصف على السوق الشعبي."
    source = {"text": sentence + " وأضافت أن فرق الإنقاذ وصلت.",
              "sentences": [{"start": 0, "end": len(sentence)}, {"start": len(sentence) + 1, "end": 103}]}
    omissions = [
        {"kind": "quantity", "text": "5 مدنيين", "source": 0, "sentence": 0},
        {"kind": "quantity", "text": "12 آخرون", "source": 0, "sentence": 0},
        {"kind": "actor", "text": "فرق الإنقاذ", "source": 0, "sentence": 1},
    ]
    console = Console(width=200, record=True, color_system=None)
    with i18n.speaking("en"), showing("logical"):
        console.print(_omission_table([source], omissions))
    out = "".join(ch for ch in console.export_text() if ch not in CONTROLS)  # isolates: test_terminal_bidi
    assert out.count("السوق الشعبي") == 1
    assert "5 مدنيين (quantity)" in out and "12 آخرون (quantity)" in out and "فرق الإنقاذ (actor)" in out


def test_the_source_column_shows_the_aligned_phrase_not_the_whole_sentence():
    from riwaya.render.terminal import _aligned_phrase
    from riwaya.text.normalize import normalize_str
    from riwaya.text.stem import light_stem

    sentence = ("وفي سياق منفصل عقدت اللجنة اجتماعها الدوري في العاصمة، وأعلنت الوزارة أن 12 مدنياً قتلوا "
                "في القصف على السوق، ثم انتقل المجتمعون إلى بحث ملفات الموازنة والتعليم والصحة.")
    doc = {"text": sentence, "sentences": [{"start": 0, "end": len(sentence)}]}
    shared = [light_stem(normalize_str(w)) for w in ("الوزارة", "مدنيا", "القصف", "السوق")] + ["#12"]
    phrase = _aligned_phrase(doc, 0, shared)
    assert phrase.startswith("… ") and phrase.endswith(" …")
    assert "الوزارة أن 12 مدنياً قتلوا في القصف على السوق" in phrase and "الموازنة" not in phrase
    assert _aligned_phrase(doc, 0, ["#12"]) == sentence  # nothing to point at: the sentence whole


def test_what_is_wrong_leads_worst_first():
    from riwaya.render.terminal import problems

    summary = {"sentences": 3, "alignments": {"supported": 2, "unsupported": 1}, "quotes": {"edited": 1},
               "figures": {"consistent": 1, "conflict": 2}, "dates": {}, "omissions": 1, "additions": 1,
               "quoted_terms_not_in_source": 0, "header_dates_consistent": [False]}
    figures = [{"verdict": "consistent", "actor_mismatch": {"report": {}, "source": {}}}]
    with i18n.speaking("en"):
        found = problems({"summary": summary, "figures": figures})
    assert found == [
        "the source's Gregorian and Hijri dates disagree", "1 quotation edited",
        "2 figures that conflict with the source", "1 figure given to another party",
        "1 report sentence the source does not support", "1 thing the report left out"]
    calm = {**summary, "alignments": {"supported": 3}, "quotes": {}, "figures": {"consistent": 3},
            "omissions": 0, "additions": 0, "header_dates_consistent": [True]}
    with i18n.speaking("en"):
        assert problems({"summary": calm, "figures": []}) == []
