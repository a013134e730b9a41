"""A figure's frame: the slots that tell look-alike figures apart, each with its span.
Sentences written for riwaya in the way outlets report exchanges, convoys, tolls and deals."""

import datetime as dt

import pytest

from riwaya.extract import extract
from riwaya.lexicon import figure_frames

DAY = dt.date(2024, 3, 18)


def frame_spans(text: str) -> dict[str, dict]:
    """Each figure's frame by its text, the spans whole (slot -> {value, text, start, end, …})."""
    return {m["text"]: m["claim"]["frame"] for m in extract(text, DAY)["mentions"] if m["kind"] == "quantity"}


def frames(text: str) -> dict[str, dict]:
    """Each figure's frame by its text: slot -> value."""
    out = {}
    for figure, frame in frame_spans(text).items():
        out[figure] = {k: v["value"] for k, v in frame.items() if k != "source"}
        for slot in frame.values():  # every slot points at the words it read
            assert text[slot["start"] : slot["end"]] == slot["text"]
    return out


def test_parties_ordinal_and_day():
    got = frames(
        "أفرجت جماعة الحوثي أمس عن 120 أسيراً من القوات الحكومية في الرحلة الأولى، "
        "فيما أفرجت الحكومة عن 80 من أسرى الحوثيين."
    )
    assert got["120 أسيراً"]["agent"] == "yemen.houthis"
    assert got["120 أسيراً"]["about"] == "yemen.government"
    assert got["120 أسيراً"]["ordinal"] == "رحله 1"
    assert got["120 أسيراً"]["when"] == "2024-03-17"
    assert got["80 من أسرى"]["about"] == "yemen.houthis"
    assert got["80 من أسرى"]["agent"] == "yemen.government"
    assert "ordinal" not in got["80 من أسرى"]  # «فيما» ends the first clause


def test_total_part_and_day_of_an_operation():
    got = frames(
        "وقال المرصد إن عدد القتلى منذ بداية الحملة ارتفع إلى 350 قتيلاً بينهم 40 طفلاً، "
        "بينما قتل 15 شخصاً في اليوم الأول."
    )
    assert got["350 قتيلاً"]["scope"] == "total"
    assert got["40 طفلاً"]["scope"] == "part"
    # a day's count beside the running total is a part of it, not the total
    assert got["15 شخصاً"] == {"when": "day 1", "scope": "part"}


def test_a_total_named_after_its_parts():
    got = frames("وثقت الشبكة مقتل 36 مدنياً، بينهم 11 طفلاً و7 سيدات، جراء الغارات منذ بداية الحملة.")
    assert got["36 مدنياً"]["scope"] == "total"
    assert got["11 طفلاً"]["scope"] == "part"


def test_a_running_count_goes_on_in_the_next_clause():
    got = frames("وبذلك يرتفع عدد الغارات منذ بداية الحملة إلى 135 غارة، وعدد القتلى إلى 56 مدنياً.")
    assert got["135 غارة"]["scope"] == "total"
    assert got["56 مدنياً"]["scope"] == "total"


def test_a_days_count():
    got = frames("خلال الساعات الـ24 الماضية، شنت الطائرات 52 غارة على المدينة.")
    assert got["52 غارة"]["when"] == "24h:2024-03-18"


@pytest.mark.parametrize(
    ("text", "figure", "modality"),
    [
        ("ومن المقرر أن يخرج 1500 مقاتل في القافلة الثانية.", "1500 مقاتل", "planned"),
        ("وينص الاتفاق على خروج 450 مقاتلاً، على متن 12 حافلة.", "12 حافلة", "planned"),
        ("وستفرج الحكومة عن 200 معتقل الأسبوع المقبل.", "200 معتقل", "planned"),
        ("وكان الفصيل يمتلك نحو 40 دبابة قبل الاتفاق.", "نحو 40 دبابة", "owned"),
        ("ويحتاج 21.1 مليون شخص إلى مساعدات.", "21.1 مليون شخص", "needed"),
    ],
)
def test_modality(text, figure, modality):
    assert frames(text)[figure]["modality"] == modality


def test_what_was_done_states_no_modality():
    assert "modality" not in frames("وخرج 1200 مقاتل من البلدة أمس.")["1200 مقاتل"]


def test_a_bare_convoy_is_the_last_numbered_one():
    got = frames("وصلت القافلة الرابعة إلى الشمال مساء أمس.\n\nوضمت القافلة 40 حافلة تقل 1100 شخص.")
    assert got["40 حافلة"]["ordinal"] == "قافله 4"


def test_the_first_day_is_not_today():
    dates = [m for m in extract("قتل 15 شخصاً في اليوم الأول للهجوم.", DAY)["mentions"] if m["kind"] == "date"]
    assert dates == []


@pytest.mark.parametrize(
    ("text", "figure", "span"),
    [
        ("وفي مأرب، شن التحالف خلال أسبوع قرابة 30 غارة على مواقع المسلحين.", "قرابة 30 غارة", "span:week"),
        ("قتل 24 من أفراد الأمن خلال الشهر الماضي في هجمات متفرقة.", "24 من أفراد الأمن", "span:month"),
        ("وعثر على جثث 12 مسلحاً قتلوا خلال الأيام الماضية.", "12 مسلحاً", "span:days"),
        ("وسجلت الفرق خلال الـ 72 ساعة الماضية 17 حادثاً خلفت حالة وفاة واحدة.", "حالة وفاة واحدة", "span:days"),
    ],
)
def test_a_longer_period_than_a_day(text, figure, span):
    assert frames(text)[figure]["when"] == span


