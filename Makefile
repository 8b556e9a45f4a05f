# Two commands do everything on a fresh Debian 12 machine:
#   make run    install what is missing, build (Release), report on data/
#   make test   the same set-up, then every test through ctest
# and, for reliability (tests/bad-inputs/README.md, tests/fuzz/README.md):
#   make test-sanitize   every test under ASan+UBSan, in $(SANITIZE_BUILD)
#   make fuzz            the libFuzzer target for FUZZ_SECONDS (clang-14)
#   make fuzz-smoke      the same for 60 seconds (CI)
#   make format          rewrite C++ files as .clang-format says (format-check: only check)
#   make tidy            clang-tidy with .clang-tidy over src/ (after a build)
BUILD     ?= build
JOBS      ?= $(shell nproc 2>/dev/null || echo 2)
WERROR    ?= OFF
CMAKE_ARGS ?=

SANITIZE_BUILD ?= build-asan
FUZZ_BUILD     ?= build-fuzz
FUZZ_SECONDS   ?= 300

.PHONY: all deps configure build run test golden clean test-sanitize fuzz-build fuzz fuzz-smoke \
	format format-check tidy

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

# The whole suite under AddressSanitizer and UndefinedBehaviorSanitizer; any
# report fails the test (-fno-sanitize-recover=all). Debug info, -O1. A
# smaller quarantine and a higher memory bound for the streaming test: ASan's
# own allocations are not the program's; a longer time bound for the wide
# program's and the memory tests.
test-sanitize: deps
	@cmake -S . -B $(SANITIZE_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" -DACOCALC_SANITIZE=ON \
	  -DACOCALC_WARNINGS_AS_ERRORS=$(WERROR) $(CMAKE_ARGS) >/dev/null
	@cmake --build $(SANITIZE_BUILD) -j $(JOBS)
	@cd $(SANITIZE_BUILD) && \
	  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1:quarantine_size_mb=16 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ACOCALC_E2E_MAX_RSS_MB=192 ACOCALC_E2E_TIME_LIMIT_S=120 \
	  ctest --output-on-failure -j $(JOBS)

# libFuzzer needs clang: the fuzz build is separate from the gcc ones.
fuzz-build: deps
	@CC=clang-14 CXX=clang++-14 cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DACOCALC_FUZZ=ON -DACOCALC_TESTS=OFF >/dev/null
	@cmake --build $(FUZZ_BUILD) -j $(JOBS) --target acocalc_fuzz

# Fuzzes for FUZZ_SECONDS; the corpus grows in $(FUZZ_BUILD)/corpus, a crash
# is saved in $(FUZZ_BUILD)/artifacts/ and fails the target.
fuzz: fuzz-build
	@rm -rf $(FUZZ_BUILD)/seeds && bash tests/fuzz/seed-corpus.sh $(FUZZ_BUILD)/seeds
	@mkdir -p $(FUZZ_BUILD)/corpus $(FUZZ_BUILD)/artifacts
	@$(FUZZ_BUILD)/acocalc_fuzz -max_total_time=$(FUZZ_SECONDS) -max_len=32768 -timeout=10 \
	  -rss_limit_mb=2048 -print_final_stats=1 -dict=tests/fuzz/report.dict \
	  -artifact_prefix=$(FUZZ_BUILD)/artifacts/ $(FUZZ_BUILD)/corpus $(FUZZ_BUILD)/seeds

fuzz-smoke:
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=60

format:
	@bash scripts/check-format.sh --fix

format-check:
	@bash scripts/check-format.sh

tidy: build
	@BUILD=$(BUILD) bash scripts/tidy.sh

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
