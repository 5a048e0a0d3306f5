# Takwia: `make run` sets everything up and serves the site; `make test` runs the suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run setup install migrate data messages makemessages serve worker worker-reports beat test test-fast lint format bench check-deploy clean

run: setup serve ## install, migrate, load reference and demo data, then serve

setup: install migrate data messages

install: $(VENV)/.installed

$(VENV)/.installed: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	touch $@

migrate: install
	$(MANAGE) migrate --noinput

data: install ## reference data (territory) and demo data; idempotent
	$(MANAGE) load_reference_data
	$(MANAGE) seed_demo

# The compiled catalogues are committed; they are rebuilt when gettext is installed.
messages: install ## compile the translation catalogues (French source, Arabic)
	@if command -v msgfmt >/dev/null 2>&1; then \
		$(MANAGE) compilemessages --ignore=.venv -v0; \
	else \
		echo "msgfmt (gettext) absent: the committed .mo catalogues are used as they are"; \
	fi

makemessages: install ## refresh the Arabic catalogue from the French sources
	$(MANAGE) makemessages -l ar --ignore=.venv --ignore=tests --ignore=bench --ignore=takwia/api/locale

# Serves the site; when CELERY_BROKER_URL is set, two Celery workers and Celery beat run
# beside it: the default queue (e-mails, imports, periodic tasks), the reports queue
# (WeasyPrint, one task at a time per process) and the periodic tasks (reminders,
# clean-ups). Without a broker, tasks run in-process and the web process runs the
# periodic ones that are due after a request (takwia/periodic.py): nothing else is needed.
serve: install
	@if [ -n "$$CELERY_BROKER_URL" ]; then \
		mkdir -p var; trap 'kill 0' EXIT INT TERM; \
		$(BIN)/celery -A takwia worker -Q takwia -n default@%h --loglevel=INFO --concurrency=1 & \
		$(BIN)/celery -A takwia worker -Q reports -n reports@%h --loglevel=INFO --concurrency=1 & \
		$(BIN)/celery -A takwia beat --loglevel=INFO --schedule=var/celerybeat-schedule & \
		$(MANAGE) runserver $(HOST):$(PORT); \
	else \
		$(MANAGE) runserver $(HOST):$(PORT); \
	fi

worker: install ## a Celery worker of the default queue (needs CELERY_BROKER_URL)
	$(BIN)/celery -A takwia worker -Q takwia -n default@%h --loglevel=INFO

REPORT_CONCURRENCY ?= 1
worker-reports: install ## a Celery worker of the reports queue: one report per process at a time
	$(BIN)/celery -A takwia worker -Q reports -n reports@%h --loglevel=INFO \
		--concurrency=$(REPORT_CONCURRENCY) --prefetch-multiplier=1

beat: install ## the Celery scheduler for periodic tasks (needs CELERY_BROKER_URL)
	@mkdir -p var
	$(BIN)/celery -A takwia beat --loglevel=INFO --schedule=var/celerybeat-schedule

test: install messages ## the whole test suite
	$(BIN)/pytest $(PYTEST_ARGS)

test-fast: install ## the suite without the browser journeys
	$(BIN)/pytest -m "not browser" $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install ## benchmarks (needs PostgreSQL): one JSON line per benchmark
	$(PY) bench/run.py

check-deploy: install ## Django's deployment checklist with production-like settings
	DJANGO_DEBUG=false DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-check-deploy-$$(head -c 48 /dev/urandom | base64 | tr -d '/+=')} \
	DJANGO_ALLOWED_HOSTS=$${DJANGO_ALLOWED_HOSTS:-takwia.example.ma} \
	CACHE_URL=$${CACHE_URL:-redis://127.0.0.1:6379/1} \
	$(MANAGE) check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) var .pytest_cache
