"""People (riwaya.extract.people): with a title, and by a given name without one."""

import pytest

from riwaya.extract import extract
from riwaya.lexicon import load_yaml


def _people(text: str) -> list[tuple[str, str | None]]:
    return [(m["text"], m["title"]) for m in extract(text)["mentions"] if m["kind"] == "person"]


@pytest.mark.parametrize("text, people", [
    ("وقال الرائد أحمد المصري إن قواته انسحبت.", [("الرائد أحمد المصري", "الرائد")]),
    ("وقال محمد الحزمي إن الهجوم فشل.", [("محمد الحزمي", None)]),
    ("وصلت فاطمة أحمد علي إلى المستشفى.", [("فاطمة أحمد علي", None)]),
    ("استقبل الشيخ محمد بن عيد آل ثاني الوفد.", [("الشيخ محمد بن عيد آل ثاني", "الشيخ")]),
    ("أكد الرئيس الأمريكي دونالد ترامب أن الاتفاق انتهى.",
     [("الرئيس الأمريكي دونالد ترامب", "الرئيس الأمريكي")]),
    # «على» folds to the letters of «علي»; «أمل» and «جمال» are words before a non-name.
    ("سقطت القذيفة على الأرض.", []),
    ("يحدوهم أمل كبير في السلام.", []),
    ("أبدى جمال الطبيعة في المنطقة.", []),
    # a family name of the «الـ…ي» kind goes with a titled name, a nationality does not
    ("نفذت الوحدات بقيادة العميد سالم مفتاح الزوي عملية تمشيط.",
     [("العميد سالم مفتاح الزوي", "العميد")]),
    ("وأصيب الملازم أول محمود عطا الله الشوا بجروح.", [("الملازم أول محمود عطا الله الشوا", "الملازم أول")]),
    # an office after a title is no name; a title inside a place's name is the place's
    ("وأشرف قائد قوات العمليات الخاصة على المداهمة.", []),
    ("ووقع الانفجار في مديرية الشيخ عثمان بعدن.", []),
    # the title after a place's name still opens a name; a third given name goes with it
    ("وأشرف مدير شرطة مديرية الشيخ عثمان المقدم ناصر سالم العولقي على العملية.",
     [("المقدم ناصر سالم العولقي", "المقدم")]),
    ("وزار قرية الجورة جنوبي مدينة الشيخ زويد المهندس كريم فوزي سليم، رئيس المدينة.",
     [("المهندس كريم فوزي سليم", "المهندس")]),
    # «اللواء» is a rank before a given name, else the brigade
    ("وأكد اللواء منصور التركي أن التحقيقات مستمرة.", [("اللواء منصور التركي", "اللواء")]),
    ("وقتل اثنان من منتسبي اللواء في الهجوم.", []),
])
def test_people(text, people):
    assert _people(text) == people


@pytest.mark.parametrize("text, people", [
    # after a descriptor (titles.yaml `descriptors`) with what qualifies it, a given name that is
    # also a word («فهد», «ناصر») is a name, and the family name may be any word
    ("أدان البيان اختطاف الزميلين فهد المقطري من منزله.", [("فهد المقطري", None)]),
    ("وقال نقيب الصحفيين اليمنيين ناصر القدسي إن الوضع صعب.", [("ناصر القدسي", None)]),
    ("قتلت المصورة في قناة السنديان الفضائية ريما حداد.", [("ريما حداد", None)]),
    ("أوقفت الدورية القبطان المصري للقارب، عادل سرور، بتهمة التهريب.", [("عادل سرور", None)]),
    ("ستقدمها الفنانة المصرية ريهام عبد الحكيم، ومعها يختتم المهرجان.", [("ريهام عبد الحكيم", None)]),
    # a verb, a bare noun or another name ends a description; «باسم» after «المتحدث» is no name
    ("أحيت الفنانة سهرتين في عيد الفطر المبارك.", []),
    ("اعتمدها وزير الحج خلال رمضان الماضي.", []),
    ("وأشار المتحدث باسم المقاومة إلى تقدم القوات.", []),
    ("ربح فهد الصحراء السباق.", []),
    # a name no lexicon holds, after a descriptor and a country's nisba
    ("وأصيبت الصحفية الفرنسية كلير دوبوا بجروح.", [("كلير دوبوا", None)]),
    ("وقال الوزير الفرنسي إن بلاده ترفض.", []),
])
def test_people_after_a_descriptor(text, people):
    assert _people(text) == people


def test_a_given_name_yields_to_an_actor_it_overlaps():
    # «أبو محمد الجولاني» is an actor alias (HTS's leader) in actors.yaml or, if not, one person.
    found = [m for m in extract("وقال أبو محمد الجولاني إن الهيئة لن تنسحب.")["mentions"]
             if m["kind"] in ("person", "actor") and "الجولاني" in m["text"]]
    assert len(found) == 1


def test_given_names_lexicon():
    data = load_yaml("given_names.yaml")
    names = set(data["male"]) | set(data["female"])
    assert len(data["male"]) >= 300 and len(data["female"]) >= 100 and len(data["foreign"]) >= 100
    assert set(data["ambiguous"]) <= names
    assert not [n for key in ("male", "female", "foreign", "ambiguous") for n in data[key] if " " in str(n)]


def test_a_title_that_is_also_a_noun_needs_a_given_name_or_a_kunya():
    def people(text):
        return [m["text"] for m in extract(text)["mentions"] if m["kind"] == "person"]

    assert people("وكان الفريق يرتدي الدروع والخوذ.") == []  # the team, not a general
    assert people("قال الفريق أول محمد عثمان إن القوات تقدمت.") == ["الفريق أول محمد عثمان"]
    assert people("قال القائد العسكري أبو محمد الجولاني إن الهجوم فشل.") == ["القائد العسكري أبو محمد الجولاني"]