def test_the_day_a_statement_was_issued_is_not_the_day_of_what_it_counts():
    got = frames("قالت القوة في بيان يوم الاثنين إن طائراتها شنت 18 غارة على مواقع التنظيم يوم الأحد.")
    assert got["18 غارة"]["when"] == "2024-03-17"  # the Sunday before DAY (Monday 18 March)


def test_a_bare_last_week_is_when_not_a_span():
    # «الأسبوع الماضي» alone dates an event; only «خلال …» makes a count of the whole week
    assert "when" not in frames("قتل 5 أشخاص في هجوم الأسبوع الماضي.")["5 أشخاص"]


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("وكانت الوزارة قالت أمس الخميس إن الحصيلة بلغت 18 قتيلاً.", "18 قتيلاً"),
        ("وكان المتحدث قد أعلن الجمعة الماضي مقتل أربعة أشخاص.", "أربعة أشخاص"),
        ("وكان 5 أشخاص قد قتلوا في هجوم مماثل.", "5 أشخاص"),
        ("وأعلنت الوزارة في وقت سابق مقتل 12 شخصاً.", "12 شخصاً"),
    ],
)
def test_a_figure_told_before(text, figure):
    assert frames(text)[figure]["told"] == "earlier"


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("وكانت الطائرات تحلق فوق المدينة عندما قتل 18 شخصاً.", "18 شخصاً"),  # no «قد», no saying
        ("وقالت الوزارة إن الحصيلة بلغت 18 قتيلاً، وكان الهجوم قد وقع ظهراً.", "18 قتيلاً"),
    ],
)
def test_a_figure_told_now(text, figure):
    assert "told" not in frames(text)[figure]


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("وقتل 12 شخصاً بحسب حصيلة جديدة أعلنها مسؤولون.", "12 شخصاً"),
        ("وارتفعت حصيلة القتلى إلى 31 قتيلاً بعد انتشال جثث جديدة.", "31 قتيلاً"),
    ],
)
def test_a_figure_told_as_the_newest_count(text, figure):
    got = frames(text)[figure]
    assert got["told"] == "newer" and got["scope"] == "total"


def test_an_attribution_says_when_a_figure_was_told():
    got = frames("وأسفر عن مقتل 17 شخصاً وإصابة 40 آخرين، وفق مصادر طبية آنذاك.")
    assert got["40 آخرين"]["told"] == "earlier"
    got = frames("قتل 12 شخصاً في الهجوم على الفندق، بحسب حصيلة جديدة أعلنها مسؤولون.")
    assert got["12 شخصاً"]["told"] == "newer"


def test_a_figure_of_another_incident_named_as_such():
    text = "ويأتي هذا الحادث بعد أسبوع على غرق قارب آخر قبالة السواحل، أسفر عن وفاة 11 مهاجراً."
    told = next(m for m in extract(text, DAY)["mentions"] if m["kind"] == "quantity")["claim"]["frame"]["told"]
    assert told["value"] == "earlier" and told["other"] is True
    assert frames("وقتل 11 مهاجراً في غرق القارب.")["11 مهاجراً"].get("told") is None


@pytest.mark.parametrize(
    ("text", "figure", "part"),
    [
        ("فيما لا يزال 6 من الجرحى في حالة حرجة.", "6 من الجرحى", True),
        ("وكان 40 من القتلى من الأطفال.", "40 من القتلى", True),
        ("وقتل 17 من المسلحين في الاشتباكات.", "17 من المسلحين", False),  # men counted, no toll
        ("فيما تبقى سبعة مصابين في المستشفى.", "سبعة مصابين", True),
        ("ولا يزال 12 جريحاً في العناية المركزة.", "12 جريحاً", True),
        ("وأصيب سبعة أشخاص في الحادث.", "سبعة أشخاص", False),
        ("وتواصل الجمعية رعاية 7 مصابين من الأشقاء الذين ما زالوا يتلقون العلاج.", "7 مصابين", True),
        ("وقالت المديرية إن عدد المصابين الذين غادروا المستشفى بلغ 19 حالة.", "19 حالة", True),
        ("وقالت المديرية إن عدد المصابين بلغ 40 حالة.", "40 حالة", False),
    ],
)
def test_some_of_a_toll_is_a_part(text, figure, part):
    assert (frames(text)[figure].get("scope") == "part") is part


def test_a_sentence_that_says_figures_disagree_marks_them_and_the_next_sentences():
    got = frames("تضاربت الأرقام حول عدد المقاتلين الذين غادروا. فبينما قال الفصيل إن 1200 مقاتل خرجوا، "
                 "تحدثت الوكالة عن نحو 2000 مسلح. وقتل 5 أشخاص في حادث سير.")
    assert got["1200 مقاتل"]["disputed"] is True and got["نحو 2000 مسلح"]["disputed"] is True
    assert "disputed" not in got["5 أشخاص"]  # only the sentence right after


def test_a_sentence_that_accuses_the_other_source_of_understating_sets_the_figures_in_dispute():
    got = frames("قال ناشطون إن عدد ضحايا السيول تجاوز 25 قتيلاً، متهمين السلطات بالتقليل من حجم الكارثة، "
                 "في حين تتحدث وزارة الصحة عن 14 حالة وفاة. وغرق 3 أشخاص في وادي سردود.")
    assert got["تجاوز 25 قتيلاً"]["disputed"] is True and got["14 حالة وفاة"]["disputed"] is True
    assert "disputed" not in got["3 أشخاص"]


