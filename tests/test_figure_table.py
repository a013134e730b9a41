"""Grouping figures by frame and their status, on claim rows written for riwaya: a rising toll
from one source is updated, two sources on one frame at one time conflict, a day's count is not
the total, parts are linked to their whole, and an uncertain group has no best."""

from riwaya.compare.figures import figure_table
from riwaya.render.timeline import number, timeline_svg

_ids = iter(range(1, 10_000))


def claim(doc, value, unit="person", event="killed", said=None, start=0, **slots):
    frame = {k: {"value": v, "text": str(v), "start": 0, "end": 1} for k, v in slots.items()}
    if said:
        frame["source"] = {"value": said, "text": said, "start": 0, "end": 1, "vague": False}
    return {
        "id": next(_ids),
        "document_id": doc,
        "unit": unit,
        "event": event,
        "value": value,
        "low": value,
        "high": value,
        "qualifier": "exact",
        "attributed_to": said,
        "hedge": "reported",
        "actor_text": None,
        "start": start,
        "end": start + 2,
        "text": str(value),
        "among": 0,
        "frame": frame,
    }


DOCS = {i: {"outlet": f"outlet {i}", "published": f"2024-03-{10 + i:02d}T09:00:00"} for i in range(1, 8)}


def named(doc, value, words, **kw):
    """A claim whose source is named in words no actor of the lexicon holds."""
    row = claim(doc, value, **kw)
    row["frame"]["source"] = {"value": None, "text": words, "start": 0, "end": 1, "vague": False}
    row["attributed_to"] = {"text": words, "start": 0, "end": 1}
    return row


def table(claims, originals=None, primary=()):
    return figure_table(claims, DOCS, originals or {}, set(primary))


def test_a_rising_toll_from_one_source_is_updated_not_conflict():
    groups = table(
        [
            claim(1, 12, said="moh", scope="total"),
            claim(2, 19, said="moh", scope="total"),
            claim(3, 25, said="moh", scope="total"),
        ]
    )
    assert [g["status"] for g in groups] == ["updated"]
    assert groups[0]["best"] == 25 and groups[0]["best_from"] == "latest"


def test_two_sources_on_one_frame_the_same_day_conflict():
    groups = table(
        [claim(1, 34, said="monitor"), claim(1, 12, said="ministry", start=10)],
    )
    # one document giving two values for one frame: riwaya cannot tell them apart
    assert groups[0]["status"] == "uncertain"
    groups = table([claim(1, 34, said="monitor"), claim(2, 12, said="ministry")])
    assert groups[0]["status"] in ("conflict", "agree")
    same_day = {1: DOCS[1], 2: {**DOCS[2], "published": DOCS[1]["published"]}}
    groups = figure_table([claim(1, 34, said="monitor"), claim(2, 12, said="ministry")], same_day, {}, set())
    assert groups[0]["status"] == "conflict" and groups[0]["conflict"] is True


def test_a_later_higher_toll_from_another_source_is_no_conflict_but_a_lower_one_is():
    rising = table([claim(1, 12, said="ministry"), claim(3, 30, said="monitor")])
    assert rising[0]["status"] == "agree"
    falling = table([claim(1, 30, said="monitor"), claim(3, 12, said="ministry")])
    assert falling[0]["status"] == "conflict"


def test_a_days_count_is_not_the_total():
    groups = table([claim(1, 15, said="a", when="day 1"), claim(2, 200, said="b", scope="total")])
    assert len(groups) == 2 and {g["status"] for g in groups} == {"agree"}


def test_convoys_sides_and_plans_are_apart():
    groups = table(
        [
            claim(1, 40, unit="bus", event="evacuated", ordinal="قافله 1"),
            claim(2, 55, unit="bus", event="evacuated", ordinal="قافله 4"),
            claim(3, 120, unit="detainee", event="released", agent="yemen.houthis"),
            claim(4, 80, unit="detainee", event="released", agent="yemen.government"),
            claim(5, 1500, unit="fighter", event="evacuated", modality="planned"),
            claim(6, 1200, unit="fighter", event="evacuated"),
        ]
    )
    assert len(groups) == 6 and all(g["status"] == "agree" for g in groups)


def test_values_a_tenfold_apart_are_not_one_figure():
    groups = table([claim(1, 57, said="a"), claim(2, 3500, said="b"), claim(3, 43, said="c")])
    assert sorted(sorted(v["value"] for v in g["values"]) for g in groups) == [[43, 57], [3500]]


def test_an_unstated_slot_makes_a_difference_uncertain_and_leaves_no_best():
    groups = table(
        [
            claim(1, 40, said="a", when="day 2"),
            claim(1, 9, unit="child", said="a", start=5),
            # lower, a day later: comparable (a later, higher toll would be the count going on)
            claim(2, 30, said="b"),
        ]
    )
    person = next(g for g in groups if g["unit"] == "person")
    assert person["status"] == "uncertain" and person["best"] is None and not person["conflict"]


def test_a_part_is_linked_to_its_whole_and_best_stays_in_range():
    whole = claim(1, 350, scope="total")
    part = claim(1, 40, unit="child", start=20)
    part["among"] = 1
    part["frame"]["scope"] = {"value": "part", "text": "بينهم", "start": 0, "end": 1, "of": whole["start"]}
    groups = table([whole, part])
    child = next(g for g in groups if g["unit"] == "child")
    person = next(g for g in groups if g["unit"] == "person")
    assert child["part_of"] == person["id"]
    for g in groups:
        assert g["low"] <= g["best"] <= g["high"]


