"""Copies: reused passages found by alignment, the copy decision (templates are not copies), what
a copy changed, and copy groups that a digest does not merge. Texts written for riwaya."""

import zlib

from riwaya.compare.alignment import covered, passages
from riwaya.compare.duplicates import changes, copy_groups, fingerprint, group_link, verify
from riwaya.compare.prepare import prepare
from riwaya.read import Document

WIRE = (
    "أعلنت وزارة الصحة في محافظة الحديدة اليوم الاثنين ارتفاع عدد ضحايا الحمى في مديرية الزهرة إلى "
    "سبعة وعشرين شخصا، وقالت إن فرقها الميدانية تعمل منذ أسبوع على احتواء المرض في القرى الساحلية. "
    "وأضافت الوزارة في بيانها أن مستشفى المديرية استقبل مئة وأربعين حالة خلال الأيام الثلاثة الماضية، "
    "وأن نقص الأدوية والوقود يعيق وصول الفرق إلى المناطق البعيدة عن مركز المديرية. "
    "ودعت منظمات الإغاثة الدولية إلى إرسال شحنات عاجلة من المحاليل والمضادات الحيوية قبل موسم الأمطار. "
    "وكانت السلطات المحلية قد أغلقت ثلاث مدارس في المديرية الشهر الماضي بعد تسجيل أولى الإصابات بين "
    "التلاميذ، وأعادت فتحها الأسبوع الماضي بعد حملة تعقيم واسعة شملت الأسواق والمساجد."
)


def _prepared(text: str, *, published: str = "2024-06-10T09:00:00", outlet: str = "wire", name: str = "a"):
    return prepare(Document(name, text, "text", published=published, outlet=outlet))


def _pair(first: str, second: str, a: dict | None = None, b: dict | None = None):
    pa = _prepared(first, name="a", **(a or {}))
    pb = _prepared(second, name="b", **(b or {}))
    return fingerprint(1, pa), fingerprint(2, pb)


def _keys(text: str) -> list[int]:
    return [zlib.crc32(w.encode()) for w in text.split()]


def test_a_paragraph_moved_to_the_top_is_still_one_reused_passage():
    first, second = WIRE.split(". ", 1)
    moved = second + ". " + first
    a, b = _keys(WIRE), _keys(moved)
    found = passages(a, b)
    assert covered(found, "a", len(a)) > 0.95 and covered(found, "b", len(b)) > 0.95
    assert len(found) >= 2  # the moved paragraph is a passage of its own


def test_a_short_reprint_inside_a_long_story_is_a_copy_of_part_of_it():
    short = "وقالت وزارة الصحة إن مستشفى المديرية استقبل مئة وأربعين حالة خلال الأيام الثلاثة الماضية، وأن نقص " \
            "الأدوية والوقود يعيق وصول الفرق إلى المناطق البعيدة عن مركز المديرية."
    a, b = _pair(WIRE, short)
    verdict = verify(a, b)
    assert verdict is not None and not verdict.get("template")
    assert verdict["coverage"] > 0.8 and verdict["whole"] is False  # it holds a part of the story


def test_a_reprint_the_next_day_with_yesterday_for_today_is_a_copy():
    reprint = WIRE.replace("اليوم الاثنين", "أمس الاثنين")
    a, b = _pair(WIRE, reprint, b={"published": "2024-06-11T07:00:00", "outlet": "daily"})
    verdict = verify(a, b)
    assert verdict is not None and not verdict.get("template") and verdict["whole"]


CABLE = (
    "بعث رئيس الدولة برقية تهنئة إلى رئيس {country} بمناسبة ذكرى استقلال بلاده، أعرب فيها عن أصدق "
    "التهاني وأطيب التمنيات بموفور الصحة والسعادة لفخامته، ولشعب {country} الصديق المزيد من التقدم "
    "والازدهار، مؤكدا حرص بلاده على تعزيز العلاقات الثنائية بين البلدين في جميع المجالات."
)


def test_two_cables_to_two_presidents_are_a_template_not_a_copy():
    a, b = _pair(CABLE.format(country="بوليفيا"), CABLE.format(country="جامايكا"),
                 b={"outlet": "other"})
    verdict = verify(a, b)
    assert verdict is not None and verdict.get("template")