def test_a_municipality_owns_nothing():
    # «بلدية» is no «ب» + «لديه»; «ولديه» is «and he has»
    got = frames("أفاد عميد بلدية وادي الحياة بأن مسلحين اختطفوا 11 سائقاً. وقال إن التنظيم لديه 200 مقاتل، ولديه 30 دبابة.")
    assert "modality" not in got["11 سائقاً"]
    assert got["200 مقاتل"]["modality"] == got["30 دبابة"]["modality"] == "owned"


def test_a_party_that_describes_the_source_did_not_act():
    got = frames("قال محافظ ريمة المعين من قبل جماعة الحوثي إن 470 منزلاً دمرت جراء الزلزال. "
                 "وقالت الحكومة إن الحوثيين قتلوا 30 مدنياً.")
    assert "agent" not in got["470 منزلاً"]
    assert got["30 مدنياً"]["agent"] == "yemen.houthis"


def test_the_deadliest_day_so_far_is_no_running_total():
    got = frames("وثقت الشبكة مقتل 31 مدنياً أمس السبت، في أكثر أيام الحملة دموية حتى الآن، ليرتفع عدد "
                 "الضحايا منذ بداية الحملة إلى 67. وبلغ عدد القتلى حتى الآن 12 شخصاً.")
    assert "scope" not in got["31 مدنياً"]
    assert got["12 شخصاً"]["scope"] == "total"


def test_those_a_hospital_received_are_a_part_even_as_the_whole_of_fewer():
    got = frames("وقال مدير المستشفى إن 30 غادروا من أصل 41 مصاباً استقبلهم ليلة الحادث.")
    assert got["41 مصاباً"]["scope"] == "part"


def test_another_sources_count_after_fima_is_set_against_the_first():
    text = ("وبحسب المرصد، قتل 10 مدنيين خلال الأسبوع الماضي، فيما تحدث المركز التنفيذي عن 13 قتيلاً. "
            "وأفرجت الحكومة عن 30 من عناصر الكتيبة، فيما أطلقت الكتيبة سراح 20 عنصراً.")
    got = frames(text)
    assert got["13 قتيلاً"]["versus"] == text.index("10 مدنيين")  # set against the first
    assert got["13 قتيلاً"]["when"] == got["10 مدنيين"]["when"] == "span:week"
    assert "versus" not in got["20 عنصراً"]  # another deed, not another source's count of the first
    text = "قتل 10 أشخاص في الهجوم بحسب المرصد، بينما وفق وزارة الصحة قتل 14 شخصاً."
    assert frames(text)["14 شخصاً"]["versus"] == text.index("10 أشخاص")  # «وفق» names the rival's source
    # every figure of the contrasting source's clause is set against its own kind's
    text = ("قالت الوزارة إن الهجوم أسفر عن مقتل 20 مدنيا وإصابة 50 آخرين، في حين قال ناشطون إن عدد "
            "القتلى تجاوز 30، مشيرين إلى أن نحو 90 شخصا أصيبوا.")
    got = frames(text)
    assert got["تجاوز 30"]["versus"] == text.index("20 مدنيا")
    assert got["نحو 90 شخصا"]["versus"] == text.index("50 آخرين")


def test_a_provisional_count():
    got = frames("وقتل 4 أشخاص في الهجوم على الفندق، بحسب حصيلة أولية.")
    assert got["4 أشخاص"]["told"] == "provisional"


def test_a_plain_total_is_not_told_as_new():
    assert "told" not in frames("وبلغت الحصيلة 31 قتيلاً.")["31 قتيلاً"]


def test_a_vague_source_is_marked():
    text = "وقال ناشطون إن 12 مدنياً قتلوا في القصف."
    m = next(m for m in extract(text, DAY)["mentions"] if m["kind"] == "quantity")
    assert m["claim"]["frame"]["source"]["vague"] is True


def test_the_frame_lexicon_loads_and_gives_no_phrase_two_slots():
    from importlib import resources

    import yaml

    from riwaya.lexicon import norm_phrase

    lex = figure_frames()
    assert lex.phrases and lex.series and lex.ordinals
    data = yaml.safe_load(
        resources.files("riwaya.lexicon").joinpath("frames.yaml").read_text(encoding="utf-8")
    )
    seen: dict[tuple, str] = {}
    lists = {
        # plus_after is read from the tokens, not as a cue: its phrases are clause breaks too
        **{f"scope.{k}": v for k, v in data["scope"].items() if k != "plus_after"},
        "period_day": data["period_day"],
        **{f"period_span.{k}": v for k, v in data["period_span"].items()},
        "told_earlier": data["told_earlier"]["phrases"],
        "told_earlier.other_incident": data["told_earlier"]["other_incident"],
        "told_newer": data["told_newer"]["phrases"],
        "told_provisional": data["told_provisional"],
        "disputed": data["disputed"],
        "still": data["still"],
        "told_on": data["told_on"],
        **{f"modality.{k}": v for k, v in data["modality"].items()},
        "clause_breaks": data["clause_breaks"],
    }
    for name, words in lists.items():
        for word in words:
            key = norm_phrase(word)
            assert key not in seen or seen[key] == name, f"{word} is in {seen.get(key)} and {name}"
            seen[key] = name


def test_one_series_told_in_other_words():
    # outlets call the first flight of an exchange «الرحلة الأولى» or «الطائرة الأولى»
    got = frames("وأقلّت الطائرة الأولى 157 أسيراً، فيما نقلت الرحلة الأولى حسب مصدر آخر 125 محتجزاً.")
    assert got["157 أسيراً"]["ordinal"] == got["125 محتجزاً"]["ordinal"] == "رحله 1"
    got = frames("وغادرت الدفعة الثانية من المهجرين وعلى متنها 900 شخص.")
    assert got["900 شخص"]["ordinal"] == "قافله 2"


