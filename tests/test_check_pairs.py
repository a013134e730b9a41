"""Every report/source pair in tests/data/check_pairs.yaml (written for riwaya) gets its known
answer, except the gaps listed below — each with its reason, each failing this test the day it
is fixed so that the list stays true."""

import pytest

from tests.check_pairs import load_pairs, problems, run_pair

PAIRS = load_pairs()

# (pair name, the start of the problem line): why riwaya cannot get it yet.
KNOWN_GAPS = {
    ("swapped_actor_yemen_detainee_release", "sentence 'الحكومة اليمنية أفرجت عن 120 م'"):
        "the source names the government elsewhere (releasing others): telling who did what to "
        "whom needs semantic roles, not just actor identity",
    # A paraphrase sharing 2–4 of 15 words with its source is not told apart from an invented
    # quotation on the same topic by shared words, root-like keys, or the multilingual USE
    # encoder (paraphrases 0.34–0.61, inventions 0.38–0.53 cosine): graded not_found, with the
    # closest passage given for review.
    ("paraphrase_in_quotes_iraq_tarmiyah_bombing", "quote 'مثل هذه الهجمات الإرهابية الخسيسة'"):
        "low-overlap paraphrase",
    ("paraphrase_in_quotes_iraq_tarmiyah_bombing", "sentence 'وأكدت الوزارة أن'"): "low-overlap paraphrase",
    ("paraphrase_in_quotes_unrwa_jenin_schools", "quote 'تلاميذ المخيم لا يشعرون بالأمان'"):
        "low-overlap paraphrase",
    ("paraphrase_in_quotes_unrwa_jenin_schools", "sentence 'وقال مدير شؤون الوكالة'"): "low-overlap paraphrase",
    ("paraphrase_in_quotes_sdf_shaddadi_prison", "quote 'ما حصل دليل واضح'"): "low-overlap paraphrase",
    ("paraphrase_in_quotes_sdf_shaddadi_prison", "sentence 'واعتبر البيان أن'"): "low-overlap paraphrase",
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
