"""Figures and dates in a report, matched to the source's figures and dates about the same thing.

Two figures are about the same thing when they count the same unit and their events agree
(the same, near ones in events.yaml such as displaced and evacuated, or one says none), or when
one names no unit and both say the same event (جرح العشرات, عشرات آخرين); among those, a
figure in a source sentence the report sentence is aligned to wins, then one with the same
unit (a broader or narrower one counts when the values agree), then one with the same event,
then one about the same actor, then the closest value.
Two values are consistent when both can be true: their ranges overlap (1200 = ألف ومئتان; 12
within بين 10 و15; عشرات and أكثر من 50), and in conflict when they cannot (40 and أكثر من 60).
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import re
from dataclasses import dataclass
from typing import Any

from riwaya.compiled import compiled
from riwaya.lexicon import Unit, calendar
from riwaya.lexicon import events as event_lexicon
from riwaya.lexicon.clitics import clitics
from riwaya.text.normalize import bare_word, normalize_str

ABOUT = 0.1  # «نحو 300» covers 270–330
ROUND = 1000  # a figure in whole thousands is a rounded one beside a figure told to the unit


def value_range(m: dict[str, Any]) -> tuple[float, float]:
    """The values a quantity mention allows, as a closed interval (open ends are infinite)."""
    low = m["low"] if m["low"] is not None else float("-inf")
    high = m["high"] if m["high"] is not None else float("inf")
    if m["qualifier"] == "about" and m["value"] is not None:
        low, high = m["value"] * (1 - ABOUT), m["value"] * (1 + ABOUT)
    return low, high


def compatible(a: dict[str, Any], b: dict[str, Any]) -> bool:
    (a_low, a_high), (b_low, b_high) = _against(a, b), _against(b, a)
    scale = _time_scale(a, b)  # «ثلاثة أيام» beside «72 ساعة»: in the other's unit
    return max(a_low * scale, b_low) <= min(a_high * scale, b_high)


def _time_scale(a: dict[str, Any], b: dict[str, Any]) -> float:
    """How many of ``b``'s unit one of ``a``'s is, when both are spans of time (units.yaml
    ``hours``); else 1."""
    ua, ub = _unit(a.get("unit")), _unit(b.get("unit"))
    if ua is None or ub is None or ua.hours is None or ub.hours is None or ua.id == ub.id:
        return 1.0
    return ua.hours / ub.hours


def _against(m: dict[str, Any], other: dict[str, Any]) -> tuple[float, float]:
    """The values a figure allows when set beside another: «أكثر من 60» («45 على الأقل») is at
    most about twice 60 beside a word amount («مئات المرضى»): a source that had hundreds would
    not say «more than 60»; beside an exact figure it is open (150 is more than 60)."""
    low, high = value_range(m)
    if m["qualifier"] in ("more_than", "at_least") and other["qualifier"] == "vague" and low > 0:
        high = 2 * low
    value = m.get("value")
    if m["qualifier"] in ("exact", None) and value is not None and value >= ROUND and value % ROUND == 0 \
            and other["qualifier"] in ("exact", None) and (other.get("value") or 0) % ROUND != 0:
        # «ألفي أسرة» for «1,870 أسرة»: whole thousands round a count told to the unit
        low, high = value * (1 - ABOUT), value * (1 + ABOUT)
    return low, high


@dataclass
class Located:
    """A mention with where it is: which document (source index or None for the report) and
    which sentence."""

    mention: dict[str, Any]
    source: int | None
    sentence: int


def match_figures(report: list[Located], sources: list[Located],
                  aligned: dict[int, set[tuple[int, int]]],
                  named: dict[tuple[int, int], set[str]] | None = None,
                  parties: dict[int, tuple[Party | None, Party | None]] | None = None,
                  ) -> list[dict[str, Any]]:
    """One verdict per report quantity: consistent, conflict or unmatched.

    ``aligned`` maps a report sentence to the (source, sentence) pairs it is aligned to;
    ``named`` a source sentence to the actors it names; ``parties`` a quantity (by ``id``) to the
    party it counts and the party that acted (``figure_parties``).
    """
    from riwaya.extract.actors import same_side

    results = []
    for r in report:
        rm = r.mention
        # The same unit, or a broader or narrower one when the values agree: «27 مدنياً» is
        # «27 ضحية», but «3 أطفال» is not in conflict with «12 شخصاً» (it may be a part).
        # Or no unit on one side when both say what happened: «جرح العشرات» and «عشرات آخرين».
        agree = event_lexicon().agree
        candidates = [s for s in sources if (s.mention["unit"] == rm["unit"] or (
            (_related(s.mention["unit"], rm["unit"]) or _bodies_of(s.mention, rm)
             or _armed_alike(s.mention, rm) or _time_scale(s.mention, rm) != 1.0)
            and compatible(s.mention, rm) and _told_alike(s.mention, rm)) or (
            None in (s.mention["unit"], rm["unit"]) and rm["event"] and s.mention["event"] == rm["event"]))
            and agree(rm["event"], s.mention["event"])]
        links = aligned.get(r.sentence, set())
        # «12 طفلاً» against «12 شخصاً بينهم 5 أطفال»: the children are the 5, whatever the 12
        by_value = not any(c.mention["unit"] == rm["unit"] and c.mention.get("among") for c in candidates)
        best = max(candidates, key=lambda s, rm=rm, links=links, by_value=by_value: _rank(
            s, rm, links, by_value)) if candidates else None
        if best is None or not compatible(best.mention, rm):
            swapped = _other_side(rm, sources, links)
            if swapped is not None:
                results.append({"report": rm, "source": swapped.mention, "source_index": swapped.source,
                                "verdict": "consistent", "actor_mismatch": {
                                    "report": _side_party(rm), "source": _side_party(swapped.mention)}})
                continue
        if best is None:
            results.append({"report": rm, "source": None, "source_index": None, "verdict": "unmatched"})
            continue
        result = {"report": rm, "source": best.mention, "source_index": best.source,
                  "verdict": "consistent" if compatible(best.mention, rm) else "conflict"}
        mismatch = _other_actor(rm, best.mention) if _of_parties(rm["unit"]) else None
        # Claim actors are the nearest party, which is often the issuer or a country: only a
        # swap is reported, where the source gives a figure of this unit to the report's party
        # and this one to another, or names the report's party in the very sentence that gives
        # the figure to the other («قصفت قوات النظام مواقع للهيئة، ما أدى إلى مقتل 7 من عناصر
        # الهيئة» reported as 7 of the regime's).
        told_apart = mismatch and any(same_side(a, mismatch["report"]["id"])
                                      for a in (named or {}).get((best.source, best.sentence), ()))
        if mismatch and (told_apart or any(s.source == best.source and s.mention["unit"] == rm["unit"]
                                           and _same_actor(s.mention, rm) for s in sources)):
            result["actor_mismatch"] = mismatch
        elif parties and compatible(best.mention, rm) and _of_parties(rm["unit"]):
            swapped = _swapped(parties.get(id(rm), (None, None)), parties.get(id(best.mention), (None, None)))
            if swapped:
                result["actor_mismatch"] = swapped
        results.append(result)
    return results


@dataclass(frozen=True)
class Party:
    """Whom a figure counts or who acted: an actor (``actor``), or the enemy of one («6 من
    الإرهابيين» in a statement of ``actor``: ``enemy_of``), with the words that say so."""

    actor: str
    text: str
    enemy_of: bool = False

    def as_dict(self) -> dict[str, Any]:
        known = not (self.enemy_of or self.actor.startswith(LOCAL))
        return {"id": self.actor if known else None, "text": self.text,
                **({"enemy_of": self.actor} if self.enemy_of else {})}


LOCAL = "local:"  # the actor of a Party that is a local unit riwaya knows only by the text's words


def _comparable(a: Party, b: Party) -> bool:
    """Whether riwaya can tell if two parties are one side: a local unit only from another."""
    return a.actor.startswith(LOCAL) == b.actor.startswith(LOCAL)


def _one_side(a: Party, b: Party) -> bool:
    from riwaya.extract.actors import same_side

    if a.actor.startswith(LOCAL) or b.actor.startswith(LOCAL):
        return a.actor == b.actor
    together = same_side(a.actor, b.actor)
    return together if a.enemy_of == b.enemy_of else not together


def figure_parties(text: str, m: dict[str, Any], issuer: str | None) -> tuple[Party | None, Party | None]:
    """(the party a figure counts, the party that acted) from its frame, and in a party's own
    statement (``issuer``) from how it speaks: «2 من مقاتلينا» counts the issuer's own, «6 من
    الإرهابيين المهاجمين» its enemy's, «تمكن مقاتلونا من … قتل» says the issuer acted."""
    from riwaya.lexicon import figure_frames

    lex = figure_frames()
    frame = (m.get("claim") or {}).get("frame") or {}
    about = agent = None
    said = _party_of(frame, "about")
    unit_text = normalize_str(m.get("unit_text") or "")
    following = [normalize_str(bare_word(w)) for w in text[m["end"]:m["end"] + 60].split()[:4]]
    # «11 قتيلاً في صفوف المرتزقة»: the counted noun's party after a marker of whose they are
    marker = next((n for n in (2, 1) if tuple(following[:n]) in lex.about_markers), 0)
    following = following[marker:marker + 2] if marker else following[:2]
    if issuer and unit_text.endswith("نا"):
        about = Party(issuer, m.get("unit_text") or "")
    elif said.get("value"):
        about = Party(said["value"], said.get("text") or "")
    elif issuer and (words := [w for w in [unit_text, *following] if w in lex.enemy_nouns]):
        about = Party(issuer, words[0], enemy_of=True)
    elif issuer and (unit_text in lex.own_dead or any(
            normalize_str(bare_word(w)) in lex.own_dead
            for w in text[max(0, m["start"] - 30):m["start"]].split()[-2:])):
        # «6 شهداء», «استشهاد اثنين من مقاتلي الفوج» in a party's statement: its own
        about = Party(issuer, m.get("unit_text") or "")
    acted = _party_of(frame, "agent")
    if acted.get("value"):
        agent = Party(acted["value"], acted.get("text") or "")
    elif issuer:
        start = max(text.rfind(c, 0, m["start"]) for c in ".!؟?\n")
        own = [w for w in normalize_str(text[start + 1:m["start"]]).split() if w in lex.own_forces]
        if own:
            agent = Party(issuer, own[-1])
    if about is None and agent is not None and agent.actor == issuer and _side(m.get("unit")) == "fighters" \
            and m.get("event") in ("killed", "wounded", "detained") and unit_text not in lex.others:
        # «كبدت قواتنا الميليشيا خسائر، حيث قتلت 56 من عناصرها»: the issuer killed its enemy's
        # (not «7 آخرين», who are the figure before's: «استشهاد 4 من أبطال قواتنا وإصابة 7 آخرين»)
        about = Party(issuer, m.get("unit_text") or "", enemy_of=True)
    return about, agent


