"""`riwaya check` on texts written for these tests, and its errors."""

import json

import pytest

from riwaya.check import NoSourceFound, check
from riwaya.errors import RiwayaError
from riwaya.extract import extract
from riwaya.render.html import render_check
from tests.cli import run_riwaya

SOURCE = """المكتب الإعلامي لمديرية صحة حماة
بيان صحفي

تعلن مديرية صحة حماة أن القصف الذي استهدف بلدة كفرزيتا صباح اليوم أسفر عن مقتل 12 مدنياً بينهم ثلاثة أطفال.
وقد استقبلت مستشفيات المنطقة أكثر من 40 جريحاً نقل عدد منهم إلى مشافي الشمال.
وتدعو المديرية المنظمات الدولية إلى التحرك العاجل لحماية المرافق الطبية.
"""


def test_a_report_against_an_explicit_source():
    report = ("أعلنت مديرية صحة حماة في بيان لها اليوم مقتل 12 مدنياً بينهم ثلاثة أطفال في قصف على كفرزيتا. "
              "وقال البيان إن «مستشفيات المنطقة استقبلت أكثر من 40 جريحاً». "
              "وتشهد المنطقة تصعيداً عسكرياً منذ مطلع الشهر.")
    result = check(report, [SOURCE])
    assert result["summary"]["source_found"] == "given"
    verdicts = [a["verdict"] for a in result["alignments"]]
    assert verdicts[0] == "supported" and verdicts[2] == "unsupported"
    assert result["additions"][0]["text"].startswith("وتشهد المنطقة")
    assert [q["verdict"] for q in result["quotes"]] == ["edited"]  # the words reordered
    figures = {(f["report"]["text"], f["verdict"]) for f in result["figures"]}
    assert ("12 مدنياً", "consistent") in figures and ("أكثر من 40 جريحاً", "consistent") in figures
    header = result["sources"][0]["header"]
    assert header["issuer"] == "المكتب الإعلامي لمديرية صحة حماة" and header["title"] == "بيان صحفي"


def test_a_changed_figure_is_a_conflict_and_the_sentence_only_partly_supported():
    report = "أعلنت مديرية صحة حماة مقتل 20 مدنياً بينهم ثلاثة أطفال في قصف على بلدة كفرزيتا صباح اليوم."
    result = check(report, [SOURCE])
    (killed, children) = result["figures"]
    assert (killed["verdict"], killed["source"]["text"]) == ("conflict", "12 مدنياً")
    assert children["verdict"] == "consistent"
    assert result["alignments"][0]["verdict"] == "partial"


def test_a_fabricated_quotation_is_not_found():
    report = "وقال البيان: «إن الطيران الروسي استخدم القنابل العنقودية في قصف المشفى الوطني»."
    (quote,) = check(report, [SOURCE])["quotes"]
    assert quote["verdict"] == "not_found"


def test_no_source_found_says_so_and_suggests_source():
    with pytest.raises(NoSourceFound, match="--source"):
        check("أعلنت الوزارة مقتل 12 مدنياً في القصف. وأضافت أن المستشفيات امتلأت بالجرحى.")


@pytest.mark.parametrize("report, message", [("", "empty"), ("   \n", "empty"),
                                             ("The ministry said 12 civilians were killed.", "no Arabic")])
def test_empty_or_non_arabic_input(report, message):
    with pytest.raises(RiwayaError, match=message):
        check(report, [SOURCE])


def test_html_escapes_everything_from_the_input():
    report = ('أعلنت مديرية صحة حماة مقتل 12 مدنياً <script>alert("x")</script> '
              'وقال البيان «<img src=x onerror=alert(1)> استقبلت مستشفيات المنطقة أكثر من 40 جريحاً».')
    source = SOURCE + "\n<script>document.cookie</script>\u202e"
    page = render_check(check(report, [source]))
    assert "<script>alert" not in page and "<img" not in page and "<script>document" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert page.count("<script") == 2  # the page's own: the link data and the behaviour