def test_an_outlets_own_item_of_another_day_must_be_republished_as_it_was():
    bulletin = ("توقعت الرئاسة العامة للأرصاد أن تكون الأجواء حارة إلى شديدة الحرارة على المنطقة الشرقية والرياض "
                "والقصيم، مع فرصة لتكون السحب الرعدية الممطرة على مرتفعات جازان وعسير والباحة، وأن تكون الرياح "
                "على البحر الأحمر شمالية غربية بسرعة عشرين إلى أربعين كيلومترا في الساعة، وارتفاع الموج من متر إلى "
                "مترين، وحالة البحر متوسطة الموج. وتكون الرياح على الخليج العربي شمالية بسرعة عشرة إلى ثلاثين "
                "كيلومترا في الساعة، وحالة البحر خفيفة الموج.")
    # the next day's bulletin: the same wording, another day's regions, winds and seas
    next_day = (bulletin.replace("المنطقة الشرقية والرياض والقصيم", "المدينة المنورة ومكة المكرمة وتبوك")
                .replace("مرتفعات جازان وعسير والباحة", "أجزاء من منطقة نجران")
                .replace("شمالية غربية بسرعة عشرين إلى أربعين", "جنوبية غربية تتحول إلى شمالية بسرعة عشرة إلى ثلاثين")
                .replace("من متر إلى مترين، وحالة البحر متوسطة", "من نصف متر إلى متر ونصف، وحالة البحر خفيفة إلى متوسطة")
                .replace("شمالية بسرعة عشرة إلى ثلاثين", "شمالية غربية بسرعة خمسة عشر إلى خمسة وثلاثين"))
    same_outlet = {"a": {"outlet": "daily"}, "b": {"outlet": "daily", "published": "2024-06-11T07:00:00"}}
    verdict = verify(*_pair(bulletin, next_day, **same_outlet))
    assert verdict is None or verdict.get("template")  # not a copy (another day's item of one template)
    assert verify(*_pair(bulletin, bulletin, **same_outlet)) is not None  # republished as it was


def test_an_outlets_release_reprinted_days_later_with_a_paragraph_rewritten_is_still_a_copy():
    # most of its own words kept as they were, one paragraph told anew (SaudiNewsNet: a release
    # reprinted days later with edits kept 0.6–0.68 of its words, boilerplate aside)
    sentences = WIRE.split(". ")
    sentences[2] = "وطالبت المنظمات الإنسانية العاملة في اليمن بتوفير الدعم الطبي العاجل للمناطق المنكوبة"
    edited = ". ".join(sentences)
    verdict = verify(*_pair(WIRE, edited, a={"outlet": "daily"},
                            b={"outlet": "daily", "published": "2024-06-13T07:00:00"}))
    assert verdict is not None and not verdict.get("template")
    # but one with most of it told anew is not
    told_anew = ". ".join([*sentences[:2],
        "وطالبت المنظمات الإنسانية العاملة في اليمن بتوفير الدعم الطبي العاجل للمناطق المنكوبة في الساحل الغربي",
        "وأكد مدير مكتب الصحة في المحافظة أن الوضع الوبائي تحت السيطرة رغم شح الإمكانات المتاحة لدى الفرق",
        "ونفت السلطات المحلية أي تقصير في عملها وقالت إنها خصصت موازنة طارئة لشراء الأدوية والوقود للمستشفيات",
        "وينتظر أن تصل أول شحنة من المساعدات الطبية إلى ميناء الحديدة خلال الأسبوع المقبل بحسب مصادر ملاحية"])
    assert verify(*_pair(WIRE, told_anew, a={"outlet": "daily"},
                         b={"outlet": "daily", "published": "2024-06-13T07:00:00"})) is None


def test_a_release_cut_when_reprinted_days_later_is_still_a_copy():
    # an outlet's own item of another day must be republished as it was, on the smaller side: the
    # reprint cut to its first paragraphs keeps those as they were (SaudiNewsNet: a release
    # reprinted three days later kept 0.98 of its words, but only 0.46 of the longer text's)
    cut = ". ".join(WIRE.split(". ")[:2]) + "."
    verdict = verify(*_pair(WIRE, cut, a={"outlet": "daily"},
                            b={"outlet": "daily", "published": "2024-06-13T07:00:00"}))
    assert verdict is not None and not verdict.get("template") and verdict["coverage"] > 0.95