def _local_head(word: str, definite: bool) -> str | None:
    """The local-unit noun a word is («كتيبة», «لكتيبة»; with ``definite`` «الكتيبة», «للكتيبة»)."""
    from riwaya.lexicon import figure_frames

    units = figure_frames().local_units
    for bare in (word, word[1:]) if word[:1] in clitics().conjunctions else (word,):
        if definite and bare.startswith("ال") and bare[2:] in units:
            return bare[2:]
        if definite and word[:1] == "ل" and bare.startswith("ل") and bare[1:] in units:
            return bare[1:]  # «للكتيبة»
        if not definite and bare in units:
            return bare
    return None


def _words(text: str) -> list[tuple[int, str]]:
    return [(w.start(), normalize_str(bare_word(w.group()))) for w in re.finditer(r"\S+", text)]


def local_units(text: str) -> list[tuple[int, str, str]]:
    """Every local unit the text names (offset, noun, unit): «كتيبة شهداء الساحل» is the unit
    «كتيبه شهداء», the noun (lexicon/frames.yaml local_units) and the first word of its name, which
    two texts write alike however they go on."""
    from riwaya.text.terms import stopwords

    words = _words(text)
    named = []
    for (at, word), (_, name) in itertools.pairwise([*words, (len(text), "")]):
        noun = _local_head(word, definite=False)
        if noun and name and name not in stopwords() and not text[at:at + 40].split(maxsplit=1)[0].endswith(
                tuple("،.:؛")):
            named.append((at, noun, f"{noun} {name.removeprefix('ال')}"))
        elif group := _party_noun(word):
            named.append((at, group, group))  # «المهربون»: a group named by what it does
    return named


