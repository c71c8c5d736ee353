# hooksig: `make test` runs every check; each target installs what it needs.
PYTHON ?= python3
CARGO ?= cargo

.PHONY: test lint test-rust vectors sdk-check

## test: formatting, clippy, rustdoc, the Rust tests (unit, vectors, properties, doctests), the
## vector files' freshness and the official-SDK cross-check
test: lint test-rust vectors sdk-check

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