def run_cli(*args):
    return run_riwaya(*args)


def test_cli_errors_are_one_line(tmp_path):
    report = tmp_path / "report.txt"
    report.write_text("أعلنت الوزارة مقتل 12 مدنياً في القصف. وأضافت أن المستشفيات امتلأت بالجرحى.",
                      encoding="utf-8")
    proc = run_cli("check", str(report))
    err = proc.stderr.decode().strip()
    assert proc.returncode == 1 and len(err.splitlines()) == 1
    assert "no source found" in err and "--source" in err
    english = tmp_path / "english.txt"
    english.write_text("The ministry said twelve civilians were killed.", encoding="utf-8")
    source = tmp_path / "source.txt"
    source.write_text(SOURCE, encoding="utf-8")
    proc = run_cli("check", str(english), "--source", str(source))
    assert proc.returncode == 1 and "no Arabic text" in proc.stderr.decode()
    proc = run_cli("check", str(report), "--source", str(tmp_path / "missing.txt"))
    assert proc.returncode == 1 and "no such file" in proc.stderr.decode()


def test_cli_with_explicit_sources(tmp_path):
    report = tmp_path / "report.txt"
    report.write_text("أعلنت مديرية صحة حماة مقتل 12 مدنياً بينهم ثلاثة أطفال في قصف على كفرزيتا.",
                      encoding="utf-8")
    source = tmp_path / "source.txt"
    source.write_text(SOURCE, encoding="utf-8")
    proc = run_cli("check", str(report), "--source", str(source), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["sources"][0]["name"] == str(source)
    assert out["alignments"][0]["verdict"] == "supported"


def test_a_quotation_in_the_frame_of_a_quoted_sentence_is_not_its_paraphrase():
    """The frame «وأكدت الوزارة» matches the source's one assertion, but the report quotes that
    assertion word for word elsewhere: the second quotation is invented, not a paraphrase."""
    source = ("وزارة الداخلية\nبغداد، 9 أيلول 2020\n"
              "انفجرت صباح اليوم عبوة ناسفة في سوق شعبي شمالي بغداد. "
              "وتؤكد الوزارة أن هذه الأعمال الجبانة لن تثني القوات الأمنية عن أداء واجبها.")
    report = ("قالت وزارة الداخلية إن عبوة ناسفة انفجرت في سوق شعبي شمالي بغداد. "
              "وأكدت الوزارة أن «هذه الأعمال الجبانة لن تثني القوات الأمنية عن أداء واجبها». "
              "وأكدت الوزارة أيضاً أن «القوات الأمنية ستلاحق الخلايا النائمة في كل مكان».")
    quotes = {q["text"][:12]: q for q in check(report, [source])["quotes"]}
    assert quotes["هذه الأعمال "]["verdict"] == "verbatim"
    assert quotes["القوات الأمن"]["verdict"] == "not_found"


def test_a_low_overlap_quotation_in_the_sources_frame_is_a_paraphrase():
    source = ("وزارة الداخلية\nبغداد، 9 أيلول 2020\n"
              "انفجرت صباح اليوم عبوة ناسفة في سوق شعبي شمالي بغداد. "
              "وتؤكد الوزارة أن هذه الأعمال الجبانة لن تثني القوات الأمنية عن أداء واجبها. "
              "وتدعو الوزارة المواطنين إلى الإبلاغ عن أي حالة مشتبه بها.")
    report = ("قالت وزارة الداخلية إن عبوة ناسفة انفجرت في سوق شعبي شمالي بغداد. "
              "وأكدت الوزارة أن «مثل هذه الهجمات الخسيسة لن تمنع رجال الأمن من القيام بمهامهم».")
    result = check(report, [source])
    (quote,) = result["quotes"]
    assert quote["verdict"] == "paraphrase" and quote["basis"] == "frame"
    said = result["sources"][0]["text"][quote["source_start"]:quote["source_end"]]
    assert said.startswith("وتؤكد الوزارة")
    # Called on instead of asserting: not the same speech act, so not found.
    called = report.replace("وأكدت الوزارة أن", "ودعت الوزارة إلى")
    assert check(called, [source])["quotes"][0]["verdict"] == "not_found"


def test_a_number_in_words_is_the_same_word_as_in_digits():
    """«ثلاثمئة وخمسين» in the quotation is the source's «350», not its «ثلاثمئة» elsewhere."""
    source = ("الدفاع المدني\nبيان\nخرج ألف وثلاثمئة وخمسين شخصاً على متن الحافلات. "
              "ولا تزال أكثر من 350 عائلة محاصرة داخل البلدة.")
    report = 'وقال البيان إن "أكثر من ثلاثمئة وخمسين عائلة محاصرة داخل البلدة".'
    (quote,) = check(report, [source])["quotes"]
    said = source[quote["source_start"]:quote["source_end"]]
    assert said == "أكثر من 350 عائلة محاصرة داخل البلدة"
    assert quote["verdict"] in ("normalized", "edited")
    assert [(s["report"], s["source"]) for s in quote["edits"]["spelling"]] == [("ثلاثمئة وخمسين", "350")]
    assert quote["edits"]["substitutions"] == [] and quote["edits"]["deletions"] == []


def test_figures_told_with_a_near_event_or_without_their_noun_still_match():
    source = ("الدفاع المدني\nبيان\nبلغ عدد الخارجين من البلدة ألفاً وثلاثمئة وخمسين شخصاً، "
              "وبينهم أربعمئة طفل. وأسفر القصف عن جرح العشرات.")
    report = ("قال الدفاع المدني إن نحو 1,350 شخصاً غادروا البلدة بينهم 400 طفل. "
              "وأضاف أن القصف أدى إلى إصابة عشرات آخرين.")
    figures = {f["report"]["text"]: f for f in check(report, [source])["figures"]}
    assert figures["نحو 1,350 شخصاً"]["source"]["text"] == "ألفاً وثلاثمئة وخمسين شخصاً"
    assert figures["عشرات آخرين"]["verdict"] == "consistent"
    assert figures["عشرات آخرين"]["source"]["text"] == "العشرات"


def test_quoted_terms_are_graded_and_names_in_quotation_marks_only_where_the_source_has_them():
    from riwaya.extract.quotes import find_quotes

    report = ("وصف الجيش المسلحين بـ«الإرهابيين»، وقال لـ«الشرق الأوسط» إن عملية «غصن الزيتون» "
              "انتهت، وإن «الاحتلال» انسحب بعد «عملية نوعية» و«المسئولين» فروا أمام قوات «الفيلق الخامس».")
    found = [(q.text, q.name) for q in find_quotes(report, terms=True)]
    assert found == [("الإرهابيين", False), ("الشرق الأوسط", True), ("غصن الزيتون", True),
                     ("الاحتلال", False), ("عملية نوعية", False), ("المسئولين", False), ("الفيلق الخامس", True)]
    assert [q.text for q in find_quotes(report)] == []  # a quotation has four words or more
    source = ("أعلن الجيش انسحاب قوات الاحتلال بعد عملية نوعية، وفرار المسؤولين عن الهجوم أمام الفيلق "
              "الخامس.")
    graded = {q["text"]: (q["verdict"], q["scare_quote"]) for q in check(report, [source])["quotes"]}
    # a name the source has too is its words; one it does not use is no word put in its mouth
    assert graded == {"الإرهابيين": ("not_found", True), "الاحتلال": ("verbatim", True),
                      "عملية نوعية": ("verbatim", True), "المسئولين": ("normalized", True),
                      "الفيلق الخامس": ("verbatim", True)}


def test_a_description_before_a_name_that_the_report_drops_is_an_omission():
    source = ("قيادة القوات البحرية\nبيان\nأوقفت الدورية القبطان المصري للقارب، عادل سرور، بتهمة تهريب البشر. "
              "وقتل المصور اللبناني ربيع فواز في الغارة.")
    report = "وأشار البيان إلى توقيف قبطان القارب عادل سرور بتهمة التهريب، ومقتل المصور اللبناني ربيع فواز."
    dropped = [(o["text"], o["person"]) for o in check(report, [source])["omissions"] if o["kind"] == "descriptor"]
    assert dropped == [("المصري", "عادل سرور")]


def test_a_figure_given_to_the_other_side_in_the_issuers_own_words_is_a_swap():
    source = ("هيئة الحشد الشعبي\nبيان\nتعرضت قوة من الحشد الشعبي لهجوم شنته عصابات داعش شمالي بغداد، "
              "وتمكن مقاتلونا من صد الهجوم وقتل 6 من الإرهابيين المهاجمين، فيما أصيب 4 من مقاتلينا بجروح.")
    swapped = "قالت هيئة الحشد الشعبي إن مسلحي تنظيم داعش قتلوا 6 من عناصر الحشد شمالي بغداد."
    faithful = "قالت هيئة الحشد الشعبي إن مقاتليها قتلوا 6 من عناصر تنظيم داعش شمالي بغداد."

    def six(report):
        return next(f for f in check(report, [source])["figures"] if f["report"]["value"] == 6)

    assert six(swapped)["verdict"] == "consistent" and six(swapped).get("actor_mismatch")
    assert not six(faithful).get("actor_mismatch")


def test_local_units_that_both_texts_name_are_told_apart():
    # units riwaya cannot know by name: the source's «السرية» is «سرية الحماية», the report's
    # «الكتيبة» is «كتيبة النصر»; both texts name both, so the report gave the dead to the other
    source = ("هاجمت مجموعة من كتيبة النصر مقراً لسرية الحماية جنوب المدينة، ما أسفر عن مقتل 4 من عناصر "
              "السرية وإصابة 7 آخرين.")
    swapped = ("قالت المديرية إن عناصر من سرية الحماية هاجموا مقراً لكتيبة النصر، ما أسفر عن مقتل 4 من "
               "مسلحي الكتيبة وإصابة 7 آخرين.")
    faithful = "قالت المديرية إن كتيبة النصر هاجمت مقراً لسرية الحماية، ما أدى إلى مقتل 4 من عناصر السرية."
    unnamed = "قالت المديرية إن هجوماً على مقر جنوب المدينة أسفر عن مقتل 4 من عناصر الكتيبة."

    def mismatches(report):
        return [f["report"]["value"] for f in check(report, [source])["figures"] if f.get("actor_mismatch")]

    assert mismatches(swapped) == [4, 7]
    assert mismatches(faithful) == []
    assert mismatches(unnamed) == []  # the report names no unit the source names: nothing to compare
    # a unit the other text does not name is no party to compare («القوة» here and there)
    freed = check("أفرجت قوة الردع عن 9 محتجزين.", ["أفرجت كتيبة الصمود عن 9 محتجزين."])["figures"]
    assert not freed[0].get("actor_mismatch")
    freed = check("أفرجت قوة الردع عن 9 محتجزين، فيما أطلقت كتيبة الصمود سراح 5.",
                  ["أفرجت كتيبة الصمود عن 9 محتجزين، فيما أطلقت قوة الردع سراح 5 محتجزين."])["figures"]
    assert freed[0]["actor_mismatch"]["report"]["text"] == "قوة الردع"


def test_a_figure_given_another_unit_matches_its_value_unless_the_source_counts_that_unit_apart():
    # the very same number of a broader unit is the figure the report took («11 قتيلاً» for
    # «11 من مقاتلي»); but where the source counts the report's unit as a part («بينهم 5
    # أطفال»), a report's «12 طفلاً» turned the whole into children: a conflict with the 5
    figures = check("قال الدفاع المدني إن القصف على البلدة أدى إلى مقتل 12 طفلاً.",
                    ["أدى القصف على البلدة إلى مقتل 12 شخصاً بينهم 5 أطفال."])["figures"]
    assert [(f["source"]["text"], f["verdict"]) for f in figures] == [("5 أطفال", "conflict")]
    figures = check("قالت الفصائل إنها قتلت 11 من مقاتلي القوات المهاجمة.",
                    ["تصدى مقاتلونا للهجوم وأوقعوا 11 قتيلاً في صفوف المهاجمين، فيما استشهد 3 من مقاتلينا."])[
        "figures"]
    assert figures[0]["source"]["text"].startswith("11") and figures[0]["verdict"] == "consistent"


def test_a_date_that_names_only_its_weekday_is_checked_against_the_sources_dates():
    source = ("وزارة الدفاع\nبيان\nبغداد، الاثنين 3 تشرين الثاني 2025\nوقع الهجوم يوم الأحد 2 تشرين الثاني "
              "على نقطة للجيش. وقد صدت قواتنا فجر اليوم هجوماً آخر.")

    def dates(report):
        return [(d["report"]["text"], d["verdict"], d["source"] and d["source"]["text"])
                for d in check(report, [source])["dates"]]

    # «اليوم الاثنين» is the day the statement is dated; «الأحد» the day of the attack
    assert dates("قالت الوزارة في بيان اليوم الاثنين إن الهجوم وقع يوم الأحد على نقطة للجيش.") == [
        ("اليوم الاثنين", "consistent", "الاثنين 3 تشرين الثاني 2025"),
        ("يوم الأحد", "consistent", "يوم الأحد 2 تشرين الثاني")]
    # another weekday for the day of the aligned sentence is a conflict
    assert dates("قالت الوزارة إن الهجوم وقع يوم السبت على نقطة للجيش.") == [
        ("يوم السبت", "conflict", "يوم الأحد 2 تشرين الثاني")]
    # the statement's «فجر اليوم» is read against its header: that Monday
    monday = check("قالت الوزارة إن قواتها صدت فجر الاثنين هجوماً آخر.", [source])["dates"]
    assert monday[0]["verdict"] == "consistent" and monday[0]["source"]["gregorian"] == "2025-11-03"
    # with no date in the source to set it beside, a weekday stays unresolved
    assert check("وقع الهجوم يوم السبت.", ["وقع الهجوم على نقطة للجيش."])["dates"][0]["verdict"] == "unresolved"


def test_more_than_a_figure_is_not_hundreds_beside_a_word_amount():
    # «مئات المرضى» against «أكثر من 60 مريضاً»: a source with hundreds would not say «more than
    # 60»; but «أكثر من 60» against an exact 150 is still true
    figures = check("وقال المستشفى إنه يستقبل مئات المرضى يومياً.",
                    ["ويستقبل المستشفى أكثر من 60 مريضاً يومياً."])["figures"]
    assert figures[0]["verdict"] == "conflict"
    figures = check("وقال المستشفى إنه يستقبل أكثر من 60 مريضاً يومياً.",
                    ["ويستقبل المستشفى 150 مريضاً يومياً."])["figures"]
    assert figures[0]["verdict"] == "consistent"


def test_what_the_source_says_of_a_person_is_read_part_by_part():
    source = ("القيادة العامة\nبيان\nوتمكنت الوحدات من القبض على المدعو حسن بشارة أبكر، التشادي الجنسية، "
              "القيادي في جبهة التغيير، فيما قتل العقيد ناهض فايز السلطان.")
    report = "وقالت القيادة إنها قبضت على المعارض التشادي حسن بشارة أبكر، فيما قتل العقيد ناهض السلطان."
    omitted = [o["text"] for o in check(report, [source])["omissions"]]
    # the nationality is carried by «التشادي», the affiliation is dropped; the colonel is named
    # by his title, first and family names, so he is no omission
    assert "القيادي في جبهة التغيير" in omitted
    assert not any("الجنسية" in o or "ناهض" in o or "المدعو" in o for o in omitted)


def test_a_group_named_by_what_it_does_is_a_party_a_swap_is_told_by():
    # the source's smugglers wounded two of the patrol; the report has the patrol wound two smugglers
    source = "وأطلق المهربون النار على الدورية فأصابوا اثنين من أفراد خفر السواحل بجروح."
    swapped = check("وقال البيان إن الدورية أطلقت النار على القارب وأصابت اثنين من المهربين.", [source])
    assert swapped["figures"][0]["actor_mismatch"]["report"]["text"] == "المهربين"
    faithful = check("وقال البيان إن المهربين أصابوا اثنين من أفراد خفر السواحل.", [source])
    assert not faithful["figures"][0].get("actor_mismatch")
    # strikes on the attackers' hideouts count no attackers
    strikes = check("ونفذت الطائرات 3 ضربات على مخابئ المهاجمين.",
                    ["وقامت الطائرات بملاحقة فلول المهاجمين ونفذت 3 ضربات جوية على أوكارهم."])
    assert not strikes["figures"][0].get("actor_mismatch")


def test_a_quotation_whose_last_word_was_changed_lists_a_substitution():
    source = "ودعت الوزارة المواطنين إلى عدم الانجرار وراء الشائعات التي تبثها جهات مشبوهة."
    quote = next(q for q in check("ودعت الوزارة إلى «عدم الانجرار وراء الشائعات التي تبثها جهات معادية».",
                                  [source])["quotes"])
    assert quote["verdict"] == "edited"
    assert [(s["report"], s["source"]) for s in quote["edits"]["substitutions"]] == [("معادية", "مشبوهة")]
    assert quote["edits"]["insertions"] == []


def test_the_last_member_of_a_description_the_report_drops_is_an_omission():
    source = ("وأوقفت الدورية المدعو رامي فؤاد الحاج علي، أحد أبرز المطلوبين بجرائم الاتجار بالمخدرات "
              "وإطلاق النار على دوريات الأمن، في بلدة دار الواسعة.")
    report = "وأوقفت الدورية رامي فؤاد الحاج علي، أحد أبرز المطلوبين بجرائم الاتجار بالمخدرات."
    omitted = [o["text"] for o in check(report, [source])["omissions"] if o["kind"] == "descriptor"]
    assert omitted == ["إطلاق النار على دوريات الأمن"]
    # the whole description carried: nothing is left out
    full = "وأوقفت الدورية رامي فؤاد الحاج علي، المطلوب بجرائم الاتجار بالمخدرات وإطلاق النار على دوريات الأمن."
    assert [o for o in check(full, [source])["omissions"] if o["kind"] == "descriptor"] == []


def test_quotations_of_another_translation_are_read_by_concepts_and_values():
    source = ("نفذت قواتنا بدعم من العناصر الجوية عمليات ضد المسلحين. واقتربت المجموعة إلى مسافة 20 متراً "
              "من آلياتنا قبل أن تنسحب.")
    quotes = {q["text"]: q for q in check("وقال البيان إن قواته تصدت للمسلحين «بمساندة الطيران»، وإن المجموعة "
                                          "اقتربت «على بعد عشرين متراً تقريباً من مركباتنا».", [source])["quotes"]}
    # a term all of whose words are the register's, carried by one sentence: a paraphrase there
    term = quotes["بمساندة الطيران"]
    assert (term["verdict"], term["scare_quote"]) == ("paraphrase", True)
    assert "العناصر الجوية" in source[term["source_start"]:term["source_end"]]
    # a number in words is the source's digits
    assert quotes["على بعد عشرين متراً تقريباً من مركباتنا"]["verdict"] in ("paraphrase", "edited")
    # a term with a word outside the register is not found where the source lacks it
    other = check("ووصف البيان ما جرى بأنه «تطهير عرقي».", [source])["quotes"][0]
    assert other["verdict"] == "not_found"


def test_the_attackers_and_the_others_take_the_party_the_text_names():
    source = ("قوات دفاع شبوة\nبيان\nهاجمت عناصر من تنظيم القاعدة نقطة تابعة لقوات دفاع شبوة. وقتل أبطالنا خمسة "
              "من عناصر التنظيم، في حين استشهد ثلاثة من أفراد النقطة وجُرح سبعة آخرون.")
    report = ("أعلنت قوات دفاع شبوة صد هجوم شنه عناصر من تنظيم القاعدة على نقطة لها. وقُتل ثلاثة من المهاجمين، "
              "وأصيب سبعة من عناصر القاعدة.")
    swapped = {f["report"]["value"] for f in check(report, [source])["figures"] if f.get("actor_mismatch")}
    # the source's dead and wounded are the post's; the report gives them to al-Qaeda
    assert swapped == {3, 7}


def test_a_name_that_begins_with_lam_after_the_preposition_lam():
    # ل + «اللواء 444 قتال» is written «للواء 444 قتال», the article's ل once
    actors = [(m["text"], m["id"]) for m in extract("تعرضت دوريات تابعة للواء 444 قتال لهجوم مسلح.")["mentions"]
              if m["kind"] == "actor"]
    assert actors == [("للواء 444 قتال", "libya.brigade_444")]


def test_spans_of_time_are_compared_in_one_unit():
    figures = check("وأمهل المجلس الأجهزة الأمنية ثلاثة أيام لضبط الجناة.",
                    ["ويمهل المجلس الجهات الأمنية 72 ساعة لضبط الجناة."])["figures"]
    assert (figures[0]["verdict"], figures[0]["source"]["text"]) == ("consistent", "72 ساعة")
    figures = check("وأمهل المجلس الأجهزة الأمنية أسبوعاً لضبط الجناة.",
                    ["ويمهل المجلس الجهات الأمنية 72 ساعة لضبط الجناة."])["figures"]
    assert all(f["verdict"] != "consistent" for f in figures)


def test_the_dead_of_both_sides_are_no_one_partys_and_a_whole_matches_a_whole():
    source = ("ووثق المرصد مقتل 37 عنصراً من الطرفين خلال 24 ساعة، هم 22 من الفصائل و15 من قسد في ريف حلب.")
    figures = check("أفاد المرصد بمقتل عشرات المقاتلين في اشتباكات بين قسد وفصائل موالية لتركيا في ريف حلب.",
                    [source])["figures"]
    assert (figures[0]["source"]["text"], figures[0]["verdict"]) == ("37 عنصراً", "consistent")
    assert not figures[0].get("actor_mismatch")


def test_a_conjoined_next_person_is_no_description_and_his_nationality_is_his():
    source = ("واعتقلت القوات 4 مشتبه بهم، بينهم القيادي في حركة الشباب محمد عيسى ورسمه، والكيني الجنسية إبراهيم "
              "موسى كاريوكي.")
    report = "واعتقلت القوات القيادي في حركة الشباب محمد عيسى ورسمه، ومواطناً أجنبياً يدعى إبراهيم موسى كاريوكي."
    omitted = [(o["text"], o["person"].split()[0]) for o in check(report, [source])["omissions"]
               if o["kind"] == "descriptor"]
    assert omitted == [("الكيني الجنسية", "إبراهيم")]


def test_a_relative_month_and_a_bare_yesterday_meet_the_sources_own():
    source = ("وزارة الدفاع\nبيان\nنيامي، الجمعة 14 آذار 2025\nتعرضت وحدة من قواتنا أمس الخميس لهجوم قرب الحدود. "
              "وقد سجلت الوزارة خلال شهر شباط/فبراير 12 هجوماً في المنطقة.")
    dates = {d["report"]["text"]: (d["verdict"], d["source"] and d["source"]["text"])
             for d in check("قالت الوزارة إن وحدة من الجيش تعرضت أمس لهجوم قرب الحدود، وإنها سجلت في شباط الماضي "
                            "12 هجوماً.", [source])["dates"]}
    assert dates["أمس"] == ("consistent", "أمس الخميس")
    assert dates["شباط الماضي"][0] == "consistent"
