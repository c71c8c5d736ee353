# hooksig: `make test` runs every check; each target installs what it needs.
PYTHON ?= python3
CARGO ?= cargo
VENV := .venv
VENV_PY := $(VENV)/bin/python
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo bench fuzz fuzz-smoke timing memory test lint test-rust vectors lists sdk-check python-dev test-python python-package-check \
	node-dev test-node test-node-versions node-package-check

## demo: the example apps (FastAPI, Flask, Django, Starlette behind the ASGI middleware, an AWS
## Lambda handler fed API Gateway events, Express, Fastify) on 127.0.0.1, each sent genuine,
## tampered, wrong-secret, stale, proxied and unsigned deliveries for every provider; prints
## the table and exits 1 if any answer is wrong; then the `hooksig` command line tool
demo: python-dev node-dev
	$(CARGO) build --release --locked --quiet -p hooksig-cli
	HOOKSIG_CLI=$(CURDIR)/target/release/hooksig $(VENV_PY) scripts/demo.py

## bench: every benchmark against its peers in one run (Rust criterion, the seeds also against
## the engine at BENCH_BASE built in a git worktree under target/bench-base; Python pyperf and
## Node tinybench against the official SDKs; FastAPI and Express under wrk); writes
## docs/benchmarks.md and docs/benchmarks.png. Not part of `make test`: it takes about
## 20 minutes once built, and its figures are not pass/fail.
BENCH_BASE ?= 15c4c05
bench: python-dev node-dev $(VENV)/.bench-requirements
	@command -v wrk >/dev/null || { echo "installing wrk (Debian)"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq wrk >/dev/null; }
	mkdir -p target/bench && rm -f target/bench/*.json
	BENCH_BASE=$(BENCH_BASE) CARGO=$(CARGO) $(VENV_PY) benches/core_bench.py
	$(VENV_PY) benches/python_bench.py --fast --quiet -o target/bench/python.json
	$(VENV_PY) benches/python_sdks.py
	node benches/node_bench.js target/bench/node.json
	$(VENV_PY) benches/e2e.py target/bench/e2e.json
	$(VENV_PY) benches/report.py

$(VENV)/.bench-requirements: benches/requirements.txt $(VENV)/.requirements
	$(VENV_PY) -m pip install --quiet -r benches/requirements.txt
	cp benches/requirements.txt $@

## fuzz: every libFuzzer target (fuzz/) for FUZZ_SECONDS each from a corpus seeded with the
## vectors; prints executions and coverage. Installs cargo-fuzz; uses the nightly toolchain.
FUZZ_SECONDS ?= 60
fuzz:
	bash fuzz/run.sh $(FUZZ_SECONDS)

## fuzz-smoke: the same, 5 s per target (part of `make test`)
fuzz-smoke:
	bash fuzz/run.sh 5

## timing: does verify's time depend on how much of a forged signature is right? (Welch t)
timing:
	$(CARGO) run --release --locked --quiet -p hooksig --example timing 1000000

## memory: a million verify calls through Python and through Node, resident memory before
## and after; then the core's API tests under valgrind's leak checker
memory: python-dev node-dev
	$(VENV_PY) scripts/memory.py
	node --expose-gc scripts/memory.js
	valgrind --quiet --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite --error-exitcode=1 \
		$$($(CARGO) test --locked -p hooksig --test api --no-run 2>&1 | grep -oE 'target/debug/deps/api-[0-9a-f]+' | head -1) --test-threads=1 \
		&& echo "valgrind: no leak, no memory error in the core's API tests"

## test: formatting, clippy, rustdoc, the Rust tests (unit, vectors, properties, doctests, the
## `hooksig` command against a server on 127.0.0.1), the
## vector files' freshness, the official-SDK cross-check, the Python package (vectors, API,
## adapters under real servers, SDK differential, stubs, README examples, wheel and
## `pip install .`) and the Node package (vectors, API, Express under real servers, SDK
## differential, hostile input, types, README examples, the packed tarball in an empty app),
## then `fuzz-smoke` and `demo`
test: lint test-rust vectors lists sdk-check test-python python-package-check test-node test-node-versions node-package-check \
	fuzz-smoke demo

lint:
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --workspace --no-deps --locked --quiet

test-rust:
	$(CARGO) test --workspace --locked

## vectors: the committed JSON is exactly what tests/vectors/generate.py writes
vectors:
	$(PYTHON) tests/vectors/generate.py --check

## lists: every list of providers, schemes and codes (TypeScript unions, stub Literals, the
## README, SECURITY and docs tables) is what scripts/generate_lists.py writes from the registry
lists:
	$(PYTHON) scripts/generate_lists.py --check

## sdk-check: every vector against the official Python and npm SDKs, and their signers against
## the oracle (venvs and node_modules under tests/sdk/, kept until their pins or lock change)
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

# npm packages of the Node suite (the native module is built by node-dev, not by npm's hook).
node_modules/.package-lock.json: package.json package-lock.json
	HOOKSIG_SKIP_BUILD=1 npm ci --no-audit --no-fund --loglevel=error

## node-dev: build the native module (napi build) and check the committed loader is current
node-dev: node_modules/.package-lock.json
	npm run --silent build
	@if [ -d .git ] && ! git diff --quiet -- bindings-node/native.js bindings-node/native.d.ts; then \
		echo "bindings-node/native.js / native.d.ts changed: the Rust API changed; commit the regenerated files"; \
		git --no-pager diff --stat -- bindings-node/native.js bindings-node/native.d.ts; exit 1; fi

## test-node: node's test runner over tests/node, and the .d.ts against a TypeScript user
test-node: node-dev
	npm test --silent
	npm run --silent typecheck

## test-node-versions: the same suite on Node 18 and 22 (the README's claim), npm-packaged Node
## binaries installed once into target/node-versions/
test-node-versions: node-dev
	bash tests/node/versions.sh

## node-package-check: `npm pack`, install the tarball into an empty app, verify there (also on
## Node 18 and 22); then drop the binary and let the install script build it with cargo
node-package-check: node-dev
	bash tests/node/package_check.sh

# --- Prebuilt artifacts (scripts/dist/; the README's "Install" section says what ships) ------
.PHONY: dist dist-test dist-check

## dist: into dist/: the manylinux2014 (glibc 2.17) x86_64 abi3 wheel, the offline sdist (crates
## vendored), the glibc-2.17 linux-x64-gnu npm platform package and the main npm package; then
## the version, ABI (no GLIBC_ symbol above 2.17) and wheel-tag checks. zig and the packaging
## tools are cached in target/dist-cache/ (keyed by scripts/dist/requirements.txt)
dist: node_modules/.package-lock.json
	bash scripts/dist/build.sh

## dist-test (part of `make test`): `make dist`, then the artifacts installed with no cargo or
## rustc on PATH (the wheel into Python 3.11, 3.12, 3.13 venvs; the npm tarballs into an empty
## app; README examples and vectors there), the source fallback without the platform package,
## and the sdist built offline in a fresh venv
dist-test: dist
	bash scripts/dist/install_check.sh
	bash scripts/dist/sdist_check.sh
test: dist-test

## dist-check: the targets rustup cannot build here, through Debian's rustc-web with
## -Zbuild-std: aarch64 manylinux2014 wheel and .node (the .node smoke-tested under
## qemu-aarch64-static with an npm-packaged arm64 Node), x86_64 musllinux wheel and .node, and
## the core alone for wasm32-unknown-unknown. Installs its Debian packages; not part of `make test`
dist-check: dist
	bash scripts/dist/cross.sh
