# The two quick-start commands: `make site` (build the site from the bundled
# cases) and `make test` (every check, exactly what CI runs). Both set up a
# virtual environment in .venv first, from the exact versions and hashes in
# requirements.lock, so a fresh machine installs what main was tested with.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# uv resolves the lock; it is only needed by `make lock`, in a venv of its own.
UV_VERSION := 0.13.9
LOCK_TOOLS := .venv-lock

# The tests that need neither a browser nor a whole built site (pytest markers, tests/conftest.py).
FAST_TESTS := -m "not browser and not slow"

.PHONY: site test test-fast test-oldest test-shuffled serve chromium lock upgrade-check

$(VENV)/.installed: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	# The project itself: no dependencies (all came from the lock), no build isolation
	# (setuptools came from the lock too).
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

site: $(VENV)/.installed
	$(BIN)/wijkwijzer build

serve: $(VENV)/.installed
	$(BIN)/wijkwijzer serve

# Browser tests use Debian's Chromium; never a browser downloaded at run time.
chromium:
	@command -v chromium >/dev/null || { $(SUDO) apt-get update && $(SUDO) apt-get install -y chromium; }

# Two workers (pytest-xdist): every test keeps its state (site source, search index,
# check cache) in a temporary folder of its own (tests/conftest.py), so the workers
# never share a source folder, and a developer's own .wijkwijzer/ is never touched.
test: $(VENV)/.installed chromium
	$(BIN)/python -m pytest -n 2
	$(MAKE) test-oldest

# The oldest Python we support is Debian 12's own (3.11.2). The universal lock gives it
# other versions of some packages (pymdown-extensions 12 below 3.11.5), so when the
# default python3 is another release, the fast tests run a second time under Debian's.
OLDEST_PYTHON ?= /usr/bin/python3
OLDEST_VENV := .venv-oldest
test-oldest:
	@if [ ! -x $(OLDEST_PYTHON) ] || [ "$$($(OLDEST_PYTHON) -V)" = "$$($(BIN)/python -V)" ]; then \
		echo "test-oldest: $(OLDEST_PYTHON) is the Python the suite just ran on (or absent); nothing more to run"; \
	else \
		$(MAKE) --no-print-directory $(OLDEST_VENV)/.installed && \
		$(OLDEST_VENV)/bin/python -m pytest $(FAST_TESTS) -n 2 -q -p no:cacheprovider; \
	fi

$(OLDEST_VENV)/.installed: requirements.lock pyproject.toml
	$(OLDEST_PYTHON) -m venv $(OLDEST_VENV)
	$(OLDEST_VENV)/bin/pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	$(OLDEST_VENV)/bin/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

# Everything except the browser and slow tests, on every core: the quick loop while
# you work (pytest-xdist). `make test` runs everything on two workers, as CI does.
test-fast: $(VENV)/.installed
	$(BIN)/python -m pytest $(FAST_TESTS) -n auto

# No test may depend on the order of the tests or on what an earlier one left behind:
# the fast tests RUNS times in a row, each run in a new random order (pytest-randomly;
# each run says its seed, and `-p randomly --randomly-seed=N` reproduces that run).
# Under Debian's own Python: `make test-shuffled SHUFFLE_VENV=$(OLDEST_VENV)`.
RUNS ?= 10
SHUFFLE_VENV ?= $(VENV)
test-shuffled: $(SHUFFLE_VENV)/.installed
	@for run in $$(seq $(RUNS)); do \
		seed=$$(od -An -N4 -tu4 /dev/urandom | tr -d ' '); \
		echo "test-shuffled: run $$run of $(RUNS), --randomly-seed=$$seed"; \
		$(SHUFFLE_VENV)/bin/python -m pytest -p randomly --randomly-seed=$$seed $(FAST_TESTS) -n 2 -q -p no:cacheprovider || exit 1; \
	done

# Regenerate requirements.lock from the ranges in pyproject.toml (newest versions
# they allow, with hashes for every platform). Commit the result.
lock:
	$(PYTHON) -m venv $(LOCK_TOOLS)
	$(LOCK_TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	echo "setuptools>=77" | $(LOCK_TOOLS)/bin/uv pip compile pyproject.toml - \
		--extra test --extra engines --generate-hashes --universal --python-version 3.11 \
		--custom-compile-command "make lock" --quiet -o requirements.lock

# What the weekly job runs: the newest versions the ranges allow, the full suite,
# and a build of the site on ProperDocs (the community continuation of MkDocs 1.x).
# It reports; it blocks nothing.
upgrade-check: chromium
	bash .ci/upgrade-check
