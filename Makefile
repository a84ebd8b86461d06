# Weijian: `make run` starts a demo office, `make test` runs every test.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
HOST   ?= 127.0.0.1:8000
# Test processes (pytest-xdist): the two cores of the office's and CI's machines.
WORKERS ?= 2

.PHONY: install run test test-fast lint format bench bench-load system-deps check-deploy backup restore clean

install: $(STAMP)

# Re-installs only when pyproject.toml changed since the last install.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@touch $(STAMP)

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

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

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
	$(BIN)/python -m pip install --quiet -e ".[bench]"
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
	rm -rf $(VENV) db.sqlite3 staticfiles
