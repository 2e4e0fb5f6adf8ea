# A thin front door: everything real happens in CMake (CMakeLists.txt, CMakePresets.json).
#
#   make run                   build and run a chapter (CH=chNN_name, ARGS='--prompt "..."')
#   make test                  build everything and run all tests (ctest)
#   make homework              build and run your homework's tests (ARGS='[ch01]': one chapter)
#   make playground            build and run your own program, playground/main.cpp (ARGS=...)
#   make book                  regenerate the outputs printed in book/*.md
#   make bench                 build and run the benchmarks (scripts/bench-*)
#   make check-sanitize        build with fatal ASan + UBSan in build-debug/ and run all tests
#   make fuzz                  build the fuzz/ harnesses (clang) and run each (FUZZ_SECONDS=60, FUZZ=name)
#   make clean                 remove the build folder
#
# Variables: BUILD (build folder, default build), CH, ARGS, JOBS (default 2).

BUILD ?= build
JOBS  ?= 2
ARGS  ?=
# ARGS reaches the program untouched: make expands nothing in it (`$5`, `$(HOME)` stay as
# typed), and run_with_args splits it into words with xargs — quotes and backslashes as in the
# shell, no `$`, backquote or glob expansion. ARGS that names --model skips distilgpt2.
ARGS_NAME_MODEL = $(filter --model --model=%,$(value ARGS))
WITH_ARGS = run-chapter playground homework
$(WITH_ARGS): export GPT2_RUN_ARGS = $(value ARGS)
$(WITH_ARGS): SHELL = /bin/bash

# $(call run_with_args,PROGRAM [FIRST ARGUMENTS]): run it with the words of ARGS after them.
define run_with_args
@echo '$(strip $(1)) '"$$GPT2_RUN_ARGS"
@printf '%s\n' "$$GPT2_RUN_ARGS" | xargs -r printf '' 2>/dev/null || { \
  echo "make: cannot split ARGS into words (a quote without its pair?): $$GPT2_RUN_ARGS" >&2; exit 2; }; \
mapfile -d '' args < <(printf '%s\n' "$$GPT2_RUN_ARGS" | xargs -r printf '%s\0'); \
exec $(1) "$${args[@]}"
endef
# Default chapter: ch05_hidden_states when it exists, else the highest chapter present.
CH ?= $(or $(if $(wildcard chapters/ch05_hidden_states/main.cpp),ch05_hidden_states),$(lastword $(sort $(notdir $(patsubst %/main.cpp,%,$(wildcard chapters/ch*/main.cpp))))))

CMAKE_BUILD = cmake --build $(BUILD) -j$(JOBS)

# No "Entering directory" noise from the makes that cmake --build runs under us.
MAKEFLAGS += --no-print-directory

.PHONY: all run run-chapter test homework playground book bench fuzz clean deps configure help model check-sanitize

all: configure
	$(CMAKE_BUILD)

help:
	@sed -n '3,12p' Makefile | sed 's/^# \{0,1\}//'

deps:
	@scripts/install-deps

# Configuring every time is cheap (~2 s) and picks up new chapters, tools and tests.
configure: deps
	@mkdir -p $(BUILD)
	@cmake --preset release -B $(BUILD) -S . > $(BUILD)/configure.log 2>&1 \
	  || { cat $(BUILD)/configure.log; exit 1; }

# distilgpt2 is optional: without it (offline), chapters use the bundled teaching model. The
# check is cheap (files, sizes recorded at download, config.json parsed); a broken folder
# gets one line with the repair command, and run-chapter then passes --model teaching.
model:
	@rc=0; msg=$$(scripts/download-model --check distilgpt2 2>&1) || rc=$$?; \
	if [ $$rc -eq 3 ]; then \
	  reason=$$(mktemp); \
	  if ! scripts/download-model --reason-to "$$reason" distilgpt2; then \
	    echo "could not download distilgpt2 ($$(cat "$$reason")); running the bundled teaching model instead"; \
	  fi; \
	  rm -f "$$reason"; \
	elif [ $$rc -ne 0 ]; then \
	  echo "$$msg; running the bundled teaching model instead"; \
	elif [ -n "$$msg" ]; then \
	  echo "$$msg"; \
	fi

