# crylog: `make run` to start it, `make test` to check it. Both install what they need first.
SHELL := /bin/bash
.DEFAULT_GOAL := help
.PHONY: help install browser run test test-fast test-postgres lint fix migrate clean npm messages makemessages

HOST ?= 127.0.0.1
PORT ?= 8000
# The address reminders and calendar events link to. honcho gives each process of the Procfile
# its own PORT (web PORT, worker PORT + 100, sweep PORT + 200), so it is decided here, once,
# and every process gets the same one. A host that listens everywhere is reached on loopback.
SITE_HOST = $(if $(filter 0.0.0.0,$(HOST)),127.0.0.1,$(if $(filter [::],$(HOST)),[::1],$(HOST)))
SITE_URL ?= http://$(SITE_HOST):$(PORT)
# Files made for development only, kept out of git: the Web Push keys.
LOCAL_DIR ?= .local
# Development Web Push keys, unless VAPID_PRIVATE_KEY is set already; honcho hands them to
# every process (after .env, which it reads by default).
DEV_KEYS = $(if $(VAPID_PRIVATE_KEY),,$(LOCAL_DIR)/vapid.env)
comma := ,
RUN_ENV_FILES = .env$(if $(DEV_KEYS),$(comma)$(DEV_KEYS))
VENV := .venv
PY := $(VENV)/bin/python

# A Python >= 3.12: PATH first, then pyenv's installed versions; empty if there is none,
# and then uv fetches one (which needs a network that reaches python.org's builds).
FIND_PYTHON = for p in python3.13 python3.12 python3 python; do \
    c=$$(command -v $$p 2>/dev/null) || continue; \
    $$c -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$c; exit 0; }; \
  done; \
  root=$$(pyenv root 2>/dev/null || echo $$HOME/.pyenv); \
  for c in $$(ls -d $$root/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV); do \
    $$c -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$c; exit 0; }; \
  done; true
PYTHON ?= $(shell $(FIND_PYTHON))

# uv from PATH, else a private copy installed with any Python's pip into .tools/.
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)

help:
	@echo "make run   install, migrate, start the web server and the follow-up worker"
	@echo "make test  install, lint, check migrations, run every test (browser tests too)"
	@echo "make test-fast  every test but the browser and slow ones, on every core"

.tools/bin/uv:
	@echo "Installing uv into .tools/"
	@boot=$$(command -v python3 || command -v python); $$boot -m venv .tools && .tools/bin/pip install --quiet uv

$(VENV)/.synced: pyproject.toml uv.lock | $(UV)
	@if [ -n "$(PYTHON)" ]; then echo "Using $(PYTHON)"; else echo "No Python 3.12+ found; uv will fetch one"; fi
	$(UV) sync --frozen $(if $(PYTHON),--python $(PYTHON),--python 3.12)
	@touch $@

install: $(VENV)/.synced npm messages

# The translations: each catalogue (locale/*/LC_MESSAGES/django.po and djangojs.po, the words
# of our scripts, and allauth's words in sentence case) compiled to the .mo file Django reads;
# git keeps only the .po files.
# msgfmt is GNU gettext's: Debian's when we can install it.
messages: $(VENV)/.synced
	@if command -v msgfmt >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian's gettext for the translations"; \
	  apt-get -o DPkg::Lock::Timeout=600 update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq gettext >/dev/null; \
	else echo "Compiling the translations needs GNU gettext's msgfmt: install gettext (Debian: apt-get install gettext); until then crylog shows its English source words, and allauth's in Title Case"; fi
	@if command -v msgfmt >/dev/null; then \
	  DEBUG=1 $(PY) manage.py compilemessages -v0 -i .venv -i .tools -i node_modules -i staticfiles; fi

# After changing words in the code, templates or scripts: bring every catalogue in locale/
# (django.po and djangojs.po) in step with them (crylog/pages/management/commands/makemessages.py
# says how), then compile.
makemessages: $(VENV)/.synced
	DEBUG=1 $(PY) manage.py makemessages --all
	@$(MAKE) --no-print-directory messages

# Front-end files we serve ourselves (plotly.js's partial bundle), pinned by package-lock.json;
# npm ci then runs tools/plotly_bundle.mjs (postinstall), which writes the copy we serve.
npm: node_modules/.installed

