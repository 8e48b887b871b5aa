# The two commands: `make reproduce` rebuilds everything, `make test` runs the tests.
# Both create .venv from requirements.lock first if it is missing or stale.

# Python 3.11, 3.12 or 3.13: the first of these that runs (3.11 preferred); or PYTHON=/path/to/python3.x
PY_OK  := import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))
ifeq ($(origin PYTHON), undefined)
PYTHON := $(shell for p in python3.11 python3.12 python3.13 python3; do \
            $$p -c '$(PY_OK)' >/dev/null 2>&1 && { command -v $$p; break; }; done)
endif
PY_VER := $(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)
VENV   := .venv
BIN    := $(VENV)/bin
LOCK   := requirements.lock
# The stamp's name carries the hash of the lock, pyproject and the Python version, so a changed
# lock or another Python rebuilds the environment.
STAMP  := $(VENV)/.kz-installed-$(shell (cat $(LOCK) pyproject.toml; echo $(PY_VER)) 2>/dev/null | sha256sum | cut -c1-16)
# uv (pinned with hashes in the lock) installs the lock in seconds; plain pip is the fallback.
UV_REQ := $(VENV)/uv-requirement.txt
PIP    := $(BIN)/python -m pip --quiet --disable-pip-version-check
KERNEL := kzseries

.PHONY: reproduce test test-repeat check lab refresh env kernel envfile lock bench bench-setup screenshot clean-venv help mutate

help:
	@echo "make reproduce   rebuild every notebook, figure, processed file and the HTML site"
	@echo "make test        run the test suite"
	@echo "make test-repeat run the test suite 5 times in a row (REPEAT=N); stops at the first failure"
	@echo "make check       rebuild into a temporary folder and compare with the committed outputs"
	@echo "make lab         open JupyterLab on the project kernel"
	@echo "make refresh     bring in the publishers' latest releases as new rows (ARGS=--dry-run to only show them)"
	@echo "make bench       time full, no-op and incremental rebuilds against the plain way"
	@echo "make bench-setup time a fresh clone's set-up and rebuild (make reproduce)"
	@echo "make lock        regenerate requirements.lock from pyproject.toml (UPGRADE=1 to upgrade)"
	@echo "make mutate      mutation testing of the engine, validation, series rules and cache-key code (mutmut)"

env: $(STAMP)

$(STAMP): $(LOCK) pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.11, 3.12 or 3.13 is required; none found. Set PYTHON=/path/to/python3.x" >&2; exit 1; }
	@$(PYTHON) -c '$(PY_OK)' || { echo "Python 3.11, 3.12 or 3.13 is required ($(PYTHON) is $(PY_VER)); set PYTHON=/path/to/python3.x" >&2; exit 1; }
	@if test -x $(BIN)/python && test "$$($(BIN)/python -c 'import sys; print("%d.%d" % sys.version_info[:2])')" != "$(PY_VER)"; then \
	  echo "$(VENV) uses another Python than $(PYTHON) ($(PY_VER)); recreating it"; rm -rf $(VENV); fi
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@awk '/^uv==/ {p = 1; print; next} p && /^ / {print; next} {p = 0}' $(LOCK) > $(UV_REQ)
	@# uv reads the system's certificates (a proxy with its own CA is common on CI machines); if it cannot
	@# install for any reason, pip installs the same hashed lock.
	@if { test -x $(BIN)/uv || $(PIP) install --require-hashes --no-deps -r $(UV_REQ); } \
	  && echo "installing $(LOCK) with uv" \
	  && $(BIN)/uv pip install --system-certs --quiet --python $(BIN)/python --require-hashes --no-deps -r $(LOCK) \
	  && $(BIN)/uv pip install --system-certs --quiet --python $(BIN)/python --no-deps --no-build-isolation -e . ; \
	then :; else \
	  echo "uv could not install here; installing $(LOCK) with pip"; \
	  $(PIP) install --require-hashes --no-deps -r $(LOCK) \
	  && $(PIP) install --no-deps --no-build-isolation -e . ; \
	fi
	$(BIN)/python -m kzseries.kernel >/dev/null
	@rm -f $(VENV)/.kz-installed-*
	@touch $@

kernel: $(STAMP)

reproduce: $(STAMP)
	$(BIN)/python run_all.py

# Two workers (pytest-xdist); tests that share one browser stay on one worker (--dist loadgroup).
TEST_JOBS ?= 2
test: $(STAMP)
	$(BIN)/ruff check src tests notebooks
	$(BIN)/python -m pytest -n $(TEST_JOBS) --dist loadgroup

# A flaky test shows up only now and then: run the whole suite REPEAT times in a row on the same two workers,
# stopping at the first failure (issue 24: five green runs in a row before a change to the runner is merged).
REPEAT ?= 5
test-repeat: $(STAMP)
	$(BIN)/ruff check src tests notebooks
	@for i in $$(seq $(REPEAT)); do \
	  echo "== make test-repeat: run $$i of $(REPEAT)"; \
	  $(BIN)/python -m pytest -n $(TEST_JOBS) --dist loadgroup -q || { echo "== failed in run $$i of $(REPEAT)"; exit 1; }; \
	done; echo "== make test-repeat: $(REPEAT) runs in a row passed"