@pytest.mark.parametrize(
    ("text", "figure", "place"),
    [
        # a village no gazetteer holds: its name, after «بلدة»
        ("وقتل 6 مدنيين في بلدة تل ريحان بريف المدينة.", "6 مدنيين", "~تل ريحان"),
        ("وأصيب 4 أشخاص في قرية الحميمة أمس.", "4 أشخاص", "~الحميمه"),
        # a listed place the place reader let pass: «مدينة الأبيض» is El Obeid
        ("وقالت لجان المقاومة في مدينة الأبيض إن 45 مدنياً قتلوا.", "45 مدنياً", "place.sd.el_obeid"),
        # no name: an adjective, or villages counted
        ("وقتل 3 أشخاص في قرية مجاورة.", "3 أشخاص", None),
        ("وقتل 8 أطفال، فيما أحرقت 14 قرية بشكل كامل.", "8 أطفال", None),
    ],
)
def test_the_place_of_a_figure_in_a_town_no_gazetteer_holds(text, figure, place):
    assert frames(text)[figure].get("place") == place


def test_settlement_words_are_apart():
    lex = figure_frames()
    assert lex.settlement_nouns and lex.name_prefixes and lex.not_names
    assert not lex.settlement_nouns & lex.not_names and not lex.name_prefixes & lex.not_names


def test_a_plane_that_carried_prisoners_evacuated_them():
    # «أقلّت» (carried): what happened to the 157 is that they were flown out, not detained
    m = next(m for m in extract("وأقلّت الطائرة الأولى 157 أسيراً حوثياً.", DAY)["mentions"]
             if m["kind"] == "quantity")
    assert m["event"] == "evacuated"


def test_an_adjective_ending_in_ta_marbuta_is_no_possessive_pronoun():
    # «العبوات الناسفة», «أحزمة ناسفة»: whose they are is not said; not the cell that reports them
    # (the «ـة» of an adjective had been read as «ـه», his: the speaker's own explosives)
    got = frames("أعلنت خلية الإعلام الأمني تدمير 15 مضافة لتنظيم داعش. وذكرت الخلية أن القوات "
                 "ضبطت عشرات العبوات الناسفة وبضعة أحزمة ناسفة.")
    assert "about" not in got["عشرات العبوات الناسفة"]
    assert "about" not in got["بضعة أحزمة ناسفة"]
    # a pronoun is: «6 من عناصرها», the party named before it
    got = frames("أعلنت قوات الدعم السريع مقتل 6 من عناصرها في المعارك.")
    assert got["6 من عناصرها"]["about"] == "sudan.rsf"


def test_the_kind_of_incident_a_figure_counts():
    got = frames(
        "أصيب شخصان في حادث دهس وسط المدينة. وفي حادث تصادم على الطريق السريع أصيب 8 أشخاص، "
        "فيما لقي 3 أشخاص مصرعهم في حريق شب في منزل."
    )
    assert got["شخصان"]["incident"] == "traffic.run_over"
    assert got["8 أشخاص"]["incident"] == "traffic.collision"  # named before it, across a comma
    assert got["3 أشخاص"]["incident"] == "fire"
    # no kind named near it: none guessed
    assert "incident" not in frames("أعلنت الوزارة مقتل 12 شخصاً أمس.")["12 شخصاً"]


def test_a_town_named_before_its_country_is_the_figures_place():
    got = frames("وقال مصدر طبي بمحافظة الحديدة، غربي اليمن، إن 17 من المسلحين قتلوا في غارات ليلية.")
    assert got["17 من المسلحين"]["place"] == "place.ye.hodeidah"
    # a country alone stays the country
    got = frames("وقال مصدر طبي في اليمن إن 17 من المسلحين قتلوا في غارات ليلية.")
    assert got["17 من المسلحين"]["place"] == "country.yemen"


def test_a_span_that_opens_the_sentence_counts_its_figures():
    got = frames("وتلقت غرفة العمليات خلال الـ 72 ساعة الماضية 116 بلاغاً، منها 17 عن حوادث مرورية "
                 "خلفت إصابات متفاوتة وحالة وفاة واحدة. وقتل 5 أشخاص أمس.")
    assert got["وحالة وفاة واحدة"]["when"] == "span:days"
    assert got["5 أشخاص"]["when"] == "2024-03-17"  # another sentence: its own day


def test_a_place_named_in_quotes_after_its_noun():
    got = frames('وأعلن الجيش مقتل 20 مسلحاً في قصف استهدف تجمعاً لهم في منطقة "جبل الصفصاف" شمال البلاد.')
    assert got["20 مسلحاً"]["place"] == "~جبل الصفصاف"
    # a long quotation is no place's name
    got = frames('وأعلن الجيش مقتل 20 مسلحاً في منطقة "قال السكان إنها خطرة جداً".')
    assert not str(got["20 مسلحاً"].get("place", "")).startswith("~")


def test_a_number_that_counts_two_kinds_together():
    got = frames("وكان الفصيل يملك أكثر من 60 دبابة وعربة مدرعة قبل الاتفاق، وقتل 5 جنود ومدنيون في القصف.")
    assert got["أكثر من 60 دبابة"]["with"] == "vehicle"  # tanks and armoured vehicles: 60 in all
    assert "with" not in got["5 جنود"]  # the civilians are not among the five


