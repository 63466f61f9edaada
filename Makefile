# Two commands do everything: `make run` and `make test`. Both install what they need first,
# and are quick the second time (each step is skipped while its inputs are unchanged).
#   make run   the runtime only (requirements.txt; + requirements-scale.txt when DATABASE_URL is
#              PostgreSQL, REDIS_URL is set or ASYNC_MODE=gevent), catalogs, port check, migrate, serve
#   make test  runtime + scale-out + tools (requirements-dev.txt), catalogs, ruff, pytest
# Every version, direct or not, comes from constraints.txt (`make lock` regenerates it).
VENV    := .venv
PY      := $(VENV)/bin/python
PIP     := $(PY) -m pip --disable-pip-version-check
FLASK   := $(VENV)/bin/flask --app wsgi
LOCK    := constraints.txt
PORT    ?= 5000
HOST    ?= 127.0.0.1
export PORT HOST

PIPSTAMP   := $(VENV)/.pip-upgraded
RUNSTAMP   := $(VENV)/.installed-run
SCALESTAMP := $(VENV)/.installed-scale
DEVSTAMP   := $(VENV)/.installed-dev
JSSTAMP    := node_modules/.installed
NEEDS_SCALE := $(or $(findstring postgres,$(DATABASE_URL)),$(REDIS_URL),$(filter gevent,$(ASYNC_MODE)))
RUN_STAMPS  := $(RUNSTAMP) $(if $(NEEDS_SCALE),$(SCALESTAMP))

# Translation catalogs are compiled here, at install time, so the server never writes into the
# code tree (which may be read-only); see app/i18n.py.
PO_FILES := $(wildcard app/translations/*/LC_MESSAGES/messages.po plugins/*/translations/*/LC_MESSAGES/messages.po)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: run test install install-dev catalogs migrate lint lock bench bench-small soak clean translations

run: install
	@$(PY) -m app.portcheck $(HOST) $(PORT)
	$(FLASK) db upgrade
	$(PY) wsgi.py

# -X faulthandler: should the interpreter ever crash (it once did at exit), print every thread's stack.
test: install-dev lint
	$(PY) -X faulthandler -m pytest

install: $(RUN_STAMPS) $(JSSTAMP) catalogs

install-dev: $(RUNSTAMP) $(SCALESTAMP) $(DEVSTAMP) $(JSSTAMP) catalogs

catalogs: $(MO_FILES)

%.mo: %.po | $(RUNSTAMP)
	$(PY) -m app.i18n_catalogs --compile $<

# A stamp is written only when its step succeeded, so an interrupted install resumes where it failed.
.DELETE_ON_ERROR:

# The venv gets the pip version of the lock first (Debian's bundled pip may be older).
$(PIPSTAMP): $(LOCK)
	test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip -c $(LOCK)
	@touch $@

$(RUNSTAMP): requirements.txt $(LOCK) $(PIPSTAMP)
	$(PIP) install --quiet -r requirements.txt -c $(LOCK)
	@touch $@

$(SCALESTAMP): requirements-scale.txt $(LOCK) $(PIPSTAMP)
	$(PIP) install --quiet -r requirements-scale.txt -c $(LOCK)
	@touch $@

$(DEVSTAMP): requirements-dev.txt requirements.txt requirements-scale.txt $(LOCK) $(PIPSTAMP)
	$(PIP) install --quiet -r requirements-dev.txt -c $(LOCK)
	@touch $@

$(JSSTAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

migrate: install
	$(FLASK) db upgrade

lint: install-dev
	$(VENV)/bin/ruff check .

# Re-pin the whole tree: the newest versions the requirements files allow, resolved in a clean venv.
# Run it on the oldest Python we support (Debian 12's 3.11.2): pip freeze only sees what this
# Python needs, and older ones need more (redis wants async-timeout below 3.11.3).
lock:
	rm -rf .lock-venv
	python3 -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	.lock-venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	{ echo "# Every distribution of requirements*.txt and their dependencies, pinned: \`make lock\` writes"; \
	  echo "# this file from a clean venv (\`pip freeze\`), make installs with \`-c $(LOCK)\`."; \
	  echo "# Made with Python $$(.lock-venv/bin/python -c 'import platform; print(platform.python_version())')."; \
	  .lock-venv/bin/python -m pip freeze --all --exclude setuptools --exclude wheel; } > $(LOCK)
	rm -rf .lock-venv

bench: install-dev
	$(PY) -m bench.run

bench-small: install-dev
	$(PY) -m bench.run --participants 100 --steady-seconds 10

soak: install-dev
	$(PY) -m bench.soak

clean:
	rm -rf $(VENV) node_modules

# Re-extract every catalog (core + each exercise) and merge new messages into the .po files.
translations: install
	$(PY) -m app.i18n_catalogs
