# Wederhoor: `make run` (platform with demo data), `make test` (the suite), `make bench` (figures).
# Needs only Python >= 3.11; everything else is installed into .venv from requirements.lock.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test bench lint format messages openapi clean

$(STAMP): requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found %d.%d)" % sys.version_info[:2])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	@touch $@

install: $(STAMP)

run: $(STAMP)
	$(BIN)/python -m devtools.launcher run

test: $(STAMP)
	$(BIN)/python -m devtools.launcher test $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python -m devtools.launcher bench $(BENCH_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	@# The Django plugin reads the test settings; a URL (never connected to) keeps them from starting
	@# the embedded PostgreSQL.
	DATABASE_URL=$${DATABASE_URL:-postgresql://localhost/unused} $(BIN)/mypy .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Needs GNU gettext (msgfmt); the compiled .mo files are committed so `make run` does not.
messages: $(STAMP)
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py makemessages -l nl -l en --ignore=.venv --ignore=var --no-obsolete
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py compilemessages --ignore=.venv

# Regenerate the committed OpenAPI documents (CI compares them with the code).
openapi: $(STAMP)
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py spectacular --lang en --urlconf config.urls_member --file docs/openapi/member.yaml
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py spectacular --lang en --urlconf config.urls_public --file docs/openapi/commission.yaml

clean:
	rm -rf var/broker var/test-media var/celerybeat-schedule*
