"""Property tests over every parser that takes untrusted input (issue 16): text of news words,
numbers, dates, marks, bidi controls and any character; files of every kind riwaya reads, whole,
cut short and damaged. The targets and their properties are in tests/fuzz_targets.py, which
`make fuzz` runs under atheris for longer.

RIWAYA_FUZZ_SCALE=N runs N times the examples (the normal run stays under a minute).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from tests import fuzz_targets as targets

SCALE = max(1, int(os.environ.get("RIWAYA_FUZZ_SCALE", "1")))


def fuzz_settings(examples: int) -> settings:
    return settings(max_examples=examples * SCALE, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# -- strategies --------------------------------------------------------------------------------------

_word = st.tuples(st.sampled_from(targets.WORDS), st.sampled_from((" ", " ", " ", "", "\n", "، ", ". ", "\n\n"))
                  ).map("".join)
_number = st.one_of(st.sampled_from(targets.NUMBERS),
                    st.text(alphabet="0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹,.٫٬/-", min_size=1, max_size=40)
                    ).map(lambda n: n + " ")
_date = st.sampled_from(targets.DATES).map(lambda d: d + " ")
_special = st.sampled_from(targets.SPECIALS)
_any_char = st.characters(exclude_categories=("Cs",))  # a decoded str holds no lone surrogate
_long_token = st.builds(lambda char, n: char * n, st.sampled_from(("ا", "1", "٣", "ـ", "\u064e", "x", ".", "«", " ")),
                        st.integers(50, 3000))

news_text = st.lists(st.one_of(_word, _word, _word, _number, _date, _special, _any_char, _long_token),
                     max_size=80).map("".join)
short_news_text = st.lists(st.one_of(_word, _word, _word, _number, _date, _special, _any_char),
                           max_size=60).map("".join)
ref_dates = st.one_of(st.none(), st.sampled_from([d for d in targets.REF_DATES if d]), st.dates())


# -- text core ---------------------------------------------------------------------------------------

@fuzz_settings(300)
@given(news_text)
def test_normalizing_keeps_the_map_to_the_original(text: str) -> None:
    targets.target_normalize(text)


@fuzz_settings(300)
@given(news_text)
def test_paragraphs_sentences_and_tokens_are_spans_of_the_original(text: str) -> None:
    targets.target_segment(text)


@fuzz_settings(300)
@given(news_text)
def test_numbers_read_from_any_tokens(text: str) -> None:
    targets.target_numbers(text)


@fuzz_settings(300)
@given(news_text, ref_dates)
@example("أمس", dt.date(1, 1, 1))
@example("الأحد الماضي", dt.date(1, 1, 1))
@example("غداً", dt.date(9999, 12, 31))
@example("حزيران المقبل", dt.date(9999, 12, 31))
@example("آذار الماضي", dt.date(1, 1, 31))
@example("13 نيسان", dt.date(1, 1, 1))
@example("5 رمضان", dt.date(9999, 12, 31))
def test_dates_are_spans_of_the_original_whatever_the_reference_date(text: str, ref_date: dt.date | None) -> None:
    targets.target_dates(text, ref_date)


# -- extraction and checking -------------------------------------------------------------------------

@fuzz_settings(150)
@given(news_text, ref_dates, st.one_of(st.none(), st.integers(20, 2000)))
def test_every_mention_is_a_span_of_the_original(text: str, ref_date: dt.date | None,
                                                 chunk_size: int | None) -> None:
    targets.target_extract(text, ref_date, chunk_size)


@fuzz_settings(25)
@given(short_news_text, ref_dates)
def test_extraction_is_deterministic(text: str, ref_date: dt.date | None) -> None:
    targets.target_extract(text, ref_date, twice=True)


@fuzz_settings(60)
@given(short_news_text, st.lists(short_news_text, min_size=1, max_size=2), ref_dates)
def test_checking_against_sources_gives_spans_of_each_document(report: str, sources: list[str],
                                                               ref_date: dt.date | None) -> None:
    targets.target_check(report, sources, ref_date)


_statement = st.lists(st.one_of(_word, _number, _date, st.sampled_from((
    "\nبسم الله الرحمن الرحيم\n", "\nالمكتب الإعلامي\n", "\nبيان رقم 47\n", "\nوفيما يلي نص البيان:\n",
    "\nالموافق 1440/07/05 هـ\n", "\nهيئة الدفاع المدني\n"))), max_size=60).map("".join)


@fuzz_settings(60)
@given(short_news_text, _statement, ref_dates)
def test_checking_a_report_with_its_source_embedded(report: str, statement: str,
                                                    ref_date: dt.date | None) -> None:
    targets.target_check(report + statement, None, ref_date)


@fuzz_settings(10)
@given(short_news_text, _statement, ref_dates)
def test_checking_is_deterministic(report: str, statement: str, ref_date: dt.date | None) -> None:
    targets.target_check(report + statement, None, ref_date, twice=True)


# -- readers -----------------------------------------------------------------------------------------

_encodings = st.sampled_from(("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1256", "iso-8859-6",
                              "latin-1"))


@fuzz_settings(200)
@given(st.one_of(st.binary(max_size=3000),
                 st.builds(lambda text, encoding: text.encode(encoding, errors="replace"), news_text, _encodings)))
def test_decoding_any_bytes_gives_text_or_a_riwaya_error(data: bytes) -> None:
    targets.target_decode(data)


@fuzz_settings(200)
@given(news_text)
@example("\u202a" + " " * 2000 + "قال")  # found by atheris: 24 s of backtracking, 30 µs since
def test_pdf_text_repair_leaves_no_embedding_mark(text: str) -> None:
    targets.target_clean_pdf_text(text)


_damage = st.one_of(st.none(), st.tuples(st.one_of(st.none(), st.integers(0, 999)),
                                         st.lists(st.tuples(st.integers(0, 2**20), st.integers(0, 255)),
                                                  max_size=6)))


def _damaged(data: bytes, how: tuple[int | None, list[tuple[int, int]]] | None) -> bytes:
    return data if how is None else targets.damage(data, *how)


_json_scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), short_news_text,
                         # a JSON escape may spell a lone surrogate
                         st.text(alphabet=st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF) | _any_char,
                                 max_size=10))
_json_value = st.recursive(_json_scalar, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.sampled_from(targets.RECORD_KEYS), inner, max_size=4), max_leaves=12)
_record = st.one_of(_json_value, st.dictionaries(st.sampled_from(targets.RECORD_KEYS),
                                                 st.one_of(short_news_text, _json_value), min_size=1, max_size=5))


@fuzz_settings(150)
@given(st.lists(_record, max_size=5), st.sampled_from((".json", ".jsonl", ".ndjson", ".jsonl.gz")), _damage)
def test_records_files_give_documents_or_reasons(records: list, suffix: str, how) -> None:
    data = targets.records_bytes(records, suffix == ".json", suffix.endswith(".gz"))
    targets.target_read_file(_damaged(data, how), suffix)


_html = st.builds(targets.html_bytes, short_news_text, st.lists(news_text, max_size=5),
                  st.sampled_from(("utf-8", "cp1256", "utf-16", "latin-1")), st.booleans())


@fuzz_settings(60)
@given(_html, _damage)
def test_html_pages_give_a_document_or_a_reason(page: bytes, how) -> None:
    targets.target_read_file(_damaged(page, how), ".html")


@fuzz_settings(60)
@given(st.lists(st.tuples(st.sampled_from(("", "http://a.invalid/x")),
                          st.sampled_from(("text/html; charset=utf-8", "text/plain", "")), _html), max_size=3),
       st.booleans(), _damage)
def test_warc_archives_give_documents_or_reasons(pages: list, gzipped: bool, how) -> None:
    targets.target_read_file(_damaged(targets.warc_bytes(pages, gzipped), how), ".warc.gz" if gzipped else ".warc")


_member_name = st.tuples(st.sampled_from(("a", "dir/b", "__MACOSX/c", ".d", "ملف", "")),
                         st.sampled_from((".json", ".jsonl", ".html", ".txt", ".md", ".pdf", "/"))).map("".join)
_member_data = st.one_of(st.binary(max_size=300), _html,
                         st.builds(lambda r, a: targets.records_bytes(r, a), st.lists(_record, max_size=3), st.booleans()),
                         news_text.map(lambda t: t.encode("utf-8")))


@fuzz_settings(80)
@given(st.lists(st.tuples(_member_name, _member_data), max_size=4),
       st.sampled_from((zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA)), _damage)
def test_zip_archives_give_documents_or_reasons(members: list, compression: int, how) -> None:
    targets.target_read_file(_damaged(targets.zip_bytes(members, compression), how), ".zip")


@fuzz_settings(100)
@given(st.binary(max_size=2000), st.sampled_from((*targets.FILE_SUFFIXES, ".ndjson", ".xhtml", ".md", ".tif")))
def test_any_bytes_under_any_name_give_documents_or_reasons(data: bytes, suffix: str) -> None:
    targets.target_read_file(data, suffix)


@fuzz_settings(15)
@given(st.one_of(st.binary(max_size=400).map(lambda b: b"%PDF-1.4\n" + b),
                 st.builds(targets.png_bytes, st.integers(1, 40), st.integers(1, 40), st.binary(max_size=16))),
       _damage)
def test_pdfs_and_images_give_a_document_or_a_reason(data: bytes, how) -> None:
    targets.target_read_file(_damaged(data, how), ".pdf" if data.startswith(b"%PDF") else ".png")


# -- reader failures the targets found, each an input that crashed a batch --------------------------
# Fixed in issue 16 (each is now an Unreadable, named); kept as regression tests on the input found.

def _zip_member(name: bytes = b"a.txt", method: int = zipfile.ZIP_STORED, flags: int = 0,
                data: bytes = b"qaala") -> bytes:
    """A one-member ZIP whose headers say ``method`` and ``flags`` (and name the member ``name``)."""
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        archive.writestr(zipfile.ZipInfo("a.txt", date_time=(2019, 3, 12, 0, 0, 0)), data)
    out = bytearray(stream.getvalue().replace(b"a.txt", name))
    for signature, at_flags in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = out.find(signature) + at_flags
        out[at:at + 4] = flags.to_bytes(2, "little") + method.to_bytes(2, "little")
    return bytes(out)


def _deflated_then_damaged() -> bytes:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        member = zipfile.ZipInfo("a.txt", date_time=(2019, 3, 12, 0, 0, 0))
        member.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(member, b"qaala " * 100)
    out = bytearray(stream.getvalue())
    out[out.find(b"a.txt") + 5] ^= 0xFF  # the first byte of the deflate stream
    return bytes(out)


_known = st.binary()  # never drawn: these tests run their explicit examples only


@settings(phases=[Phase.explicit], deadline=None)
@given(_known)
@example(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\x03T\xae\x05\x00C\xbf\xa6\xa3\x02\x00\x00\x00")
def test_reported_a_damaged_jsonl_gz_is_unreadable(data: bytes) -> None:
    targets.target_read_file(data, ".jsonl.gz", tolerate_known=False)


_ZIP_REASON = "reported: read_zip lets zipfile's {} out; it should be an Unreadable"


@settings(phases=[Phase.explicit], deadline=None)
@given(_known)
@example(_zip_member(method=99))
def test_reported_a_zip_member_in_an_unsupported_format_is_unreadable(data: bytes) -> None:
    targets.target_read_file(data, ".zip", tolerate_known=False)


@settings(phases=[Phase.explicit], deadline=None)
@given(_known)
@example(_zip_member(flags=0x1))
def test_reported_an_encrypted_zip_member_is_unreadable(data: bytes) -> None:
    targets.target_read_file(data, ".zip", tolerate_known=False)


@settings(phases=[Phase.explicit], deadline=None)
@given(_known)
@example(_zip_member(name=b"\xd9.txt", flags=0x800))
def test_reported_a_zip_member_name_that_is_not_utf8_is_unreadable(data: bytes) -> None:
    targets.target_read_file(data, ".zip", tolerate_known=False)


@settings(phases=[Phase.explicit], deadline=None)
@given(_known)
@example(_deflated_then_damaged())
def test_reported_a_damaged_zip_member_is_unreadable(data: bytes) -> None:
    targets.target_read_file(data, ".zip", tolerate_known=False)


def _zip_member_named_nothing() -> bytes:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        archive.writestr(zipfile.ZipInfo("", date_time=(2019, 3, 12, 0, 0, 0)), b"qaala")
    return stream.getvalue()


@settings(phases=[Phase.explicit], deadline=None)
@given(_known)
@example(_zip_member_named_nothing())
def test_reported_a_zip_member_with_no_name_is_skipped(data: bytes) -> None:
    targets.target_read_file(data, ".zip", tolerate_known=False)


@settings(phases=[Phase.explicit], deadline=None)
@given(_known)
@example(b'{"text": "\\ud800 \\u0642\\u0627\\u0644"}\n')
def test_reported_a_lone_surrogate_escape_in_json_gives_a_storable_document(data: bytes) -> None:
    targets.target_read_file(data, ".jsonl", tolerate_known=False)


@settings(phases=[Phase.explicit], deadline=None)
@given(_known)
@example(b"\x89PNG\r\n\x1a\n\x00\x00\x00\x00IHDR\x00\x00\x00\x00")
def test_reported_a_truncated_png_header_is_unreadable(data: bytes) -> None:
    targets.target_read_file(data, ".png", tolerate_known=False)


# -- the atheris entry points, on bytes from hypothesis ---------------------------------------------

@fuzz_settings(120)
@given(st.sampled_from(sorted(targets.ATHERIS_TARGETS)), st.binary(max_size=1500))
def test_the_atheris_entry_points_run_on_any_bytes(name: str, data: bytes) -> None:
    targets.ATHERIS_TARGETS[name](data)


def test_the_atheris_seeds_run() -> None:
    for name, target in targets.ATHERIS_TARGETS.items():
        for seed in targets.seed_inputs(name):
            target(seed)


# -- longer ------------------------------------------------------------------------------------------

@pytest.mark.slow
@settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(short_news_text, min_size=20, max_size=40), st.integers(0, 2**32))
def test_a_text_longer_than_a_chunk_keeps_its_offsets(pieces: list[str], seed: int) -> None:
    from riwaya.extract import CHUNK_CHARS

    text = ""
    while len(text) <= CHUNK_CHARS + 1000:
        text += pieces[seed % len(pieces)] + ("\n\n" if seed % 3 else " ")
        seed = seed * 1103515245 + 12345 & 0xFFFFFFFF
    targets.target_extract(text, dt.date(2019, 3, 12))
