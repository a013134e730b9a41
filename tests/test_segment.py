from hypothesis import given, settings
from hypothesis import strategies as st

from riwaya.text.normalize import EXTRACT, normalize_str
from riwaya.text.segment import paragraphs, sentences, tokenize, tokens
from riwaya.text.stem import clitic_splits, light_stem


def _sentences(text):
    return [text[s:e] for s, e in sentences(text)]


def test_paragraphs_are_blocks_between_blank_lines():
    text = "\n\nالفقرة الأولى.\nسطر ثان.\n\n  \n\nالفقرة الثانية\n"
    assert [text[s:e] for s, e in paragraphs(text)] == ["الفقرة الأولى.\nسطر ثان.", "الفقرة الثانية"]


def test_sentences_split_on_arabic_and_latin_punctuation():
    assert _sentences("هل انتهى؟ نعم! انتهى. وماذا بعد…") == ["هل انتهى؟", "نعم!", "انتهى.", "وماذا بعد…"]


def test_commas_never_split():
    text = "قصفت الطائرات البلدة، وقتل ثلاثة مدنيين، وأصيب آخرون، ونزحت عائلات."
    assert _sentences(text) == [text]


def test_numbers_and_abbreviations_keep_the_sentence_whole():
    text = "قال د. أحمد إن النسبة بلغت 1.5 بالمئة. وأكد م. خالد ذلك."
    assert _sentences(text) == ["قال د. أحمد إن النسبة بلغت 1.5 بالمئة.", "وأكد م. خالد ذلك."]
    assert _sentences("ص.ب. 123 في دمشق. ثم عاد") == ["ص.ب. 123 في دمشق.", "ثم عاد"]


def test_quotation_spanning_a_full_stop_stays_in_one_sentence():
    text = "وأضاف: «لن ننسحب. سنبقى هنا». ثم غادر."
    assert _sentences(text) == ["وأضاف: «لن ننسحب. سنبقى هنا».", "ثم غادر."]
    text = 'قال "ذهبنا. ثم عدنا" وانتهى الأمر. ثم صمت.'
    assert _sentences(text) == ['قال "ذهبنا. ثم عدنا" وانتهى الأمر.', "ثم صمت."]


def test_an_unclosed_quote_does_not_swallow_the_line():
    assert _sentences("قال «ذهبنا. ثم عدنا. وانتهى") == ["قال «ذهبنا.", "ثم عدنا.", "وانتهى"]


def test_each_line_of_a_statement_header_is_a_sentence():
    text = "القيادة العامة  \nدع / 852\n\nجيش الإسلام\n\nالواقع في 2018/04/23"
    assert _sentences(text) == ["القيادة العامة", "دع / 852", "جيش الإسلام", "الواقع في 2018/04/23"]


def test_sentences_of_the_seed(seed_text):
    spans = sentences(seed_text)
    texts = [seed_text[s:e] for s, e in spans]
    assert texts[0].startswith("كشف جيش الإسلام") and texts[0].endswith("من المنطقة.")
    assert texts[1].endswith('بتواطؤ دولي".')  # the quotation stays inside its sentence
    assert "القيادة العامة" in texts and "دع / 852" in texts
    assert texts[-2:] == ["الواقع في 2018/04/23", "الموفق لـ 1439/08/07"]
    assert len(texts) == 18


def test_tokens_carry_original_offsets_and_normalized_forms():
    text = "قُتِلَ ١٢٠٠ مقاتلٍ، و1,500 مدني في الـقلمون"
    toks = tokens(text)
    assert [t.norm for t in toks] == ["قتل", "1200", "مقاتل", "،", "و", "1,500", "مدني", "في", "القلمون"]
    assert [t.kind for t in toks][:4] == ["word", "number", "word", "punct"]
    for t in toks:
        assert EXTRACT.normalize(text[t.start:t.end]) == t.norm


def test_latin_codes_are_one_token():
    toks = tokens("طائرات F-16 على الطريق M5")
    assert [t.norm for t in toks if t.kind == "latin"] == ["F-16", "M5"]


def test_tokenize_a_window_of_normalized_text():
    n = EXTRACT("أولاً ثم ثانياً")
    assert [t.norm for t in tokenize(n, 5, len(n.text))] == ["ثم", "ثانيا"]


def test_clitic_aware_light_stem():
    assert light_stem("لتنظيم") == light_stem("تنظيم") == "تنظيم"
    assert light_stem("وداعش") == "داعش"
    assert light_stem("بالجيش") == light_stem("الجيش") == "جيش"
    assert light_stem("للانسحاب") == "انسحاب"
    assert light_stem("بيان") == "بيان"  # not ب + يان
    assert light_stem("الفصائل") == light_stem("فصائل")
    n = normalize_str
    assert light_stem(n("سيارة")) == light_stem(n("السيارة"))
    assert light_stem(n("وزارة")) == light_stem(n("الوزارة")) == light_stem(n("والوزارة"))


def test_clitic_splits_offer_the_whole_word_first():
    splits = clitic_splits("وبالعشرات")
    assert splits[0] == ("", "وبالعشرات")
    assert ("وبال", "عشرات") in splits
    assert ("لال", "انسحاب") in clitic_splits("للانسحاب")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ابتثجحخدسشصعقكلمنهوية" + "\u064e\u0651\u0640\u200c" + "٠١٢0123456789" + "٫٬,.،؛؟!«»\" -\nAFM",
               max_size=80))
def test_token_offsets_point_at_text_that_normalizes_to_the_token(text):
    for tok in tokens(text):
        assert EXTRACT.normalize(text[tok.start:tok.end]) == tok.norm
    for s, e in sentences(text):
        assert text[s:e].strip() == text[s:e] and text[s:e]


def test_a_run_without_a_full_stop_is_cut_into_sentences_of_bounded_length():
    from riwaya.text.segment import MAX_SENTENCE_CHARS

    clause = "قصفت الطائرات مواقع في ريف حلب الشمالي وقتل فيها 12 مدنياً"
    run = "، ".join([clause] * 400)  # 25,000 characters, commas and no stop
    text = "عنوان الخبر.\n" + run + ".\nوقال المرصد إن القصف مستمر."
    spans = sentences(text)
    assert all(e - s <= MAX_SENTENCE_CHARS for s, e in spans)
    assert len(spans) >= 2 + len(run) // MAX_SENTENCE_CHARS
    inner = [text[s:e] for s, e in spans[1:-1]]
    assert all(piece.startswith("قصفت") for piece in inner)  # cut after a comma, not in a word
    assert " ".join(inner) == run + "."  # cut at «، »: nothing lost but the space, offsets true
    assert text[spans[-1][0]:spans[-1][1]] == "وقال المرصد إن القصف مستمر."
    words = " ".join(["كلمة"] * 3000)  # no comma at all: cut at a space
    assert all(text_piece.strip() == text_piece and "كلمة" == text_piece.split()[0]
               for text_piece in (words[s:e] for s, e in sentences(words)))
