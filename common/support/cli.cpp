#include "support/cli.hpp"

#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <limits>
#include <sstream>

#include <unistd.h>

#include "support/blas_kernels.hpp"
#include "support/error.hpp"
#include "support/memory_limit.hpp"
#include "support/model_files.hpp"
#include "support/stdout_stream.hpp"

namespace gpt2 {

void add_model_option(CLI::App& app, std::string& model) {
    app.add_option("--model", model,
                   "model directory in Hugging Face layout, or a short name: " + model_names() +
                       " (default: distilgpt2 if downloaded, else teaching)");
}

CLI::Validator whole_number(std::uint64_t min, std::uint64_t max, std::string what) {
    if (what.empty()) what = "a whole number >= " + std::to_string(min);
    const std::string range = std::to_string(min) + ".." + std::to_string(max);
    return CLI::Validator(
        [min, max, what](std::string& s) -> std::string {
            const std::string typed = "'" + printable_for_message(s, 40) + "'";
            if (s.empty() || s.find_first_not_of("0123456789") != std::string::npos) return typed + " is not " + what;
            errno = 0;
            const unsigned long long v = std::strtoull(s.c_str(), nullptr, 10);
            if (errno == ERANGE || v > max)
                return typed + " is too large" +
                       (max == std::numeric_limits<std::uint64_t>::max() ? "" : " (at most " + std::to_string(max) + ")");
            if (v < min) return typed + " is not " + what;
            return {};
        },
        range);
}

CLI::Validator integer(std::int64_t min, std::int64_t max) {
    return CLI::Validator(
        [min, max](std::string& s) -> std::string {
            const std::string typed = "'" + printable_for_message(s, 40) + "'";
            const std::size_t digits = !s.empty() && (s[0] == '-' || s[0] == '+') ? 1 : 0;
            if (s.size() == digits || s.find_first_not_of("0123456789", digits) != std::string::npos)
                return typed + " is not a whole number";
            errno = 0;
            const long long v = std::strtoll(s.c_str(), nullptr, 10);
            if ((errno == ERANGE && s[0] != '-') || v > max) return typed + " is too large (at most " + std::to_string(max) + ")";
            if (errno == ERANGE || v < min) return typed + " is too small (at least " + std::to_string(min) + ")";
            return {};
        },
        "");  // the help keeps saying INT: the range is the type's
}

CLI::Validator finite_number() {
    return CLI::Validator(
        [](std::string& s) -> std::string {
            char* end = nullptr;
            const double v = std::strtod(s.c_str(), &end);
            if (s.empty() || end != s.c_str() + s.size() || !std::isfinite(v))
                return "'" + printable_for_message(s, 40) + "' is not a finite number";
            return {};
        },
        "NUMBER");
}

CLI::Option* add_top_k_option(CLI::App& app, std::size_t& k, const std::string& description) {
    return app.add_option("--top-k", k, description)
        ->capture_default_str()
        ->check(whole_number(1, std::numeric_limits<std::size_t>::max()).description("1..V"));
}

void add_grid_options(CLI::App& app, bool& no_color, std::size_t& width) {
    app.add_flag("--no-color", no_color, "no colours (also off when stdout is not a terminal, or NO_COLOR is set)");
    app.add_option("--width", width, "terminal columns for the grids (default: COLUMNS or the terminal's, else 100)")
        ->check(whole_number(1, 10000));
}

CLI::Validator file_name() {
    return CLI::Validator([](std::string& s) -> std::string { return s.empty() ? "'' is not a file name" : ""; },
                          "FILE");
}

void distinct_output_files(CLI::App& app, std::vector<std::string> flags) {
    app.parse_complete_callback([&app, flags] {
        namespace fs = std::filesystem;
        std::vector<std::pair<std::string, fs::path>> seen;  // flag, where it writes
        for (const std::string& flag : flags) {
            const CLI::Option* opt = app.get_option(flag);
            if (!opt->count() || opt->as<std::string>().empty()) continue;
            const std::string given = opt->as<std::string>();
            std::error_code ec;
            fs::path where = fs::weakly_canonical(fs::absolute(given, ec), ec);  // ./a.csv and a.csv alike
            if (ec) where = given;
            const fs::file_status st = fs::status(where, ec);
            if (fs::exists(st) && !fs::is_regular_file(st)) continue;  // a device or FIFO is written to, not replaced
            for (const auto& [other, path] : seen)
                if (path == where)
                    throw CLI::ValidationError(flag, "'" + printable_for_message(given, 80) + "' is also given to " +
                                                         other + "; give each output its own file");
            seen.emplace_back(flag, where);
        }
    });
}

void check_top_k(std::size_t k, std::size_t vocab_size) {
    if (k > vocab_size)
        throw Error("--top-k " + std::to_string(k) + " is more than the vocabulary's " + std::to_string(vocab_size) +
                    " tokens");
}

std::size_t python_index(long position, std::size_t n, const std::string& flag) {
    const long N = long(n), p = position < 0 ? N + position : position;
    if (p < 0 || p >= N)
        throw Error(flag + " " + std::to_string(position) + " is out of range: the input has " + std::to_string(N) +
                    " tokens (0 .. " + std::to_string(N - 1) + ", or -" + std::to_string(N) + " .. -1)");
    return std::size_t(p);
}

namespace {

// Flush whatever std::cout and C's stdout still hold. Returns 0, or the errno of the failure.
int flush_stdout() {
    errno = 0;
    std::cout.flush();
    int err = std::cout.fail() ? (errno ? errno : EIO) : 0;
    errno = 0;
    if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
        if (!err) err = errno ? errno : EIO;
    }
    return err;
}

// Write all of s to file descriptor 1. Returns 0, or the errno of the failed write
// (ENOSPC on a full disk, EFBIG past `ulimit -f`, EPIPE when SIGPIPE is ignored).
int write_stdout(const std::string& s) {
    if (const int err = flush_stdout()) return err;
    return write_all_to_stdout(s);
}

int stdout_failed(const std::string& prog, int err) {
    std::cerr << prog << ": error: cannot write to standard output: " << std::strerror(err) << "\n";
    return 1;
}

// CLI11's "Could not convert: --layers = abc", for a numeric flag without a validator of its
// own, said as whole_number() and integer() say it: "--layers: 'abc' is not a whole number".
std::string conversion_message(const CLI::App& app, const std::string& what) {
    const std::string prefix = "Could not convert: ";
    const std::size_t eq = what.find(" = ");
    if (what.rfind(prefix, 0) != 0 || eq == std::string::npos) return what;
    const std::string name = what.substr(prefix.size(), eq - prefix.size()), value = what.substr(eq + 3);
    const CLI::Option* opt = app.get_option_no_throw(name);
    const std::string type = opt ? opt->get_type_name() : "";
    const std::string typed = name + ": '" + printable_for_message(value, 40) + "'";
    const bool digits = !value.empty() && value.find_first_not_of("0123456789", value[0] == '-' ? 1 : 0) == std::string::npos &&
                        value != "-";
    if (type.rfind("UINT", 0) == 0)
        return typed + (digits && value[0] != '-' ? " is too large" : " is not a whole number >= 0");
    if (type.rfind("INT", 0) == 0)
        return typed + (digits ? (value[0] == '-' ? " is too small" : " is too large") : " is not a whole number");
    if (type.rfind("FLOAT", 0) == 0) return typed + " is not a number";
    return typed + " is not a value this flag takes";
}

}  // namespace

