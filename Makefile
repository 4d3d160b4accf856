# zapis: two commands do the whole set-up on a fresh Debian/Ubuntu machine.
#   make run    installs what is missing and imports the bundled samples into out/
#   make test   installs what is missing (test tools too) and runs the test suite
# Other targets: make bench (benchmarks), make accuracy (scores on labelled minutes; ARGS=-v for every file),
# make lint, make samples (rebuild samples/, needs LibreOffice).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# hunspell-cs: the Czech dictionary declined names are read with (GPL-2, read at run time, never copied).
APT_RUN := tesseract-ocr tesseract-ocr-ces tesseract-ocr-eng tesseract-ocr-osd hunspell-cs
# fonts-dejavu-core: the tests write Czech PDFs with DejaVu Sans; the browser opens the HTML pages.
APT_TEST := $(APT_RUN) fonts-dejavu-core chromium|chromium-browser
SUDO := $(shell [ "$$(id -u)" = "0" ] || echo sudo)

.PHONY: run test bench accuracy lint samples system-run system-test clean

run: system-run $(VENV)/.installed
	$(BIN)/zapis ingest samples/ -o out/

test: system-test $(VENV)/.installed-dev
	$(BIN)/python -m pytest -q

bench: system-run $(VENV)/.installed-dev
	$(BIN)/python benchmarks/run.py

# The project corpus (corpus/) and ../shared/devset, ../shared/devset2 when they are there.
accuracy: system-run $(VENV)/.installed
	$(BIN)/python scripts/accuracy.py $(ARGS)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check zapis tests benchmarks samples scripts
	$(BIN)/ruff format --check zapis tests benchmarks samples scripts
	$(BIN)/mypy

samples: $(VENV)/.installed-dev
	$(BIN)/python samples/make_samples.py

# Debian packages, installed only when a command is missing.
system-run:
	@scripts/ensure-packages $(APT_RUN)

system-test:
	@scripts/ensure-packages $(foreach p,$(APT_TEST),'$(p)')

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e ".[dev,test,cluster]"
	touch $(VENV)/.installed $@

clean:
	rm -rf out/ .pytest_cache .mypy_cache .ruff_cache
