# Fremdrift: `make run` serves the demo, `make test` runs every test. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
WORKERS ?= 2
REQUEST_TIMEOUT ?= 30
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/fremdrift
export FREMDRIFT_HOME := $(CURDIR)

# The days where calendars go wrong (a month's first and last day, the turn of the year, 28
# and 29 February): the date-sensitive suites run again with the product's clock on each
# (FREMDRIFT_TODAY). Five days, one of each kind: with seven, `make test` neared CI's 90
# minutes (2026-11-30 and 2027-03-01 repeated a month's last and first day; pass them in
# CLOCK_DAYS to run them again).
CLOCK_DAYS ?= 2027-01-01 2027-02-28 2028-02-29 2026-12-01 2026-12-31
CLOCK_SUITES ?= tests/results tests/journey tests/progression tests/toolbox tests/conversations \
	tests/plans tests/companies tests/citizens tests/caseimport
# The browser tests run on this day too (they take longer, so on the hardest: a leap day).
CLOCK_BROWSER_DAYS ?= 2028-02-29
# Two test processes: the machines have two cores.
# Whole files to a process: a few modules check afterwards what their earlier tests did.
PYTEST := $(BIN)/pytest -p no:cacheprovider -n $(or $(TEST_WORKERS),2) --dist loadfile

.PHONY: run serve install install-test system-deps test test-sqlite test-postgres test-clock browser-deps lint typecheck typecheck-baseline bench bench-pages wrk-deps messages clean

# Debian packages WeasyPrint needs for PDFs (Pango) and fonts for the scripts citizens read
# (DejaVu covers Latin, Cyrillic and Arabic; Abyssinica SIL Tigrinya and Amharic; Loma Thai);
# poppler-utils lets the tests read the PDFs back; xmlsec1 signs and checks SAML messages
# (pysaml2, single sign-on).
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-sil-abyssinica \
	fonts-tlwg-loma-otf poppler-utils xmlsec1

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

system-deps:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installerer Debian-pakker: $$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

install: $(BIN)/python system-deps
	$(BIN)/pip install --quiet -e .

install-test: $(BIN)/python system-deps
	$(BIN)/pip install --quiet -e '.[test]'

run: export DEMO_MODE ?= true
run: install
	@$(MAKE) --no-print-directory serve

# What `make run` starts, without installing: `make bench-pages` starts the product with it on
# its scratch databases, so whatever run starts the benchmark starts too.
serve: export DEMO_MODE ?= true
serve:
	$(BIN)/fremdrift migrate --no-input -v 0
	$(BIN)/fremdrift migrate --database progress --no-input -v 0
	$(BIN)/fremdrift collectstatic --no-input -v 0
	$(BIN)/fremdrift demo --if-empty
	@echo "Fremdrift kører på http://127.0.0.1:$(PORT)/  (stop med Ctrl-C)"
	@# The job worker runs beside the web server and stops with it. Long work is its job, so
	@# a request that runs past gunicorn's timeout is a fault to see, not to wait for.
	$(BIN)/fremdrift worker & worker=$$!; trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT; \
	$(BIN)/gunicorn fremdrift.wsgi:application --bind 127.0.0.1:$(PORT) --workers $(WORKERS) \
		--timeout $(REQUEST_TIMEOUT) --access-logfile - --forwarded-allow-ips 127.0.0.1

wrk-deps:
	@if ! command -v wrk >/dev/null; then \
		echo "Installerer Debians wrk til sidebenchmarket ..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	fi

browser-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
		echo "Installerer Debians chromium til browsertestene ..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi

test: install-test browser-deps
	$(BIN)/ruff check src tests bench
	$(MAKE) --no-print-directory typecheck
	$(BIN)/lint-imports --cache-dir var/import-linter
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres
	$(MAKE) --no-print-directory test-clock

test-sqlite:
	@echo "== Testsuite på SQLite (inkl. browsertests) =="
	$(PYTEST)

test-clock:
	@for day in $(CLOCK_DAYS); do \
		echo "== Datofølsomme suiter med uret sat til $$day =="; \
		FREMDRIFT_TODAY=$$day $(PYTEST) -q -m "not browser" $(CLOCK_SUITES) || exit 1; \
	done
	@for day in $(CLOCK_BROWSER_DAYS); do \
		echo "== Browsertests med uret sat til $$day =="; \
		FREMDRIFT_TODAY=$$day $(PYTEST) -q tests/browser || exit 1; \
	done

test-postgres:
	@echo "== Testsuite på PostgreSQL ($(POSTGRES_URL)) =="
	@# pg_dump and pg_restore, the backup tools of docs/operations.md (tests/test_restore.py).
	@if ! command -v pg_dump >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-client >/dev/null; \
	fi
	@if $(BIN)/python -c "import psycopg,sys; psycopg.connect('$(POSTGRES_URL:/fremdrift=/postgres)', connect_timeout=3).close()" 2>/dev/null; then \
		DATABASE_URL=$(POSTGRES_URL) $(PYTEST) -m "not browser"; \
	elif [ "$$CI" = "true" ]; then \
		echo "FEJL: PostgreSQL svarer ikke på $(POSTGRES_URL); under CI=true er det en fejl."; exit 1; \
	else \
		echo "ADVARSEL: PostgreSQL svarer ikke på $(POSTGRES_URL); PostgreSQL-kørslen springes over."; \
	fi

lint: install-test
	$(BIN)/ruff check src tests bench
	$(BIN)/lint-imports --cache-dir var/import-linter

# mypy with django-stubs; the errors found when it came in are listed in mypy-baseline.txt.
# A new error fails, and so does a fixed one until the list is written again with
# `make typecheck-baseline`: the count can only go down.
typecheck:
	@echo "== mypy (django-stubs) mod mypy-baseline.txt =="
	$(BIN)/mypy | $(BIN)/mypy-baseline filter --no-colors

typecheck-baseline:
	$(BIN)/mypy | $(BIN)/mypy-baseline sync --sort-baseline

bench: install-test
	$(BIN)/python bench/citizen_list.py
	$(BIN)/python bench/figures.py
	$(BIN)/python bench/board.py
	$(BIN)/python bench/audit_lock.py
	$(BIN)/python bench/access_log.py
	$(BIN)/python bench/statistics_import.py
	$(BIN)/python bench/access_report.py

# The pages under load, against a logged-in floor (docs/performance.md): the product started as
# `make run` does (`make serve`) on a scratch SQLite database and a scratch PostgreSQL database
# (created and dropped; BENCH_POSTGRES_URL=none skips it), 20 connections with wrk.
BENCH_PORT ?= 8810
BENCH_SECONDS ?= 5
BENCH_POSTGRES_URL ?= $(POSTGRES_URL:/fremdrift=/fremdrift_bench_pages)
bench-pages: install wrk-deps
	$(BIN)/python bench/pages.py --port $(BENCH_PORT) --seconds $(BENCH_SECONDS) \
		--postgres-url $(BENCH_POSTGRES_URL)

messages: install-test
	cd src/fremdrift && ../../$(BIN)/fremdrift makemessages --all --no-obsolete
	$(BIN)/python scripts/compile_messages.py

clean:
	rm -rf $(VENV) var .pytest_cache
