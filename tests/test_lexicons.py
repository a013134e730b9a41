"""The lexicons are data: each file is checked for shape, coverage and conflicts."""

from collections import Counter

from riwaya.lexicon import calendar, events, load_yaml, norm_phrase, numbers, qualifiers, units
from riwaya.text.normalize import normalize_str
from riwaya.text.numbers import read_word

CATEGORIES = {"people", "group", "weapon", "vehicle", "munition", "place", "body", "time",
              "distance", "percent", "money", "mass", "item", "aircraft", "area"}
# The contract's unit vocabulary (DESIGN.md) must all be there.
CONTRACT_UNITS = {"fighter", "tank", "vehicle", "person", "civilian", "child", "family", "detainee",
                  "displaced", "faction", "bus", "truck", "airstrike", "barrel_bomb", "shell", "missile",
                  "village", "hospital", "officer", "year", "month", "day", "hour", "kilometre",
                  "percent", "item"}
CONTRACT_EVENTS = {"killed", "wounded", "detained", "released", "displaced", "handed_over", "remaining"}


def test_units_have_ids_categories_and_the_contract_vocabulary():
    data = load_yaml("units.yaml")
    ids = [u["id"] for u in data]
    assert len(ids) == len(set(ids))
    assert CONTRACT_UNITS <= set(ids)
    for unit in data:
        assert unit["category"] in CATEGORIES, unit["id"]
        assert unit.get("singular"), unit["id"]
        for form in unit.get("dual") or []:
            assert form in unit["singular"], f"{unit['id']}: dual of {form} which is not a singular"


def test_broader_units_exist_share_the_category_and_do_not_loop():
    from riwaya.lexicon import broader_units

    data = {u["id"]: u for u in load_yaml("units.yaml")}
    for unit in data.values():
        if unit.get("kind_of"):
            broader = data[unit["kind_of"]]
            assert broader["category"] == unit["category"], unit["id"]
            chain = broader_units(unit["id"])
            assert len(chain) == len(set(chain)) and chain[0] == unit["id"]
    assert broader_units("civilian") == ["civilian", "person"]
    assert broader_units("tank") == ["tank"]


def test_no_unit_form_belongs_to_two_units():
    owners: dict[tuple[str, ...], set[str]] = {}
    for unit in load_yaml("units.yaml"):
        for key in ("singular", "plural"):
            for form in unit.get(key) or []:
                owners.setdefault(norm_phrase(form), set()).add(unit["id"])
    shared = {form: ids for form, ids in owners.items() if len(ids) > 1}
    assert not shared


def test_implied_events_name_real_forms_and_events():
    lex = events()
    for unit in load_yaml("units.yaml"):
        forms = {norm_phrase(f) for k in ("singular", "plural") for f in unit.get(k) or []}
        for key in ("implied_events", "noun_events"):
            for form, event in (unit.get(key) or {}).items():
                assert norm_phrase(form) in forms, f"{unit['id']}: {form} is not one of its forms"
                assert event in lex.applies_to


def test_events_cover_the_contract_and_apply_to_known_categories():
    data = load_yaml("events.yaml")
    assert CONTRACT_EVENTS <= set(data)
    for event, entry in data.items():
        assert set(entry["applies_to"]) <= CATEGORIES, event
        # an event is told by words of its own, or (`of`) by two counted nouns of other events
        # joined («40 قتيلاً وجريحاً»: casualties)
        assert entry["forms"] or (len(entry.get("of") or ()) == 2 and set(entry["of"]) <= set(data)), event


def test_event_entries_hold_only_known_keys_and_follow_ups_are_forms():
    data = load_yaml("events.yaml")
    known = {"applies_to", "forms", "forms_before", "near", "of", "right_before", "lost_own", "follow_up",
             "with_object"}
    lex = events()
    for event, entry in data.items():
        assert set(entry) <= known, (event, set(entry) - known)
        # a follow-up is a form read after a figure: only then can it yield to the verb before it
        for form in entry.get("follow_up") or []:
            assert norm_phrase(form) in lex.forms, f"{event}: follow-up {form} is no form"
        said = entry.get("with_object")
        if said:
            assert set(said) == {"verbs", "objects"} and said["verbs"] and said["objects"], event
    assert lex.with_object and lex.follow_ups


