# briefbot: `make run` sets everything up and starts the API and the UI; `make test` runs the suite.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export HF_HUB_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: setup models index run serve ui test test-fast lint format browser eval bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check torch==2.13.0
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[build,dev,llm]'
	touch $(STAMP)

setup: $(STAMP)  ## virtual environment with torch 2.13.0 first, then briefbot and its extras

models: setup  ## build the offline models the configured embedders need (no network)
	$(BIN)/briefbot models

index: models  ## index corpus/ unless an index already exists
	$(BIN)/briefbot ingest --if-empty

run: index  ## start the API (:8000) and the UI (:8501); Ctrl-C stops both
	$(BIN)/briefbot run

serve: index
	$(BIN)/briefbot serve

ui: index
	$(BIN)/briefbot ui

browser:  ## Debian's chromium (UI browser test) and DejaVu fonts (PDF briefs)
	@{ command -v chromium >/dev/null 2>&1 && [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; } || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; }

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: setup models browser lint  ## the whole suite, as CI runs it
	@$(BIN)/pytest; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: that is a failure" >&2; exit 1; fi; \
	exit $$rc

test-fast: setup
	$(BIN)/pytest -m "not slow and not e2e"

eval: index
	$(BIN)/briefbot eval

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache
