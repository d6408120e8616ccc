# Tatakelola — developer entry points. See README.md for the two set-up commands.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PYTHON ?= python3
UV_VERSION := 0.13.8
UV := $(PYTHON) -m uv
VENV := .venv/bin
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/test
BROKER_TEST_URL ?= amqp://guest:guest@127.0.0.1:5672//
VENDOR := src/tatakelola/web/static/vendor

.PHONY: help install assets catalogues run test test-sqlite test-postgres browser-deps lint bench eval train messages

help:
	@echo "make run    install, migrate, seed the demo and serve http://127.0.0.1:8000"
	@echo "make test   install and run the full test suite (SQLite, then PostgreSQL + RabbitMQ)"
	@echo "make lint   ruff, mypy, import-linter, migrations check"
	@echo "make bench  benchmarks;  make eval  accuracy on the public datasets;  make train  retrain classifiers"

## Installation ---------------------------------------------------------------

.venv/.synced: pyproject.toml uv.lock
	@$(PYTHON) -m uv --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	$(UV) sync --frozen
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

assets: node_modules/.installed
	@mkdir -p $(VENDOR)/tabler/css $(VENDOR)/tabler/js $(VENDOR)/htmx
	cp node_modules/@tabler/core/dist/css/tabler.min.css $(VENDOR)/tabler/css/
	cp node_modules/@tabler/core/dist/js/tabler.min.js $(VENDOR)/tabler/js/
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx/

catalogues: .venv/.synced
	$(VENV)/tatakelola compilecatalogues

install: .venv/.synced assets catalogues

## The two README commands ----------------------------------------------------

run: install
	$(VENV)/tatakelola migrate --noinput
	$(VENV)/tatakelola demo
	$(VENV)/tatakelola serve --bind 127.0.0.1:8000

test: install browser-deps test-sqlite test-postgres

# Two workers (one test database each): the suite is CPU-bound and the machines have two cores.
PYTEST_WORKERS ?= 2

test-sqlite:
	$(VENV)/pytest -n $(PYTEST_WORKERS) -m "not postgres and not broker"

# The Django-free packages (scan, classify) need no database: the SQLite pass covers them.
test-postgres:
	DATABASE_URL=$(PG_TEST_URL) TATAKELOLA_TEST_BROKER_URL=$(BROKER_TEST_URL) \
	  $(VENV)/pytest -n $(PYTEST_WORKERS) -m "not browser" --ignore=tests/scan --ignore=tests/classify

# Debian packages the tests use: chromium (browser tests), poppler-utils (PDF checks), gettext (catalogues).
SYSTEM_TOOLS := /usr/bin/chromium /usr/bin/pdftoppm /usr/bin/msgmerge
browser-deps:
	@missing=""; for tool in $(SYSTEM_TOOLS); do [ -x $$tool ] || missing="$$missing $$tool"; done; \
	if [ -z "$$missing" ]; then :; \
	elif [ "$$(id -u)" = "0" ]; then \
	  echo "Installing Debian chromium, poppler-utils and gettext for the tests"; \
	  (apt-get install -y -qq chromium poppler-utils gettext >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium poppler-utils gettext >/dev/null)); \
	else echo "The tests need$$missing: run 'sudo apt-get install -y chromium poppler-utils gettext'"; fi

## Quality ---------------------------------------------------------------------

lint: install
	$(VENV)/ruff check src tests benchmarks
	$(VENV)/ruff format --check src tests benchmarks
	$(VENV)/mypy
	$(VENV)/lint-imports
	$(VENV)/tatakelola makemigrations --check --dry-run

# Re-extract translatable strings into the catalogues (needs GNU gettext).
messages: .venv/.synced
	cd src/tatakelola && ../../$(VENV)/django-admin makemessages -l id -l en --no-location --no-obsolete \
	  --settings=tatakelola.config.settings --ignore 'scan/*' --ignore 'classify/*'

# Scanning as users run it (whole-process and engine-only rates, all packs and each pack, beside
# detect-secrets, Presidio's pattern recognizers and a naive regex loop in the same run; start-up,
# memory on 1,000,000 messages, --jobs, classifiers), scanning accuracy on the planted corpus,
# classifiers beside the rules, and end-to-end ingestion on PostgreSQL + RabbitMQ with two workers.
bench: install
	$(UV) sync --frozen --group bench
	$(VENV)/python benchmarks/scan_cli_bench.py --json var/bench-scan.json
	$(VENV)/python benchmarks/scan_bench.py --no-baselines
	$(VENV)/python benchmarks/classify_bench.py
	$(VENV)/python benchmarks/ingest_bench.py --workers 2 --broker-url $(BROKER_TEST_URL)
	$(VENV)/python benchmarks/queue_bench.py --alerts 100000
	$(UV) sync --frozen

eval: install
	$(UV) sync --frozen --group bench
	$(VENV)/python benchmarks/scan_eval.py
	$(VENV)/python training/evaluate.py
	$(UV) sync --frozen

# Retrain the shipped classifiers from ../shared/datasets (deterministic seeds). With
# TRAIN_FEEDBACK=verdicts.jsonl (from `tatakelola feedback export`) reviewer verdicts join the training data.
train: install
	$(VENV)/python training/train.py $(if $(TRAIN_FEEDBACK),--feedback $(TRAIN_FEEDBACK))