def test_a_conjunction_typed_apart_is_the_same_word():
    # «و عسير و نجران» retyped as «وعسير ونجران»: one reprinted bulletin, no edits
    spaced = WIRE.replace("والوقود", "و الوقود").replace("والمضادات", "و المضادات").replace("والمساجد", "و المساجد")
    a, b = _pair(WIRE, spaced, b={"published": "2024-06-11T07:00:00", "outlet": "daily"})
    assert len(a.words) == len(b.words) and list(a.words) == list(b.words)
    assert verify(a, b)["edits"] == []


def test_a_place_after_a_conjunction_typed_apart_is_still_a_template_slot():
    text = "زار أمير المنطقة محافظات جازان و نجران أمس."
    p = _prepared(text)
    slots = {key: (first, end) for first, end, _, key in p.slots}
    assert "place.sa.najran" in slots  # the slot survives «و نجران» matched as one word
    first, end = slots["place.sa.najran"]
    assert text[int(p.words[first, 1]):int(p.words[end - 1, 2])] == "و نجران"


def test_what_a_copy_changed():
    copy_text = ("تتفاقم أزمة الحمى في الساحل الغربي لليمن. " + WIRE.replace("سبعة وعشرين", "ثلاثين")
                 .replace("وكانت السلطات المحلية قد أغلقت ثلاث مدارس في المديرية الشهر الماضي بعد تسجيل أولى الإصابات "
                          "بين التلاميذ، وأعادت فتحها الأسبوع الماضي بعد حملة تعقيم واسعة شملت الأسواق والمساجد.", "")
                 .replace("وقالت إن فرقها", "وتعمل فرقها").replace("وأضافت الوزارة في بيانها أن", "و"))
    original, copy = _prepared(WIRE), _prepared(copy_text, published="2024-06-10T12:00:00")
    o, c = fingerprint(1, original), fingerprint(2, copy)
    verdict = verify(c, o)
    assert verdict is not None and not verdict.get("template")
    found = [tuple(p) for p in verdict["passages"]]
    kinds = {ch["kind"] for ch in changes(c, o, found, [tuple(e) for e in verdict["edits"]])}
    assert {"added_lead", "cut", "figures_changed", "attribution_dropped"} <= kinds


def test_an_attribution_moved_is_not_dropped():
    moved = WIRE.replace("أعلنت وزارة الصحة في محافظة الحديدة اليوم الاثنين ارتفاع", "ارتفع") \
        .replace("سبعة وعشرين شخصا،", "سبعة وعشرين شخصا بحسب ما أعلنت وزارة الصحة في محافظة الحديدة،")
    o, c = fingerprint(1, _prepared(WIRE)), fingerprint(2, _prepared(moved))
    verdict = verify(c, o)
    assert verdict is not None
    found = [tuple(p) for p in verdict["passages"]]
    kinds = [ch["kind"] for ch in changes(c, o, found, [tuple(e) for e in verdict["edits"]])]
    assert "attribution_dropped" not in kinds


def test_a_digest_that_reprints_two_items_does_not_make_them_copies_of_each_other():
    when = {1: "2024-06-10T08:00:00", 2: "2024-06-10T09:00:00", 3: "2024-06-10T20:00:00", 4: "2024-06-10T21:00:00"}
    # 3 is a digest holding items 1 and 2 (partial links); 4 reprints 1 whole
    groups = copy_groups([(3, 1, False), (3, 2, False), (4, 1, True)], when)
    assert groups[4] == 1 and groups[1] == 1
    assert groups[2] == 2  # not merged with item 1 through the digest
    assert groups[3] in (1, 2)  # the digest is a copy of one of them, and joins no group


