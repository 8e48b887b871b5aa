# The two commands: `make reproduce` rebuilds everything, `make test` runs the tests.
# Both create .venv from requirements.lock first if it is missing or stale.

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
LOCK   := requirements.lock
# The stamp's name carries the lock's hash, so a changed lock rebuilds the environment.
STAMP  := $(VENV)/.kz-installed-$(shell sha256sum $(LOCK) pyproject.toml 2>/dev/null | sha256sum | cut -c1-16)
KERNEL := kzseries

.PHONY: reproduce test check lab env kernel envfile bench screenshot clean-venv help mutate

help:
	@echo "make reproduce   rebuild every notebook, figure, processed file and the HTML site"
	@echo "make test        run the test suite"
	@echo "make check       rebuild into a temporary folder and compare with the committed outputs"
	@echo "make lab         open JupyterLab on the project kernel"
	@echo "make bench       time full, no-op and incremental rebuilds against the plain way"
	@echo "make mutate      mutation testing of the validation and cache-key code (mutmut)"

env: $(STAMP)

$(STAMP): $(LOCK) pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Python 3.11 is required (found %d.%d); set PYTHON=/path/to/python3.11" % sys.version_info[:2])'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r $(LOCK)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(BIN)/python -m kzseries.kernel >/dev/null
	@rm -f $(VENV)/.kz-installed-*
	@touch $@

kernel: $(STAMP)

reproduce: $(STAMP)
	$(BIN)/python run_all.py

# Two workers (pytest-xdist); tests that share one browser stay on one worker (--dist loadgroup).
TEST_JOBS ?= 2
test: $(STAMP)
	$(BIN)/python -m pytest -n $(TEST_JOBS) --dist loadgroup

# Mutation testing (README, "Mutation testing"): mutmut mutates the functions named here and runs the fast
# unit tests of [tool.mutmut] in pyproject.toml against each mutant; `mutmut results` lists survivors and
# `mutmut show NAME` shows one. Only the cache-key functions of runner.py are mutated (the rest of it is
# covered by the slow end-to-end tests, which are too slow to run once per mutant).
MUTATE ?= "kzseries.params.*" "kzseries.data.*" "kzseries.runner.x_cache_key__*" \
          "kzseries.runner.x_package_digest__*" "kzseries.runner.x_is_up_to_date__*"
mutate: $(STAMP)
	$(BIN)/mutmut run --max-children $(TEST_JOBS) $(MUTATE)
	$(BIN)/mutmut results

check: $(STAMP)
	$(BIN)/python run_all.py --check

lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=notebooks

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_rebuild.py

# Maintainers: regenerate environment.yml after changing requirements.lock.
envfile: $(STAMP)
	$(BIN)/python -m kzseries.envfile

clean-venv:
	rm -rf $(VENV)

# Refresh reports/index.png (the README's screenshot) with headless Chromium.
screenshot: $(STAMP)
	KZ_UPDATE_SCREENSHOT=1 $(BIN)/python -m pytest -q tests/test_site.py -k screenshot
