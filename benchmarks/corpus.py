"""A synthetic Arabic news corpus for benchmarks: deterministic, written for riwaya.

Sentences are built from templates in the register of conflict reporting (statements,
casualty counts, evacuations, dates in several calendars), with the noise real text carries:
diacritics on some words, tatweel, Arabic-Indic digits, presentation-form ligatures.
"""

from __future__ import annotations

import random

ACTORS = ["جيش الإسلام", "قوات النظام", "تنظيم الدولة", "قوات سوريا الديمقراطية", "الجيش التركي",
          "فصائل المعارضة", "وزارة الدفاع الروسية", "المرصد السوري لحقوق الإنسان", "الدفاع المدني",
          "الأمم المتحدة", "الهلال الأحمر", "وزارة الصحة", "قيادة العمليات المشتركة", "الحوثيون"]
PLACES = ["القلمون الشرقي", "الغوطة الشرقية", "ريف إدلب الجنوبي", "مدينة الرقة", "دير الزور",
          "ريف حماة الشمالي", "الموصل", "تلعفر", "عفرين", "درعا البلد", "الحديدة", "سرت", "بنغازي"]
UNITS = ["مدنياً", "مقاتلاً", "عنصراً", "طفلاً", "شخصاً", "عائلة", "دبابة", "آلية", "حافلة", "غارة",
         "قذيفة", "برميلاً متفجراً", "جندياً", "معتقلاً", "نازحاً"]
WORDS = ["ثلاثة", "خمسة", "سبعة عشر", "عشرين", "ثلاثمئة وخمسين", "ألف ومئتا", "مئات", "عشرات",
         "ألفين", "خمسة وسبعين", "نحو مئة", "أكثر من ألف"]
QUALIFIERS = ["", "", "نحو ", "ما لا يقل عن ", "أكثر من ", "ما لا يزيد على ", "حوالي "]
VERBS = ["قتل", "أصيب", "نزح", "خرج", "اعتقل", "سلّم", "شنّ الطيران", "بقي", "أفرج عن"]
MONTHS = ["كانون الثاني", "شباط", "آذار", "نيسان/أبريل", "أيار", "حزيران", "تموز", "آب", "أيلول",
          "تشرين الأول", "تشرين الثاني", "كانون الأول", "يناير", "مارس", "جانفي", "أفريل"]
HIJRI = ["محرم", "صفر", "ربيع الأول", "رجب", "شعبان", "رمضان", "شوال", "ذي القعدة", "ذي الحجة"]
FILLER = ["وأوضح البيان أن", "وأشار المصدر إلى أن", "وقال ناشطون إن", "وأكدت مصادر محلية أن",
          "وبحسب ما أفاد به مراسلنا فإن", "ونقلت وكالة الأنباء عن مسؤول قوله إن"]
DIACRITICS = "\u064e\u064f\u0650\u0651\u0652\u064b\u064c\u064d"
INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def _noisy(word: str, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.04:
        return "".join(ch + (rng.choice(DIACRITICS) if ch.isalpha() and rng.random() < 0.5 else "")
                       for ch in word)
    if roll < 0.05 and len(word) > 3:
        return word[:2] + "ـــ" + word[2:]
    return word


def _number(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.45:
        return str(rng.randint(2, 3000))
    if roll < 0.55:
        return f"{rng.randint(1, 99):,}".translate(INDIC)
    if roll < 0.6:
        return f"{rng.randint(1, 9)},{rng.randint(100, 999)}"
    return rng.choice(WORDS)


def sentence(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.45:
        text = (f"{rng.choice(FILLER)} {rng.choice(QUALIFIERS)}{_number(rng)} {rng.choice(UNITS)} "
                f"{rng.choice(['قتلوا', 'أصيبوا', 'نزحوا', 'خرجوا', 'اعتقلوا'])} في "
                f"{rng.choice(PLACES)} خلال الأيام الماضية، في حين {rng.choice(VERBS)} "
                f"{_number(rng)} {rng.choice(UNITS)} آخرون.")
    elif kind < 0.65:
        text = (f"أعلن {rng.choice(ACTORS)} في بيان له يوم {rng.randint(1, 28)} {rng.choice(MONTHS)} "
                f"{rng.randint(2011, 2024)} أن {rng.choice(ACTORS)} سيطر على {rng.choice(PLACES)} بعد "
                f"معارك استمرت {rng.choice(['ثلاثة أيام', 'أسبوعين', 'عدة أشهر', 'خمس سنوات'])}.")
    elif kind < 0.75:
        text = (f"صدر في {rng.randint(1, 28)} {rng.choice(HIJRI)} {rng.randint(1430, 1445)} هـ "
                f"الموافق {rng.randint(2010, 2024)}/{rng.randint(1, 12):02d}/{rng.randint(1, 28):02d} م، "
                f"عن {rng.choice(ACTORS)}، وفيه «{rng.choice(FILLER)} الاتفاق ﻻ يشمل المدنيين».")
    else:
        text = (f"{rng.choice(FILLER)} {rng.choice(ACTORS)} {rng.choice(['رفض', 'قبل', 'ناقش'])} "
                f"المقترح المقدم من {rng.choice(ACTORS)} بشأن {rng.choice(PLACES)}، وذلك "
                f"{rng.choice(['أمس', 'اليوم', 'الأحد الماضي', 'صباح السبت', 'الشهر الماضي'])}.")
    return " ".join(_noisy(w, rng) for w in text.split(" "))


def generate(size_bytes: int, seed: int = 20181423) -> str:
    """Paragraphs of 2–6 sentences until the UTF-8 size reaches ``size_bytes``."""
    rng = random.Random(seed)
    paragraphs = []
    total = 0
    while total < size_bytes:
        paragraph = " ".join(sentence(rng) for _ in range(rng.randint(2, 6)))
        paragraphs.append(paragraph)
        total += len(paragraph.encode()) + 2
    return "\n\n".join(paragraphs)
