# Doléances — the two commands a newcomer needs:
#   make run    serve the app with demo data on http://127.0.0.1:8000 (SQLite in ./var)
#   make test   install the dev dependencies and run the whole suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-dev system-deps lint format messages compilemessages docs clean

run: install
	$(BIN)/doleances migrate --noinput -v0
	$(BIN)/doleances demo --if-empty
	$(BIN)/doleances serve --host $(HOST) --port $(PORT)

test: install-dev system-deps
	$(BIN)/python -m pytest

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: $(BIN)/python requirements/main.txt pyproject.toml
	$(BIN)/pip install -q -r requirements/main.txt
	$(BIN)/pip install -q --no-deps -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements/dev.txt
	$(BIN)/pip install -q -r requirements/dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# Debian packages the real-component tests need (Chromium for the browser tests, Dovecot
# for inbound mail, nginx for the TLS proxy test). Skipped when they are already there.
system-deps:
	@bash scripts/install-system-deps.sh

# mypy's Django plugin imports the settings: their data folder (generated keys) goes to mypy's cache.
lint: install-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/lint-imports
	DOLEANCES_DATA_DIR=.mypy_cache/doleances-data $(BIN)/mypy

format: install-dev
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

# Refresh the catalogues after changing UI strings, then translate the French one.
messages: install-dev
	cd src/doleances && ../../$(BIN)/doleances makemessages -l fr --no-obsolete --add-location file
compilemessages: install-dev
	cd src/doleances && ../../$(BIN)/doleances compilemessages

# Re-pin the dependency locks from pyproject.toml.
lock:
	$(BIN)/pip install -q uv
	$(BIN)/uv pip compile pyproject.toml --python-version 3.11 -q -o requirements/main.txt
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 -q -o requirements/dev.txt

clean:
	rm -rf $(VENV) var
