# dockyard.swarm — one entry point for the toolchain, the lab and the tests.
#   make test       every check: lint, sanity, unit tests, every Molecule scenario
#   make demo       a local lab swarm running the example stack (make demo-down removes it)
#   make bench      converge and re-run times of site.yml on 3 and 6 nodes, against shell
# Run `make help` for every target.

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV        := $(CURDIR)/.venv
BIN         := $(VENV)/bin
PYTHON      ?= python3
SCENARIO    ?=
STAMP       := $(VENV)/.installed

export PATH := $(BIN):$(PATH)
export ANSIBLE_COLLECTIONS_PATH := $(CURDIR)/.collections
export ANSIBLE_ROLES_PATH := $(CURDIR)/roles
export ANSIBLE_FORCE_COLOR ?= 1
export PY_COLORS ?= 1

say = @printf '\n\033[1m==> %s\033[0m\n' "$(1)"

.PHONY: help
help: ## Show the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(STAMP): requirements-dev.txt
	$(call say,Creating .venv and installing the pinned toolchain from requirements-dev.txt)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/pip install -q --disable-pip-version-check -U pip
	@$(BIN)/pip install -q --disable-pip-version-check -r requirements-dev.txt
	@touch $@

.PHONY: venv
venv: $(STAMP) ## Create .venv with the pinned toolchain

.PHONY: collections
collections: venv ## Install requirements.yml's collections (Galaxy, else PyPI's ansible package)
	$(call say,Making the collections available: requirements.yml and this checkout as dockyard.swarm)
	@scripts/install-collections.sh

.PHONY: engine
engine: ## Make sure a Docker engine answers (installs and starts one on Debian as root)
	$(call say,Checking for a Docker engine)
	@scripts/ensure-engine.sh

.PHONY: images
images: engine ## Build the lab node images (Debian 11/12/13) and the busybox test image
	$(call say,Building or reusing the lab images)
	@scripts/build-lab-images.sh

.PHONY: lint
lint: collections ## ansible-lint (production profile) and yamllint
	$(call say,ansible-lint: production profile)
	@ansible-lint

.PHONY: sanity
sanity: collections ## ansible-test sanity on the collection
	$(call say,ansible-test sanity)
	@scripts/sanity.sh

.PHONY: unit
unit: collections ## pytest unit tests (pure logic; they import the collection from .collections)
	$(call say,Unit tests)
	@pytest -q tests/unit

.PHONY: molecule
molecule: collections images ## Every Molecule scenario, or one: make molecule SCENARIO=engine
	$(call say,Molecule: $(or $(SCENARIO),every scenario))
	@scripts/molecule.sh $(SCENARIO)

.PHONY: build
build: collections ## Build the collection tarball, install it into an empty folder, check it
	$(call say,Building the collection tarball and installing it into an empty folder)
	@scripts/check-build.sh

.PHONY: test-ee
test-ee: venv ## ansible-builder create on an execution environment naming this collection carries its requirements
	$(call say,Execution environment: the build context carries the collection's requirements)
	@pytest -q tests/ee

.PHONY: test-consumer
test-consumer: collections images ## Install the collection from git like another repository and run its roles on a one-node lab
	$(call say,A consumer repository: requirements.yml from git and dependencies from PyPI; its playbook on a lab node)
	@tests/consumer/run.sh

.PHONY: test
test: lint docs-lint sanity unit build test-ee molecule test-demo test-consumer ## Every check
	$(call say,All checks passed)

BENCH_STAMP := $(VENV)/.bench-installed

$(BENCH_STAMP): bench/requirements.txt $(STAMP)
	$(call say,Installing what the benchmark needs (bench/requirements.txt))
	@$(BIN)/pip install -q --disable-pip-version-check -r bench/requirements.txt
	@touch $@

BENCH_NODES ?= 3 6
BENCH_RUNS  ?= 3

.PHONY: bench
bench: collections images $(BENCH_STAMP) ## Time site.yml cold and re-run on fresh 3- and 6-node labs, against a shell reference
	$(call say,Benchmark: site.yml on fresh labs of $(BENCH_NODES) nodes ($(BENCH_RUNS) runs each) against bench/reference.sh)
	@BENCH_NODES="$(BENCH_NODES)" BENCH_RUNS="$(BENCH_RUNS)" $(BIN)/python bench/bench.py

.PHONY: docs
docs: venv ## Rewrite the READMEs' variable tables from meta/argument_specs.yml
	$(call say,Rewriting the variable tables from meta/argument_specs.yml)
	@$(BIN)/python scripts/role-docs.py

DOCS_STAMP := $(VENV)/.docs-installed

$(DOCS_STAMP): docs/site/requirements.txt $(STAMP)
	$(call say,Installing what the documentation site needs (docs/site/requirements.txt))
	@$(BIN)/pip install -q --disable-pip-version-check -r docs/site/requirements.txt
	@touch $@

.PHONY: docs-lint
docs-lint: collections ## antsibull-docs lint-collection-docs: plugin and role docs and their references
	$(call say,Linting the collection's documentation)
	@scripts/docs-site.sh --lint

.PHONY: docs-site
docs-site: collections $(DOCS_STAMP) ## The collection's documentation as an HTML site in .cache/docs-site/html
	$(call say,Building the documentation site with antsibull-docs and Sphinx)
	@scripts/docs-site.sh

.PHONY: demo
demo: collections images ## A local 3-node lab swarm running the example stack (over SSH)
	$(call say,make demo: a lab swarm running the example stack)
	@scripts/demo.sh

.PHONY: demo-down
demo-down: ## Remove the demo lab (its containers, volumes and network), nothing else
	$(call say,Removing the demo lab)
	@scripts/lab.sh down

.PHONY: test-demo
test-demo: collections images ## The README's demo end to end: make demo twice, node maintenance, demo-down
	$(call say,The demo end to end)
	@tests/demo/run.sh