def test_a_value_repeated_after_its_source_updated_it_is_marked():
    groups = table(
        [
            claim(1, 12, said="moh", scope="total"),
            claim(2, 19, said="moh", scope="total"),
            claim(4, 12, said="moh", scope="total"),
        ]
    )
    g = groups[0]
    repeat = next(v for v in g["values"] if v["document"] == 4)
    newer = next(v for v in g["values"] if v["document"] == 2)
    assert repeat["superseded_by"] == newer["claim"] and not repeat["first"]
    assert [p["document"] for p in g["timeline"]] == [1, 2, 4]
    svg = timeline_svg(g)
    assert svg.startswith("<svg") and 'class="superseded"' in svg and 'class="first"' in svg


def test_numbers_print_as_numbers_and_svg_escapes_sources():
    assert number(10550300.0) == "10550300" and number(2.5) == "2.5" and number(None) == "—"
    g = table([claim(1, 5, said="<script>", scope="total"), claim(2, 9, said="<script>", scope="total")])[0]
    assert "<script>" not in timeline_svg(g) and "&lt;script&gt;" in timeline_svg(g)


def test_places_told_at_two_scales_are_one_place_but_other_places_are_two_incidents():
    same_day = {i: {**DOCS[i], "published": DOCS[1]["published"]} for i in DOCS}
    # Aden lies in Yemen: the two tolls can be of one incident
    aden = "place.ye.aden" if "place.ye.aden" in _places() else next(iter(_in_yemen()))
    groups = figure_table(
        [claim(1, 30, said="monitor", place=aden), claim(2, 12, said="ministry", place="country.yemen")],
        same_day, {}, set())
    assert groups[0]["status"] == "conflict"
    # articles whose figures are all about other places: perhaps two incidents, not a conflict
    groups = figure_table(
        [claim(1, 30, said="monitor"), claim(1, 3, unit="tank", said="monitor", start=9, place="country.iraq"),
         claim(2, 12, said="ministry"), claim(2, 2, unit="tank", said="ministry", start=9, place="country.libya")],
        same_day, {}, set())
    people = next(g for g in groups if g["unit"] == "person")
    assert people["status"] == "uncertain"


def test_a_running_total_told_a_day_later_and_higher_is_news_not_conflict():
    groups = table([claim(1, 9, said="a", when="2024-03-11"),
                    claim(2, 12, said="b", when="2024-03-11", scope="total")])
    assert groups[0]["status"] != "conflict"
    groups = table([claim(1, 12, said="a", when="2024-03-11", scope="total"),
                    claim(2, 9, said="b", when="2024-03-11", scope="total")])
    assert groups[0]["status"] == "conflict"  # a toll does not shrink


def test_a_days_toll_told_higher_the_next_day_is_news_but_within_hours_it_conflicts():
    # both name the day of the typhoon; one outlet's 9 is told in the evening, another's 14 the
    # next evening: the count went on (SaudiNewsNet, August 2015)
    day = "2024-03-11"
    docs = {1: {"outlet": "a", "published": "2024-03-11T17:20:00"},
            2: {"outlet": "b", "published": "2024-03-12T19:30:00"},
            3: {"outlet": "c", "published": "2024-03-11T19:00:00"}}

    def dated(doc, value):
        row = claim(doc, value, when=day)
        row["frame"]["when"]["kind"] = "date"
        return row

    later = figure_table([dated(1, 9), dated(2, 14)], docs, {}, set())
    assert later[0]["status"] == "agree"
    same_evening = figure_table([dated(1, 9), dated(3, 14)], docs, {}, set())
    assert same_evening[0]["status"] == "conflict"
    lower_later = figure_table([dated(1, 14), dated(2, 9)], docs, {}, set())
    assert lower_later[0]["status"] == "conflict"  # a toll does not shrink


def _places():
    from riwaya.extract.places import gazetteer

    return gazetteer().places


def _in_yemen():
    return [p.id for p in _places().values() if p.country == "YE" and p.kind != "country"]


def _part(doc, value, whole, unit="child", start=20, **slots):
    part = claim(doc, value, unit=unit, start=start, **slots)
    part["among"] = 1
    part["frame"]["scope"] = {"value": "part", "text": "بينهم", "start": 0, "end": 1, "of": whole["start"]}
    return part


def test_parts_of_two_different_wholes_do_not_conflict():
    # «بينهم 4 أطفال» of the day's 20 dead, «بينهم 19 طفلاً» of the war's 350: two wholes
    war, day = claim(1, 350, said="ministry", scope="total"), claim(2, 20, said="monitor", when="day 1")
    groups = table([war, _part(1, 19, war, said="ministry"), day, _part(2, 4, day, said="monitor")])
    child = next(g for g in groups if g["unit"] == "child")
    assert child["status"] != "conflict"
    # parts of one whole that two sources count differently do conflict
    a, b = claim(1, 20, said="ministry"), claim(2, 20, said="monitor")
    groups = table([a, _part(1, 7, a, said="ministry"), b, _part(2, 4, b, said="monitor")])
    assert next(g for g in groups if g["unit"] == "child")["status"] == "conflict"


SAME_DAY = {i: {**DOCS[i], "published": DOCS[1]["published"]} for i in DOCS}


def test_tolls_in_two_towns_no_gazetteer_holds_are_no_conflict():
    # both articles are «in Nigeria»; one's bombing is in Gombe, the other's in Ngamdu: the tolls
    # say no place of their own, their articles' other figures do
    def article(doc, toll, town):
        return [claim(doc, toll, said=f"source {doc}"),
                claim(doc, 5, event="wounded", start=40, place=town),
                claim(doc, 5, event="wounded", start=80, place="country.nigeria")]

    groups = figure_table(article(1, 13, "~غومبي") + article(2, 14, "~نغامدو"), SAME_DAY, {}, set())
    killed = next(g for g in groups if g["frame"].get("event") == "killed")
    assert killed["status"] == "uncertain"
    # one town on both sides: one incident, two tolls
    groups = figure_table(article(1, 13, "~غومبي") + article(2, 14, "~غومبي"), SAME_DAY, {}, set())
    killed = next(g for g in groups if g["frame"].get("event") == "killed")
    assert killed["status"] == "conflict"


