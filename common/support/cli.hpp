// support/cli.hpp — what every chapter's command line shares.
//
// Each chapter builds a CLI::App (CLI11) with its own flags, adds the shared ones with
// add_model_option(), and hands its body to run_chapter(), which:
//   * first makes sure OpenBLAS uses fast kernels for this CPU (support/blas_kernels.hpp);
//   * parses the flags: --help prints usage (exit 0); an unknown or malformed flag is
//     one line on stderr and exit 2;
//   * under `ulimit -v`, has OpenBLAS take its work buffers before anything else, and
//     turns running out of memory into one line too (support/memory_limit.hpp);
//   * runs the body with std::cout buffered, so that a failure half-way prints nothing
//     half-written: only the one-line error (exit 1);
//   * then writes the buffer to stdout and checks that every byte got there: a full disk
//     (`> /dev/full`), `ulimit -f`, or a closed pipe with SIGPIPE ignored is one line
//     "cannot write to standard output: <reason>" and exit 1 (--help is checked too).
//     SIGPIPE keeps its default: `ch05_hidden_states | head -c1` ends the program
//     silently, as it does `cat`;
//   * turns gpt2::Error (and any other exception) into that one line.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace gpt2 {

// --model DIR|NAME (see support/model_files.hpp for how it is resolved). Empty means "default".
void add_model_option(CLI::App& app, std::string& model);

// A validator for a flag that takes a whole number in [min, max] (every numeric flag uses one,
// so that a bad value is a malformed flag, exit 2, quoting what was typed):
//   "--width: '-1' is not a whole number >= 1", "--width: '100001' is too large (at most 10000)",
//   "--top-k: '99999999999999999999999' is too large". `what` replaces "a whole number >= min".
CLI::Validator whole_number(std::uint64_t min, std::uint64_t max, std::string what = "");

// The same for a flag that takes a signed whole number in [min, max] (--layer -1, --position -2):
//   "--layer: 'abc' is not a whole number", "--position: '99999999999999999999' is too large
//   (at most 2147483647)", "... is too small (at least -2147483648)". CLI11's own conversion
//   would say "Could not convert: --layer = abc".
CLI::Validator integer(std::int64_t min = std::numeric_limits<int>::min(),
                       std::int64_t max = std::numeric_limits<int>::max());

// The same for a flag that takes any finite number (--scale 0.5, -2, 1e-3): anything strtod does
// not read whole, and inf or nan, is "--scale: 'half' is not a finite number".
CLI::Validator finite_number();

// --top-k K, how many tokens to rank. Anything but a whole number >= 1 ("0", "-3", "ten")
// is a malformed flag: "--top-k: '0' is not a whole number >= 1", exit 2. The upper
// bound is the model's vocabulary, known only once it is loaded: see check_top_k().
CLI::Option* add_top_k_option(CLI::App& app, std::size_t& k, const std::string& description);

// --no-color and --width, for a chapter that draws grids (display/ansi_grid.hpp's terminal_grid_style
// turns them into a GridStyle). --width is a whole number in 1 .. 10000; 0 means "not given".
void add_grid_options(CLI::App& app, bool& no_color, std::size_t& width);

// For a flag that names a file (--html, --csv, --jsonl): an empty value is a malformed flag,
// "--html: '' is not a file name", exit 2 — never quietly taken as "not given".
CLI::Validator file_name();

// The output files named by these flags must be different files: `--html x --csv x` would
// write one and overwrite it with the other. Checked once parsing is complete; a clash is a
// malformed command line (exit 2): "--csv: 'x' is also given to --html; give each output its own
// file". Devices and FIFOs (/dev/null, /dev/stdout) may be shared.
void distinct_output_files(CLI::App& app, std::vector<std::string> flags);

// Throws gpt2::Error "--top-k K is more than the vocabulary's V tokens" when k > vocab_size.
void check_top_k(std::size_t k, std::size_t vocab_size);

// A position given as Python indexes a sequence (negative counts from the end): 0 .. n-1,
// or -n .. -1. Throws gpt2::Error "--position -6 is out of range: the input has 5 tokens
// (0 .. 4, or -5 .. -1)" otherwise (`flag` names the option).
std::size_t python_index(long position, std::size_t n, const std::string& flag = "--position");

// Parse argv into app, as run_chapter does (for a tool that runs its own body): returns -1 when
// the flags are good, else the exit code: 0 after --help, 2 after one line on stderr for an
// unknown or malformed flag (1 when --help could not be written).
int parse_flags(CLI::App& app, int argc, char** argv);

// Parse argv into app, then run body. Returns the process exit code.
int run_chapter(CLI::App& app, int argc, char** argv, const std::function<void()>& body);

}  // namespace gpt2
