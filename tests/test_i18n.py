"""The interface in Arabic by default and in English as a switch (issue 15): the catalogs cover
every message of the code, templates, labels and help; the compiled catalog is the one the .po
says; translations keep their placeholders; and the CLI, the HTML and the web app speak the
language asked for, while JSON stays English."""

import gettext
import io
import json
import os
import re
from pathlib import Path

import pytest

babel = pytest.importorskip("babel")
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir  # noqa: E402
from babel.messages.frontend import parse_mapping_cfg  # noqa: E402
from babel.messages.mofile import write_mo  # noqa: E402
from babel.messages.pofile import read_po  # noqa: E402

from riwaya import i18n  # noqa: E402
from tests.cli import run_riwaya  # noqa: E402

ROOT = Path(__file__).parents[1]
PO = i18n.LOCALES / "ar" / "LC_MESSAGES" / "riwaya.po"
MO = PO.with_suffix(".mo")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|\{\w+(?:![rs])?\}")
EXAMPLE = ["examples/report_and_statement.txt", "--ref-date", "2019-03-12"]


def _extracted() -> set[tuple[str | None, str]]:
    """(context, message) of everything `make catalogs` would extract, read from the code now."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found = set()
    for _file, _line, message, _comments, context in extract_from_dir(
            str(i18n.LOCALES.parent), method_map, options_map, keywords=DEFAULT_KEYWORDS):
        found.add((context, message if isinstance(message, str) else message[0]))
    return found


def _catalog():
    with open(PO, "rb") as f:
        return read_po(f)


def test_every_message_of_the_code_is_translated():
    catalog = _catalog()
    missing, untranslated = [], []
    for context, message in sorted(_extracted(), key=str):
        entry = catalog.get(message, context=context)
        if entry is None:
            missing.append((context, message))
        elif entry.fuzzy or not (entry.string if isinstance(entry.string, str) else all(entry.string)):
            untranslated.append((context, message))
    assert not missing, f"run `make catalogs`: {len(missing)} new, e.g. {missing[:5]}"
    assert not untranslated, f"{len(untranslated)} not translated in {PO.name}, e.g. {untranslated[:5]}"


def test_the_compiled_catalog_is_the_po():
    compiled = io.BytesIO()
    write_mo(compiled, _catalog())
    compiled.seek(0)
    with open(MO, "rb") as f:
        shipped = gettext.GNUTranslations(f)
    assert gettext.GNUTranslations(compiled)._catalog == shipped._catalog, "run `make catalogs`"


def test_translations_keep_their_placeholders_and_speak_arabic():
    for entry in _catalog():
        if not entry.id:
            continue
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        wanted = sorted(set(PLACEHOLDER.findall(ids[-1])))
        for string in strings:
            assert sorted(set(PLACEHOLDER.findall(string))) == wanted, (entry.id, string)
            # Arabic wherever the English has words (not only placeholders or a format's name)
            words = re.search("[A-Za-z]{3}", PLACEHOLDER.sub("", ids[0]))
            assert re.search("[\u0621-\u064a]", string) or not words or ids[0] in ("JSON API", "API"), \
                (entry.id, string)


def test_a_broken_translation_would_be_caught():
    # the placeholder check reads placeholders as the code writes them
    assert PLACEHOLDER.findall("%(num)s of {option} %(value)r") == ["%(num)s", "{option}", "%(value)r"]


def test_arabic_has_six_plural_forms():
    assert _catalog().num_plurals == 6
    with i18n.speaking("ar"):
        forms = {n: i18n.ngettext("%(num)s document", "%(num)s documents", n) for n in (0, 1, 2, 3, 11, 100)}
    # a dual, a plural of 3 to 10 and the singular after 11: three words at least
    assert len({forms[2], forms[3], forms[11]}) == 3, forms


def test_the_language_follows_the_switch():
    with i18n.speaking("ar"):
        arabic = i18n._("Stories")
        assert i18n.direction() == "rtl"
    with i18n.speaking("en"):
        assert i18n._("Stories") == "Stories" and i18n.direction() == "ltr"
    assert arabic != "Stories" and re.search("[\u0621-\u064a]", arabic)
    assert i18n.language_of("ar_SA.UTF-8") == "ar" and i18n.language_of("EN") == "en"
    assert i18n.language_of("fr") is None


def test_the_cli_speaks_arabic_by_default_and_english_when_asked():
    arabic = run_riwaya("check", *EXAMPLE, env={k: v for k, v in os.environ.items() if k != "RIWAYA_LANG"}, text=True).stdout
    english = run_riwaya("check", *EXAMPLE, "--lang", "en", text=True).stdout
    assert english != arabic
    assert "Quotations" in english and "Quotations" not in arabic
    assert re.search("[\u0621-\u064a]", arabic)
    assert run_riwaya("--lang", "en", "check", *EXAMPLE, text=True).stdout == english
    assert run_riwaya("check", *EXAMPLE, env={**os.environ, "RIWAYA_LANG": "en_GB.UTF-8"}, text=True).stdout == english


def test_the_help_is_translated():
    english = run_riwaya("check", "--help", "--lang", "en", text=True).stdout
    arabic = run_riwaya("check", "--help", "--lang", "ar", text=True).stdout
    assert "Check a report against its source" in english
    assert "Check a report against its source" not in arabic and "--ref-date" in arabic


def test_a_language_we_do_not_have_is_one_line():
    ran = run_riwaya("check", *EXAMPLE, "--lang", "fr", text=True)
    assert ran.returncode != 0 and ran.stderr.count("\n") == 1 and "--lang" in ran.stderr


def test_json_stays_english_in_either_language():
    outputs = [run_riwaya("check", *EXAMPLE, "--format", "json", "--lang", lang, text=True).stdout for lang in ("ar", "en")]
    assert outputs[0] == outputs[1]
    assert json.loads(outputs[0])["quotes"][0]["verdict"] in ("verbatim", "edited", "paraphrase", "not_found")


def test_the_html_report_speaks_the_language(tmp_path):
    pages = {}
    for lang in ("ar", "en"):
        out = tmp_path / f"{lang}.html"
        run_riwaya("check", *EXAMPLE, "--format", "html", "--output", str(out), "--lang", lang, check=True)
        pages[lang] = out.read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in pages["ar"] and '<html lang="en" dir="ltr">' in pages["en"]
    assert "Quotations" in pages["en"] and "Quotations" not in pages["ar"]


def test_no_function_that_translates_binds_the_underscore():
    # «lang, _ = …» in a function that also calls _() makes _ local there: UnboundLocalError
    import ast

    found = []
    for path in (ROOT / "src" / "riwaya").rglob("*.py"):
        for fn in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            names = [n for n in ast.walk(fn) if isinstance(n, ast.Name) and n.id == "_"]
            if any(isinstance(n.ctx, ast.Store) for n in names) and any(isinstance(n.ctx, ast.Load) for n in names):
                found.append(f"{path.name}:{fn.name}")
    assert not found, found


def test_output_for_programs_keeps_its_messages_english(tmp_path):
    bad = tmp_path / "docs" / "binary.txt"
    bad.parent.mkdir()
    bad.write_bytes(b"\x00\x01\x02 not text")
    summary = json.loads(run_riwaya("ingest", str(bad.parent), "--db", str(tmp_path / "r.db"), "--format", "json",
                                    "--lang", "ar", text=True).stdout)
    (unreadable,) = summary["unreadable"]
    assert "binary data" in unreadable["reason"]


def test_help_speaks_arabic_to_the_end_and_leaves_english_runs_english():
    arabic = run_riwaya("check", "--help", "--lang", "ar", text=True).stdout
    assert "Options" not in arabic and "Show this message" not in arabic and "[required]" not in arabic
    english = run_riwaya("check", "--help", "--lang", "en", text=True).stdout
    flat = " ".join(english.replace("│", " ").split())  # as read, whatever the panel's wrapping
    assert "Options" in english and "Show this message and exit." in flat


def test_a_template_speaks_the_language_of_each_rendering():
    # Jinja2 folds a filter over constants when it compiles a template: a label must not be
    from riwaya.render.page import environment

    template = environment().from_string('{{ "supported"|label("alignment") }} {{ _("Stories") }}')
    with i18n.speaking("ar"):
        arabic = template.render()
    with i18n.speaking("en"):
        english = template.render()
    assert english == "supported Stories" and "supported" not in arabic


def test_no_message_hides_inside_an_f_string():
    # pybabel reads no call inside an f-string: such a message never reaches the catalog
    import ast

    found = []
    for path in (ROOT / "src" / "riwaya").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                for call in ast.walk(node):
                    if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) \
                            and call.func.id in ("_", "ngettext", "pgettext", "N_"):
                        found.append(f"{path.name}:{call.lineno}")
    assert not found, found