def test_a_figure_the_report_gives_as_told_before_rivals_no_one():
    # «وكانت الوزارة قالت أمس إن الحصيلة 18»: the report's own past figure beside another's 31
    groups = figure_table([claim(1, 31, said="monitor"), claim(2, 18, said="ministry", told="earlier")],
                          SAME_DAY, {}, set())
    assert groups[0]["status"] != "conflict"
    groups = figure_table([claim(1, 31, said="monitor"), claim(2, 18, said="ministry")], SAME_DAY, {}, set())
    assert groups[0]["status"] == "conflict"


def test_a_weeks_count_is_not_one_rounds():
    groups = figure_table(
        [claim(1, 20, unit="airstrike", event="launched", said="a"),
         claim(2, 30, unit="airstrike", event="launched", said="b", when="span:week")],
        SAME_DAY, {}, set(),
    )
    assert all(g["status"] != "conflict" for g in groups)
    groups = figure_table(
        [claim(1, 20, unit="airstrike", event="launched", said="a", when="span:week"),
         claim(2, 30, unit="airstrike", event="launched", said="b", when="span:week")],
        SAME_DAY, {}, set(),
    )
    assert groups[0]["status"] == "conflict"


def test_a_new_count_makes_another_sources_lower_one_the_older():
    # «بحسب حصيلة جديدة» 12 beside a source's 8 the same night: the toll rose, nobody disagrees
    new = claim(2, 12, said="officials", told="newer", scope="total")
    groups = figure_table([claim(1, 8, said="military source", scope="total"), new], SAME_DAY, {}, set())
    assert groups[0]["status"] != "conflict"
    # two sources that each say their count rose to a different figure do disagree
    both = figure_table([claim(1, 8, said="ministry", told="newer", scope="total"), new], SAME_DAY, {}, set())
    assert both[0]["status"] == "conflict"


def test_a_wires_described_source_is_one_source_in_every_outlet():
    # «مصدر عسكري مالي» said 4 at one hour and 8 the next: its count rose, in two outlets' words
    def said(doc, value):
        row = claim(doc, value)
        row["frame"]["source"] = {"value": None, "text": "مصدر عسكري مالي", "start": 0, "end": 1, "vague": True}
        return row

    groups = table([said(1, 4), said(2, 8)])
    assert groups[0]["status"] == "updated"


def test_an_article_that_sets_two_sources_against_each_other_reports_a_conflict():
    # «وتتضارب الأرقام: الوزارة 29، المرصد 41»: one account, two sources, in dispute
    disputed = {"value": True, "text": "تتضارب", "start": 0, "end": 1}
    ministry, monitor = claim(1, 29, said="ministry"), claim(1, 41, said="monitor", start=20)
    assert table([ministry, monitor])[0]["status"] == "uncertain"  # two things, or a dispute?
    for row in (ministry, monitor):
        row["frame"]["disputed"] = disputed
    assert table([ministry, monitor])[0]["status"] == "conflict"
    # a statement's own 1200 beside the 2000 it denies («ننفي ما روجته بعض وسائل الإعلام»)
    own, denied = claim(2, 1200, event="evacuated"), claim(2, 2000, event="evacuated", start=30)
    denied["frame"]["disputed"] = disputed
    assert table([own, denied])[0]["status"] == "conflict"


def test_buses_of_one_numbered_convoy_need_no_verb():
    groups = figure_table([claim(1, 48, unit="bus", event=None, said="a", ordinal="قافله 2"),
                           claim(2, 55, unit="bus", event=None, said="b", ordinal="قافله 2")], SAME_DAY, {}, set())
    assert groups[0]["status"] == "conflict"
    groups = figure_table([claim(1, 48, unit="bus", event=None, said="a"),
                           claim(2, 55, unit="bus", event=None, said="b")], SAME_DAY, {}, set())
    assert groups[0]["status"] == "uncertain"


def test_what_a_party_owns_is_one_holding_whatever_the_verb():
    # «كان يملك نحو 30 دبابة استولى عليها» and «11 دبابة بقيت بحوزتنا»: tanks owned, 30 or 11
    groups = figure_table([claim(1, 30, unit="tank", event="seized", said="a", modality="owned"),
                           claim(2, 11, unit="tank", event="remaining", said="b", modality="owned")],
                          SAME_DAY, {}, set())
    assert len(groups) == 1 and groups[0]["status"] == "conflict"


def test_a_figure_of_a_day_after_the_other_article_was_published_is_another_incident():
    # a report of 2 soldiers wounded «أمس الثلاثاء» (the 12th) beside an article of the 11th
    # with 8: the earlier article could not have told of it
    docs = {1: {"outlet": "a", "published": "2024-03-11T09:00:00"},
            2: {"outlet": "b", "published": "2024-03-13T09:00:00"}}
    groups = figure_table([claim(1, 8, event="wounded", said="a"),
                           claim(2, 2, event="wounded", said="b", when="2024-03-12")], docs, {}, set())
    assert all(g["status"] != "conflict" for g in groups)
    groups = figure_table([claim(1, 8, event="wounded", said="a", when="2024-03-10"),
                           claim(2, 2, event="wounded", said="b", when="2024-03-10")], docs, {}, set())
    assert groups[0]["status"] == "conflict"  # of one day before both: one incident, told twice


def test_undated_counts_told_days_apart_are_not_of_one_moment():
    docs = {1: {"outlet": "a", "published": "2024-03-11T09:00:00"},
            2: {"outlet": "b", "published": "2024-03-15T09:00:00"}}
    groups = figure_table([claim(1, 8, event="detained", said="a"),
                           claim(2, 5, event="detained", said="b")], docs, {}, set())
    assert all(g["status"] != "conflict" for g in groups)