# Mutation testing (README, "Mutation testing"): mutmut mutates the functions named here (mutant-name patterns
# over the modules of [tool.mutmut] in pyproject.toml) and runs their fast unit tests against each mutant;
# `mutmut results` lists survivors, `mutmut show NAME` shows one, benchmarks/mutation_score.py gives the score
# (at least 95%). The engine, validation, the cache key (the runner's other code is covered by end-to-end tests,
# which run the package in new processes, out of a mutant's reach) and the series rules: the functions by which
# the measures choose which value counts (release order, restatement, gross/net, bunker/clean, source preference,
# deflators, per capita), vintages and plausibility. Of data.py, the rules a file must pass; its reading and
# checksum plumbing is left out (every test there re-reads the data folder: about 10 s a mutant).
# MUTATE="kzseries.claims.*" runs a subset.
MUTATE ?= "kzseries.claims.*" "kzseries.arith.*" "kzseries.frames.*" "kzseries.params.*" \
  "kzseries.data.x__claim_semantics*" "kzseries.data.x__check_window*" "kzseries.data.x__check_tolerance*" \
  "kzseries.data.x_tolerance_range*" "kzseries.data.x__target_semantics*" "kzseries.data.x__format_errors*" \
  "kzseries.data.x__listed*" "kzseries.data.x__validate*" "kzseries.data.x__raise*" \
  "kzseries.runner.cache.x_cache_key*" "kzseries.runner.cache.x_package_digest*" "kzseries.runner.deps.*" \
  "kzseries.paths.x_processed*" "kzseries.plausibility.*" "kzseries.vintages.*" \
  "kzseries.gdp.x_annual*" "kzseries.gdp.x_combine*" "kzseries.gdp.x_per_capita*" "kzseries.gdp.x_mid_year_from_counts*" \
  "kzseries.gdp.x_chain_volume*" "kzseries.gdp.x_deflator*" \
  "kzseries.housing.x_is_restatement*" "kzseries.housing.x_precision*" "kzseries.housing.x__round_to*" \
  "kzseries.housing.x_order_releases*" "kzseries.housing.x_release_groups*" "kzseries.housing.x__representative*" \
  "kzseries.housing.x_vintages*" "kzseries.housing.x_pick*" "kzseries.housing.x_full_years*" \
  "kzseries.fdi.x_nbk_attributed*" "kzseries.fdi.x_rank_candidates*" "kzseries.fdi.x_pick_per_period*" \
  "kzseries.fdi.x_annual_from_quarters*" "kzseries.fdi.x_annual_series*" \
  "kzseries.grain.x_annual_harvest*" "kzseries.grain.x__preference*" "kzseries.grain.x_select_basis*" \
  "kzseries.grain.x_as_reported*" "kzseries.grain.x_record_series*" \
  "kzseries.minimum_wage.x_pick_source*" "kzseries.minimum_wage.x_inflation_rates*" "kzseries.minimum_wage.x_chain_index*" \
  "kzseries.minimum_wage.x_monthly_in_force*" "kzseries.minimum_wage.x_annual_mean*" "kzseries.minimum_wage.x_annual_series*"
mutate: $(STAMP)
	$(BIN)/mutmut run --max-children $(TEST_JOBS) $(MUTATE)
	$(BIN)/python benchmarks/mutation_score.py $(MUTATE)

check: $(STAMP)
	$(BIN)/python run_all.py --check

# New releases of WDI, IMF WEO and FAOSTAT as new rows of data/raw (README, "Refreshing the data from the
# publishers"); ARGS="--dry-run" shows the changes and the verdicts they move without writing.
refresh: $(STAMP)
	$(BIN)/python -m kzseries.refresh $(ARGS)

lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=notebooks

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_rebuild.py

# Maintainers: after changing the dependencies in pyproject.toml, `make lock` writes a universal
# hashed lock (every platform, Python 3.11-3.13, with markers) and mirrors it into
# environment.yml and binder/requirements.txt. It keeps the current pins unless UPGRADE=1.
lock: $(STAMP)
	$(BIN)/uv pip compile --system-certs pyproject.toml --extra dev --universal --generate-hashes --python-version 3.11 \
	  --custom-compile-command "make lock" $(if $(UPGRADE),--upgrade) --quiet -o $(LOCK)
	$(BIN)/python -m kzseries.envfile

envfile: $(STAMP)
	$(BIN)/python -m kzseries.envfile

bench-setup:
	$(PYTHON) benchmarks/bench_setup.py

clean-venv:
	rm -rf $(VENV)

# Refresh reports/index.png (the README's screenshot) with headless Chromium.
screenshot: $(STAMP)
	KZ_UPDATE_SCREENSHOT=1 $(BIN)/python -m pytest -q tests/test_site.py -k screenshot
