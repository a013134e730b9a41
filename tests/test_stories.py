"""Stories hold one event: two events of one kind (two customs seizures in two ports, two
projectile strikes in two towns) share their vocabulary but not the names of the event.
Texts written for riwaya."""

from riwaya.compare.stories import MIN_DOCS_FOR_EVENTS, Features, StoryIndex, specifics


def _features(terms: dict[str, int], specific: set[str], day: str, outlet: str) -> Features:
    return Features(terms, frozenset(), frozenset(), frozenset(), day, outlet, frozenset(specific))


def _index_with_background(n: int) -> StoryIndex:
    index = StoryIndex()
    for i in range(n):  # unrelated news of the same days, so that rarity means something
        f = _features({f"موضوع{i}": 3, f"خبر{i}": 2, "عام": 1}, {f"place:x{i}"}, "2024-05-01", "o")
        index.count(f)
        index.add(i, 1000 + i, f)
    return index


SEIZURE = {"جمرك": 3, "تهريب": 2, "احبط": 2, "ضبط": 2, "شحن": 1, "منفذ": 1}


def test_two_seizures_in_two_ports_are_two_stories_and_two_reports_of_one_are_one():
    index = _index_with_background(MIN_DOCS_FOR_EVENTS + 150)
    first = _features({**SEIZURE, "خمور": 2, "زجاج": 2}, {"place:batha", "figure:bottle:33000"}, "2024-05-02", "a")
    index.count(first)
    index.add(9001, 1, first)
    again = _features({**SEIZURE, "خمور": 1, "زجاج": 1, "شاحن": 1}, {"place:batha", "figure:bottle:33000"},
                      "2024-05-03", "b")
    index.count(again)
    assert index.best(again)[0] == 1
    other = _features({**SEIZURE, "قات": 2, "اكياس": 1}, {"place:salwa", "figure:kg:17000"}, "2024-05-04", "c")
    index.count(other)
    assert index.best(other)[0] is None


def test_specifics_are_names_of_one_event():
    mentions = [
        {"kind": "person", "name": "محمد بن علي الحريصي", "text": "محمد بن علي الحريصي"},
        {"kind": "person", "name": "الوزير", "text": "الوزير"},  # a title alone names no one
        {"kind": "place", "id": "place.sa.batha", "place_kind": "city", "text": "البطحاء"},
        {"kind": "place", "id": "country.saudi_arabia", "place_kind": "country", "text": "السعودية"},
        {"kind": "date", "gregorian": "2015-08-03", "precision": "day", "text": "3 أغسطس"},
        {"kind": "date", "gregorian": "2015-08-03", "precision": "day", "relative": True, "text": "اليوم"},
        {"kind": "quantity", "unit": "bottle", "value": 33288, "text": "33288 زجاجة"},
        {"kind": "quantity", "unit": "person", "value": 2, "text": "شخصين"},
    ]
    assert specifics(mentions) == {"person:محمد بن علي الحريصي", "place:place.sa.batha", "date:2015-08-03",
                                   "figure:bottle:33288"}


SEIZURES = [
    "أحبطت الجمارك في منفذ البطحاء محاولة تهريب 33 ألف زجاجة خمور مخبأة في شحنة فواكه على شاحنة قادمة "
    "من دولة مجاورة، وقال مدير المنفذ سعيد بن ناصر الدوسري إن المفتشين اشتبهوا في الشحنة وأحالوا السائق "
    "إلى الجهات المختصة.",
    "أحبطت الجمارك في ميناء جدة الإسلامي محاولة تهريب 17 ألف كيلوغرام من القات مخبأة في شحنة ملابس "
    "على متن حاوية قادمة من الخارج، وقال مدير الميناء خالد بن فهد الحربي إن المفتشين عثروا على الممنوعات "
    "وأوقفوا المستورد.",
]


