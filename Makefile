# Two commands on a fresh machine: `make run` and `make test`. Both create and reuse .venv.
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export HOST PORT

.PHONY: run test lint unit schema bench bench-authz bench-subscribers clean

$(BIN)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

run: $(BIN)/.installed
	$(BIN)/caselink migrate
	$(BIN)/caselink seed
	$(BIN)/caselink serve --host $(HOST) --port $(PORT)

# Lint, then the suite on SQLite, then again on PostgreSQL when CASELINK_TEST_DATABASE_URL is set (CI sets it).
test: lint unit

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .

unit: $(BIN)/.installed
	env -u CASELINK_TEST_DATABASE_URL $(BIN)/pytest
	@if [ -n "$$CASELINK_TEST_DATABASE_URL" ]; then \
		echo "--- again on $$CASELINK_TEST_DATABASE_URL"; $(BIN)/pytest; fi

schema: $(BIN)/.installed
	$(BIN)/caselink export-schema

# On PostgreSQL (127.0.0.1:5432): build the scale data set, then load a spawned server at two concurrencies.
bench: $(BIN)/.installed
	$(BIN)/python -m bench.generate
	$(BIN)/python -m bench.read --spawn --concurrency 8 --count-statements
	$(BIN)/python -m bench.read --spawn --concurrency 32

# Access control at scale: 40,000 agencies, 200,000 policy lines (PostgreSQL).
bench-authz: $(BIN)/.installed
	$(BIN)/python -m bench.authz

# Websocket subscribers on one server: 1,000 and 10,000, one event a second (a fresh SQLite database).
bench-subscribers: $(BIN)/.installed
	$(BIN)/python -m bench.subscribers --subscribers 1000 10000 --events 20 --clients 2

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
