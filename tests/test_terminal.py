"""The terminal report (render/terminal.py)."""

from rich.console import Console

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
    console.print(_omission_table([source], omissions))
    out = console.export_text()
    assert out.count("السوق الشعبي") == 1
    assert "5 مدنيين (quantity)" in out and "12 آخرون (quantity)" in out and "فرق الإنقاذ (actor)" in out
