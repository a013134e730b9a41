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