run: configure
	@if [ -z "$(CH)" ]; then \
	  echo "make run: no chapter yet (expected chapters/chNN_name/main.cpp)"; exit 1; fi
	@if [ ! -f chapters/$(CH)/main.cpp ]; then \
	  echo "make run: no chapter '$(CH)'; chapters present:" \
	    $$(ls -d chapters/ch*/ 2>/dev/null | xargs -n1 basename 2>/dev/null); exit 1; fi
	$(CMAKE_BUILD) --target $(CH)
	@$(if $(ARGS_NAME_MODEL),,$(MAKE) --no-print-directory model)
	@$(MAKE) --no-print-directory run-chapter

# A separate make, so that MODEL_ARG is worked out after `model` has run: --model teaching when
# distilgpt2's folder is there but broken (and ARGS names no model).
run-chapter: MODEL_ARG = $(if $(ARGS_NAME_MODEL),,$(if $(filter 1,$(shell scripts/download-model --check distilgpt2 >/dev/null 2>&1; echo $$?)),--model teaching))
run-chapter:
	$(call run_with_args,$(BUILD)/bin/$(CH) $(MODEL_ARG))

# ctest runs $(JOBS) tests at once. OpenBLAS's idle worker threads spin (sched_yield) for
# about 0.1 s after each call before they sleep, which takes a core from the other test, and
# most test programs live less than that: OPENBLAS_THREAD_TIMEOUT=4 has them sleep at once.
# Scheduling only: no result depends on it. (Measured: make test's tests 129.7 s -> 121.5 s.)
TEST_ENV = OPENBLAS_THREAD_TIMEOUT=4

test: configure
	$(CMAKE_BUILD)
	$(TEST_ENV) ctest --test-dir $(BUILD) --output-on-failure -j$(JOBS)

# Your own program against the library: edit playground/main.cpp, then make playground.
playground: configure
	$(CMAKE_BUILD) --target playground
	$(call run_with_args,$(BUILD)/bin/playground)

homework: configure
	$(CMAKE_BUILD) --target homework_starters
	$(call run_with_args,$(BUILD)/bin/homework_starters)

# The whole suite under AddressSanitizer + UBSan, both fatal at the first error (the
# `debug` presets in CMakePresets.json set the flags and ASAN_OPTIONS/UBSAN_OPTIONS;
# handle_sigbus=0 leaves SIGBUS to the program, whose handler for truncated model files
# tests/test_mapped_file.cpp checks, as in a normal build).
check-sanitize: deps
	@cmake --preset debug -S . > /dev/null
	cmake --build --preset debug -j$(JOBS)
	$(TEST_ENV) ctest --preset debug -j$(JOBS)

book: configure
	$(CMAKE_BUILD)
	$(BUILD)/bin/book_check --bin-dir $(BUILD)/bin --update book

# Benchmarks: each scripts/bench-* driver (it knows its inputs and comparisons), run with
# BUILD in its environment; without drivers, the bench* tools of $(BUILD)/bin as they are.
bench: configure
	$(CMAKE_BUILD)
	@drivers=$$(ls scripts/bench-* 2>/dev/null); \
	if [ -n "$$drivers" ]; then \
	  for d in $$drivers; do echo "== $$d"; BUILD=$(BUILD) $$d || exit 1; done; exit 0; fi; \
	benches=$$(ls $(BUILD)/bin/bench* 2>/dev/null); \
	if [ -z "$$benches" ]; then echo "make bench: no benchmarks yet (scripts/bench-*, tools/bench*.cpp)"; exit 0; fi; \
	for b in $$benches; do echo "== $$b"; $$b || exit 1; done

# Fuzzing: scripts/fuzz builds build-fuzz/ (clang, ASan + UBSan, libFuzzer) and runs every
# harness of fuzz/ (or FUZZ=name) for FUZZ_SECONDS each on a scratch copy of its seeds;
# exits non-zero on a crash and prints where the input was saved.
FUZZ_SECONDS ?= 60
FUZZ ?=
fuzz:
	@scripts/install-deps --fuzz-extras
	scripts/fuzz --seconds $(FUZZ_SECONDS) --jobs $(JOBS) $(FUZZ)

clean:
	@case "$(BUILD)" in ""|.|./|/|..|../) echo "make clean: refusing to remove '$(BUILD)'"; exit 1;; esac
	rm -rf $(BUILD)