def test_cut_reprints_of_one_wire_story_share_its_group_and_a_digests_items_do_not():
    when = {1: "2024-06-10T08:00:00", 2: "2024-06-10T09:00:00", 3: "2024-06-10T10:00:00",
            4: "2024-06-10T11:00:00", 5: "2024-06-10T12:00:00"}
    # 2 and 3 are papers' cuts of the wire story 1, each reprinting its lead (chars 0–400 of 1)
    # and 3 a paragraph more; 4 reprints 2 whole
    cuts = [(2, 1, False, (1, ((0, 380),))), (3, 1, False, (1, ((0, 400), (600, 900)))), (4, 2, True, None)]
    groups = copy_groups(cuts, when)
    assert groups[1] == groups[2] == groups[3] == groups[4] == 1
    # without knowing which text holds which, as before: 3 is a copy of 1, 2 and 4 a group apart
    unknown = copy_groups([(c, o, w) for c, o, w, _ in cuts], when)
    assert unknown[2] == unknown[4] == 2 and unknown[3] == 1
    # 5 is a digest holding the items 1 and 4 in parts of it that do not overlap
    digest = [(5, 1, False, (5, ((0, 300),))), (5, 4, False, (5, ((310, 700),)))]
    groups = copy_groups(digest, when)
    assert groups[1] != groups[4]
    # and group_link reads which text holds the other from a stored link's data
    data = {"whole": False, "holder": "copy", "passages": [{"copy": [10, 90], "original": [0, 80]}]}
    assert group_link(5, 1, data) == (5, 1, False, (5, ((10, 90),)))
    assert group_link(5, 1, {"whole": True}) == (5, 1, True, None)


def test_one_outlets_bulletins_of_two_days_do_not_chain_into_one_copy_group():
    """The agency's bulletin of Monday (1) and of Tuesday (4) are two items; a paper reprinted
    Monday's (2) and republished it on Tuesday (3), which the agency's Tuesday bulletin matches.
    Through the paper's reprints the four would be one group: one outlet's items of two days not
    linked to each other do not share a group."""
    when = {1: "2024-06-10T06:00:00", 2: "2024-06-10T09:00:00", 3: "2024-06-11T08:00:00",
            4: "2024-06-11T09:00:00"}
    outlets = {1: "agency", 2: "paper", 3: "paper", 4: "agency"}
    links = [(2, 1, True), (3, 2, True), (4, 3, True)]
    assert len(set(copy_groups(links, when).values())) == 1  # chained
    groups = copy_groups(links, when, outlets)
    assert groups[1] == groups[2] == groups[3] == 1
    assert groups[4] == 4  # the agency's Tuesday bulletin is not Monday's
    # a link between the two days' items themselves is a copy the outlet republished
    assert len(set(copy_groups([*links, (4, 1, True)], when, outlets).values())) == 1


def test_a_paper_that_prints_a_statement_two_days_running_copies_it_both_days():
    """Monday's cabinet statement (1) reprinted that day by the agency's clients 2, 3 and by the
    paper 4; the paper prints it again on Tuesday (5), linked to the other outlets' 2 and 3 but not
    to its own Monday item. Its two items are both the statement; one link alone (the bulletins'
    chain above) would not be enough."""
    when = {1: "2024-06-10T06:00:00", 2: "2024-06-10T09:00:00", 3: "2024-06-10T10:00:00",
            4: "2024-06-10T11:00:00", 5: "2024-06-11T08:00:00"}
    outlets = {1: "agency", 2: "paper A", 3: "paper B", 4: "paper C", 5: "paper C"}
    links = [(2, 1, True), (3, 1, True), (4, 1, True), (5, 2, True), (5, 3, True)]
    assert len(set(copy_groups(links, when, outlets).values())) == 1
    assert copy_groups(links[:4], when, outlets)[5] == 5  # linked to one other outlet only