def test_the_dead_found_at_the_scene_are_a_provisional_count_not_a_total():
    got = frames("وأوضح المتحدث أنه بعد وصول الفرق اتضح وجود 7 وفيات في الموقع، ونقل 27 مصاباً إلى المستشفيات.")
    assert got["7 وفيات"]["told"] == "provisional"
    assert "scope" not in got["7 وفيات"]


def test_a_country_after_fi_is_where_not_who_acted():
    got = frames("استعاد مقاتلو المعارضة في سوريا السيطرة على عدة قرى في ريف المحافظة.")
    assert "agent" not in got["عدة قرى"]
    got = frames("وسيطرت قوات النظام السوري على قريتين جنوب المدينة.")
    assert got["قريتين"]["agent"] == "syria.government"


def test_someones_kin_are_part_of_a_toll():
    got = frames("وأسفر الحريق عن وفاة الجدة، وشقيقيها عبدالله ومهدي، وقتل 7 من مقاتليها في المعارك.")
    assert got["وشقيقيها"]["scope"] == "part"
    assert "scope" not in got["7 من مقاتليها"]  # its fighters are no family


def events(text: str) -> dict[str, str | None]:
    return {m["text"]: m["event"] for m in extract(text, DAY)["mentions"] if m["kind"] == "quantity"}


def test_aid_trucks_a_days_entry_a_running_total_a_mean_and_a_demand():
    text = (
        "دخلت إلى القطاع اليوم 160 شاحنة مساعدات، ليرتفع عدد الشاحنات التي دخلت منذ بدء الهدنة إلى "
        "297 شاحنة. وقال المكتب إن متوسط ما دخل يوميا لم يتجاوز 150 شاحنة، مجددا المطالبة بإدخال "
        "600 شاحنة يوميا."
    )
    got, did = frames(text), events(text)
    assert did["160 شاحنة"] == did["297 شاحنة"] == "entered"
    assert got["297 شاحنة"]["scope"] == "total"
    assert got["160 شاحنة"]["scope"] == "part"  # the day's entry, beside the total
    assert got["لم يتجاوز 150 شاحنة"]["scope"] == "average"  # a mean rivals no count
    assert got["600 شاحنة"]["modality"] == "needed"  # a demand
    scope = next(m["claim"]["frame"]["scope"] for m in extract(text, DAY)["mentions"] if m["text"] == "297 شاحنة")
    assert scope.get("since") is True  # «منذ بدء الهدنة»: a running total
    got = frames("وبلغت حصيلة ضحايا التفجير 17 قتيلاً.")
    assert not extract("وبلغت حصيلة ضحايا التفجير 17 قتيلاً.", DAY)["mentions"][0]["claim"]["frame"]["scope"].get("since")


def test_a_moderate_injury_and_the_mediterranean_are_no_mean():
    got = frames(
        "واستقبل المستشفى 40 إصابة ما بين حرجة ومتوسطة ليرتفع إجمالي الوفيات إلى 15 حالة. "
        "وغرق 30 مهاجرا في البحر الأبيض المتوسط. وبلغ عدد الركاب في المتوسط 20 راكبا."
    )
    assert got["15 حالة"]["scope"] == "total"  # «ومتوسطة»: moderate wounds, no mean
    assert got["30 مهاجرا"].get("scope") is None  # the sea
    assert got["20 راكبا"]["scope"] == "average"  # «في المتوسط» alone is a mean



def test_a_rival_figure_after_muqabil_counts_the_same_thing():
    got = frames(
        "وارتفع عدد الشاحنات التي دخلت منذ بدء الهدنة إلى 930 شاحنة بحسب المكتب الإعلامي، "
        "مقابل 862 بحسب الأمم المتحدة."
    )
    assert got["862"]["scope"] == got["930 شاحنة"]["scope"] == "total"  # not a part of the 930
    assert "versus" in got["862"]
    # with no source of its own, the figure after «مقابل» is the other side of a swap
    got = frames("وأفرج الحوثيون عن 50 أسيراً مقابل 30 أسيراً.")
    assert "versus" not in got["30 أسيراً"]


def test_a_figures_own_date_beats_a_day_in_a_clause_further_on():
    got = frames(
        "وأفادت الأمم المتحدة بأن 160 شاحنة دخلت القطاع أمس الأحد، وهو الرقم الذي أعلنه المكتب، "
        "بعد تباين في أرقام اليوم الأول."
    )
    assert got["160 شاحنة"]["when"] == "2024-03-17"
    # the next clause's day is the date's apposition
    got = frames("وقالت مصادر إن أكثر من 400 أسير نقلوا أمس الأحد، في اليوم الثاني من الصفقة.")
    assert got["أكثر من 400 أسير"]["when"] == "day 2"


def test_several_attacks_one_blast_and_the_sentences_incident():
    got = frames("قتل 5 شرطيين في هجمات متفرقة، بينما قتل أربعة شرطيين في انفجار قنبلة.")
    assert got["5 شرطيين"]["incident"] == "several"  # a day's attacks, not one blast
    assert got["أربعة شرطيين"]["incident"] == "blast"
    got = frames("قضى 4 فلسطينيين في انفجار داخلي وقع في منزل بمخيم الشابورة وسط مدينة رفح، إضافة إلى 30 مصاباً.")
    assert got["30 مصاباً"]["incident"] == "blast"  # the sentence's blast, named far before it


