"""Claims on quantities (riwaya.extract.claims): who a figure concerns, who says it, how sure."""

from riwaya.extract import extract


def _claims(text: str) -> dict[str, dict]:
    return {m["text"]: m["claim"] for m in extract(text)["mentions"] if m["kind"] == "quantity"}


def test_according_to_and_reporting_verbs_name_the_source():
    claims = _claims("قتل 12 مدنياً في القصف بحسب المرصد السوري لحقوق الإنسان. "
                     "وقال الدفاع المدني إن فرقه أسعفت 20 مصاباً.")
    assert claims["12 مدنياً"]["attributed_to"]["text"].startswith("المرصد السوري")
    assert claims["20 مصاباً"]["attributed_to"]["text"] == "الدفاع المدني"


def test_the_source_carries_over_in_its_paragraph():
    claims = _claims("أعلنت وزارة الصحة مقتل 31 شخصاً. وأصيب 57 آخرون بجروح متفاوتة.")
    assert claims["57 آخرون"]["attributed_to"]["text"].startswith("وزارة الصحة")


def test_carrying_the_wounded_is_not_reporting():
    claims = _claims("أصيب 57 شخصاً بجروح متفاوتة، ونُقل ذوو الإصابات الخطيرة منهم إلى مستشفى الأبيض.")
    said = claims["57 شخصاً"]["attributed_to"]
    assert said is None or "الإصابات" not in said["text"]


def test_the_actor_a_figure_concerns_and_the_hedge():
    claims = _claims("وزعمت قوات النظام أنها قتلت 40 مسلحاً من هيئة تحرير الشام.")
    claim = claims["40 مسلحاً"]
    assert claim["hedge"] == "claimed"
    assert claim["actor"]["id"].startswith("syria.hts") or "تحرير الشام" in claim["actor"]["text"]


def test_what_a_verb_of_saying_declared_or_when_is_no_source():
    claims = _claims("وتواجه البلاد جماعة مسلحة أعلنت ولاءها لتنظيم الدولة، حيث لقي 660 شخصا مصرعهم خلال شهر.")
    assert claims["660 شخصا"]["attributed_to"] is None
    claims = _claims("وأضاف بعد وصول الفرق اتضح وجود 7 وفيات في الموقع.")
    assert claims["7 وفيات"]["attributed_to"] is None
    claims = _claims("أكد المتحدث الأمني عدم تعرض أي مقر آخر لهجوم، بعد هجوم خلف 7 جرحى.")
    assert claims["7 جرحى"]["attributed_to"]["text"] == "المتحدث الأمني"


def test_the_source_after_what_it_said_and_before_a_day():
    claims = _claims("ارتفع عدد الناجين إلى 41 مهاجراً، وفق ما أعلنه خفر السواحل الليبي اليوم.")
    assert claims["41 مهاجراً"]["attributed_to"]["text"] == "خفر السواحل الليبي"
    claims = _claims("أعلنت وزارة الصحة ارتفاع حصيلة ضحايا الانفجارات إلى 23 حالة وفاة.")
    assert claims["23 حالة وفاة"]["attributed_to"]["text"] == "وزارة الصحة"


def test_what_happened_before_in_the_outlets_words_is_not_the_last_speakers():
    claims = _claims("وقال التنظيم في بيان إن منفذ العملية اخترق الأطواق الأمنية.\n"
                     "وكان تفجير انتحاري قد وقع ظهر اليوم بمعسكر في أبها، أسفر عن مقتل 15 شخصًا.")
    assert claims["15 شخصًا"]["attributed_to"] is None
    # a sentence of what a source said before keeps its own speaker
    claims = _claims("وقال المتحدث إن الحصيلة ارتفعت. وكانت الوزارة قد أعلنت مقتل 12 شخصا.")
    assert claims["12 شخصا"]["attributed_to"]["text"] == "الوزارة"


def test_a_source_who_asked_not_to_be_named_is_named_without_it():
    claims = _claims("وتحدث مسؤول أمني، طلب عدم ذكر اسمه، عن 20 قتيلاً في الهجوم. "
                     "وقال مصدر طبي طلب عدم الكشف عن اسمه إن 12 شخصاً أصيبوا.")
    assert claims["20 قتيلاً"]["attributed_to"]["text"] == "مسؤول أمني"  # «ذكر اسمه» says nothing
    assert claims["12 شخصاً"]["attributed_to"]["text"] == "مصدر طبي"


def test_a_party_named_before_a_relative_clause_speaks():
    claims = _claims("وقالت الحركة إنها خسرت 9 من مقاتليها، وهو رقم أقل مما يعلنه الجيش الذي يقول إنه قتل 80 مسلحا.")
    assert claims["9 من مقاتليها"]["attributed_to"]["text"] == "الحركة"
    assert claims["80 مسلحا"]["attributed_to"]["text"] == "الجيش"
    # past a relative clause between commas, whose own figure is the party's too
    claims = _claims("فالجيش اللبناني، الذي رفع أمس عدد قتلاه إلى 14 جنديا، يؤكد أنه دمر 30 آلية، بينما "
                     "تقول الحركة إن 60 من مقاتليها قتلوا.")
    assert claims["14 جنديا"]["attributed_to"]["text"] == "الجيش اللبناني"
    assert claims["30 آلية"]["attributed_to"]["text"] == "الجيش اللبناني"
    assert claims["60 من مقاتليها"]["attributed_to"]["text"] == "الحركة"
    # a relative clause that names no party before it says nothing of who speaks
    claims = _claims("قال المحافظ إن العدد الذي يقول إنه دقيق بلغ 12 قتيلا.")
    assert claims["12 قتيلا"]["attributed_to"]["text"] == "المحافظ"


def test_a_source_two_figures_share_points_at_it_in_a_later_chunk():
    """Found by tests/test_fuzz.py: in a text cut into chunks (past CHUNK_CHARS), two figures that
    share their source moved it by the chunk's start twice, past the end of the text."""
    from riwaya.extract import iter_extract

    first = "وصل الوفد إلى المدينة صباحاً.\n\n"
    text = first + "وقال الدفاع المدني إن فرقه أسعفت 20 مصاباً و7 قتلى."
    figures = [m for chunk in iter_extract(text, chunk_size=len(text) - len(first)) for m in chunk.mentions
               if m["kind"] == "quantity"]
    assert len(figures) == 2 and figures[0]["claim"]["attributed_to"] is figures[1]["claim"]["attributed_to"]
    said = figures[0]["claim"]["attributed_to"]
    assert text[said["start"]:said["end"]] == said["text"] == "الدفاع المدني"
