# The two commands of the README: `make run` and `make test`.
# Both set up .venv on first use (llama-cpp-python compiles once per venv).
PYTHON ?= python3.11
VENV := .venv
STAMP := $(VENV)/.installed

.PHONY: run test setup

run: $(STAMP)
	$(VENV)/bin/incabin chat

test: $(STAMP)
	bash scripts/setup_test_system.sh
	$(VENV)/bin/python -m pytest $(PYTEST_ARGS)

setup: $(STAMP)

$(STAMP): pyproject.toml scripts/setup_venv.sh
	PYTHON=$(PYTHON) bash scripts/setup_venv.sh $(VENV)
	touch $(STAMP)