def test_event_forms_shared_between_events_are_told_apart_by_category():
    lex = events()
    for form, names in lex.forms.items():
        if len(names) > 1:
            categories = [lex.applies_to[n] for n in names]
            overlap = set.intersection(*map(set, categories))
            assert not overlap, f"{form}: {names} both apply to {overlap}"


def test_unit_forms_are_not_number_words():
    for form in units().forms:
        assert read_word(form[0]) is None or len(form) > 1, form


def test_number_words_parse_to_their_values():
    data = numbers()
    for value, forms in data["cardinals"].items():
        for form in forms:
            word = read_word(normalize_str(form))
            assert word is not None and word.value == value, form
    for value, forms in data["tens"].items():
        for form in forms:
            assert read_word(normalize_str(form)).value == value


def test_number_forms_are_unique_across_kinds():
    data = numbers()
    seen = Counter()
    for section in ("cardinals", "teen_only", "tens", "hundreds", "fractions"):
        for forms in data[section].values():
            seen.update({normalize_str(f) for f in forms})
    assert [f for f, n in seen.items() if n > 1] == []


def test_count_words_are_single_arabic_words_and_no_number_or_unit():
    data = numbers()["count_words"]
    for kind in ("words", "definite", "adjectives"):
        assert data[kind], kind
        for word in data[kind]:
            norm = normalize_str(str(word))
            assert " " not in norm and read_word(norm) is None, word  # matched one token at a time
            assert not any(form == (norm,) for form in units().forms), word
    # definite count words are definite, the plain ones not
    assert all(normalize_str(w).lstrip("و").startswith("ال") for w in data["definite"] + data["adjectives"])
    assert not any(normalize_str(w).startswith("ال") for w in data["words"])


def test_qualifiers_use_the_contract_names():
    lex = qualifiers()
    allowed = {"about", "at_least", "more_than", "at_most", "less_than"}
    assert set(lex.before.values()) <= allowed and set(lex.after.values()) <= allowed


def test_calendar_has_every_month_in_every_system():
    data = calendar()
    assert sorted(data["gregorian_months"]) == list(range(1, 13))
    assert sorted(data["hijri_months"]) == list(range(1, 13))
    systems = {"كانون الثاني": 1, "يناير": 1, "جانفي": 1, "نيسان": 4, "أبريل": 4, "أفريل": 4,
               "آب": 8, "أغسطس": 8, "أوت": 8, "غشت": 8, "تشرين الأول": 10, "أكتوبر": 10}
    for name, month in systems.items():
        assert name in data["gregorian_months"][month]
    months = [normalize_str(f) for m in data["gregorian_months"].values() for f in m]
    hijri = [normalize_str(f) for m in data["hijri_months"].values() for f in m]
    assert not set(months) & set(hijri)
    assert sorted(data["weekdays"]) == list(range(7))
    assert sorted(data["day_ordinals"]) == list(range(1, 32))


def test_stem_protected_words_start_with_a_conjunction_letter():
    for word in load_yaml("stem.yaml")["protected"]:
        assert word[0] in "وفأ", word


def test_gazetteer_rows_are_sound():
    from riwaya.extract.places import gazetteer

    g = gazetteer()
    assert len(g.places) > 1200
    for place in g.places.values():
        assert place.kind in {"country", "region", "admin1", "admin2", "admin3", "city"}, place
        if place.lat is not None:
            assert -90 <= place.lat <= 90 and -180 <= place.lon <= 180, place
        assert not place.parent or place.parent in g.places, place
    for alias, ids in g.aliases.items():
        assert ids and len(ids) == len(set(ids)), alias
        ranks = [g.places[i].importance for i in ids]
        assert ranks == sorted(ranks, reverse=True), alias
    # Regions the administrative data lacks, and the words that are not places.
    assert g.aliases[normalize_str("القلمون الشرقي")] == ["region.eastern_qalamoun"]
    assert g.aliases[normalize_str("الغوطة الشرقية")] == ["region.eastern_ghouta"]
    for word in ("الثورة", "قنوات", "الباب", "الحرية", "عنه"):
        assert normalize_str(word) not in g.aliases, word
    for name in ("إدلب", "درعا", "دوما", "حلب", "الموصل", "الرقة", "ريف دمشق", "نينوى", "سنجار"):
        assert normalize_str(name) in g.aliases, name
    # a region lies in its governorate: «عين الجوز في القلمون الغربي» is «بريف دمشق»
    assert g.places["region.western_qalamoun"].parent == g.aliases[normalize_str("ريف دمشق")][0] == "pcode:SY03"
    assert all(g.places[r].parent for r in g.places if r.startswith("region.") and r.endswith("_countryside"))


