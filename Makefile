# The two commands a newcomer needs: `make run` and `make test`. Everything else is a helper.
SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

EXAMPLE := frontend_contract/examples/realtime

.PHONY: run test setup chromium example-client lint fmt typecheck check schema messages clean bench

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.synced: uv.lock pyproject.toml | $(UV)
	UV_PROJECT_ENVIRONMENT=$(VENV) $(UV) sync --frozen --python $(PYTHON)
	touch $@

setup: $(VENV)/.synced

run: setup  ## migrate, load the demo, serve over ASGI at http://127.0.0.1:8000
	$(PY) manage.py migrate --noinput
	HOST=$(HOST) PORT=$(PORT) $(PY) manage.py seed_demo
	@echo "Serving: admin http://$(HOST):$(PORT)/admin/  GraphQL http://$(HOST):$(PORT)/graphql/  (Ctrl-C stops)"
	$(PY) manage.py runserver $(HOST):$(PORT)

# The browser tests (tests/browser) drive the admin in Debian's chromium; nothing is downloaded
# by Playwright. Installed here when missing (as root: CI); otherwise say how to install it.
CHROMIUM ?= /usr/bin/chromium

chromium:  ## Debian's chromium for the browser tests, installed if missing
	@if [ -x "$(CHROMIUM)" ]; then \
		echo "chromium: $(CHROMIUM) is installed"; \
	elif [ "$$(id -u)" != 0 ]; then \
		echo "FAIL: the browser tests need $(CHROMIUM), which is missing. Install Debian's chromium as root: apt-get install -y chromium" >&2; \
		exit 1; \
	else \
		echo "chromium: $(CHROMIUM) is missing; installing Debian's chromium: apt-get install -y chromium"; \
		DEBIAN_FRONTEND=noninteractive apt-get install -y chromium || { \
			echo "chromium: the install failed; refreshing the package lists (apt-get update) and trying again"; \
			apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; \
		} || { echo "FAIL: could not install chromium with apt-get" >&2; exit 1; }; \
		[ -x "$(CHROMIUM)" ] || { echo "FAIL: chromium is installed but $(CHROMIUM) is not there" >&2; exit 1; }; \
	fi

# The frontend's example websocket client (graphql-ws), run against the real server by the tests.
$(EXAMPLE)/node_modules/.installed: $(EXAMPLE)/package-lock.json
	npm ci --prefix $(EXAMPLE) --no-audit --no-fund
	touch $@

example-client: $(EXAMPLE)/node_modules/.installed

test: setup chromium example-client  ## the whole suite (the browser tests too), plus the migration and schema checks
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py export_schema --check
	$(PY) -m pytest $(PYTEST_ARGS)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

fmt: setup
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

typecheck: setup
	$(VENV)/bin/mypy cms/*/services.py cms/members/tokens.py cms/members/login_limits.py cms/core/client.py \
		cms/members/importer.py cms/core/files.py \
		cms/core/visibility.py cms/core/editor_rights.py cms/core/publishing.py

check: lint typecheck test

schema: setup  ## regenerate frontend_contract/schema.graphql
	$(PY) manage.py export_schema

messages: setup  ## refresh and compile the Vietnamese translations in locale/vi
	$(PY) manage.py makemessages -l vi --ignore='.venv/*' --ignore='.tools/*' --ignore='var/*'
	$(PY) manage.py compilemessages -l vi --ignore='.venv/*' --ignore='.tools/*'

bench: setup
	$(PY) benchmarks/content_api.py

clean:
	rm -rf $(VENV) $(TOOLS) var