def test_two_outlets_bulletins_of_two_days_share_boilerplate_not_text():
    # the wording every bulletin repeats («وتكون حركة الرياح السطحية», «وارتفاع الموج من») is no
    # evidence of reuse (lexicon/common_phrases.tsv, as passim drops common n-grams): two outlets'
    # bulletins of two days share it and little else (SaudiNewsNet: the false copies left on
    # every labelled set); a reprint's own sentences still align
    one = ("توقعت الرئاسة العامة للأرصاد وحماية البيئة أن تكون الأجواء حارة على المنطقة الشرقية والرياض، مع فرصة "
           "لهطول أمطار رعدية على مرتفعات جازان وعسير. وتكون حركة الرياح السطحية على البحر الأحمر شمالية غربية "
           "بسرعة من 20 إلى 40 كم/ساعة، وارتفاع الموج من متر إلى متر ونصف، وحالة البحر متوسط الموج. وتكون حركة "
           "الرياح السطحية على الخليج العربي شمالية بسرعة من 15 إلى 35 كم/ساعة، وارتفاع الموج من نصف المتر إلى "
           "متر، وحالة البحر خفيف إلى متوسط الموج.")
    two = ("توقعت الرئاسة العامة للأرصاد وحماية البيئة أن يكون الطقس شديد الحرارة على مكة المكرمة والمدينة "
           "المنورة وتبوك، مع رياح مثيرة للأتربة والغبار على القصيم وحائل. وتكون حركة الرياح السطحية على البحر "
           "الأحمر جنوبية إلى جنوبية شرقية بسرعة من 20 إلى 40 كم/ساعة، وارتفاع الموج من نصف المتر إلى متر، "
           "وحالة البحر خفيف الموج. وتكون حركة الرياح السطحية على الخليج العربي شمالية غربية بسرعة من 15 إلى 35 "
           "كم/ساعة، وارتفاع الموج من متر إلى متر ونصف، وحالة البحر متوسط الموج.")
    a, b = _pair(one, two, a={"outlet": "daily"}, b={"outlet": "evening", "published": "2024-06-11T07:00:00"})
    assert verify(a, b) is None
    a, b = _pair(WIRE, WIRE.replace("اليوم الاثنين", "أمس"), b={"outlet": "daily", "published": "2024-06-11"})
    assert verify(a, b)["coverage"] > 0.95


def test_a_text_that_holds_a_release_joins_its_story_and_a_digest_of_items_does_not():
    from riwaya.corpus.placement import joins_copied

    lead = ("تتفاقم الأوضاع الصحية في الساحل الغربي لليمن مع انتشار الحمى في القرى الفقيرة وشح الأدوية. ")
    comments = (" وقال طبيب في المستشفى إن الفرق الطبية تعمل بلا توقف منذ أيام، مطالبا بزيادة الدعم الدولي "
                "وإرسال أطباء متخصصين إلى المديرية. وأوضح أن أغلب المرضى من الأطفال وكبار السن الذين يصلون "
                "في حالة متأخرة بسبب بعد القرى وانقطاع الطرق خلال الليل، وأن المستشفى يعمل بمولد واحد يتوقف "
                "كلما نفد الوقود. من جهته، قال أحد سكان القرى الساحلية إن الأهالي ينقلون المرضى على الدواب "
                "لمسافات طويلة، وإن كثيرا منهم لا يملكون أجرة السيارات، داعيا السلطات إلى إرسال عيادات متنقلة "
                "تجوب القرى. ويخشى عاملون في المجال الإنساني أن يؤدي موسم الأمطار المقبل إلى انتشار أوسع للمرض "
                "إذا لم تصل الإمدادات في الوقت المناسب، في ظل تراجع تمويل خطة الاستجابة الإنسانية هذا العام.")
    extended = lead + WIRE + comments
    verdict = verify(*_pair(WIRE, extended, b={"outlet": "other"}))
    assert verdict is not None and not verdict["whole"] and verdict["larger_coverage"] >= 0.25
    assert joins_copied({**verdict, "held": False})  # the holder is about the release
    items = [
        "افتتح وزير التعليم مدرسة جديدة في مدينة تعز تتسع لألف طالب وطالبة بتمويل من منظمة دولية للتنمية.",
        "وفي الرياضة، تأهل منتخب الناشئين إلى نهائي البطولة الإقليمية بعد فوزه على منافسه بثلاثة أهداف.",
        "وأعلن البنك المركزي عن طرح فئة نقدية جديدة من العملة المحلية بداية الشهر المقبل لتعويض التالف.",
        "وفي الطقس، توقعت الأرصاد هطول أمطار غزيرة على المرتفعات الجبلية مع رياح نشطة على السواحل.",
        "وعلى صعيد آخر، ناقش مجلس المحافظة خطة لإعادة تأهيل الطرق المتضررة من السيول في الأرياف الشرقية.",
        "وأعلنت شركة الاتصالات عن توسيع شبكتها لتشمل عشرين قرية جديدة في المديريات الجبلية قبل نهاية العام.",
        "وفي الاقتصاد، ارتفعت أسعار المواد الغذائية الأساسية في الأسواق المحلية بنسبة ملحوظة خلال الأسبوع.",
        "وأعلن الاتحاد العام للكتاب عن جائزة سنوية للرواية اليمنية تمنح لأفضل عمل أدبي ينشر هذا العام.",
    ]
    digest = " ".join(items[:4]) + " " + WIRE + " " + " ".join(items[4:]) + " " + " ".join(items) + " " + " ".join(
        reversed(items))  # a long roundup: the release is one item of many
    verdict = verify(*_pair(WIRE, digest, b={"outlet": "other"}))
    assert verdict is not None and verdict["larger_coverage"] < 0.25
    assert not joins_copied({**verdict, "held": False})  # scored as any document is


