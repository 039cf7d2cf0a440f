# Two commands: `make run` installs and starts everything, `make test` runs every test.
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := redis-server
TEST_APT_PACKAGES := redis-server postgresql chromium

.PHONY: install install-test run test test-fast lint bench

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@command -v redis-server >/dev/null || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q $(APT_PACKAGES); }
	@[ -x $(BIN)/python ] || python3 -m venv $(VENV)
	$(BIN)/pip install -q -e '.[dev]'
	@touch $@

install-test: install
	@for pkg in $(TEST_APT_PACKAGES); do dpkg -s $$pkg >/dev/null 2>&1 || missing="$$missing $$pkg"; done; \
	  [ -z "$$missing" ] || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q $$missing; }
	@[ -d extension/node_modules ] || (cd extension && npm ci --no-audit --no-fund)
	@[ -d tests/node_modules/axe-core ] || (cd tests && npm ci --no-audit --no-fund)

run: install
	$(BIN)/policywatch db upgrade
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho -f Procfile.dev start

test: install-test
	$(BIN)/ruff check .
	$(BIN)/mypy
	cd extension && npm test && npm run lint
	$(BIN)/pytest -n 2 --dist loadfile

test-fast: install-test  # the inner loop: every test but those that drive Chromium
	$(BIN)/pytest -m "not browser" -q -n 2 --dist loadfile

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: install
	$(BIN)/python bench/extract_quality.py
	$(BIN)/python bench/diff_bench.py
	$(BIN)/python bench/eval_classifier.py
