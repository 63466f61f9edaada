# Two commands do everything: `make run` and `make test`. Both install what they need first.
VENV    := .venv
PY      := $(VENV)/bin/python
FLASK   := $(VENV)/bin/flask --app wsgi
PYSTAMP := $(VENV)/.installed
JSSTAMP := node_modules/.installed
PORT    ?= 5000
HOST    ?= 127.0.0.1
export PORT HOST

.PHONY: run test install migrate lint bench bench-small soak clean translations

run: migrate
	@$(PY) -m app.portcheck $(HOST) $(PORT)
	$(PY) wsgi.py

test: install lint
	$(PY) -m pytest

install: $(PYSTAMP) $(JSSTAMP)

$(PY):
	python3 -m venv $(VENV)

$(PYSTAMP): requirements.txt | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(JSSTAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

migrate: install
	$(FLASK) db upgrade

lint: install
	$(VENV)/bin/ruff check .

bench: install
	$(PY) -m bench.run

bench-small: install
	$(PY) -m bench.run --participants 100 --steady-seconds 10

soak: install
	$(PY) -m bench.soak

clean:
	rm -rf $(VENV) node_modules

# Re-extract every catalog (core + each exercise) and merge new messages into the .po files.
translations: install
	$(PY) -m app.i18n_catalogs