ACTOR_TYPES = {"state", "government", "ministry", "state_force", "security_service", "armed_group",
               "coalition", "political_party", "international_body", "un_agency", "ngo", "monitor",
               "media", "humanitarian"}


def test_actor_lexicon_is_sound():
    data = load_yaml("actors.yaml")
    actors = data["actors"]
    ids = [a["id"] for a in actors]
    assert len(actors) >= 200 and len(ids) == len(set(ids))
    known = set(ids)
    for actor in actors:
        assert actor["type"] in ACTOR_TYPES, actor["id"]
        assert actor.get("names") or actor.get("abbreviations"), actor["id"]
        assert actor.get("parent") in known | {None}, actor["id"]
        if actor.get("adjectives"):
            assert actor["type"] == "state", f"{actor['id']}: only states take adjectives"
        aliases = {normalize_str(n) for key in ("names", "abbreviations", "adjectives")
                   for n in actor.get(key) or []}
        for alias in actor.get("perspective") or {}:
            assert normalize_str(alias) in aliases, f"{actor['id']}: perspective on a foreign alias {alias}"
    # No parent cycles.
    parents = {a["id"]: a.get("parent") for a in actors}
    for actor_id in ids:
        seen, current = set(), actor_id
        while current:
            assert current not in seen, f"cycle through {actor_id}"
            seen.add(current)
            current = parents[current]


def test_no_actor_alias_belongs_to_two_actors_without_a_rule():
    data = load_yaml("actors.yaml")
    owners: dict[str, set[str]] = {}
    for actor in data["actors"]:
        for key in ("names", "abbreviations", "adjectives"):
            for alias in actor.get(key) or []:
                owners.setdefault(normalize_str(alias), set()).add(actor["id"])
    shared = {alias: ids for alias, ids in owners.items() if len(ids) > 1}
    assert not shared
    known = {a["id"] for a in data["actors"]}
    for alias, rule in data["ambiguous"].items():
        assert normalize_str(alias) not in owners, f"{alias} is ambiguous and also an actor's name"
        assert set(rule["candidates"]) <= known and rule["default"] in rule["candidates"], alias


def test_near_events_exist_and_go_both_ways():
    data = load_yaml("events.yaml")
    for event, entry in data.items():
        for other in entry.get("near") or []:
            assert other in data, (event, other)
            assert event in (data[other].get("near") or []), f"{other} is not near {event}"


def test_template_slots_are_mention_kinds_and_units():
    from riwaya.lexicon import slots, units

    lex = slots()
    assert lex.subject and lex.figures and not (lex.subject & lex.figures)
    assert lex.kinds <= {"person", "place", "actor", "date", "quantity"}  # the extractor's kinds
    assert lex.not_figures <= set(units().units)
    assert 0.5 < lex.spelling < 1


def test_background_term_frequencies_are_stems_of_news():
    from riwaya.lexicon import term_frequencies
    from riwaya.text.stem import light_stem

    table = term_frequencies()
    assert table.documents > 10_000 and len(table.df) > 1000
    assert all(0 < n <= table.documents for n in table.df.values())
    # the words of a kind of event are common in news; a name of one event is not there
    assert table.share("عام") > 0.1 and table.share(light_stem("توشيبا")) == 0
    assert all(" " not in t and t == t.strip() for t in table.df)