def test_a_roundups_figure_of_no_place_of_its_own_could_be_any_towns():
    # one article names Aden's and Taiz's fronts; its 22 dead say neither; another's 15 are Aden's
    roundup = [claim(1, 22, unit="fighter", said="a"),
               claim(1, 3, unit="fighter", event="wounded", start=40, place="place.ye.aden_city"),
               claim(1, 4, unit="fighter", event="wounded", start=80, place="place.ye.taiz_city")]
    aden = claim(2, 15, unit="fighter", said="b", place="place.ye.aden_city")
    groups = figure_table([*roundup, aden], SAME_DAY, {}, set())
    killed = next(g for g in groups if g["frame"].get("event") == "killed")
    assert killed["status"] == "uncertain"


def test_a_provisional_count_lower_than_anothers_is_the_count_before_it_rose():
    early = claim(1, 3, said="military source", told="provisional", scope="total")
    groups = figure_table([early, claim(2, 8, said="officials", scope="total")], SAME_DAY, {}, set())
    assert groups[0]["status"] != "conflict"
    # a provisional count higher than another's is still at odds with it
    high = claim(1, 12, said="military source", told="provisional", scope="total")
    groups = figure_table([high, claim(2, 8, said="officials", scope="total")], SAME_DAY, {}, set())
    assert groups[0]["status"] == "conflict"


def test_two_roundups_figures_of_no_town_of_their_own_do_not_conflict():
    # two articles each name Aden's and Taiz's fronts; their raids say no town of their own
    def roundup(doc, raids):
        return [claim(doc, raids, unit="airstrike", event="launched", said=f"source {doc}", when="2024-03-11"),
                claim(doc, 3, unit="fighter", event="wounded", start=40, place="place.ye.aden_city"),
                claim(doc, 4, unit="fighter", event="wounded", start=80, place="place.ye.taiz_city")]

    groups = figure_table(roundup(1, 2) + roundup(2, 7), SAME_DAY, {}, set())
    raids = next(g for g in groups if g["unit"] == "airstrike")
    assert raids["status"] == "uncertain"
    # both say the one town and the day: one incident's raids, counted two ways
    aden = [claim(d, n, unit="airstrike", event="launched", said=f"source {d}", when="2024-03-11",
                  place="place.ye.aden_city") for d, n in ((1, 2), (2, 7))]
    groups = figure_table(roundup(1, 2)[1:] + roundup(2, 7)[1:] + aden, SAME_DAY, {}, set())
    raids = next(g for g in groups if g["unit"] == "airstrike")
    assert raids["status"] == "conflict"


def test_counts_of_two_kinds_of_incident_do_not_conflict():
    # the same day, one town: a run-over's two wounded and a highway collision's eight
    groups = figure_table([claim(1, 2, event="wounded", said="a", incident="traffic.run_over"),
                           claim(2, 8, event="wounded", said="b", incident="traffic.collision")],
                          SAME_DAY, {}, set())
    assert all(g["status"] != "conflict" for g in groups)
    # «حادث مروري» and «حادث تصادم» may be one crash told two ways
    groups = figure_table([claim(1, 2, event="wounded", said="a", incident="traffic"),
                           claim(2, 8, event="wounded", said="b", incident="traffic.collision")],
                          SAME_DAY, {}, set())
    assert groups[0]["status"] == "conflict"


def test_tanks_counted_with_armoured_vehicles_are_not_tanks():
    groups = figure_table([claim(1, 40, unit="tank", event=None, said="a", modality="owned"),
                           claim(2, 9, unit="tank", event=None, said="b", modality="owned"),
                           claim(3, 60, unit="tank", event=None, said="c", modality="owned", **{"with": "vehicle"})],
                          SAME_DAY, {}, set())
    tanks = next(g for g in groups if any(v["value"] == 40 for v in g["values"]))
    assert sorted(v["value"] for v in tanks["values"]) == [9, 40] and tanks["status"] == "conflict"


def test_a_days_count_does_not_join_a_running_total():
    # «دخلت اليوم الخميس 137 شاحنة» states nothing but its day; «… منذ بدء الهدنة إلى 297» is a
    # running total: two figures, whatever else they agree on
    since = {"value": "total", "text": "منذ بدء", "start": 0, "end": 1, "since": True}
    day, total = claim(1, 137, unit="truck", event="entered", when="2024-03-11"), claim(2, 297, unit="truck", event="entered")
    total["frame"]["scope"] = since
    assert len(table([day, total])) == 2
    total["frame"]["scope"] = {**since, "since": False}  # «بلغت الحصيلة 17»: an incident's toll
    assert len(table([day, total])) == 1


def test_a_figure_that_says_nothing_of_what_happened_stays_apart():
    # «300 شاحنة تصطف على المعبر» beside «دخلت 137 شاحنة» and «دخلت 129 شاحنة»
    groups = figure_table([claim(1, 137, unit="truck", event="entered", said="a"),
                           claim(2, 129, unit="truck", event="entered", said="b"),
                           claim(3, 300, unit="truck", event=None, said="c")], SAME_DAY, {}, set())
    assert sorted(sorted(v["value"] for v in g["values"]) for g in groups) == [[129, 137], [300]]
    assert next(g for g in groups if len(g["values"]) == 2)["status"] == "conflict"


def test_a_rival_figure_after_muqabil_is_set_against_the_first():
    # «930 بحسب المكتب، مقابل 862 بحسب الأمم المتحدة»: one account, two sources, a dispute
    office, un = claim(1, 930, event="entered", unit="truck", said="office"), claim(1, 862, event="entered", unit="truck", said="un", start=20)
    assert table([office, un])[0]["status"] == "uncertain"
    un["frame"]["versus"] = {"value": 0, "text": "مقابل", "start": 0, "end": 1}
    assert table([office, un])[0]["status"] == "conflict"


