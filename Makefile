# riwaya — set-up, demo, tests and benchmarks. Everything installs into .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup demo test test-fast lint audit fuzz bench clean catalogs

$(STAMP): pyproject.toml debian-packages.txt scripts/system-deps.sh
	scripts/system-deps.sh $(PYTHON)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test,parquet,postgres,dask]'
	touch $(STAMP)

setup: $(STAMP)

demo: setup
	$(BIN)/riwaya extract examples/report_and_statement.txt --ref-date 2019-03-12
	$(BIN)/riwaya check examples/report_and_statement.txt --ref-date 2019-03-12

# everything, as CI runs it, over every core
test: setup
	$(BIN)/python -m pytest -n auto

# without the minutes-long tests (marked slow): the loop while editing, over every core
test-fast: setup
	$(BIN)/python -m pytest -m "not slow" -n auto

# The interface's messages: extracted from the code and templates, merged into each language's
# catalog (translate the new entries of src/riwaya/locale/*/LC_MESSAGES/riwaya.po), compiled to
# .mo. Commit all three; tests/test_i18n.py fails when one is behind the code.
LOCALE := src/riwaya/locale
catalogs: setup
	$(BIN)/pybabel extract -F babel.cfg --add-location=file --sort-by-file --no-wrap \
		--project riwaya --copyright-holder "riwaya developers" -o $(LOCALE)/riwaya.pot src/riwaya
	$(BIN)/pybabel update -i $(LOCALE)/riwaya.pot -d $(LOCALE) -D riwaya --no-fuzzy-matching --no-wrap
	$(BIN)/pybabel compile -d $(LOCALE) -D riwaya

lint: setup
	$(BIN)/ruff check src tests benchmarks

# Known vulnerabilities (pip-audit) in riwaya's runtime dependencies, at the versions .venv runs:
# pinned from it (not -r/project mode, which re-resolves to the newest; not the whole venv, test tools and all).
$(VENV)/.audit: $(STAMP)
	$(BIN)/python -m pip install -q 'pip-audit>=2.7'
	touch $(VENV)/.audit

audit: $(VENV)/.audit
	$(BIN)/python scripts/runtime-requirements.py > $(VENV)/runtime-requirements.txt
	# --strict: a package the service cannot look up fails the audit, never passes unaudited
	$(BIN)/pip-audit --strict --no-deps --disable-pip --progress-spinner off -r $(VENV)/runtime-requirements.txt \
	  || { echo "make audit: vulnerable, or not audited (above). «Dependency not found on PyPI» for a package" \
	       "that is there: PyPI's per-release JSON, pip-audit's source, could not be had from here" >&2; exit 1; }

# atheris (libFuzzer for Python) over the parsers' fuzz targets (tests/fuzz_targets.py), FUZZ_SECONDS
# in all split between them; a crashing input is kept under fuzz-findings/ and the run fails.
FUZZ_SECONDS ?= 600
$(VENV)/.fuzz: $(STAMP)
	$(BIN)/python -m pip install -q 'atheris>=2.3'
	touch $(VENV)/.fuzz

fuzz: $(VENV)/.fuzz
	$(BIN)/python scripts/fuzz.py --seconds $(FUZZ_SECONDS)

$(VENV)/.bench: $(STAMP)
	# CAMeL Tools' text utilities are the peer; its models need downloads, so no deps.
	$(BIN)/python -m pip install -q --no-deps camel-tools
	$(BIN)/python -m pip install -q six emoji regex pyarabic
	touch $(VENV)/.bench

bench: $(VENV)/.bench
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/startup.py
	$(BIN)/python benchmarks/ocr_threads.py
	$(BIN)/python benchmarks/pg_bulk.py
	$(BIN)/python benchmarks/ingest_bench.py
	$(BIN)/python benchmarks/web_load.py
	$(BIN)/python benchmarks/upload_bench.py
	$(BIN)/python benchmarks/pairs_eval.py --split dev --out benchmarks/results/pairs-bench-latest.json

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache .ruff_cache