def test_two_figures_joined_share_the_party_named_after_them():
    got = frames("وقال المصدر إن الحصيلة ثلاثة قتلى وأربعة جرحى في صفوف القوات المسلحة المالية.")
    assert got["ثلاثة قتلى"]["about"] == got["أربعة جرحى"]["about"] == "mali.army"
    got = frames('ووثق المرصد مقتل 37 عنصراً، هم 22 من الفصائل و15 من "قسد".')
    assert got["15"]["about"] == "syria.sdf"
    assert got["22 من الفصائل"].get("about") != "syria.sdf"  # each names its own


def test_a_total_the_count_rises_to_counts_what_the_figure_before_it_counts():
    text = "قال المكتب إن 183 شاحنة دخلت القطاع اليوم، ليصل إجمالي الشاحنات منذ بدء الهدنة إلى 862 شاحنة."
    assert events(text)["862 شاحنة"] == "entered"
    # unless the figure's own noun says what befell it: passengers are not the missing
    text = "وأنقذ الحرس 31 شخصا، وعثر على 6 مفقودين، أي أن مجموع الركاب وفق هذه الأرقام يبلغ 60 شخصاً."
    assert events(text)["60 شخصاً"] != "missing"


def test_a_neighbourhood_named_with_a_clitic_is_a_figures_place():
    got = frames("وأخلت فرق الدفاع المدني 15 شخصاً من عمارة سكنية بحي النسيم إثر حريق.")
    assert got["15 شخصاً"]["place"] == "~النسيم"


def test_the_speakers_own_forces_did_what_their_sentence_counts():
    got = frames("تصدت قواتنا للهجوم وتمكنت من دحر المهاجمين وتدمير 7 عربات قتالية تابعة لهم.")
    assert got["7 عربات"]["agent"].startswith("own:")  # the speaker's forces destroyed them
    # not a handover: one report names its giver, another its receiver
    got = frames("أعطب مقاتلونا ثلاثاً منها قبل الخروج، وسلّمنا 6 دبابات فقط للجانب الروسي.")
    assert "agent" not in got["6 دبابات"] or not str(got["6 دبابات"]["agent"]).startswith("own:")


def test_the_speakers_own_people_again_in_the_same_sentence_are_theirs():
    got = frames("وقال إن إجمالي من تحرروا من أسرانا بلغ 716 أسيراً، فيما لم يُفرج بعد عن 18 أسيراً من المشمولين.")
    assert str(got["18 أسيراً"]["about"]).startswith("own:")
    # not those given in exchange for them
    got = frames("وقال إن الإفراج عن 50 من أسرانا تم مقابل 30 أسيراً.")
    assert not str(got["30 أسيراً"].get("about") or "").startswith("own:")
    got = frames("استقبلنا اليوم 290 من أسرانا، وأفرجنا في المقابل عن 85 من أسرى المرتزقة.")
    assert not str(got["85 من أسرى"].get("about") or "").startswith("own:")
    got = frames("وقال إن الإفراج عن 50 من أسرانا تم، و30 أسيراً من الطرف الآخر.")
    assert not str(got["30 أسيراً"].get("about") or "").startswith("own:")


def test_a_short_sentence_that_carries_on_the_one_before_is_of_its_place_and_incident():
    text = ("وقال مسؤول إن الهجوم استهدف موقعاً في دوغو بايزيد وأصيب 31 جندياً. وذكرت تقارير أن جندياً قتل في "
            "إقليم ماردين حينما انفجر لغم أرضي في عربة عسكرية. وأصيب ثمانية جنود.")
    frame = next(m["claim"]["frame"] for m in extract(text, DAY)["mentions"] if m["text"] == "ثمانية جنود")
    assert frame["incident"]["value"] == "blast"
    assert frame["place"]["text"] == "ماردين"  # the mine's province, told in the sentence before
    # a long sentence is its own
    got = frames("انفجر لغم أرضي في ماردين. وأصيب ثمانية جنود في هجوم آخر شنه مسلحون على موقع عسكري قرب الحدود.")
    assert got["ثمانية جنود"].get("incident") != "blast"


def test_wounded_of_one_kind_of_injury_beside_another_kind_are_a_part():
    got = frames("أصيب 15 شخصاً بحالات اختناق، واثنان بحروق بسيطة، في حريق بعمارة سكنية.")
    assert got["15 شخصاً"]["scope"] == got["اثنان"]["scope"] == "part"
    # the other kind need not be a figure's
    got = frames("سجلت إصابات اختناق مختلفة لعدد ١٥ حالة وكذلك بإصابتين حروق بسيطة.")
    assert got["١٥ حالة"]["scope"] == "part"
    # one kind alone may be all the wounded; two kinds of the same wounded are no split
    assert "scope" not in frames("وأصيب خمسة أشخاص باختناق في الحريق.")["خمسة أشخاص"]
    assert "scope" not in frames("وأصيب 20 شخصا بحروق وكسور في الحريق.")["20 شخصا"]


def test_a_figure_of_no_place_of_its_own_is_set_where_the_report_named_its_district():
    text = "اندلع حريق داخل عمارة سكنية بحي الحمراء بجدة. وتم إخراج قاطني الشقة البالغ عددهم 4 أشخاص."
    frame = next(m["claim"]["frame"] for m in extract(text, DAY)["mentions"] if m["text"] == "4 أشخاص")
    assert frame["setting"]["value"] == "~الحمراء" and "place" not in frame
    assert text[frame["setting"]["start"]:frame["setting"]["end"]] == "الحمراء"