EXECUTION = (
    "أصدرت وزارة الداخلية بيانا بشأن تنفيذ حكم القتل قصاصا بأحد الجناة، جاء فيه أن {killer} سعودي الجنسية أقدم "
    "على قتل {victim} سعودي الجنسية {how}، وبفضل من الله تمكنت الجهات الأمنية من القبض على الجاني المذكور وأسفر "
    "التحقيق معه عن توجيه الاتهام إليه بارتكاب جريمته، وبإحالته إلى المحكمة صدر بحقه صك شرعي يقضي بثبوت ما نسب "
    "إليه والحكم عليه بالقتل قصاصا، وأيد الحكم من مرجعه وصدر أمر ملكي بإنفاذ ما تقرر شرعا. وقد تم تنفيذ حكم "
    "القتل قصاصا بالجاني المذكور اليوم {where}. ووزارة الداخلية إذ تعلن ذلك لتؤكد حرص الدولة على استتباب الأمن "
    "وتحقيق العدل وتنفيذ أحكام الله في كل من يتعدى على الآمنين ويسفك دماءهم."
)
AHSA = EXECUTION.format(killer="مقرن بن سعد بن علي الثنيان", victim="طلال بن أحمد بن محمد الحمود",
                        how="وذلك بإطلاق النار عليه من مسدس لخلاف سابق بينهما", where="بمحافظة الأحساء")
ABHA = EXECUTION.format(killer="فهد بن ناصر بن عبدالله الشهري", victim="ماجد بن سالم بن حمد الغامدي",
                        how="وذلك بطعنه بسكين في أثناء مشاجرة في سوق شعبي", where="بمدينة أبها")


def test_a_formulaic_statement_reprinted_the_same_day_is_a_copy_and_another_item_is_not(monkeypatch):
    """A statement that is mostly boilerplate (here the execution statement's fixed wording,
    taken as the corpus's common phrases) seeds few passages once boilerplate is set aside: on
    the same day it is a copy when its own words — the names, the weapon, the place — are reused
    and kept. Another execution of the same day keeps the frame, not the names; a day apart the
    rule does not apply (consecutive days' bulletins keep most of their words)."""
    import riwaya.compare.duplicates as duplicates

    def keys(text: str) -> list[int]:
        return fingerprint(0, _prepared(text)).words.tolist()

    ahsa, abha = keys(AHSA), keys(ABHA)
    frame = {tuple(ahsa[i : i + 3]) for i in range(len(ahsa) - 2)} & {tuple(abha[i : i + 3]) for i in range(len(abha) - 2)}
    monkeypatch.setattr(duplicates, "common_phrases", lambda: frozenset(frame))
    reprint = ("نفذت وزارة الداخلية حكم القصاص في قاتل. " + AHSA.split("جاء فيه ", 1)[1]).replace(" اليوم", " أمس")
    same_day = {"outlet": "daily", "published": "2024-06-10T20:00:00"}
    a, b = _pair(AHSA, reprint, b=same_day)
    found = verify(a, b)
    assert found is not None and not found.get("template") and found["coverage"] > 0.8
    a, c = _pair(AHSA, ABHA, b=same_day)
    assert verify(a, c) is None or verify(a, c).get("template")
    a, b = _pair(AHSA, reprint, b={"outlet": "daily", "published": "2024-06-11T09:00:00"})
    assert verify(a, b) is None