node_modules/.installed: package.json package-lock.json tools/plotly_bundle.mjs
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# Browser tests drive Debian's Chromium when we can install it, else Playwright's own build.
# WebKit (every iPhone's engine) is Debian's WebKitGTK: its WebDriver and MiniBrowser, on Xvfb.
browser: install
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else $(PY) -m playwright install chromium; fi
	@if [ -x /usr/bin/WebKitWebDriver ] && command -v Xvfb >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian's webkit2gtk-driver and xvfb for the WebKit tests"; \
	  apt-get -o DPkg::Lock::Timeout=600 update -qq && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq webkit2gtk-driver xvfb >/dev/null; \
	else echo "WebKit tests need webkit2gtk-driver and xvfb: run 'make browser' as root, or install them"; fi
	@# WebKit asks pages for the language of a locale the tests make from glibc's definitions.
	@if [ -f /usr/share/i18n/locales/de_DE ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian's locales (locale definitions) for the WebKit tests in German and Spanish"; \
	  apt-get -o DPkg::Lock::Timeout=600 update -qq && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq locales >/dev/null; \
	else echo "WebKit tests in German and Spanish need Debian's locales package"; fi
	@# The deployment test trusts Caddy's root in an NSS database made with certutil.
	@if command -v certutil >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing libnss3-tools (certutil) for the deployment test"; \
	  apt-get -o DPkg::Lock::Timeout=600 update -qq && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq libnss3-tools >/dev/null; \
	else echo "certutil is missing: install libnss3-tools for tests/deploy/test_stack.py"; fi

migrate: install
	DEBUG=1 $(PY) manage.py migrate --no-input

run: install migrate $(DEV_KEYS)
	@echo ""
	@echo "  crylog is starting at $(SITE_URL)/  (Ctrl-C stops the server and the worker)"
	@echo ""
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" DEBUG=1 HOST=$(HOST) PORT=$(PORT) SITE_URL=$(SITE_URL) \
	  $(VENV)/bin/honcho start -f Procfile -e $(RUN_ENV_FILES)

# Development VAPID keys for Web Push, made once into an ignored file that every process of
# `make run` reads (and settings too, for a command run by hand with DEBUG on).
$(LOCAL_DIR)/vapid.env: | install
	@mkdir -p $(LOCAL_DIR)
	@DEBUG=1 $(PY) manage.py vapid_keys > $@.tmp && mv $@.tmp $@
	@echo "Wrote development Web Push keys to $@"

lint: install lint-js
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

fix: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Our own scripts (biome.json): Biome checks them and changes nothing (`npx biome check --write`
# fixes them); the logic of the offline queue has tests of its own in Node (tests/js/).
.PHONY: lint-js test-js
lint-js: npm
	npx --no-install biome check
test-js: npm
	node --test tests/js/

test: install browser lint-js test-js
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DEBUG=1 $(VENV)/bin/mypy crylog
	DEBUG=1 $(VENV)/bin/mypy tests
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	DEBUG=1 $(PY) -m pytest $(PYTEST_ARGS)

# The inner loop: everything but the browser and slow tests, spread over the cores
# (pytest-xdist); see docs/testing.md.
test-fast: install
	DEBUG=1 $(PY) -m pytest -m "not browser and not slow" -n auto $(PYTEST_ARGS)

# The same suite against PostgreSQL, in a throwaway database.
PG_URL ?= postgresql://postgres@127.0.0.1:5432
test-postgres: install browser
	@db=crylog_test_$$$$; \
	DEBUG=1 DATABASE_URL=$(PG_URL)/$$db $(PY) -m pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) .tools staticfiles .pytest_cache .ruff_cache .mypy_cache node_modules

# The Nu HTML Checker (npm's vnu-jar, run by tests/pages/test_valid_html.py) needs Java 17+:
# Debian's when we can install it.
.PHONY: java
java:
	@if command -v java >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Java for the HTML checker"; \
	  apt-get -o DPkg::Lock::Timeout=600 update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq default-jre-headless >/dev/null; \
	else echo "The HTML checker needs Java 17+: install it, or the page checks fail"; fi
test test-fast test-postgres: java
