# connect-cert: `make certify` certifies the default target (the embedded sandbox), `make test` runs the
# project's own tests. Every target is idempotent: stamp files record what is installed.

SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PIP_STAMP := $(VENV)/.stamp-pip
NPM_STAMP := node_modules/.stamp-npm
CHROMIUM := /usr/bin/chromium
# Debian packages the suites use: the browser, ffmpeg for videos of failed web tests, jq for the README.
SYSTEM_TOOLS := $(CHROMIUM) /usr/bin/ffmpeg /usr/bin/jq
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PORT ?= 8765
ARGS ?=
TEST_WORKERS ?= 2
# Workers of `make certify`: the device suite's iPhone and Pixel run side by side, one worker each.
CERTIFY_WORKERS ?= 2

.PHONY: install certify test lint serve bench clean

install: $(PIP_STAMP) $(SYSTEM_TOOLS) $(if $(wildcard package.json),$(NPM_STAMP))

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(PIP_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# Debian's Chromium for the web suite (Playwright launches /usr/bin/chromium; no browser download).
$(SYSTEM_TOOLS) &:
	$(SUDO) apt-get update
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y --no-install-recommends chromium chromium-driver ffmpeg jq

# npm also brings Appium 3 and its Chromium driver (the device suite's stand-in): APPIUM_HOME is this folder,
# where Appium finds the driver as a local dependency; nothing is downloaded when a run starts it.
$(NPM_STAMP): package.json $(wildcard package-lock.json)
	if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
	APPIUM_HOME=$(CURDIR) node_modules/.bin/appium driver list --installed --json | grep -q '"appium-chromium-driver"' \
	  || { echo "make install: Appium does not see appium-chromium-driver in $(CURDIR)/node_modules" >&2; exit 1; }
	touch $@

certify: install
	$(BIN)/connect-cert certify -n $(CERTIFY_WORKERS) $(ARGS)

# ruff (lint and format) and mypy (strict for the harness) gate the tests.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest tests -n $(TEST_WORKERS) $(ARGS)

# The measurements: each benchmark prints one summary line with a ratio to a baseline measured in the same run.
BENCHMARKS := sandbox_latency contract_throughput certify_wall_time shards_and_workers lint_large_tree partner_failing_vs_passing
bench: install
	set -e; for name in $(BENCHMARKS); do echo "== benchmarks/$$name.py"; $(BIN)/python benchmarks/$$name.py; done

serve: install
	$(BIN)/connect-cert sandbox serve --port $(PORT)

clean:
	rm -rf $(VENV) node_modules
