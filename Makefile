# Two commands do everything: `make run` and `make test` (see README).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

export HOST ?= 127.0.0.1
export PORT ?= 8050
export DATABASE_URL ?= sqlite:///instance/ria.db
export RIA_DATA_DIR ?= ./data

.PHONY: install install-dev run serve test test-fast test-plain lint screenshots clean

install: $(VENV)/.installed assets/.vendor-versions
	scripts/install_system_deps.sh

$(VENV)/.installed: requirements.txt
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  echo "python3 -m venv failed: installing Debian's python3-venv"; \
	  apt-get install -y -qq python3-venv >/dev/null && $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	@touch $@

assets/.vendor-versions: $(VENV)/.installed scripts/vendor_assets.sh
	PY=$(PY) scripts/vendor_assets.sh

install-dev: install $(VENV)/.dev-installed
	scripts/install_system_deps.sh --test

$(VENV)/.dev-installed: requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install -q -r requirements-dev.txt
	@touch $@

## Migrate, load the data there is (real files, download, or demo), serve on http://$(HOST):$(PORT)
run: install
	$(PY) -m data_access prepare
	$(PY) app.py

## Serve with gunicorn (production-like), after `make run` has prepared the store once
serve: install
	$(VENV)/bin/gunicorn -c gunicorn.conf.py app:server

## The whole suite: unit, integration (SQLite + a PostgreSQL started for the run), browser
test: install-dev
	$(PY) -m pytest

## Everything but the browser tests
test-fast: install-dev
	$(PY) -m pytest -m "not browser"

## The whole suite with the fast paths off: the app as plain public-API Dash (dashboard/fast_paths.py)
test-plain: install-dev
	RIA_FAST_PATHS=0 $(PY) -m pytest -q

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

## Screenshots of every page at 1920x1080 and 1366x768 into screenshots/ (git-ignored)
screenshots: install-dev
	$(PY) scripts/screenshots.py

clean:
	rm -rf $(VENV) assets/00-* assets/.vendor-versions instance screenshots
