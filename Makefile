# hooksig: `make test` runs every check; each target installs what it needs.
PYTHON ?= python3
CARGO ?= cargo
VENV := .venv
VENV_PY := $(VENV)/bin/python

.PHONY: test lint test-rust vectors sdk-check python-dev test-python python-package-check

## test: formatting, clippy, rustdoc, the Rust tests (unit, vectors, properties, doctests), the
## vector files' freshness, the official-SDK cross-check, and the Python package (vectors, API,
## adapters under real servers, SDK differential, stubs, README examples, wheel and sdist installs)
test: lint test-rust vectors sdk-check test-python python-package-check

lint:
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --workspace --no-deps --locked --quiet

test-rust:
	$(CARGO) test --workspace --locked

## vectors: the committed JSON is exactly what tests/vectors/generate.py writes
vectors:
	$(PYTHON) tests/vectors/generate.py --check

## sdk-check: every vector against the official Python SDKs (venvs under tests/sdk/)
sdk-check:
	$(PYTHON) tests/sdk/crosscheck.py

# The dev venv, rebuilt when the pinned requirements change.
$(VENV)/.requirements: tests/python/requirements.txt
	test -x $(VENV_PY) || $(PYTHON) -m venv $(VENV)
	$(VENV_PY) -m pip install --quiet --upgrade pip
	$(VENV_PY) -m pip install --quiet -r tests/python/requirements.txt
	cp tests/python/requirements.txt $@

## python-dev: build the extension into the dev venv (editable)
python-dev: $(VENV)/.requirements
	rm -f bindings-python/python/hooksig/*.so  # a stale build would shadow the new one
	VIRTUAL_ENV=$(CURDIR)/$(VENV) $(VENV)/bin/maturin develop --release --locked --quiet

## test-python: the pytest suite, mypy (strict) and stubtest against the built module
test-python: python-dev
	$(VENV_PY) -m pytest -q -p no:cacheprovider tests/python
	$(VENV_PY) -m mypy
	$(VENV_PY) -m mypy.stubtest hooksig

## python-package-check: a wheel from `maturin build` and `pip install .` each go into a fresh
## venv, and the README's examples run there against the installed package
python-package-check: $(VENV)/.requirements
	bash tests/python/package_check.sh $(PYTHON) $(VENV)/bin/maturin
