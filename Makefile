# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PO_FILES := $(wildcard locale/*/LC_MESSAGES/*.po)
MO_FILES := $(PO_FILES:.po=.mo)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install install-test observatory vnu run test lint format messages lock

install: $(VENV)/.installed $(MO_FILES)

install-test: $(VENV)/.installed-test $(MO_FILES) observatory vnu

# Mozilla's HTTP Observatory for tests/test_observatory.py, when Node.js is on the machine (that test is
# skipped without it). Its install scripts would fetch Chromium's HSTS preload list from the internet;
# a loopback host is never on that list, so an empty one stands in.
OBSERVATORY := tests/observatory
observatory:
	@if command -v npm >/dev/null; then $(MAKE) --silent --no-print-directory $(OBSERVATORY)/node_modules/.installed; fi

$(OBSERVATORY)/node_modules/.installed: $(OBSERVATORY)/package-lock.json
	npm ci --prefix $(OBSERVATORY) --ignore-scripts --no-audit --no-fund --loglevel=error
	echo '{}' > $(OBSERVATORY)/node_modules/@mdn/mdn-http-observatory/conf/hsts-preload.json
	touch $@

# The Nu HTML Checker (vnu.jar, run with Java) for tests/test_html_validity.py, when npm is on the machine (that
# test is skipped without it or without Java). Its install script would download a Java runtime from the internet.
VNU := tests/vnu
vnu:
	@if command -v npm >/dev/null; then $(MAKE) --silent --no-print-directory $(VNU)/node_modules/.installed; fi

$(VNU)/node_modules/.installed: $(VNU)/package-lock.json
	npm ci --prefix $(VNU) --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(VENV)/bin/python requirements.txt constraints.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed requirements-test.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

# Compiled with polib (a requirement) so that no system gettext is needed.
%.mo: %.po $(VENV)/.installed
	$(PY) -c "import polib, sys; polib.pofile(sys.argv[1]).save_as_mofile(sys.argv[2])" $< $@

run: install
	$(PY) manage.py migrate --no-input -v 0
	$(PY) manage.py load_demo_content
	$(PY) manage.py ensure_local_admin
	$(PY) manage.py runserver $(HOST):$(PORT)

# Two rounds, each in one process a core (pytest-xdist, a file to a process, each process with a test
# database of its own): the tests without a browser, then the browser tests (they empty their database
# after each test, which would take the data migrations' groups from tests sharing it). PYTEST_ARGS go to both.
test: install-test
	$(PY) -m pytest -m "not browser" --numprocesses auto --dist loadfile $(PYTEST_ARGS)
	$(PY) -m pytest -m browser --numprocesses auto --dist loadfile $(PYTEST_ARGS)

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djhtml --check templates
	$(VENV)/bin/bandit --quiet --recursive coalition home resources --severity-level medium

format: install-test
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djhtml templates

# Interface strings: extract into locale/es/LC_MESSAGES/django.po (needs GNU gettext's xgettext).
messages: install
	$(PY) manage.py makemessages --locale es --ignore ".venv/*" --ignore "tests/*" --ignore "bench/*" --no-obsolete

# Re-pin every package after changing requirements*.txt.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	grep -hv '^-[cr] ' requirements.txt requirements-test.txt > .lock-venv/requirements.txt
	.lock-venv/bin/pip install --quiet -r .lock-venv/requirements.txt
	{ head -n 2 constraints.txt; .lock-venv/bin/pip freeze; } > constraints.new && mv constraints.new constraints.txt
	rm -rf .lock-venv
