# Two commands set everything up on a fresh clone: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test lint console bench bench-docs bench-smoke playground docs-images clean venv

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Reinstall when pyproject.toml changes.
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

venv: $(STAMP)

# The project's bytecode, written before a start, as pip writes it for installed packages: where
# the environment sets PYTHONDONTWRITEBYTECODE (many container images do), Python would otherwise
# compile every module of the bot from source on every start (docs/benchmarks.md, "Start").
BYTECODE := $(PY) -m compileall -q bot cogs slack_app bench > /dev/null

run: $(STAMP)
	$(BYTECODE)
	$(PY) -m bot run

console: $(STAMP)
	$(BYTECODE)
	$(PY) -m bot console

test: $(STAMP)
	$(BYTECODE)
	$(PY) -m ruff check .
	$(PY) -m mypy
	$(PY) -m pytest -n auto

# Benchmarks (docs/benchmarks.md): the full run writes bench/results.latest.json (git-ignored),
# on SQLite and, when a server answers, PostgreSQL; the work tree stays clean.
bench: $(STAMP)
	$(BYTECODE)
	$(PY) -m bench

# Publish the latest run, on purpose: bench/results.json and the table in docs/benchmarks.md.
bench-docs: $(STAMP)
	$(PY) -m bench --publish

# A tiny run in seconds, the same code (also run by tests/test_bench_smoke.py).
bench-smoke: $(STAMP)
	$(BYTECODE)
	$(PY) -m bench --smoke

playground: $(STAMP)
	$(PY) -m bot playground

# Screenshots for the README (needs Debian's chromium: apt-get install chromium).
docs-images: $(STAMP)
	$(PY) -m bot.docs_images

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m mypy

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