def _stream(tmp_path, db: str, fillers: int):
    import json

    from riwaya.corpus import ingest
    from riwaya.store import open_store

    path = tmp_path / "stream.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for k, text in enumerate(SEIZURES):
            out.write(json.dumps({"id": f"s{k}", "text": text, "outlet": f"o{k}",
                                  "published": f"2024-05-0{2 + k}T09:00:00"}, ensure_ascii=False) + "\n")
        for k in range(fillers):  # other news of the day, in another language: only their number counts
            out.write(json.dumps({"id": f"f{k}", "text": f"Filler item number {k} about topic {k} of the day.",
                                  "published": "2024-05-02T10:00:00"}) + "\n")
    with open_store(db) as store:
        ingest([str(path)], store, workers=1)
        return [d["story_id"] for d in store.documents() if d["name"].endswith((":1", ":2"))]


def test_the_first_documents_of_a_long_stream_are_grouped_by_the_rules_of_a_corpus(tmp_path, new_db):
    # two seizures in two ports a day apart: a small batch lets the cosine join them (a batch of a
    # few documents is about one event or a few), a stream that grows into a corpus does not
    # (on both backends: the stream is settled from what each stores)
    (tmp_path / "small").mkdir()
    (tmp_path / "large").mkdir()
    small = _stream(tmp_path / "small", new_db(), 0)
    large = _stream(tmp_path / "large", new_db(), MIN_DOCS_FOR_EVENTS)
    assert small[0] == small[1]
    assert large[0] != large[1]


def test_two_days_of_a_recurring_item_are_two_stories_and_a_follow_up_is_one():
    """Two outlets' closes of the bourse on Sunday and on Monday, each of its own day, share their
    words but no name of one event; the same close told the next morning stays in its story."""
    index = _index_with_background(MIN_DOCS_FOR_EVENTS + 150)
    close = {"مؤشر": 3, "سوق": 2, "اسهم": 2, "اغلق": 2, "نقطه": 2, "تداول": 1}
    sunday = Features({**close, "مصارف": 2, "ارتفاع": 2, "بتروكيماويات": 2}, frozenset(), frozenset(),
                      frozenset({"point:7120"}), "2024-05-05", "a", frozenset({"figure:point:7120"}),
                      frozenset({"2024-05-05"}))
    index.count(sunday)
    index.add(9001, 1, sunday)
    monday = Features({**close, "اتصالات": 2, "انخفاض": 2, "تامين": 2}, frozenset(), frozenset(),
                      frozenset({"point:7050"}), "2024-05-06", "b", frozenset({"figure:point:7050"}),
                      frozenset({"2024-05-06"}))
    index.count(monday)
    assert index.best(monday)[0] is None
    # the same close told the next morning («أغلق أمس الأحد»): its lead names the event's day
    next_morning = Features({**close, "مصارف": 1, "ارتفاع": 2, "بتروكيماويات": 1}, frozenset(), frozenset(),
                            frozenset({"point:7120"}), "2024-05-06", "c", frozenset({"figure:point:7120"}),
                            frozenset({"2024-05-05"}))
    index.count(next_morning)
    assert index.best(next_morning)[0] == 1


def test_an_outlets_item_of_another_day_joins_its_story_only_by_a_name_of_one_event():
    """One outlet's two bulletins of two days are much alike and name no person, town or date in
    common: two items. Its follow-up of yesterday's crash names the crash's place and the dead."""
    index = _index_with_background(MIN_DOCS_FOR_EVENTS + 150)
    weather = {"طقس": 3, "امطار": 2, "رياح": 2, "غبار": 2, "حرار": 2, "موج": 1, "ارصاد": 1}
    monday = _features({**weather, "ساحل": 1}, set(), "2024-05-06", "daily")
    index.count(monday)
    index.add(9001, 1, monday)
    tuesday = _features({**weather, "مرتفع": 1}, set(), "2024-05-07", "daily")
    index.count(tuesday)
    assert index.best(tuesday)[0] is None
    # another outlet's bulletin of the same day as Monday's is scored as any document is
    crash = {"تحطم": 3, "طائر": 3, "مطار": 2, "ركاب": 2, "طيار": 1, "بلاكبوش": 2}
    names = {"place:~بلاكبوش", "person:سالم بن لادن"}
    first = _features(crash, names, "2024-05-06", "daily")
    index.count(first)
    index.add(9002, 2, first)
    follow_up = _features({**crash, "جثامين": 2, "سفار": 1}, names, "2024-05-07", "daily")
    index.count(follow_up)
    assert index.best(follow_up)[0] == 2