def test_a_part_of_a_running_toll_counts_since_its_start_unless_it_counts_the_same_thing():
    text = ("أعلنت الوزارة ارتفاع حصيلة التفجير إلى 21 قتيلاً و45 جريحاً، بينهم 6 في حالة حرجة. "
            "وارتفعت الحصيلة منذ السبت إلى 71 قتيلاً، بينهم 21 من عناصر الجيش.")
    scopes = {m["text"]: m["claim"]["frame"].get("scope") or {} for m in extract(text, DAY)["mentions"]
              if m["kind"] == "quantity"}
    assert scopes["6"]["value"] == "part" and "within" not in scopes["6"]  # 6 of the 45 wounded
    assert scopes["21 من عناصر"].get("within") == "total"  # soldiers since Saturday


def test_wounded_a_plural_verb_says_are_still_in_care_far_on_in_their_sentence_are_a_part():
    got = frames("رفضت الطواقم الطبية السماح لسبعة مصابين في الحادثة، بإخلائهم جواً إلى بلادهم، بسبب عدم "
                 "استقرار حالتهم، ولا يزالون يخضعون للملاحظة في العناية المركزة.")
    assert got["سبعة مصابين"]["scope"] == "part"
    # a singular «لا يزال» far on is not said of them; another number between ends the search
    text = "وأصيب 12 جريحاً في الحادث المروري على طريق الساحل، ولا يزال البحث جارياً عن مفقودين."
    assert "scope" not in frames(text)["12 جريحاً"]
    got = frames("وأصيب 12 جريحاً في الحادث، ونقل 3 منهم إلى الرياض، ولا يزالون في العناية المركزة.")
    assert "scope" not in got["12 جريحاً"]


def test_a_name_that_begins_with_sin_is_no_future_verb():
    # «سعود» is not «س» + «يعود»: 634 SaudiNewsNet figures near a «الملك سعود» were read as planned
    got = frames("واستقبلت مدينة الملك سعود الطبية 10 مصابين. وسيغادر 300 مسلح البلدة. وستفرج الحكومة عن 50 أسيراً.")
    assert "modality" not in got["10 مصابين"]
    assert got["300 مسلح"]["modality"] == got["50 أسيراً"]["modality"] == "planned"


def test_institutions_websites_and_adjectives_after_a_settlement_noun_are_no_places():
    text = ('قال المتحدث باسم مديرية الدفاع المدني إن 5 أشخاص أصيبوا. وقتل 4 في بلدة تركية قريبة. '
            'وأعلنت الشركة على موقع "تداول" توزيع 3 ملايين سهم. وقتل 7 في قرية تل ريحان.')
    places = {m["text"]: (m["claim"]["frame"].get("place") or {}).get("value")
              for m in extract(text, DAY)["mentions"] if m["kind"] == "quantity"}
    assert places["5 أشخاص"] is None and places["4"] is None
    assert places["7"] == "~تل ريحان"


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("وكانت التنظيمات تتحصن في البلدة بأكثر من 5000 مسلح.", "أكثر من 5000 مسلح"),
        ("فيما يقدّر عدد المقاتلين في البلدة بنحو 3000 مقاتل.", "نحو 3000 مقاتل"),
    ],
)
def test_fighters_in_a_town_before_a_deal_are_present_not_done(text, figure):
    assert frames(text)[figure]["modality"] == "present"


def test_someone_added_by_name_after_a_figure_makes_it_a_part():
    # «3 مسافرين … إضافة إلى قائدها»: 3 of the 4 aboard
    assert frames("وتفيد المعلومات بوجود 3 مسافرين على متنها إضافة إلى قائدها.")["3 مسافرين"]["scope"] == "part"
    assert frames("وتفيد المعلومات بوجود ثلاثة مسافرين على متنها، إضافة إلى قائدها.")["ثلاثة مسافرين"]["scope"] == "part"
    # another event or another count after it: the figure stays whole
    got = frames("قتل 5 أشخاص إضافة إلى إصابة 10 آخرين.")
    assert "scope" not in got["5 أشخاص"]
    assert "scope" not in frames("قتل 5 جنود بالإضافة إلى 3 مدنيين.")["5 جنود"]


def test_someone_named_by_role_before_a_figure_makes_it_a_part():
    # «الطيار وثلاثة ركاب»: 3 of the 4 aboard
    assert frames("وذكرت الصحيفة أن الضحايا كانوا الطيار وثلاثة ركاب.")["ثلاثة ركاب"]["scope"] == "part"
    assert frames("وكان على متن الحافلة سائقها و12 راكباً.")["12 راكباً"]["scope"] == "part"
    # one person more: the whole is the figure and one («plus»), for the figure table; something
    # else added is only a part of a whole the text does not give
    spans = frame_spans("وكان على متنها 3 مسافرين إضافة إلى قائدها.")
    assert spans["3 مسافرين"]["scope"]["plus"] == 1
    assert frame_spans("كانوا الطيار وثلاثة ركاب.")["ثلاثة ركاب"]["scope"]["plus"] == 1
    teams = frame_spans("ووجهت 9 فرق إسعافية إلى الموقع بالإضافة إلى طائرة الإسعاف الجوي.")["9 فرق"]
    assert teams["scope"]["value"] == "part" and "plus" not in teams["scope"]
    # a party, a place or another count before «و»: the figure stays whole
    assert "scope" not in frames("قتل الجيش وثلاثة مدنيين في الهجوم.")["ثلاثة مدنيين"]
    assert "scope" not in frames("أصيب جنديان و5 مدنيين في القصف.")["5 مدنيين"]


