# Weijian: `make run` starts a demo office, `make test` runs every test.
# The first Python 3.11-3.13 found (python3 first); `make PYTHON=/usr/bin/python3.13 …` picks one.
PYTHON ?= $(shell for p in python3 python3.13 python3.12 python3.11; do \
  $$p -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))' 2>/dev/null \
  && command -v $$p && break; done)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
HOST   ?= 127.0.0.1:8000
# Test processes (pytest-xdist): the two cores of the office's and CI's machines.
WORKERS ?= 2
# Extra pip options, e.g. an internal mirror: PIP_ARGS="--no-index --find-links /srv/wheels"
PIP_ARGS ?=
# Every install comes from the hash-pinned locks in requirements/ (scripts/lock_requirements.py).
PIP_LOCKED := $(BIN)/python -m pip install --quiet --require-hashes $(PIP_ARGS)
LOCK_TOOLS := build/lock-tools

.PHONY: install run test test-fast lint format bench bench-load system-deps check-deploy backup restore clean lock lock-upgrade wheels

install: $(STAMP)

# Re-installs when pyproject.toml or a lock changed since the last install. The lock holds
# every package with its hashes (pip, the build backend and every dependency); the project
# itself comes last, built with that backend and adding nothing (--no-deps).
$(STAMP): pyproject.toml requirements/base.txt requirements/test.txt
	@test -x $(BIN)/python || test -n "$(PYTHON)" || { \
	  echo "Weijian needs Python 3.11, 3.12 or 3.13: none found (make PYTHON=/path/to/python3)" >&2; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP_LOCKED) -r requirements/test.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation $(PIP_ARGS) .
	@touch $(STAMP)

# Regenerate requirements/*.txt after a change of pyproject.toml's dependencies (current
# pins kept where still allowed); `make lock-upgrade` takes the newest allowed versions.
# Needs PyPI (or UV_INDEX_URL); uv is installed from requirements/tools.txt into build/.
lock: $(LOCK_TOOLS)/.stamp
	UV=$(LOCK_TOOLS)/bin/uv $(LOCK_TOOLS)/bin/python scripts/lock_requirements.py

lock-upgrade: $(LOCK_TOOLS)/.stamp
	UV=$(LOCK_TOOLS)/bin/uv $(LOCK_TOOLS)/bin/python scripts/lock_requirements.py --upgrade

$(LOCK_TOOLS)/.stamp: requirements/tools.txt
	@test -x $(LOCK_TOOLS)/bin/python || $(PYTHON) -m venv $(LOCK_TOOLS)
	$(LOCK_TOOLS)/bin/python -m pip install --quiet --require-hashes $(PIP_ARGS) -r requirements/tools.txt
	@touch $@

# Every wheel the locks name, for an office mirror without internet (docs/deploy.md):
# Linux x86_64, CPython 3.11-3.13, into WHEELS (default build/wheels/). Then, offline:
#   make install PIP_ARGS="--no-index --find-links build/wheels"
WHEELS ?= build/wheels
WHEEL_PLATFORMS := manylinux_2_28_x86_64 manylinux_2_17_x86_64 manylinux2014_x86_64 linux_x86_64
wheels:
	for version in 3.11 3.12 3.13; do \
	  for lock in requirements/test.txt requirements/bench.txt; do \
	    $(PYTHON) -m pip download --quiet --require-hashes --only-binary=:all: $(PIP_ARGS) \
	      --implementation cp --python-version $$version $(WHEEL_PLATFORMS:%=--platform %) \
	      -r $$lock -d $(WHEELS) || exit 1; \
	  done; \
	done
	@echo "$(WHEELS)/: $$(ls $(WHEELS) | wc -l) files"

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo --if-empty
	$(BIN)/python manage.py seed_demo_activity --if-empty
	@echo "Weijian: http://$(HOST)/  (Ctrl-C stops the server)"
	$(BIN)/python manage.py runserver $(HOST)

# What the browser and PDF tests need from Debian: installed when missing, or the exact
# command to run is printed and the target fails. Nothing is ever skipped.
system-deps:
	@scripts/ensure-system-deps

test: install system-deps
	$(BIN)/python -m pytest -n $(WORKERS)

test-fast: install
	$(BIN)/python -m pytest -n $(WORKERS) -m "not browser"

# Style, imports pointing down (pyproject.toml [tool.importlinter]) and types on core/
# (pyproject.toml [tool.mypy], django-stubs). CI runs it before the tests.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The reports benchmark needs PostgreSQL: DATABASE_URL's server (default: the local one); it
# creates and drops its own database. Add BENCH_ARGS=--province for the province.
bench: install
	$(BIN)/python bench/import_units.py
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/weijian} \
	  $(BIN)/python bench/reports.py $(BENCH_ARGS)

# The load test (bench/load.py): 50 users on gunicorn and PostgreSQL; apart from `bench`
# while the dashboard still misses its target.
bench-load: install
	$(PIP_LOCKED) -r requirements/bench.txt
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/weijian} \
	  $(BIN)/python bench/load.py $(BENCH_ARGS)

check-deploy: install
	SECRET_KEY=$$(head -c 64 /dev/urandom | base64 | tr -d '\n/+=' | head -c 60) ALLOWED_HOSTS=weijian.example \
	DJANGO_SETTINGS_MODULE=supervision.settings_production $(BIN)/python manage.py check --deploy --fail-level WARNING

# Backups (core/backups.py): the database and MEDIA_ROOT in one archive under BACKUP_DIR
# (default backups/). No `install` first: a cron job on an offline server must not reach
# for pip. `make restore FILE=…` checks the archive, then asks before replacing anything.
backup:
	$(BIN)/python manage.py backup

restore:
	@test -n "$(FILE)" || { echo "usage: make restore FILE=backups/weijian-YYYYMMDD-HHMMSS.tar.gz" >&2; exit 2; }
	$(BIN)/python manage.py restore "$(FILE)"

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles build