def test_a_sources_lower_count_told_after_its_higher_one_is_a_stale_repeat():
    # the authorities' 64 injured, then 400; a wire's 400 the same evening; two days on a paper
    # gives the authorities' 101 again: the older count, no rival to the wire's
    docs = {1: {"outlet": "a", "published": "2024-03-10T14:00:00"}, 2: {"outlet": "b", "published": "2024-03-11T17:10:00"},
            3: {"outlet": "c", "published": "2024-03-11T17:20:00"}, 4: {"outlet": "d", "published": "2024-03-13T14:00:00"}}
    rows = [claim(1, 64, event="wounded", said="authorities"), claim(2, 400, event="wounded", said="wire"),
            claim(3, 400, event="wounded", said="authorities"), claim(4, 101, event="wounded", said="authorities")]
    assert figure_table(rows, docs, {}, set())[0]["status"] != "conflict"
    rows[3] = claim(4, 101, event="wounded", said="monitor")  # another source's lower count rivals it
    assert figure_table(rows, docs, {}, set())[0]["status"] == "conflict"


def test_one_outlets_two_articles_do_not_contradict_each_other():
    # a paper's run-over in Buraydah (2 wounded, the Red Crescent's words) and its crash on the
    # highway (8 wounded, in its own voice), minutes apart: two incidents, not a conflict
    docs = {1: {"outlet": "paper", "published": "2024-03-10T02:16:00"}, 2: {"outlet": "paper", "published": "2024-03-10T02:24:00"}}
    rows = [claim(1, 2, event="wounded", said="spokesman"), claim(2, 8, event="wounded")]
    assert figure_table(rows, docs, {}, set())[0]["status"] != "conflict"
    docs[2]["outlet"] = "another paper"
    assert figure_table(rows, docs, {}, set())[0]["status"] == "conflict"


def test_one_outlets_local_sources_in_two_articles_do_not_conflict():
    docs = {1: {"outlet": "paper", "published": "2024-03-10T03:49:00"}, 2: {"outlet": "paper", "published": "2024-03-12T23:11:00"}}
    # Houthis killed in strikes on Marib one day, on one front of it two days on, each «according
    # to local sources» of the same paper: two incidents, not the paper against itself
    rows = [claim(1, 13, unit="fighter"), claim(2, 8, unit="fighter")]
    for row, said in zip(rows, ("مصادر محلية", "مصادر محلية وفي المقاومة"), strict=True):
        row["frame"]["source"] = {"value": None, "text": said, "start": 0, "end": 1, "vague": True}
    assert figure_table(rows, docs, {}, set())[0]["status"] != "conflict"
    docs[2]["outlet"] = "another paper"
    assert figure_table(rows, docs, {}, set())[0]["status"] == "conflict"


def test_figures_set_in_two_districts_named_before_them_are_two_incidents():
    # two Jeddah fires: 4 brought out in al-Hamra, 15 evacuated in al-Naseem; neither figure's
    # sentence names its district
    def evacuated(doc, n, district):
        row = claim(doc, n, event="evacuated", said=f"civil defence {doc}")
        row["frame"]["setting"] = {"value": district, "text": district, "start": 0, "end": 1}
        return row

    groups = figure_table([evacuated(1, 4, "~الحمراء"), evacuated(2, 15, "~النسيم")], SAME_DAY, {}, set())
    assert groups[0]["status"] == "uncertain"
    groups = figure_table([evacuated(1, 4, "~الحمراء"), evacuated(2, 15, "~الحمراء")], SAME_DAY, {}, set())
    assert groups[0]["status"] == "conflict"


def test_strikes_told_on_two_days_are_two_rows():
    # one front's strikes: 4 and 3 told on the 25th disagree; 3 told on the 26th are the next
    # night's, never set against them, and not shown in their row
    docs = {1: {"outlet": "a", "published": "2015-07-25T01:35:00"},
            2: {"outlet": "b", "published": "2015-07-25T09:44:00"},
            3: {"outlet": "c", "published": "2015-07-26T16:57:00"}}
    rows = [claim(d, n, unit="airstrike", event="launched", said=f"local sources {d}", place="place.ye.marib")
            for d, n in ((1, 4), (2, 3), (3, 3))]
    groups = figure_table(rows, docs, {}, set())
    by_docs = {frozenset(v["document"] for v in g["values"]): g["status"] for g in groups}
    assert by_docs == {frozenset({1, 2}): "conflict", frozenset({3}): "agree"}


def test_copies_of_a_wire_that_updated_its_figure_are_its_update_not_one_account_told_twice():
    # a wire's item copied at night with 4 wounded, and again later with 7: one story told on
    updated = [claim(1, 4, event="wounded", said="anadolu"), claim(2, 7, event="wounded", said="anadolu"),
               claim(3, 7, event="wounded", said="anadolu")]
    groups = table(updated, originals={2: 1, 3: 1})
    assert [g["status"] for g in groups] == ["updated"]
    # two copies told at once with two values: which is right is unsure
    same_time = {**DOCS, 2: {**DOCS[2], "published": DOCS[1]["published"]}}
    copies = [claim(1, 4, event="wounded", said="anadolu"), claim(2, 7, event="wounded", said="anadolu")]
    assert [g["status"] for g in figure_table(copies, same_time, {2: 1}, set())] == ["uncertain"]
    # one article giving both is one account told twice: what it counts is unsure
    twice = [claim(1, 4, event="wounded", said="anadolu"), claim(1, 7, event="wounded", said="anadolu", start=30)]
    assert [g["status"] for g in table(twice)] == ["uncertain"]