def test_common_phrases_are_boilerplate_keyed_as_copies_are_matched():
    import zlib
    from importlib import resources

    from riwaya.lexicon import common_phrases

    phrases = common_phrases()
    assert len(phrases) > 1000
    lines = resources.files("riwaya.lexicon").joinpath("common_phrases.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in lines.splitlines() if not line.startswith("#")]
    assert all(len(r) == 3 and int(r[2]) >= 40 for r in rows)
    # the keys are the words' CRC32 as prepare computes them, so a phrase matches a text's words
    key = tuple(zlib.crc32(w.encode("utf-8")) for w in ("خادم", "الحرمين", "الشريفين"))
    assert key in phrases
    # a wire story's own words are not boilerplate
    assert tuple(zlib.crc32(w.encode("utf-8")) for w in ("مستشفي", "المديريه", "استقبل")) not in phrases


def test_actor_context_keys_are_all_read_and_hold_arabic_words():
    # a key the loader does not read would be ignored silently (extract/actors.py ``lexicon``)
    import inspect

    from riwaya.extract import actors

    said = load_yaml("actors.yaml")["context"]
    source = inspect.getsource(actors.lexicon)
    for key, value in said.items():
        assert f'"{key}"' in source, f"actors.yaml context: {key} is not read"
        words = value if isinstance(value, list) else [
            w for v in (value.values() if isinstance(value, dict) else [value])
            for w in (v if isinstance(v, list) else (v.values() if isinstance(v, dict) else [v]))]
        flat = [x for w in words for x in (w if isinstance(w, list) else [w])]
        assert flat and all(any("\u0600" <= ch <= "\u06ff" for ch in str(w)) for w in flat), key


def test_statement_synonyms_are_content_words_in_one_concept_each():
    """Every form of synonyms.yaml is a content word the matcher keeps, and no stem stands for
    two concepts (one would silently win)."""
    from riwaya.text.segment import tokens
    from riwaya.text.terms import content_terms

    owner: dict[str, str] = {}
    for concept, forms in load_yaml("synonyms.yaml")["concepts"].items():
        assert len(forms) >= 2, f"{concept}: a concept of one word matches nothing new"
        stems = set()
        for form in forms:
            terms = content_terms(tokens(str(form)))
            assert terms, f"{concept}: {form} is a function word, matched by nothing"
            stems.update(terms)
        for stem in stems:
            assert owner.setdefault(stem, concept) == concept, f"{stem} in {owner[stem]} and {concept}"
        assert len(stems) >= 2, f"{concept}: all its forms have one stem"


def test_the_dead_a_unit_counts_are_people_of_a_known_unit():
    table = units().units
    dead = {u.id: u.dead_of for u in table.values() if u.dead_of}
    assert dead, "no unit says whose dead bodies it counts"
    for unit, of in dead.items():
        assert of in table and table[of].category == "people", f"{unit}: dead_of {of}"


def test_members_of_bodies_are_peoples_units_of_actor_types_and_member_nouns_count_people():
    from riwaya.lexicon import figure_frames

    table = units().units
    types = {a["type"] for a in load_yaml("actors.yaml")["actors"]}
    by_type: dict[str, str] = {}
    for unit in table.values():
        for kind in unit.member_of:
            assert unit.category == "people", unit.id
            assert kind not in by_type, f"{kind}: the men of both {by_type[kind]} and {unit.id}"
            by_type[kind] = unit.id
            assert kind in types, f"{unit.id}: member_of {kind}, no actor has that type"
    assert "security_service" in by_type
    forms = units().forms
    for noun in figure_frames().member_nouns:
        form = forms.get((noun,))
        assert form is not None and table[form.unit].category == "people", noun


def test_enemies_named_are_enemy_nouns_of_known_speakers_naming_known_parties():
    from riwaya.extract.actors import family, lexicon, same_side
    from riwaya.lexicon import figure_frames

    lex = figure_frames()
    actors = lexicon().actors
    assert lex.enemies_named
    for speaker, named in lex.enemies_named.items():
        assert speaker in actors and family(speaker) == speaker, speaker
        for noun, party in named.items():
            assert noun in lex.enemy_nouns, f"{speaker}: {noun} is no enemy noun"
            assert party in actors and not same_side(party, speaker), f"{speaker}: {noun} → {party}"