def test_what_a_vehicle_can_carry_is_its_capacity():
    assert frames("والطائرة من طراز فينوم تتسع لـ 8 ركاب.")["8 ركاب"]["modality"] == "capacity"
    assert frames("والطائرة من طراز فينوم تسع 8 ركاب.")["8 ركاب"]["modality"] == "capacity"
    # «تسع» that is a figure's own number (nine) frames no figure after it
    assert "modality" not in frames("قتل تسع نساء وخمسة أطفال في القصف.")["خمسة أطفال"]


def test_a_clause_that_opens_with_fi_goes_on_with_the_days_before_it():
    got = frames("قتل 27 مدنياً أمس الأحد، في 60 غارة جوية استهدفت المدينة.")
    assert got["60 غارة"]["when"] == "2024-03-17"
    # a clause of its own keeps no date it does not say
    assert "when" not in frames("قتل 27 مدنياً أمس الأحد، وشنت الطائرات 60 غارة جوية.")["60 غارة"]


def test_a_superlative_since_a_start_is_no_running_total():
    got = frames("رصدت فرقنا أمس أكثر من 90 غارة، في تصعيد غير مسبوق منذ بداية الحملة.")
    assert "scope" not in got["أكثر من 90 غارة"]
    assert frames("وقتل 50 مدنياً منذ بداية الحملة.")["50 مدنياً"]["scope"] == "total"


def test_whose_dead_past_a_toll_told_beside_them():
    got = frames("وأسفرت الاشتباكات عن سقوط 20 قتيلاً وعدد غير معروف من الجرحى في صفوف القوات النظامية.")
    assert got["20 قتيلاً"]["about"] == "syria.government"  # the army, told by its side
    # another figure or a verb between: not that figure's party
    got = frames("وأسفرت الاشتباكات عن سقوط 20 قتيلاً وأصيب 30 في صفوف القوات النظامية.")
    assert "about" not in got["20 قتيلاً"]


def test_two_attacks_at_once_are_several_incidents():
    assert frames("قتل 16 شخصاً في هجومين منفصلين شمال شرق البلاد.")["16 شخصاً"]["incident"] == "several"


def test_a_rollover_is_an_incident_of_its_own():
    got = frames("وأصيب ثلاثة أشخاص في حادث انقلاب مركبة على طريق العرين.")
    assert got["ثلاثة أشخاص"]["incident"] == "traffic.rollover"


def test_the_dead_one_hospital_received_are_a_part_of_the_toll():
    got = frames("وقال مدير المستشفى إن المستشفى استقبل جثث 9 قتلى منذ وقوع الانفجار.")
    assert got["9 قتلى"]["scope"] == "part"
    got = frames("وأعلن المدير أن عدد القتلى الذين وصلوا إلى المستشفى بلغ 11.")
    assert got["11"]["scope"] == "part"
    assert "scope" not in frames("وقتل 9 أشخاص في الانفجار.")["9 أشخاص"]
    # all the hospitals received the whole toll
    got = frames("وأعلن المتحدث أن مستشفيات المحافظة استقبلت 17 مصابا جراء حادث التصادم.")
    assert "scope" not in got["17 مصابا"]


def test_a_dateline_is_where_the_news_was_filed_not_where_it_happened():
    got = frames("بورتسودان (سونا) – أعلن الجيش أن قواته حررت أمس خمس قرى في محور شرق الجزيرة.")
    assert "place" not in got["خمس قرى"]
    got = frames("عدن - أعلنت السلطات إصابة 7 أشخاص في انفجار.")
    assert "place" not in got["7 أشخاص"]
    # a place that opens a sentence without a dateline's mark is where, and so is a headline's
    got = frames("عدن شهدت أمس إصابة 7 أشخاص في انفجار.")
    assert "place" in got["7 أشخاص"]
    assert "place" in frames("عدن: إصابة 7 أشخاص في انفجار.")["7 أشخاص"]


def test_a_numbered_day_keeps_the_date_its_clause_gives_it():
    when = frame_spans("شنت الطائرات اليوم الاثنين 38 غارة على المدينة، في اليوم الأول من حملة جوية.")[
        "38 غارة"]["when"]
    assert when["value"] == "day 1" and when["dated"] == "2024-03-18"
    when = frame_spans("قتل 9 مدنيين في اليوم السادس من الحملة الجوية.")["9 مدنيين"]["when"]
    assert when["value"] == "day 6" and "dated" not in when


def test_the_enemy_a_partys_words_name():
    # in the Houthis' words «المرتزقة» are the government's men (frames.yaml enemies_named)
    got = frames("تعلن اللجنة الوطنية لشؤون الأسرى أننا أفرجنا اليوم عن 85 من أسرى المرتزقة.")
    assert got["85 من أسرى"]["about"] == "yemen.government"
    # an enemy noun no list names for the speaker: its enemy, which a figure table reads as the
    # story's other side
    got = frames("وقال الجيش السوري إن قواته قتلت 40 إرهابيا في ريف حماة.")
    assert got["40 إرهابيا"]["about"] == "enemy:syria.government"
    # the outlet's own words name no speaker whose enemy they could be
    assert "about" not in frames("قتل 40 إرهابيا في ريف حماة.")["40 إرهابيا"]


def test_an_incident_weeks_back_is_another_incident():
    text = ("وتأتي الجريمة بعد أسابيع من مجزرة القرية المجاورة التي راح ضحيتها 40 مدنيا. "
            "وقتل اليوم 12 مدنيا في قصف على البلدة.")
    got = frame_spans(text)
    assert got["40 مدنيا"]["told"]["value"] == "earlier" and got["40 مدنيا"]["told"].get("other")
    assert "told" not in got["12 مدنيا"]
