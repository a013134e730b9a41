"""The on-disk cache of built lexicons (riwaya.compiled): built once, read back, never stale."""

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from riwaya import compiled as compiled_module
from riwaya.compiled import compiled


@pytest.fixture
def cache_at(tmp_path, monkeypatch):
    """Point the cache at a fresh folder (the fingerprint and folder are cached per process)."""

    def point(value: str) -> None:
        monkeypatch.setenv("RIWAYA_CACHE_DIR", value)
        compiled_module.directory.cache_clear()

    yield point
    compiled_module.directory.cache_clear()


def _counting_builder(calls: list[int]):
    def build_table() -> dict[str, tuple[str, ...]]:
        calls.append(1)
        return {"قتيل": ("killed",), "جريح": ("wounded",)}

    return compiled(build_table)


def test_a_build_is_kept_on_disk_and_read_back_by_the_next_run(tmp_path, cache_at):
    cache_at(str(tmp_path))
    calls: list[int] = []
    table = _counting_builder(calls)
    assert table() == {"قتيل": ("killed",), "جريح": ("wounded",)}
    assert table() is table()  # in memory for the process, like functools.cache
    files = list(tmp_path.glob("compiled/*/*build_table.pickle"))
    assert len(files) == 1
    # a new process: nothing in memory, the builder does not run again
    again = _counting_builder(calls)
    assert again() == table()
    assert len(calls) == 1


def test_off_keeps_nothing_on_disk(tmp_path, cache_at):
    cache_at("off")
    calls: list[int] = []
    table = _counting_builder(calls)
    table()
    _counting_builder(calls)()
    assert len(calls) == 2
    assert compiled_module.directory() is None


def test_a_damaged_file_is_rebuilt_not_fatal(tmp_path, cache_at):
    cache_at(str(tmp_path))
    calls: list[int] = []
    _counting_builder(calls)()
    (path,) = tmp_path.glob("compiled/*/*build_table.pickle")
    path.write_bytes(b"not a pickle")
    assert _counting_builder(calls)() == {"قتيل": ("killed",), "جريح": ("wounded",)}
    assert len(calls) == 2
    assert pickle.loads(path.read_bytes())["قتيل"] == ("killed",)  # written again, whole


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="root writes anywhere")
def test_an_unwritable_cache_is_not_an_error(tmp_path, cache_at):
    tmp_path.chmod(0o500)
    try:
        cache_at(str(tmp_path))
        calls: list[int] = []
        assert _counting_builder(calls)()["جريح"] == ("wounded",)
    finally:
        tmp_path.chmod(0o700)


def test_a_cache_root_that_is_a_file_is_not_an_error(tmp_path, cache_at):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    cache_at(str(blocker))
    calls: list[int] = []
    assert _counting_builder(calls)()["جريح"] == ("wounded",)
    assert _counting_builder(calls)()["قتيل"] == ("killed",)
    assert len(calls) == 2


def test_the_key_changes_when_a_lexicon_file_changes(tmp_path, monkeypatch):
    package = tmp_path / "riwaya"
    (package / "lexicon").mkdir(parents=True)
    (package / "lexicon" / "units.yaml").write_text("- id: person\n", encoding="utf-8")
    (package / "code.py").write_text("x = 1\n", encoding="utf-8")
    monkeypatch.setattr(compiled_module, "_PACKAGE", package)
    compiled_module.fingerprint.cache_clear()
    try:
        before = compiled_module.fingerprint()
        compiled_module.fingerprint.cache_clear()
        assert compiled_module.fingerprint() == before  # same files, same key
        (package / "lexicon" / "units.yaml").write_text("- id: people\n", encoding="utf-8")
        compiled_module.fingerprint.cache_clear()
        assert compiled_module.fingerprint() != before
    finally:
        compiled_module.fingerprint.cache_clear()


def test_a_value_that_will_not_pickle_is_built_each_run_and_leaves_nothing(tmp_path, cache_at):
    cache_at(str(tmp_path))

    def build_matcher() -> object:
        return lambda text: text  # a lambda does not pickle

    assert compiled(build_matcher)()("نص") == "نص"
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == []


def test_old_builds_are_pruned(tmp_path):
    root = tmp_path / "compiled"
    for n in range(6):
        (root / f"build{n}").mkdir(parents=True)
        (root / f"build{n}" / "x.pickle").write_bytes(b"")
        os.utime(root / f"build{n}", (n, n))
    compiled_module._prune(root)
    assert sorted(p.name for p in root.iterdir()) == ["build2", "build3", "build4", "build5"]


def test_a_check_from_the_cache_equals_a_check_built_afresh(tmp_path):
    """The whole pipeline gives the same JSON with lexicons built in the process and read back
    from the disk cache (pickling must keep every lexicon object whole)."""
    example = Path(__file__).parents[1] / "examples" / "report_and_statement.txt"
    command = [sys.executable, "-m", "riwaya", "check", str(example), "--format", "json",
               "--ref-date", "2019-03-12"]
    outputs = []
    for setting in ("off", str(tmp_path), str(tmp_path)):  # afresh, building the cache, from it
        env = {**os.environ, "RIWAYA_CACHE_DIR": setting}
        run = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
        outputs.append(run.stdout)
    assert outputs[0] == outputs[1] == outputs[2]
    assert list(tmp_path.glob("compiled/*/riwaya.extract.actors.matcher.pickle"))
