# The project's single entry point. `make demo` serves the portal on the embedded
# default (SQLite, eager tasks, console e-mail); `make test` runs every test.
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo setup test lint format messages messages-en migrate worker beat serve clean bench mutation

$(STAMP): pyproject.toml scripts/bootstrap.sh
	scripts/bootstrap.sh
	touch $(STAMP)

messages: $(STAMP)
	$(BIN)/python manage.py compilemessages --ignore=.venv --ignore=var --ignore=mutants -v0

# Extract new UI strings into the English catalogue (then translate the empty entries).
messages-en: $(STAMP)
	$(BIN)/python manage.py makemessages -l en --ignore=.venv --ignore=var --ignore=mutants --ignore=tests --no-location

setup: $(STAMP) messages
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py load_divisions

# `make demo STAGE=national` builds the demo campaign up to that stage (see README, 演示数据).
demo: setup
	$(BIN)/python manage.py seed_demo $(if $(STAGE),--stage $(STAGE))
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The browser tests run in a second pytest process: their live server flushes the tables, which the transactional
# tests of the same process would otherwise meet half-restored.
test: $(STAMP) messages
	$(BIN)/python -m pytest -m "not e2e" $(PYTEST_ARGS)
	$(BIN)/python -m pytest -m e2e $(PYTEST_ARGS)

# Mutation testing of the modules that hold the rules of the measures (issue 17; README, Mutation testing); not part
# of `make test` or CI. mutmut copies the apps into mutants/, mutates the modules of pyproject's [tool.mutmut] and
# runs the tests that reach each mutant, one process at a time, on the embedded SQLite; then lists the survivors.
# A second run tests only what changed; `rm -rf mutants` starts afresh.
mutation: $(STAMP) messages
	env -u DATABASE_URL -u CELERY_BROKER_URL -u CACHE_URL $(BIN)/mutmut run --max-children 1
	$(BIN)/mutmut results

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Production-like processes (set DATABASE_URL and CELERY_BROKER_URL first).
serve: setup
	DJANGO_SETTINGS_MODULE=config.settings.production $(BIN)/python manage.py collectstatic --noinput -v0
	DJANGO_SETTINGS_MODULE=config.settings.production $(BIN)/gunicorn config.wsgi -b $(HOST):$(PORT) -w 4

# One worker for everything (development); production runs the exports in a worker of their own (docs/operations.md).
worker: $(STAMP)
	$(BIN)/celery -A config worker -l info -Q celery,exports

beat: $(STAMP)
	$(BIN)/celery -A config beat -l info --schedule var/celerybeat-schedule

# The embedded default's database, its files (evidence, exports: var/media) and the collected static files.
clean:
	rm -rf var/portal.sqlite3 var/media var/static

# The national-scale benchmark (issue 9) against the local PostgreSQL and Redis (DB 9); writes bench/results/LATEST.md.
bench: $(STAMP)
	bench/run $(BENCH_ARGS)