def test_bodies_recovered_count_the_dead():
    # «انتشال 17 جثة» beside «19 شخصاً على الأقل لقوا حتفهم» the same day: one toll, two counts
    groups = figure_table([claim(1, 17, unit="body", event="recovered", said="coast guard"),
                           claim(2, 19, said="iom")], SAME_DAY, {}, set())
    assert [g["status"] for g in groups] == ["conflict"]
    # bodies handed over or found where they lay are not a toll («عثروا على جثتين خارج الطائرة»)
    for event in ("handed_over", None):
        groups = figure_table([claim(1, 17, unit="body", event=event, said="coast guard"),
                               claim(2, 19, said="iom")], SAME_DAY, {}, set())
        assert len(groups) == 2
    # «انتشال الجثتين»: the two bodies told of before, not a count of the dead
    told_before = claim(1, 2, unit="body", event="recovered", said="coast guard")
    told_before["text"] = "الجثتين"
    groups = figure_table([told_before, claim(2, 19, said="iom")], SAME_DAY, {}, set())
    assert len(groups) == 2


def test_a_figure_of_another_incident_is_another_row():
    # «بعد أقل من أسبوع على غرق قارب آخر … أسفر عن وفاة 11 مهاجراً» beside this sinking's 19
    other = claim(2, 11, said="agency", told="earlier")
    other["frame"]["told"]["other"] = True
    groups = figure_table([claim(1, 19, said="iom"), other], SAME_DAY, {}, set())
    assert len(groups) == 2 and all(g["status"] != "conflict" for g in groups)
    groups = figure_table([claim(1, 19, said="iom"), claim(2, 11, said="agency", told="earlier")],
                          SAME_DAY, {}, set())
    assert len(groups) == 1  # the same incident's count told before: one row, no rival


def test_an_article_that_gives_the_count_it_replaced_is_not_told_twice():
    # «لقي 21 شخصاً مصرعهم … وكانت الوزارة أعلنت أن 15 قتلوا» beside another outlet's 13
    newest, before = claim(1, 21), claim(1, 15, said="ministry", told="earlier", start=40)
    groups = figure_table([newest, before, claim(2, 13, said="medics")], SAME_DAY, {}, set())
    assert [g["status"] for g in groups] == ["conflict"]
    groups = figure_table([claim(1, 21), claim(1, 15, said="ministry", start=40), claim(2, 13, said="medics")],
                          SAME_DAY, {}, set())
    assert [g["status"] for g in groups] == ["uncertain"]  # two counts, neither said to replace the other


def test_prisoners_a_party_received_are_its_people_the_other_side_released():
    # «تسلمت الحكومة 70 مختطفاً» beside «أفرج الحوثيون عن 85 من أسرى الحكومة», told the same day
    received = claim(1, 70, unit="detainee", event="received", said="government", agent="yemen.government")
    released = claim(2, 85, unit="detainee", event="released", said="houthis", about="yemen.government")
    groups = figure_table([received, released], SAME_DAY, {}, set())
    assert [g["status"] for g in groups] == ["conflict"]
    assert groups[0]["frame"]["about"]["value"] == "yemen.government" and "agent" not in groups[0]["frame"]


def test_one_source_under_several_names_is_one_source():
    # a ministry that publishes its own statements (outlet «وزارة الصحة»), «وزارة الصحة» in one
    # paper, «وزارة الصحة الليبية» in another, «الوزارة» in a third: its count rising over a day
    # is its update, not a conflict with itself
    docs = {1: {"outlet": "وزارة الصحة", "published": "2024-03-11T08:00:00"},
            2: {"outlet": "الوسط", "published": "2024-03-11T10:00:00"},
            3: {"outlet": "الأحرار", "published": "2024-03-11T12:00:00"},
            4: {"outlet": "المرصد", "published": "2024-03-11T14:00:00"}}
    rows = [claim(1, 17, scope="total"), named(2, 19, "وزارة الصحة", scope="total"),
            named(3, 21, "وزارة الصحة الليبية", scope="total"), named(4, 23, "الوزارة", scope="total")]
    groups = figure_table(rows, docs, {}, set())
    assert [g["status"] for g in groups] == ["updated"]
    # two ministries named: «الوزارة» is neither
    rows.append(named(4, 30, "وزارة الداخلية", scope="total"))
    rows.append(named(3, 31, "الوزارة", scope="total"))
    assert figure_table(rows, docs, {}, set())[0]["status"] != "updated"


def test_a_roundups_drowned_do_not_join_its_road_crashs_dead():
    # a civil-defence roundup: three drowned in a valley, and a crash's 3 dead (traffic police)
    # against 4 (the health ministry, saying no incident): the crash's row conflicts, alone
    rows = [claim(1, 3, said="traffic", incident="traffic.collision"),
            claim(2, 4, said="moh", incident="traffic.collision"),
            claim(3, 4, said="moh"),
            claim(4, 3, said="civil defence", incident="drowning")]
    docs = {i: {"outlet": f"outlet {i}", "published": "2024-08-10T12:00:00"} for i in range(1, 5)}
    groups = figure_table(rows, docs, {}, set())
    crash = next(g for g in groups if len(g["values"]) == 3)
    assert crash["status"] == "conflict"
    assert {v["claim"] for v in crash["values"]} == {rows[0]["id"], rows[1]["id"], rows[2]["id"]}
    # an explosion one outlet calls a strike is one event: one row, not two
    rows = [claim(1, 20, event="wounded", said="officials", incident="blast"),
            claim(2, 30, event="wounded", said="ministry", incident="strike"),
            claim(3, 20, event="wounded", said="sources"),
            claim(4, 30, event="wounded", said="ministry", incident="blast")]
    assert len(figure_table(rows, docs, {}, set())) == 1


