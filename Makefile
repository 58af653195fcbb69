# The two commands: `make run` starts everything with demo data; `make test`
# runs every test. Both install what is missing first (Debian packages, .venv).
# `make run-ha`: two directory providers, Redis and two web workers (docs/ha.md).
.PHONY: run run-ha test setup reset lint format bench messages clean

run: setup
	scripts/run.sh

run-ha: setup
	scripts/run-ha.sh

test: setup
	.venv/bin/pytest -q

setup:
	scripts/setup.sh

# Rebuild the demo directory from scratch (stop `make run` first).
reset:
	rm -rf var/directory
	@echo "var/directory removed; the next 'make run' builds it anew from ldif/."

lint: setup
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

format: setup
	.venv/bin/ruff format .
	.venv/bin/ruff check --fix .

bench: setup
	for b in bench/*.py; do .venv/bin/python $$b || exit 1; done

# After changing user-facing strings: extract them and update the catalogues.
messages: setup
	.venv/bin/python scripts/messages.py

clean:
	rm -rf var .pytest_cache .ruff_cache
