# The two quick-start commands: `make site` (build the site from the bundled
# cases) and `make test` (every check, exactly what CI runs). Both set up a
# virtual environment in .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: site test serve chromium

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

site: $(VENV)/.installed
	$(BIN)/wijkwijzer build

serve: $(VENV)/.installed
	$(BIN)/wijkwijzer serve

# Browser tests use Debian's Chromium; never a browser downloaded at run time.
chromium:
	@command -v chromium >/dev/null || { $(SUDO) apt-get update && $(SUDO) apt-get install -y chromium; }

test: $(VENV)/.installed chromium
	$(BIN)/python -m pytest
