"""Every report/source pair in tests/data/check_pairs.yaml (written for riwaya) gets its known
answer, except the gaps listed below — each with its reason, each failing this test the day it
is fixed so that the list stays true."""

import pytest

from tests.check_pairs import load_pairs, problems, run_pair

PAIRS = load_pairs()

# (pair name, the start of the problem line): why riwaya cannot get it yet.
KNOWN_GAPS: dict[tuple[str, str], str] = {
    # The statement asserts in its own voice («إن هذا الاعتداء الإرهابي محاولة يائسة…», no
    # reporting verb); the report frames its paraphrase «واعتبر البيان أن». Taking every frameless
    # statement sentence as the issuer asserting found this one and turned two invented
    # quotations into paraphrases, so it is not done.
    ("heldout_paraphrase_in_quotes_erbil_airport_drones", "quote 'ما جرى عمل إجرامي بائس'"):
        "paraphrase of a sentence with no reporting verb",
    ("heldout_paraphrase_in_quotes_erbil_airport_drones", "sentence 'واعتبر البيان أن'"):
        "paraphrase of a sentence with no reporting verb",
}


def test_there_are_enough_pairs_of_every_kind():
    assert len(PAIRS) >= 15
    kinds = {p["kind"] for p in PAIRS}
    assert {"faithful", "fabricated_quote", "changed_number", "swapped_actor", "paraphrase_in_quotes",
            "two_sources"} <= kinds


@pytest.mark.parametrize("pair", PAIRS, ids=[p["name"] for p in PAIRS])
def test_pair_gets_its_known_answer(pair):
    found = problems(pair, run_pair(pair))
    gaps = [prefix for name, prefix in KNOWN_GAPS if name == pair["name"]]
    unexpected = [p for p in found if not any(p.startswith(g) for g in gaps)]
    assert not unexpected, "\n".join(unexpected)
    fixed = [g for g in gaps if not any(p.startswith(g) for p in found)]
    assert not fixed, f"now right, remove from KNOWN_GAPS: {fixed}"
