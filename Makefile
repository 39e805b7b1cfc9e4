# Relais: `make run` installs what is missing and serves; `make test` installs what it needs and tests.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
DATA_DIR ?= ./var
SHARED ?= ../shared
export HF_HUB_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: run test lint unit eval eval-sets clinc bench bench-ws prior install browser-deps clean help

help:
	@echo "make run    install what is missing, then serve on http://$(HOST):$(PORT) (demo KB, SQLite)"
	@echo "make test   install what is missing, then lint, type-check and run every test"
	@echo "make lint   ruff + mypy --strict"
	@echo "make eval   score the dev evaluation set ($(SHARED)/eval) against a real server"
	@echo "make eval-sets  score each labelled set of data/calibration against a real server (prior trained without it)"
	@echo "make clinc  intent accuracy and out-of-scope recall on CLINC150 (classifier only)"
	@echo "make bench  latency, throughput, memory, cold start, one-article reindex on a 1,000-article KB"
	@echo "make prior  retrain the retrieval prior (knowledge_base/prior.json) on the labelled sets of data/calibration"
	@echo "make bench-ws  5,000 idle visitor WebSockets (memory each) and ack latency over 1,000 messages"

# The venv is (re)built when pyproject.toml changes. torch is pinned in the same pip command as
# sentence-transformers so pip takes the local CPU wheel instead of a multi-GB CUDA build.
$(VENV)/.installed: pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "error: $(PYTHON) is required"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip wheel
	$(PIP) install --quiet "torch==2.13.0" -e ".[dev]"
	touch $@

install: $(VENV)/.installed

run: install
	$(VENV)/bin/relais serve --host $(HOST) --port $(PORT) --data-dir $(DATA_DIR)

lint: install
	$(VENV)/bin/ruff check bot knowledge_base handoff relais tests bench
	$(VENV)/bin/mypy

test: lint browser-deps
	$(VENV)/bin/python -m pytest -q -ra

# The widget's browser tests drive the Debian chromium package through Playwright (never `playwright install`)
# and load axe-core, pinned in tests/browser/package-lock.json.
BROWSER_DEPS := tests/browser/node_modules/.package-lock.json

browser-deps: $(BROWSER_DEPS)
	@command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)

$(BROWSER_DEPS): tests/browser/package.json tests/browser/package-lock.json
	@command -v npm >/dev/null || (apt-get update && apt-get install -y npm)
	cd tests/browser && npm ci --no-audit --no-fund

unit: install
	$(VENV)/bin/python -m pytest -q -m "not slow"

eval: install
	$(PY) $(SHARED)/tools/score.py --kb $(SHARED)/eval/dev_kb.yml --queries $(SHARED)/eval/dev_queries.yml \
	    --conversations $(SHARED)/eval/dev_conversations.yml --server-cmd '$(VENV)/bin/relais'

eval-sets: install
	SHARED=$(SHARED) $(PY) bench/eval_sets.py

clinc: install
	$(PY) bench/clinc.py $(SHARED)/eval/clinc150/data_full.json

bench: install
	$(PY) bench/turns.py

bench-ws: install
	$(PY) bench/ws.py

prior: install
	$(PY) -m knowledge_base.prior data/calibration

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache var