def _party_noun(word: str) -> str | None:
    """The group a definite plural names by what its people do («المهربون», «للمستوطنين»;
    lexicon/frames.yaml party_nouns), as the noun's stem."""
    from riwaya.lexicon import figure_frames

    for bare in (word, word[1:]) if word[:1] in clitics().conjunctions else (word,):
        bare = "ال" + bare[1:] if bare.startswith("لل") else bare
        stem = bare[2:-2]
        if bare.startswith("ال") and bare.endswith(("ين", "ون")) and stem in figure_frames().party_nouns:
            return "noun:" + stem
    return None


def _unit_words(text: str, at: int, n: int) -> str:
    """The unit's words as written from ``at``: its noun, and the first word of its name."""
    return bare_word(" ".join(text[at:at + 120].split()[:n]))


def local_parties(text: str, mentions: list[dict[str, Any]]) -> dict[int, tuple[Party | None, Party | None]]:
    """(the local unit each figure counts, the local unit that acted), by ``id``, where the text
    names units riwaya cannot know: «مقتل 5 من مسلحي الكتيبة» after «مقراً لكتيبة شهداء
    الساحل» counts the men of «كتيبة شهداء»; in «فيما أطلقت كتيبة الصمود سراح 9 محتجزين» the
    unit that begins the figure's clause acted. («وإصابة 12 آخرين» take theirs afterwards, as
    every figure of «آخرين» does: check's ``_others_take_their_party``.)"""
    from riwaya.lexicon import figure_frames

    lex = figure_frames()
    words = _words(text)
    starts = [at for at, _ in words]
    named = local_units(text)
    found: dict[int, tuple[Party | None, Party | None]] = {}
    for m in mentions:
        unit = said = None
        # the words after the number, inside the figure's span («اثنين من المهربين») and past it
        number_end = m.get("number_end") or m["end"]
        first = bisect.bisect_left(starts, number_end)
        after = words[first:bisect.bisect_left(starts, m["end"]) + 3]
        kind = _unit(m.get("unit"))
        people = kind is not None and kind.category == "people"
        previous = ""
        for at, word in after:
            if any(c in text[number_end:at] for c in "،.؛:\n"):
                break
            if (group := _party_noun(word)) and people and previous in ("", "من"):  # «اثنين من المهربين»
                unit = group
            elif noun := _local_head(word, definite=True):  # «5 من عناصر السرية»: the one named last
                unit = next((u for a, n, u in reversed(named) if n == noun and a < m["start"]), None)
            elif _local_head(word, definite=False):  # «من عناصر كتيبة شهداء الساحل»
                unit = next((u for a, _, u in named if a == at), None)
            else:
                previous = word
                continue
            said = _unit_words(text, at, 1 if word.removeprefix("و").startswith(("ال", "لل")) else 2)
            break
        # the clause the figure is in: after the last mark or clause break before it
        clause = max(text.rfind(c, 0, m["start"]) for c in "،.؛:\n")
        within = words[bisect.bisect_right(starts, clause):bisect.bisect_left(starts, m["start"])]
        clause = max([clause, *(at for at, w in within
                                if lex.phrases.get((w.removeprefix("و"),), ("",))[0] == "break")])
        acted = next(((at, u) for at, _, u in named if clause < at < m["start"]
                      and text[at] not in "لب" and (people or not u.startswith("noun:"))), None)
        if unit or acted:
            found[id(m)] = (Party(LOCAL + unit, said or "") if unit else None,
                            Party(LOCAL + acted[1],
                                  _unit_words(text, acted[0], 1 if acted[1].startswith("noun:") else 2))
                            if acted else None)
    return found