def test_one_articles_figure_set_against_anothers_with_muqabil_conflicts_even_unsaid_what_happened():
    # «اختلف الطرفان حول عدد الأطفال بين الضحايا، إذ تحدثت الوزارة عن ثلاثة أطفال مقابل خمسة
    # أطفال وفق المرصد»: two sources' counts of one thing, not two things the article counts
    rows = [claim(1, 3, unit="child", event=None, said="ministry", start=0),
            claim(1, 5, unit="child", event=None, said="monitor", start=20, versus=0)]
    assert table(rows)[0]["status"] == "conflict"
    # without «مقابل», what the two counts are is not said: unsure
    rows = [claim(1, 3, unit="child", event=None, said="ministry", start=0),
            claim(1, 5, unit="child", event=None, said="monitor", start=20)]
    assert table(rows)[0]["status"] == "uncertain"


def test_a_spokesman_gives_his_bodys_figure():
    # «قال الدفاع المدني» 4 missing, then «مدير الدفاع المدني بالمحافظة» 11: the body's own count
    # rising, not two sources
    docs = {1: {"outlet": "a", "published": "2025-04-20T08:00:00"},
            2: {"outlet": "b", "published": "2025-04-20T20:00:00"}}
    rows = [named(1, 4, "الدفاع المدني", event="missing"),
            named(2, 11, "مدير الدفاع المدني بالمحافظة", event="missing")]
    assert [g["status"] for g in figure_table(rows, docs, {}, set())] == ["updated"]
    rows = [named(1, 4, "مرور منطقة عسير", event="missing"),
            named(2, 11, "المتحدث الرسمي لمرور منطقة عسير", event="missing")]
    assert [g["status"] for g in figure_table(rows, docs, {}, set())] == ["updated"]


def test_a_running_total_of_strikes_told_on_three_days_is_one_row():
    # strikes are counted anew each day, but «ارتفع عدد الغارات منذ بداية الحملة إلى 135» is one
    # count running over the days: one row, the monitor's update
    rows = [claim(i, v, unit="airstrike", event="launched", said="monitor", scope="total")
            for i, v in ((1, 135), (2, 175), (4, 268))]
    groups = table(rows)
    assert [g["status"] for g in groups] == ["updated"]
    # a day's strikes told on two days stay two rows
    rows = [claim(1, 38, unit="airstrike", event="launched", said="monitor"),
            claim(2, 52, unit="airstrike", event="launched", said="monitor")]
    assert len(table(rows)) == 2


def test_a_sources_count_told_as_risen_from_its_last_is_its_update_even_where_articles_name_other_places():
    # «وكانت الوزارة أعلنت 12 قتيلاً» then «ارتفعت الحصيلة إلى 19», in articles that also tell of
    # other provinces' news: the ministry's count rose, nothing is unsure
    docs = {1: {"outlet": "a", "published": "2024-03-11T20:00:00"},
            2: {"outlet": "b", "published": "2024-03-11T23:00:00"}}
    before = [claim(1, 12, said="ministry", scope="total", told="earlier"),
              claim(1, 3, unit="tank", said="ministry", start=9, place="country.iraq")]
    after = [claim(2, 19, said="ministry", scope="total", told="newer"),
             claim(2, 2, unit="tank", said="ministry", start=9, place="country.libya")]
    people = next(g for g in figure_table(before + after, docs, {}, set()) if g["unit"] == "person")
    assert people["status"] == "updated"
    # not so when nothing says the 19 is the newer count: two articles about other places
    after[0] = claim(2, 19, said="ministry", scope="total")
    before[0] = claim(1, 12, said="ministry", scope="total")
    people = next(g for g in figure_table(before + after, docs, {}, set()) if g["unit"] == "person")
    assert people["status"] == "uncertain"


def test_one_days_count_of_a_story_told_day_by_day_is_no_early_count_of_a_later_total():
    # a swap's first flight «تقل 35 من المختطفين» on the 11th, the day-2 flight on the 12th, then
    # «ارتفع عدد المفرج عنهم إلى 158» on the 13th: the 35 is the first day's, not the 158 before it rose
    docs = {1: {"outlet": "a", "published": "2024-03-11T17:00:00"},
            2: {"outlet": "a", "published": "2024-03-12T17:00:00"},
            3: {"outlet": "a", "published": "2024-03-13T17:00:00"}}

    def dated(doc, value, day, **kw):
        row = claim(doc, value, unit="detainee", event="released", said="agency", when=day, **kw)
        row["frame"]["when"]["kind"] = "date"
        return row

    groups = figure_table([dated(1, 35, "2024-03-11"), dated(2, 60, "2024-03-12"),
                           dated(3, 158, "2024-03-13", scope="total", told="newer")], docs, {}, set())
    assert "updated" not in [g["status"] for g in groups]
    # a single day's count, then the total as of the next day: the same toll, risen
    groups = figure_table([dated(1, 35, "2024-03-11"), dated(3, 158, "2024-03-13", scope="total", told="newer")],
                          docs, {}, set())
    assert [g["status"] for g in groups] == ["updated"]


def test_districts_seized_told_higher_the_next_day_are_news_not_a_conflict():
    # an advance takes 3 districts by one evening's reports, 4 by the next day's (SaudiNewsNet, Ibb)
    docs = {1: {"outlet": "a", "published": "2024-03-10T19:00:00"},
            2: {"outlet": "b", "published": "2024-03-11T13:30:00"}}
    groups = figure_table([claim(1, 3, unit="province", event="seized", said="x"),
                           claim(2, 4, unit="province", event="seized", said="y")], docs, {}, set())
    assert groups[0]["status"] != "conflict"
    # told within hours of each other, the two counts rival
    docs[2] = {"outlet": "b", "published": "2024-03-10T21:00:00"}
    groups = figure_table([claim(1, 3, unit="province", event="seized", said="x"),
                           claim(2, 4, unit="province", event="seized", said="y")], docs, {}, set())
    assert groups[0]["status"] == "conflict"