int parse_flags(CLI::App& app, int argc, char** argv) {
    const std::string prog = app.get_name().empty() ? std::string(argv[0]) : app.get_name();
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        const int rc = app.exit(e);
        const int err = flush_stdout();
        return err ? stdout_failed(prog, err) : rc;
    } catch (const CLI::CallForAllHelp& e) {
        const int rc = app.exit(e);
        const int err = flush_stdout();
        return err ? stdout_failed(prog, err) : rc;
    } catch (const CLI::ParseError& e) {
        // CLI11's messages quote what was typed: escape it, so the message stays one line.
        const std::string what = dynamic_cast<const CLI::ConversionError*>(&e) ? conversion_message(app, e.what()) : e.what();
        std::cerr << prog << ": error: " << printable_for_message(what, 1000) << " (run with --help to see the options)\n";
        return 2;
    }
    return -1;
}

int run_chapter(CLI::App& app, int argc, char** argv, const std::function<void()>& body) {
    ensure_fast_blas_kernels(argv);  // may re-exec once with better OpenBLAS kernels
    // Past a file-size limit (ulimit -f), write() then fails with EFBIG, which we report,
    // instead of SIGXFSZ killing us with a half-written temporary left behind.
    std::signal(SIGXFSZ, SIG_IGN);
    const std::string prog = app.get_name().empty() ? std::string(argv[0]) : app.get_name();
    if (const int rc = parse_flags(app, argc, argv); rc >= 0) return rc;

    // Under `ulimit -v`, OpenBLAS's buffers now or one line; a bad_alloc becomes one line too.
    guard_against_out_of_memory(prog.c_str());

    // Buffer stdout so that an error half-way leaves nothing half-written.
    std::ostringstream buffered;
    std::streambuf* real = std::cout.rdbuf(buffered.rdbuf());
    try {
        body();
    } catch (const std::bad_alloc&) {
        exit_out_of_memory(prog.c_str());  // nothing of stdout's buffer is written
    } catch (const std::exception& e) {
        std::cout.rdbuf(real);
        std::cerr << prog << ": error: " << printable_for_message(e.what(), 1000) << "\n";  // one line, always
        return 1;
    }
    std::cout.rdbuf(real);
    // Every byte must reach stdout: a full disk or a closed pipe is an error too (exit 1).
    const int err = write_stdout(buffered.str());
    if (err) return stdout_failed(prog, err);
    std::cerr << take_model_note();  // only now: an error must stay one line (support/model_files.hpp)
    return 0;
}

}  // namespace gpt2
