# Two commands do everything on a fresh Debian 12 machine:
#   make run    install what is missing, build (Release), report on data/
#   make test   the same set-up, then every test through ctest
BUILD     ?= build
JOBS      ?= $(shell nproc 2>/dev/null || echo 2)
WERROR    ?= OFF
CMAKE_ARGS ?=

.PHONY: all deps configure build run test golden clean

all: build

deps:
	@bash scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release \
	  -DACOCALC_WARNINGS_AS_ERRORS=$(WERROR) $(CMAKE_ARGS) >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

run: build
	@./$(BUILD)/acocalc report data/*.json

test: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# Rewrites tests/golden/ from the current binary: review the diff like code.
golden: build
	@ACOCALC=$(BUILD)/acocalc ACOCALC_ROOT=$(CURDIR) bash tests/golden/run.sh --regenerate

clean:
	rm -rf $(BUILD)

# Benchmarks (tests/bench/README.md), in their own Release build directory.
# make bench        generates 1k, 100k and 1M programs (cached in
#                   build-bench/bench-cache), checks the jq and Python peers
#                   against acocalc, times everything, writes
#                   tests/bench/results/latest.md; takes about an hour
# make bench-smoke  200 programs, a few seconds, fails if the peers disagree
# make bench-profile  callgrind/perf profile into tests/bench/results/profile.md
BENCH_BUILD ?= build-bench
BENCH_ARGS  ?=

.PHONY: bench bench-smoke bench-build bench-profile

bench-build:
	@cmake -S . -B $(BENCH_BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(BENCH_BUILD) -j $(JOBS) --target acocalc

bench:
	@bash scripts/install-deps.sh
	@bash tests/bench/install-tools.sh
	@$(MAKE) --no-print-directory bench-build
	@python3 tests/bench/run.py --acocalc $(BENCH_BUILD)/acocalc \
	  --cache $(BENCH_BUILD)/bench-cache $(BENCH_ARGS)

bench-smoke:
	@bash scripts/install-deps.sh
	@bash tests/bench/install-tools.sh --smoke
	@$(MAKE) --no-print-directory bench-build
	@python3 tests/bench/run.py --acocalc $(BENCH_BUILD)/acocalc --smoke --sizes 200 --runs 3 \
	  --peer-runs 3 --cache $(BENCH_BUILD)/bench-cache --out $(BENCH_BUILD)/bench-smoke.md

bench-profile:
	@bash tests/bench/install-tools.sh
	@cmake -S . -B $(BENCH_BUILD)/prof -DCMAKE_BUILD_TYPE=Release \
	  "-DCMAKE_CXX_FLAGS=-g -fno-omit-frame-pointer" >/dev/null
	@cmake --build $(BENCH_BUILD)/prof -j $(JOBS) --target acocalc
	@bash tests/bench/profile.sh $(BENCH_BUILD)/prof/acocalc
