# The quickstart is two commands: `make grade` and `make test`. Each creates .venv on first use.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.deepgrade-installed
DG := $(PY) -m deepgrade
WEEK ?= 1
DIR ?= .

.PHONY: grade test test-fast check release validate stubgen report publish bench fixtures clean venv

venv: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@echo "Installing deepgrade and its dependencies into $(VENV) (first run takes a few minutes)..."
	@$(PY) -m pip install -q -e . > $(VENV)/pip.log 2>&1 || { cat $(VENV)/pip.log; exit 1; }
	@touch $(STAMP)

grade: $(STAMP)
	$(DG) grade $(ARGS)

report: $(STAMP)
	$(DG) report $(ARGS)

publish: $(STAMP)
	$(DG) publish $(ARGS)

test: $(STAMP)
	$(PY) -m pytest $(ARGS)

# The edit-test loop: the engine-free tests (layers, messages, rules, collect, config, reports,
# overrides, comparisons), about 20 s; `make test` stays the whole suite (CI runs that).
FAST_TESTS := tests/test_layers.py tests/test_messages.py tests/test_names.py tests/rules tests/collect \
	tests/config tests/reports tests/similarity/test_similarity_page.py tests/grading/test_compare.py \
	tests/grading/test_loader_scoring.py tests/grading/test_explanations.py tests/pipeline/test_override_effects.py \
	tests/pipeline/test_overrides.py

test-fast: $(STAMP)
	$(PY) -m pytest -m "not slow" $(FAST_TESTS) $(ARGS)

check: $(STAMP)
	$(DG) check $(WEEK) $(DIR)

release: $(STAMP)
	$(DG) release $(WEEK)

validate: $(STAMP)
	$(DG) validate

stubgen: $(STAMP)
	$(DG) stubgen

bench: $(STAMP)
	$(PY) bench/run.py $(ARGS)

# Data files made by code and shipped in the repository (their sha256 is in assignment.yml):
# rebuilt bit-identically; a changed digest means the build (or torch) changed.
fixtures: $(STAMP)
	$(PY) -m deepgrade.fixtures.shapes assignments/week06/data/shapes/backbone.pt

clean:
	rm -rf export .deepgrade bench/results