def test_two_sources_sums_demanded_conflict_though_no_verb_says_what_happened():
    # «طالب الخاطفون بفدية قدرها 5 ملايين دولار» beside the police's 8 millions, the same evening
    ransom = [claim(1, 5_000_000, unit="dollar", event=None, said="notable", modality="needed"),
              claim(2, 8_000_000, unit="dollar", event=None, said="police", modality="needed")]
    assert figure_table(ransom, SAME_DAY, {}, set())[0]["status"] == "conflict"
    # sums said with no verb and no demand say nothing of what they are
    bare = [claim(1, 5_000_000, unit="dollar", event=None, said="notable"),
            claim(2, 8_000_000, unit="dollar", event=None, said="police")]
    assert figure_table(bare, SAME_DAY, {}, set())[0]["status"] != "conflict"


def test_a_figure_that_says_no_time_does_not_join_counts_over_a_week():
    # a car blast's 6 dead beside a monitor's 10 and a mine centre's 13 dead over the week
    week = [claim(1, 10, said="monitor", when="span:week"), claim(2, 13, said="centre", when="span:week")]
    groups = figure_table([*week, claim(3, 6, said="joint forces")], SAME_DAY, {}, set())
    six = next(g for g in groups if any(v["value"] == 6 for v in g["values"]))
    assert all(v["value"] == 6 for v in six["values"])


def _day(doc, value, said, day, dated=None):
    row = claim(doc, value, said=said)
    row["frame"]["when"] = {"value": day, "text": day, "start": 0, "end": 1, "kind": "day_of",
                            **({"dated": dated} if dated else {})}
    return row


def _dated(doc, value, said, date):
    row = claim(doc, value, said=said)
    row["frame"]["when"] = {"value": date, "text": date, "start": 0, "end": 1, "kind": "date"}
    return row


def test_numbered_days_take_the_dates_the_story_gives_them():
    # a monitor's third day, told at night, and a network's count for that date the next morning
    docs = {**DOCS, 8: {"outlet": "o8", "published": "2024-03-13T23:30:00"},
            9: {"outlet": "o9", "published": "2024-03-14T10:00:00"}}
    rivals = [_day(8, 23, "monitor a", "day 3"), _dated(9, 31, "network b", "2024-03-13")]
    # day one dated by one article, day four by another: both count from 11 March
    base = [_day(1, 38, "monitor a", "day 1", "2024-03-11"), _day(4, 40, "monitor a", "day 4", "2024-03-14")]
    groups = figure_table(base + rivals, docs, {}, set())
    rival = [g for g in groups if {v["value"] for v in g["values"]} == {23, 31}]
    assert rival and rival[0]["status"] == "conflict"  # «اليوم الثالث» and «أمس الأربعاء»: one day
    # articles that count from two different days date nothing
    other = [_day(1, 38, "monitor a", "day 1", "2024-03-11"), _day(5, 40, "monitor a", "day 4", "2024-03-15")]
    groups = figure_table(other + rivals, docs, {}, set())
    assert not any(g["status"] == "conflict" for g in groups)


def test_a_speakers_enemy_is_the_storys_other_side_when_it_names_one():
    # the army's «40 إرهابيا» and a monitor's 25 of the group's men: one party's dead
    rows = [claim(1, 40, unit="fighter", said="syria.government", about="enemy:syria.government"),
            claim(2, 25, unit="fighter", said="monitor", about="syria.hts")]
    groups = table(rows)
    assert [g["status"] for g in groups] == ["conflict"]
    # a story that names two other parties: whose dead the army means is not known
    rows.append(claim(3, 12, unit="fighter", event="detained", said="monitor", about="syria.sdf"))
    groups = table(rows)
    assert not any(g["status"] == "conflict" for g in groups)


def test_a_figure_with_one_person_named_beside_it_counts_that_person_too():
    # «الطيار وثلاثة ركاب لقوا حتفهم» against «توفي أربعة أشخاص»: four dead, told two ways
    pilot_and_three = claim(2, 3, unit="person", event="killed", said="police")
    pilot_and_three["frame"]["scope"] = {"value": "part", "text": "الطيار", "start": 0, "end": 1, "of": None,
                                         "plus": 1}
    same_day = {1: DOCS[1], 2: {**DOCS[2], "published": DOCS[1]["published"]}}
    groups = figure_table([claim(1, 4, said="agency"), pilot_and_three], same_day, {}, set())
    assert [g["status"] for g in groups] == ["agree"]
    # a third outlet's «3 مسافرين بمن فيهم قائد الطائرة» still sets 3 against the 4
    groups = figure_table([claim(1, 4, said="agency"), pilot_and_three, claim(3, 3, said="authority")],
                          {**same_day, 3: {**DOCS[3], "published": DOCS[1]["published"]}}, {}, set())
    assert [g["status"] for g in groups] == ["conflict"]


def test_csv_cells_never_run_as_formulas():
    import csv
    import io

    from riwaya.render.corpus import to_csv

    rows = [{"title": "=HYPERLINK(\"http://x\",\"اضغط\")", "outlet": "+966", "text": "@SUM(A1)", "low": -3,
             "url": "-1+2", "note": "قتل 5 مدنيين"}]
    read = next(iter(csv.DictReader(io.StringIO(to_csv(rows, list(rows[0])).lstrip("\ufeff")))))
    assert read["title"].startswith("'=") and read["outlet"] == "'+966" and read["text"] == "'@SUM(A1)"
    assert read["url"] == "'-1+2" and read["low"] == "-3" and read["note"] == "قتل 5 مدنيين"
