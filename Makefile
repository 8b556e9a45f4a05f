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
