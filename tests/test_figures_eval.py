"""The figure table measured on the labelled sets (benchmarks/figures_eval.py): the dev set
written blind to the code, and the hand-labelled SaudiNewsNet stories when ../shared is there.
The floors are what the rules reach today (README, «Figures across outlets»): a change that
brings back false conflicts fails here."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
import figures_eval

DATA = Path(__file__).parent / "data" / "figures"


@pytest.fixture(scope="module")
def dev():
    return figures_eval.score([figures_eval.evaluate_event(p) for p in sorted((DATA / "dev").glob("*.yaml"))])


def test_the_dev_set_is_what_the_issue_asks_for():
    import yaml

    events = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((DATA / "dev").glob("*.yaml"))]
    assert len(events) >= 8 and sum(len(e["documents"]) for e in events) >= 120
    for e in events:
        used = {f["thing"] for d in e["documents"] for f in d.get("figures") or []}
        assert used == set(e["things"])


def test_rising_tolls_from_one_source_are_never_conflicts(dev):
    assert dev["updates_flagged_conflict"] == 0


def test_conflict_precision_does_not_fall_back(dev):
    # 1 of 58 conflict rows was right before figure frames. On the first 8 events 21 of 22 are
    # right now, finding 21 of their 29 real conflicts (16 before those aboard, rescued, received,
    # bodies recovered and present fighters were read); with the two events added on 2026-12-05
    # (a rising toll told by three sources, a roundup of several incidents) 21 of 25, 21 of 34;
    # 26 of 27 and 26 of 34 once a row held one kind of incident, 26 of 26 once the speaker's own
    # people counted again were theirs (2026-12-05, fourth session); 30 of 31 and 29 of 34 once
    # numbered days took the story's dates and a party's words named its enemy (sixth session):
    # issue 11's bar, precision 0.90 and recall 0.85
    assert dev["conflict_precision"] >= 0.90
    false = round(dev["conflict_groups"] * (1 - dev["conflict_precision"]))
    assert false <= 1
    assert dev["conflict_recall"] >= 0.85


def test_groups_hold_one_thing_more_often_than_before(dev):
    assert dev["purity"] >= 0.60  # 0.26 before figure frames, 0.61 now (ten events)


@pytest.mark.skipif(not figures_eval.SAUDINEWSNET.exists(), reason="SaudiNewsNet (../shared/data) not here")
def test_the_real_labelled_stories_give_fewer_false_conflicts():
    got = figures_eval.score(figures_eval.evaluate_saudinewsnet(DATA / "saudinewsnet_labels.yaml"))
    assert got["conflict_groups"] <= 3  # 37 before figure frames, none of them right; 2 now, both right
    assert got["conflict_precision"] is not None and got["conflict_precision"] >= 0.5
    assert got["updates_flagged_conflict"] == 0


@pytest.mark.parametrize("path", sorted(DATA.glob("*/*.yaml")), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_labelled_figure_is_in_its_text_and_every_thing_is_defined(path):
    # the held-out sets are never tuned on, but their labels must stay readable
    import yaml

    event = yaml.safe_load(path.read_text(encoding="utf-8"))
    used = set()
    for doc in event["documents"]:
        for _, _, fig in figures_eval._spans(doc):  # raises when a quote is not in the text
            used.add(fig["thing"])
    assert used == set(event["things"]), sorted(used ^ set(event["things"]))
    assert all(t["status"] in ("conflict", "updated", "agree", "single") for t in event["things"].values())