def _swapped(ours: tuple[Party | None, Party | None],
             theirs: tuple[Party | None, Party | None]) -> dict[str, Any] | None:
    """The two parties when the report gives a figure to the side the source does not: their
    counted belong to opposite sides, or the report's actor is the side the source's counted
    belong to (the report says ISIS killed 6 where the source counts 6 of ISIS's dead). Nothing
    is inferred where the source does not say whose the counted are."""
    (our_about, our_agent), (their_about, their_agent) = ours, theirs

    def apart(a: Party | None, b: Party | None) -> bool:
        return a is not None and b is not None and _comparable(a, b) and not _one_side(a, b)

    def together(a: Party | None, b: Party | None) -> bool:
        return a is not None and b is not None and _comparable(a, b) and _one_side(a, b)

    if apart(our_about, their_about):
        return {"report": our_about.as_dict(), "source": their_about.as_dict()}  # type: ignore[union-attr]
    if together(our_agent, their_about) and not together(our_about, their_about):
        return {"report": our_agent.as_dict(), "source": their_about.as_dict()}  # type: ignore[union-attr]
    if our_about and our_about.actor.startswith(LOCAL) and together(our_about, their_agent) \
            and not together(our_about, their_about):
        # «أصابت الدورية اثنين من المهربين» where the source's smugglers wounded two of the patrol
        return {"report": our_about.as_dict(), "source": their_agent.as_dict()}  # type: ignore[union-attr]
    if our_agent and their_agent and our_agent.actor.startswith(LOCAL) and apart(our_agent, their_agent):
        # «أطلقت كتيبة الصمود سراح 9» where the source's other unit freed them: two local units
        # both texts name, so the report's is no other name of the source's
        return {"report": our_agent.as_dict(), "source": their_agent.as_dict()}
    return None


