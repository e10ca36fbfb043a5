# Pause Pact: every target creates .venv and installs what it needs on first use, always from
# the lock (uv.lock: exact versions and hashes for every package, every extra, every platform).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
ARGS   ?=
# uv itself lives in its own small venv, installed by pip from hash-pinned wheels.
TOOLS  := .tools
UV     := $(TOOLS)/bin/uv
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON_DOWNLOADS := never
export UV_NO_PROGRESS := 1

.PHONY: run serve test lint typecheck unit package clean lock upgrade

$(UV): tools/uv-requirements.txt
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --require-hashes -r tools/uv-requirements.txt
	touch $(UV)

# --locked: install exactly the lock, and stop if pyproject.toml changed without `make lock`.
$(STAMP): uv.lock pyproject.toml $(UV)
	$(UV) sync --locked --all-extras --python $(PYTHON)
	touch $(STAMP)

## Move versions: `make lock` after editing pyproject.toml (keeps every other pin);
## `make upgrade` to take the newest releases pyproject allows. Both rewrite the Lambda list.
lock: $(UV)
	$(UV) lock --python $(PYTHON)
	$(MAKE) lambda-requirements

upgrade: $(UV)
	$(UV) lock --upgrade --python $(PYTHON)
	$(MAKE) lambda-requirements

.PHONY: lambda-requirements
lambda-requirements: $(STAMP)
	$(BIN)/python -m tools.package lock

## The skill running locally: offline simulator, embedded DynamoDB (moto), no AWS account.
run: $(STAMP)
	$(BIN)/pause-pact run $(ARGS)

## The skill as a web service on 127.0.0.1:5000 (signature verification on).
serve: $(STAMP)
	$(BIN)/pause-pact serve $(ARGS)

## Everything CI checks: lint, types, tests.
test: lint typecheck unit

lint: $(STAMP)
	$(UV) lock --check --python $(PYTHON)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check lambda simulator tests tools bench
	$(BIN)/cfn-lint infra/template.yaml

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest -n auto

## build/: the Lambda zip (reproducible, size + sha256 printed), the skill package, the ASK CLI
## project. SKILL_ENDPOINT=<stack output FunctionArn, or https URL> fills the skill's endpoint.
package: $(STAMP)
	$(BIN)/python -m tools.package --endpoint "$(SKILL_ENDPOINT)"

## How well the offline NLU understands the paraphrase corpus (tests/nlu): accuracy per intent
## and locale, confusions, slot errors, tuning vs held-out, out-of-domain false accepts.
.PHONY: nlu
nlu: $(STAMP)
	$(BIN)/python -m tools.nlu_report $(ARGS)

## The phrase catalogs (lambda/speech/locales/<locale>/LC_MESSAGES/pause_pact.po): check them
## against English, refresh their notes, compile the .mo the skill reads (README "Phrase catalogs").
.PHONY: catalogs
catalogs: $(STAMP)
	$(BIN)/python -m tools.catalogs $(ARGS)

## Speed, cost and robustness figures beside their baselines: a table, and bench/results.json.
.PHONY: bench
bench: $(STAMP)
	$(BIN)/python -m bench $(ARGS)

clean:
	rm -rf $(VENV) $(TOOLS) .pytest_cache .mypy_cache .ruff_cache .hypothesis