def _unit(unit: str | None) -> Unit | None:
    """A figure's unit as units.yaml describes it, or None."""
    from riwaya.lexicon import units

    return units().units.get(unit or "")


def _side(unit: str | None) -> str | None:
    found = _unit(unit)
    return found.side if found else None


def _other_side(rm: dict[str, Any], sources: list[Located], links: set[tuple[int, int]]) -> Located | None:
    """The source figure this one was taken from and given to the other side: in a source
    sentence the report sentence is aligned to, the same exact number of the other side's armed
    men with an event that agrees («قتل 22 من عناصر الميليشيات» reported as «قتلوا 22 جندياً»),
    when no figure of the report's own unit agrees with it."""
    side = _figure_side(rm)
    if side is None or rm["qualifier"] != "exact" or rm["value"] is None:
        return None
    agree = event_lexicon().agree
    found = [s for s in sources if (s.source, s.sentence) in links
             and _figure_side(s.mention) not in (None, side)
             and s.mention["qualifier"] == "exact" and s.mention["value"] == rm["value"]
             and agree(rm["event"], s.mention["event"])]
    return found[0] if len(found) == 1 else None


def _armed_alike(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Two figures of armed men of one side by different nouns: «أربعة جنود» and «أربعة من
    أبطال الجيش» both count the army's."""
    return a["unit"] != b["unit"] and _figure_side(a) in ("forces", "fighters") and \
        _figure_side(a) == _figure_side(b) and _side(a["unit"]) is not None and _side(b["unit"]) is not None


def _party_of(frame: dict[str, Any], slot: str) -> dict[str, Any]:
    """The frame's party in ``slot`` (about, agent), unless it is only «the speaker's own» («من
    أسرانا», «قواتنا»: ``own:…``) or its enemy («المرتزقة»: ``enemy:…``): check knows the issuer
    itself and reads such words on its own."""
    from riwaya.extract.figure_frames import is_enemy, is_own

    party = frame.get(slot) or {}
    return {} if is_own(party.get("value")) or is_enemy(party.get("value")) else party


def _figure_side(m: dict[str, Any]) -> str | None:
    """Whose armed men a figure counts, by its noun (units.yaml), unless the party it is about
    says otherwise: «أربعة من أبطال الجيش» are a state's forces whatever «أبطال» would be."""
    from riwaya.extract.actors import of_state

    side = _side(m["unit"])
    about = _party_of((m.get("claim") or {}).get("frame") or {}, "about")
    if side in ("forces", "fighters") and about.get("value"):
        return "forces" if of_state(about["value"]) else "fighters"
    return side


def _side_party(m: dict[str, Any]) -> dict[str, Any]:
    """The party a figure counts, as a swap names it: its own actor, else its counted noun."""
    actor = _claim_actor(m)
    if actor:
        return actor
    return {"id": None, "text": m.get("unit_text") or m["text"], "side": _side(m["unit"])}


def _of_parties(unit: str | None) -> bool:
    """Whether a figure of this unit belongs to a party (fighters, tanks), not a span of time, a
    distance, a share or a sum: only those can be given to the wrong one."""
    found = _unit(unit)
    return found is None or found.category not in ("time", "distance", "area", "percent", "money")


def _claim_actor(m: dict[str, Any]) -> dict[str, Any] | None:
    """The party a figure concerns: the one its frame says it counts («34 عنصراً من قوات
    النظام»), else the claim's nearest actor unless that is an observer (a monitor or an outlet
    reports the figure; it is no party to it: «رصد المرصد السوري مقتل عشرات العناصر»)."""
    from riwaya.extract.actors import lexicon

    claim = m.get("claim") or {}
    about = _party_of(claim.get("frame") or {}, "about")
    if about.get("value"):
        return {"id": about["value"], "text": about.get("text") or "", "start": about.get("start"),
                "end": about.get("end")}
    if about:
        return None  # a person's men («واثنين من معاونيه»): no party riwaya knows
    actor = claim.get("actor")
    known = lexicon().actors.get(actor["id"]) if actor else None
    return None if known is not None and known.type in _NO_PARTY else actor


# A monitor or an outlet reports a figure; a country nearest to it is mostly where it happened
# («تحييد تسعة مسلحين … شمال شرقي سوريا»), its army or government being named when they act.
_NO_PARTY = frozenset({"monitor", "media", "state"})


def _other_actor(report: dict[str, Any], source: dict[str, Any]) -> dict[str, Any] | None:
    """The two parties when the source gives this figure to another than the report does
    («أفرجت جماعة أنصار الله عن 120» reported as «الحكومة أفرجت عن 120»); None when they are
    the same side or either is unknown."""
    from riwaya.extract.actors import same_side

    ours, theirs = _claim_actor(report), _claim_actor(source)
    if not ours or not theirs or same_side(ours["id"], theirs["id"]):
        return None
    return {"report": ours, "source": theirs}


def _related(a: str | None, b: str | None) -> bool:
    from riwaya.lexicon import broader_units, one_kind_of_unit, units

    if a is None or b is None:
        return False
    if one_kind_of_unit(a, b):
        return True
    # kinds of a unit whose kinds are told one for another («3 صواريخ» for «3 قذائف»)
    parents = set(broader_units(a)[1:]) & set(broader_units(b)[1:])
    return any(units().units[p].interchangeable for p in parents if p in units().units)


def _bodies_of(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether one figure counts the bodies of the people the other counts killed («3 جثامين»
    and «ثلاثة أشخاص» killed: units.yaml ``dead_of``)."""
    from riwaya.lexicon import broader_units, units

    for x, y in ((a, b), (b, a)):
        found = units().units.get(x["unit"] or "")
        if found is not None and found.dead_of and y["unit"] and y["event"] == "killed" \
                and found.dead_of in broader_units(y["unit"]):
            return True
    return False


def _anchor(m: dict[str, Any]) -> float:
    low, high = value_range(m)
    return low if low != float("-inf") else high


def _same_actor(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two quantities' claims concern the same party (tanks of the same group)."""
    from riwaya.extract.actors import same_side

    actor_a, actor_b = _claim_actor(a), _claim_actor(b)
    return bool(actor_a and actor_b and same_side(actor_a["id"], actor_b["id"]))


def _rank(s: Located, rm: dict[str, Any], links: set[tuple[int, int]],
          by_value: bool = True) -> tuple[bool, bool, bool, bool, bool, bool, bool, bool, bool, float]:
    """Prefer a source figure that is not a tenfold off (``_far_off``), then one in an aligned
    sentence, then the very same value (a figure given
    to the other party keeps its number; «11 من مقاتلي قسد» is the source's «11 قتيلاً», not its
    «3 من مقاتلينا») unless the source counts the report's unit as a part (``by_value`` False),
    then the same unit, then the same event, then the same actor, then a value that agrees, then
    a whole for a whole and a part for a part («عشرات المقاتلين» is the «37 عنصراً», not its
    «15»), then one with a bound («عدد من», two or more, is no figure to set beside another),
    then the closest value."""
    bounded = s.mention["high"] is not None or s.mention["value"] is not None
    alike = bool(s.mention.get("among")) == bool(rm.get("among"))
    return (not _far_off(s.mention, rm), (s.source, s.sentence) in links,
            by_value and _same_value(s.mention, rm), s.mention["unit"] == rm["unit"],
            s.mention["event"] == rm["event"], _same_actor(s.mention, rm),
            compatible(s.mention, rm), alike, bounded, -abs(_anchor(s.mention) - _anchor(rm)))


# A source figure this many times off the report's is another figure, not the same one misreported:
# «نحو 17 ألف شخص» is the «17,250 شخصاً» of the sentence before, not the aligned sentence's «420 شخصاً».
FAR_OFF = 10


def _far_off(a: dict[str, Any], b: dict[str, Any]) -> bool:
    x, y = _anchor(a), _anchor(b)
    small, large = sorted((x, y))
    return small > 0 and large / small >= FAR_OFF and not compatible(a, b)


def _told_alike(source: dict[str, Any], report: dict[str, Any]) -> bool:
    """Whether a source figure of another unit may be the report's: not a vague amount that says
    nothing of what happened, against a figure that does («62 قتيلاً» is not the «عشرات
    الأطفال» who arrived in a camp because 62 lies among dozens)."""
    return not (source.get("event") is None and report.get("event") is not None
                and source.get("value") is None)


def _same_value(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return a["value"] is not None and a["value"] == b["value"] and a["qualifier"] == b["qualifier"]


def _day(m: dict[str, Any]) -> dt.date | None:
    if m.get("precision") == "day" and m.get("gregorian"):
        return dt.date.fromisoformat(m["gregorian"])
    return None


def match_dates(report: list[Located], sources: list[Located],
                aligned: dict[int, set[tuple[int, int]]],
                issued: set[tuple[int, int]] = frozenset()) -> list[dict[str, Any]]:  # type: ignore[assignment]
    """Report dates against source dates: consistent (same day; ±1 across calendars, for moon
    sighting), conflict, unmatched, or unresolved (a relative date with no reference date).
    ``issued``: the (source, sentence) pairs of the sources' headers, which date the statement."""
    results = []
    for r in report:
        rm = r.mention
        if rm["value"] is None and rm.get("month") is None:
            results.append(_by_weekday(r, sources, aligned.get(r.sentence, set()), issued))
            continue
        candidates = [s for s in sources if s.mention["value"] is not None
                      and s.mention["precision"] == rm["precision"]]
        if not candidates:
            results.append({"report": rm, "source": None, "source_index": None, "verdict": "unmatched"})
            continue
        links = aligned.get(r.sentence, set())
        # the linked sentence's, the same day, else the nearest («يوم الجمعة 29 نوفمبر» against
        # «يوم السبت الماضي» of the 30th, not the statement's date, the 2nd)
        best = max(candidates, key=lambda s, rm=rm, links=links: (
            (s.source, s.sentence) in links, _same_date(rm, s.mention), -_distance(rm, s.mention)))
        verdict = "consistent" if _same_date(rm, best.mention) else "conflict"
        results.append({"report": rm, "source": best.mention, "source_index": best.source,
                        "verdict": verdict})
    return results


@compiled
def _today_words() -> frozenset[str]:
    """«اليوم»: the words of the day a text is told on (calendar.yaml relative_days 0), normalized."""
    return frozenset(normalize_str(str(w)) for w in calendar()["relative_days"][0])


def weekday(m: dict[str, Any]) -> int | None:
    """The day of the week a date names or falls on (Monday is 0)."""
    if m.get("weekday") is not None:
        return m["weekday"]
    if m.get("gregorian") and m["precision"] == "day":
        return dt.date.fromisoformat(m["gregorian"]).weekday()
    return None


def _by_weekday(r: Located, sources: list[Located], links: set[tuple[int, int]],
                issued: set[tuple[int, int]]) -> dict[str, Any]:
    """A report date that names only its weekday («الخميس», «اليوم السبت»), with no date to
    count from: consistent with a source date of that weekday; in conflict with the date of a
    source sentence the report sentence is aligned to that falls on another («يوم السبت» for
    «يوم الأحد 13 نيسان»); else unresolved."""
    rm = r.mention
    day = weekday(rm)
    result = {"report": rm, "source": None, "source_index": None, "verdict": "unresolved"}
    if day is None and rm.get("offset") is not None:
        # «أمس» beside the statement's «أمس الخميس»: the day before the day each was told, which
        # is one day when the report tells the statement the day it is issued
        same = [s for s in sources if s.mention.get("offset") == rm["offset"]]
        best = next((s for s in same if (s.source, s.sentence) in links), None) or (same[0] if same else None)
        if best is not None:
            return {**result, "source": best.mention, "source_index": best.source, "verdict": "consistent"}
    if day is None:
        return result
    known = [s for s in sources if weekday(s.mention) is not None]
    same = [s for s in known if weekday(s.mention) == day]
    linked = [s for s in known if (s.source, s.sentence) in links]
    # «في بيان اليوم السبت»: the report's today is the day the statement is dated
    today = any(w in normalize_str(rm["text"]) for w in _today_words())
    best = next((s for s in same if today and (s.source, s.sentence) in issued), None) or next(
        (s for s in same if s in linked), None) or (same[0] if same else None)
    if best is not None:
        return {**result, "source": best.mention, "source_index": best.source, "verdict": "consistent"}
    if len(linked) == 1:
        return {**result, "source": linked[0].mention, "source_index": linked[0].source,
                "verdict": "conflict"}
    told = [s for s in known if (s.source, s.sentence) not in issued]
    if links and not linked and len(told) == 1 and not today:
        # «الهجوم الذي وقع يوم الأربعاء» where the statement dates its one event «مساء الثلاثاء
        # الماضي» in a sentence the report's does not draw on: the one day the source gives (a
        # report sentence the source does not support at all may tell of another day)
        return {**result, "source": told[0].mention, "source_index": told[0].source, "verdict": "conflict"}
    return result


def _distance(a: dict[str, Any], b: dict[str, Any]) -> int:
    """Days between two dates (0 when either lacks a day: no nearer one to prefer)."""
    da, db = _day(a), _day(b)
    return abs((da - db).days) if da and db else 0


def _same_date(a: dict[str, Any], b: dict[str, Any]) -> bool:
    da, db = _day(a), _day(b)
    if da and db:
        slack = 1 if a["calendar"] != b["calendar"] else 0
        return abs((da - db).days) <= slack
    if a.get("value") is None or b.get("value") is None:
        # A date written without its year: compare month and day.
        return (a.get("month"), a.get("day")) == (b.get("month"), b.get("day")) and a.get("month") is not None
    return a["gregorian"] == b["gregorian"]
