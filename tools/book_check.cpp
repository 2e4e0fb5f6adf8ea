// book_check — keep the book's printed outputs honest.
//
// The book (book/*.md) and the golden-output tests (tests/golden/*.md) show what the
// programs print, in blocks like this one:
//
//     <!-- output: ch01_tokenizer --model tiny --prompt "Hi there" -->
//     ```text
//     ...exactly what `ch01_tokenizer --model tiny --prompt "Hi there"` prints...
//     ```
//
// book_check runs every such command (the executable from --bin-dir, arguments split
// like a shell would: "double" and 'single' quotes, backslash escapes; no shell is
// involved), captures its stdout (a pipe, so no tty; NO_COLOR=1) and compares it with
// the block, ignoring trailing whitespace on each line and trailing blank lines.
// Mismatches are reported as a diff naming file:line; exit status 1 if any.
//
// Numbers the prose quotes from a program's output are guarded by a marker above the
// paragraph (or table) that quotes them:
//
//     <!-- quotes: 28.7 21.1 29.1 from: ch06_logit_lens --model teaching --metric norm -->
//
// Each listed number must appear in that paragraph (up to the next blank line) and in the
// command's output, as a whole number ("28.7" does not match "28.74"). --update cannot fix
// these: a failure says which number went missing where.
//
// What a page says a bundled model is — its size, whether it was trained — is guarded by a
// marker above the paragraph that says it:
//
//     <!-- model: teaching layers=6 embd=256 heads=8 positions=512 trained -->
//
// MODEL is a --model short name. Each KEY=N (layers, embd, heads, positions, vocab: config.json's
// n_layer, n_embd, n_head, n_positions, vocab_size) must be the model's and appear in the
// paragraph as a whole number (50257 may be written 50,257); `trained` or `random` must be what
// its GENERATED_BY.json records (trained: it has a `heldout` score) and appear in the paragraph
// as a word. No program runs for it; a model that is not downloaded is skipped, as blocks are.
//
// A code listing is guarded the same way: the block after
//
//     <!-- listing: ../common/model/layer_norm.cpp -->
//
// (a path relative to the markdown file) must be lines of that file, verbatim and
// contiguous, trailing whitespace aside: edit the code and the book says where it went stale.
//
// Floating-point numbers printed at full precision (a --json document, say) may differ
// in their last digits between machines, because OpenBLAS picks different kernels for
// different CPUs. So a number with a decimal point or an exponent matches when it is
// within 1e-4 relative (+ 1e-7 absolute, for zeros) of the block's — float32 noise, the
// tolerance of our reference tests; integers (token ids, counts) and all other text
// must match exactly. A block may widen the absolute part for numbers that are noise by
// nature — chapter 7 prints the difference between two float32 computations, a few
// units in the last place that change with the BLAS kernel:
//
//     <!-- output ±1e-4: ch07_attention --model teaching -->
//
// (every float of that block may then differ by 1e-4 absolute, on top of 1e-4 relative).
//
// Paths the text names must exist: every relative link, from the markdown file's folder, and
// every path into the code written out (`common/model/attention.hpp`, homework/ch01_tokenizer/),
// from the repository's root (check_paths() says which are checked).
//
//   book_check [--bin-dir DIR] [--update] [--paths-only] [--timeout SECONDS] [--skip-program NAME]... PATH...
//     PATH      a markdown file, or a folder whose *.md files are checked (not recursive)
//     --update  rewrite the blocks in place with the real output (temp file + rename);
//               a marker with no block after it gets one
//     --paths-only  check only the paths the files name; run nothing
//     --skip-program NAME  do not run NAME's blocks (counted as skipped): the kernel matrix
//               (tests/blas_kernels.cmake) leaves out the programs that multiply no matrices
//
// A block whose --model names a downloadable model (distilgpt2, gpt2) that is not in
// data/models/ is skipped with a note, so the book can show real-model output and still
// be checked on machines (like CI) that only have the bundled models. Blocks of bundled
// models are never skipped. Exit status: 0 all checked blocks match, 1 one does not,
// 2 bad usage, 77 every block was skipped (nothing checked).
//
//   book_check --echo ARGS...   prints each argument on its own line as [arg]; the
//                               checker's own tests use it as a known executable.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <regex>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "model/config.hpp"
#include "support/data_dir.hpp"
#include "support/error.hpp"
#include "support/model_files.hpp"
#include "support/number_format.hpp"

#include <nlohmann/json.hpp>

extern char** environ;

namespace fs = std::filesystem;

namespace {

struct Options {
    fs::path bin_dir = ".";
    bool update = false;
    bool paths_only = false;  // --paths-only: check the paths a file names, run nothing
    int timeout_s = 300;
    std::vector<fs::path> paths;
    std::vector<std::string> skip_programs;  // --skip-program NAME: its blocks are not run
};

// ---- text helpers ---------------------------------------------------------------

std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> lines;
    std::string cur;
    for (char c : text) {
        if (c == '\n') {
            lines.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    if (!cur.empty()) lines.push_back(cur);
    return lines;
}

std::string rstrip(const std::string& s) {
    std::size_t end = s.size();
    while (end > 0 && (s[end - 1] == ' ' || s[end - 1] == '\t' || s[end - 1] == '\r')) --end;
    return s.substr(0, end);
}

std::string strip(const std::string& s) {
    std::size_t b = 0;
    while (b < s.size() && (s[b] == ' ' || s[b] == '\t')) ++b;
    return rstrip(s.substr(b));
}

// Trailing whitespace per line and trailing blank lines do not count.
std::vector<std::string> normalise(std::vector<std::string> lines) {
    for (auto& l : lines) l = rstrip(l);
    while (!lines.empty() && lines.back().empty()) lines.pop_back();
    return lines;
}

// Shell-like splitting: whitespace separates words; '...' is literal; "..." honours
// \" \\ \$ \` escapes; a backslash outside quotes escapes the next character.
bool split_args(const std::string& s, std::vector<std::string>& out, std::string& error) {
    std::string cur;
    bool in_word = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c == ' ' || c == '\t') {
            if (in_word) out.push_back(cur), cur.clear(), in_word = false;
        } else if (c == '\'') {
            in_word = true;
            std::size_t end = s.find('\'', i + 1);
            if (end == std::string::npos) return error = "unterminated single quote", false;
            cur += s.substr(i + 1, end - i - 1);
            i = end;
        } else if (c == '"') {
            in_word = true;
            std::size_t j = i + 1;
            for (; j < s.size() && s[j] != '"'; ++j) {
                if (s[j] == '\\' && j + 1 < s.size() && std::strchr("\"\\$`", s[j + 1])) ++j;
                cur += s[j];
            }
            if (j >= s.size()) return error = "unterminated double quote", false;
            i = j;
        } else if (c == '\\') {
            in_word = true;
            if (i + 1 < s.size()) cur += s[++i];
        } else {
            in_word = true;
            cur += c;
        }
    }
    if (in_word) out.push_back(cur);
    if (out.empty()) return error = "no command after 'output:'", false;
    return true;
}

std::string join_args(const std::vector<std::string>& args) {
    std::string s;
    for (const auto& a : args) {
        if (!s.empty()) s += ' ';
        bool plain = !a.empty() && a.find_first_of(" \t'\"\\$`") == std::string::npos;
        s += plain ? a : "'" + a + "'";
    }
    return s;
}

// ---- running a program ------------------------------------------------------------

struct RunResult {
    bool started = false;
    std::string error;  // why it could not be started / was killed
    int status = -1;    // exit status, or 128+signal
    std::string out, err;
};

RunResult run_program(const fs::path& exe, const std::vector<std::string>& args, int timeout_s) {
    RunResult r;
    int out_pipe[2], err_pipe[2];
    if (pipe(out_pipe) != 0 || pipe(err_pipe) != 0) {
        r.error = std::string("pipe: ") + std::strerror(errno);
        return r;
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, out_pipe[1], 1);
    posix_spawn_file_actions_adddup2(&fa, err_pipe[1], 2);
    for (int fd : {out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]})
        posix_spawn_file_actions_addclose(&fa, fd);

    std::vector<std::string> env_store;
    for (char** e = environ; *e; ++e) {
        std::string kv = *e;
        auto key = kv.substr(0, kv.find('='));
        if (key == "NO_COLOR" || key == "CLICOLOR_FORCE" || key == "FORCE_COLOR" || key == "TERM")
            continue;
        env_store.push_back(kv);
    }
    env_store.push_back("NO_COLOR=1");
    env_store.push_back("TERM=dumb");
    std::vector<char*> envp;
    for (auto& kv : env_store) envp.push_back(kv.data());
    envp.push_back(nullptr);

    std::vector<std::string> argv_store;
    argv_store.push_back(exe.string());
    argv_store.insert(argv_store.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_store) argv.push_back(a.data());
    argv.push_back(nullptr);

    pid_t pid = 0;
    int rc = posix_spawn(&pid, exe.c_str(), &fa, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&fa);
    close(out_pipe[1]);
    close(err_pipe[1]);
    if (rc != 0) {
        close(out_pipe[0]);
        close(err_pipe[0]);
        r.error = std::string("cannot run: ") + std::strerror(rc);
        return r;
    }
    r.started = true;

    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
    pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
    int open_fds = 2;
    char buf[65536];
    bool timed_out = false;
    while (open_fds > 0) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                        deadline - std::chrono::steady_clock::now()).count();
        if (left <= 0) {
            timed_out = true;
            break;
        }
        int n = poll(fds, 2, static_cast<int>(std::min<long long>(left, 1000)));
        if (n < 0 && errno != EINTR) break;
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            ssize_t got = read(fds[i].fd, buf, sizeof buf);
            if (got > 0) {
                (i == 0 ? r.out : r.err).append(buf, static_cast<std::size_t>(got));
            } else if (got == 0 || errno != EINTR) {
                close(fds[i].fd);
                fds[i].fd = -1;
                --open_fds;
            }
        }
    }
    if (timed_out) {
        kill(pid, SIGKILL);
        r.error = "killed after " + std::to_string(timeout_s) + " s (timeout)";
    }
    for (auto& f : fds)
        if (f.fd >= 0) close(f.fd);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (WIFEXITED(status)) r.status = WEXITSTATUS(status);
    else if (WIFSIGNALED(status)) r.status = 128 + WTERMSIG(status);
    return r;
}

// ---- diff -------------------------------------------------------------------------

// A line diff (LCS) printed unified-style with 2 lines of context; at most max_lines
// lines of - / + are shown. Line numbers are those of the markdown file.
void print_diff(std::ostream& os, const std::vector<std::string>& a,
                const std::vector<std::string>& b, std::size_t first_line_in_file) {
    const std::size_t n = a.size(), m = b.size();
    struct Op { char kind; std::size_t ai, bi; };
    std::vector<Op> ops;
    if (n * m <= 4'000'000) {
        std::vector<std::vector<unsigned>> L(n + 1, std::vector<unsigned>(m + 1, 0));
        for (std::size_t i = n; i-- > 0;)
            for (std::size_t j = m; j-- > 0;)
                L[i][j] = a[i] == b[j] ? L[i + 1][j + 1] + 1 : std::max(L[i + 1][j], L[i][j + 1]);
        std::size_t i = 0, j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a[i] == b[j]) ops.push_back({' ', i++, j++});
            else if (i < n && (j == m || L[i + 1][j] >= L[i][j + 1])) ops.push_back({'-', i++, j});
            else ops.push_back({'+', i, j++});
        }
    } else {  // too big for LCS: everything from the first difference on
        std::size_t k = 0;
        while (k < n && k < m && a[k] == b[k]) ops.push_back({' ', k, k}), ++k;
        for (std::size_t i = k; i < n; ++i) ops.push_back({'-', i, m});
        for (std::size_t j = k; j < m; ++j) ops.push_back({'+', n, j});
    }
    const std::size_t context = 2, max_lines = 40;
    std::size_t shown = 0;
    std::size_t last_printed = static_cast<std::size_t>(-1);
    for (std::size_t k = 0; k < ops.size(); ++k) {
        if (ops[k].kind == ' ') continue;
        std::size_t from = k >= context ? k - context : 0;
        std::size_t to = std::min(ops.size(), k + context + 1);
        for (std::size_t t = from; t < to; ++t) {
            if (last_printed != static_cast<std::size_t>(-1) && t <= last_printed) continue;
            if (last_printed != static_cast<std::size_t>(-1) && t > last_printed + 1)
                os << "    ...\n";
            if (last_printed == static_cast<std::size_t>(-1) || t > last_printed + 1)
                os << "    @@ line " << first_line_in_file + ops[t].ai << " @@\n";
            const Op& op = ops[t];
            const std::string& text = op.kind == '+' ? b[op.bi] : a[op.ai];
            os << "    " << op.kind << text << "\n";
            last_printed = t;
            if (op.kind != ' ' && ++shown >= max_lines) {
                os << "    ... (more differences not shown)\n";
                return;
            }
        }
    }
}

// ---- markdown blocks --------------------------------------------------------------

// The same text with floats allowed to differ in their last digits (see the top).
bool same_but_float_rounding(const std::vector<std::string>& expected, const std::vector<std::string>& actual,
                              double abs_tol = 1e-7) {
    if (expected.size() != actual.size()) return false;
    static const std::regex float_re(R"([-+]?(\d+\.\d*|\.\d+)([eE][-+]?\d+)?|[-+]?\d+[eE][-+]?\d+)");
    for (std::size_t i = 0; i < expected.size(); ++i) {
        if (expected[i] == actual[i]) continue;
        std::sregex_iterator a(expected[i].begin(), expected[i].end(), float_re), b(actual[i].begin(), actual[i].end(), float_re), end;
        std::size_t pa = 0, pb = 0;
        for (; a != end && b != end; ++a, ++b) {
            // The text between numbers must be identical.
            if (expected[i].compare(pa, std::size_t(a->position()) - pa, actual[i], pb, std::size_t(b->position()) - pb) != 0)
                return false;
            const double x = std::stod(a->str()), y = std::stod(b->str());
            if (std::abs(x - y) > 1e-4 * std::max(std::abs(x), std::abs(y)) + abs_tol) return false;
            pa = std::size_t(a->position() + a->length());
            pb = std::size_t(b->position() + b->length());
        }
        if (a != end || b != end || expected[i].substr(pa) != actual[i].substr(pb)) return false;
    }
    return true;
}

struct Block {
    std::size_t marker;            // index of the <!-- output: --> line
    std::string command;           // what follows "output:"
    double abs_tol = 1e-7;         // "output ±X:": floats may differ by X absolute
    bool has_block = false;
    std::size_t open = 0, close = 0;  // fence lines (indices); content is (open, close)
    // A <!-- quotes: N1 N2 ... from: CMD --> marker instead: numbers the text quotes from
    // CMD's output. Each must appear in the paragraph after the marker, lines [open, close),
    // and in the output, as whole numbers (not as a prefix of a longer one).
    bool quotes = false;
    std::vector<std::string> numbers;
};

// `quotes: 28.7 21.1 from: ch06_logit_lens --model teaching` -> numbers and command.
bool parse_quotes(const std::string& inner, std::vector<std::string>& numbers, std::string& command) {
    const std::string key = "quotes:", from = " from:";
    if (inner.compare(0, key.size(), key) != 0) return false;
    const std::size_t at = inner.find(from);
    if (at == std::string::npos) return false;
    std::istringstream list(inner.substr(key.size(), at - key.size()));
    numbers.clear();
    for (std::string n; list >> n;) numbers.push_back(n);
    command = strip(inner.substr(at + from.size()));
    return !numbers.empty() && !command.empty();
}

// Does `number` occur in `text` on its own: not preceded or followed by a digit, and not
// followed by a decimal point and a digit (so "28.7" is not found in "28.74" or "128.7")?
bool contains_number(const std::string& text, const std::string& number) {
    auto digit = [](char c) { return c >= '0' && c <= '9'; };
    for (std::size_t at = text.find(number); at != std::string::npos; at = text.find(number, at + 1)) {
        const std::size_t end = at + number.size();
        const bool before_ok = at == 0 || (!digit(text[at - 1]) && !(text[at - 1] == '.' && at >= 2 && digit(text[at - 2])));
        const bool after_ok = end >= text.size() || (!digit(text[end]) &&
                              !(text[end] == '.' && end + 1 < text.size() && digit(text[end + 1])));
        if (before_ok && after_ok) return true;
    }
    return false;
}

// Only the models scripts/download-model fetches may be absent; a bundled one (teaching,
// tiny, ...) is always checked, never skipped.
bool not_downloaded(const std::string& name) {
    return (name == "distilgpt2" || name == "gpt2") && !fs::exists(gpt2::data_dir() / "models" / name / "model.safetensors");
}

// Does `word` occur in `text` as a word (case-insensitive; "trained" not in "untrained")?
bool contains_word(const std::string& text, const std::string& word) {
    auto lower = [](std::string x) {
        for (char& c : x) c = char(std::tolower(static_cast<unsigned char>(c)));
        return x;
    };
    const std::string t = lower(text), w = lower(word);
    auto letter = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; };
    for (std::size_t at = t.find(w); at != std::string::npos; at = t.find(w, at + 1))
        if ((at == 0 || !letter(t[at - 1])) && (at + w.size() >= t.size() || !letter(t[at + w.size()]))) return true;
    return false;
}

// A `model: NAME KEY=N ... trained|random` marker against the model's own files and the
// paragraph below it. Returns "" when everything holds, else what does not (one line);
// `skipped` is set for a downloadable model that is not here.
std::string check_model_facts(const std::string& inner, const std::string& paragraph, bool& skipped) {
    std::istringstream in(inner.substr(std::string("model:").size()));
    std::string name;
    if (!(in >> name)) return "the model marker names no model (<!-- model: teaching layers=6 trained -->)";
    if (not_downloaded(name)) {
        skipped = true;
        return "";
    }
    gpt2::ModelFiles files;
    gpt2::Config config;
    try {
        std::ostringstream notes;
        files = gpt2::resolve_model(name, notes);
        config = gpt2::load_config(files.config());
    } catch (const std::exception& e) {
        return std::string("model marker: ") + e.what();
    }
    const std::pair<const char*, int> sizes[] = {{"layers", config.n_layer}, {"embd", config.n_embd},
                                                 {"heads", config.n_head}, {"positions", config.n_positions},
                                                 {"vocab", config.vocab_size}};
    std::string problems;
    const auto problem = [&](const std::string& p) { problems += (problems.empty() ? "" : "; ") + p; };
    bool any = false;
    for (std::string fact; in >> fact;) {
        any = true;
        if (fact == "trained" || fact == "random") {
            bool trained = name == "distilgpt2" || name == "gpt2";  // the hub's, pretrained
            std::ifstream g(files.dir / "GENERATED_BY.json");
            if (g) {
                const nlohmann::json j = nlohmann::json::parse(g, nullptr, false);
                trained = !j.is_discarded() && j.contains("heldout");
            }
            if ((fact == "trained") != trained)
                problem(name + " is " + (trained ? "trained" : "random") + ", not " + fact +
                        " (its GENERATED_BY.json " + (trained ? "has" : "has no") + " held-out score)");
            else if (!contains_word(paragraph, fact))
                problem("the paragraph does not say \"" + fact + "\"");
            continue;
        }
        const std::size_t eq = fact.find('=');
        const std::string key = fact.substr(0, eq), value = eq == std::string::npos ? "" : fact.substr(eq + 1);
        const auto* size = std::find_if(std::begin(sizes), std::end(sizes), [&](const auto& s) { return key == s.first; });
        if (eq == std::string::npos || size == std::end(sizes) || value.empty() ||
            value.find_first_not_of("0123456789") != std::string::npos) {
            problem("cannot read '" + fact + "' (use layers=N, embd=N, heads=N, positions=N, vocab=N, trained or random)");
            continue;
        }
        if (std::to_string(size->second) != value)
            problem(name + " has " + key + " " + std::to_string(size->second) + ", not " + value + " (its config.json)");
        else if (!contains_number(paragraph, value) && !contains_number(paragraph, gpt2::with_commas(std::size_t(size->second))))
            problem(key + " " + value + " is not in the paragraph below the marker");
    }
    if (!any) problem("the model marker lists no fact (layers=N, embd=N, heads=N, positions=N, vocab=N, trained, random)");
    return problems;
}

bool parse_marker(const std::string& line, std::string& command, double& abs_tol) {
    if (line.compare(0, 4, "    ") == 0 || (!line.empty() && line[0] == '\t'))
        return false;  // an indented code block: an example, not a marker
    std::string s = strip(line);
    const std::string head = "<!--", tail = "-->";
    if (s.compare(0, head.size(), head) != 0) return false;
    if (s.size() < head.size() + tail.size() ||
        s.compare(s.size() - tail.size(), tail.size(), tail) != 0)
        return false;
    std::string inner = strip(s.substr(head.size(), s.size() - head.size() - tail.size()));
    const std::string key = "output", plus_minus = "±";
    if (inner.compare(0, key.size(), key) != 0) return false;
    std::size_t at = key.size();
    abs_tol = 1e-7;
    if (inner.compare(at, 1 + plus_minus.size(), " " + plus_minus) == 0) {  // "output ±1e-4: CMD"
        const std::size_t colon = inner.find(':', at);
        if (colon == std::string::npos) return false;
        try {
            std::size_t used = 0;
            const std::string number = strip(inner.substr(at + 1 + plus_minus.size(), colon - at - 1 - plus_minus.size()));
            abs_tol = std::stod(number, &used);
            if (used != number.size() || !(abs_tol >= 0)) return false;
        } catch (const std::exception&) {
            return false;
        }
        at = colon;
    }
    if (at >= inner.size() || inner[at] != ':') return false;
    command = strip(inner.substr(at + 1));
    return true;
}

// The inside of an HTML comment line, or "" when the line is not one.
std::string comment_inside(const std::string& line) {
    if (line.compare(0, 4, "    ") == 0 || (!line.empty() && line[0] == '\t')) return "";
    const std::string s = strip(line), head = "<!--", tail = "-->";
    if (s.size() < head.size() + tail.size() || s.compare(0, head.size(), head) != 0 ||
        s.compare(s.size() - tail.size(), tail.size(), tail) != 0)
        return "";
    return strip(s.substr(head.size(), s.size() - head.size() - tail.size()));
}

// The paragraph a quotes: or model: marker on line `marker` vouches for: after any further
// markers, up to a blank line. Returns its lines [first, end).
std::pair<std::size_t, std::size_t> paragraph_after(const std::vector<std::string>& lines, std::size_t marker) {
    std::size_t first = marker + 1;
    while (first < lines.size() && !comment_inside(lines[first]).empty()) ++first;
    std::size_t end = first;
    while (end < lines.size() && !strip(lines[end]).empty()) ++end;
    return {first, end};
}

// A fence line: 3+ backticks or tildes, optionally an info string.
bool fence_of(const std::string& line, char& ch, std::size_t& len) {
    std::string s = strip(line);
    if (s.size() < 3 || (s[0] != '`' && s[0] != '~')) return false;
    ch = s[0];
    len = 0;
    while (len < s.size() && s[len] == ch) ++len;
    return len >= 3;
}

bool is_closing_fence(const std::string& line, char ch, std::size_t len) {
    std::string s = strip(line);
    std::size_t k = 0;
    while (k < s.size() && s[k] == ch) ++k;
    return k >= len && k == s.size();
}

struct FileResult {
    int checked = 0, failed = 0, skipped = 0, updated = 0, paths = 0;
};

// ---- paths the text names ------------------------------------------------------------
// Every relative link ([text](../common/model/attention.cpp)) must resolve from the markdown
// file's folder, and every path into the repository's code written out in the text
// (`common/model/attention.hpp`, tests/test_kv_cache.cpp, homework/ch01_tokenizer/) from the
// repository's root: a file moved or renamed leaves no stale name behind. A written-out path is
// checked when it ends in a file extension or "/" and has no placeholder in it (NAME, chNN,
// `*`, `...`): `tools/book_check` names a program, `common/NAME.hpp` a pattern.

// The repository root above `from`: the nearest folder with CMakeLists.txt and common/ in it.
fs::path repository_root(const fs::path& from) {
    std::error_code ec;
    for (fs::path d = fs::absolute(from, ec); !d.empty(); d = d.parent_path()) {
        if (fs::is_regular_file(d / "CMakeLists.txt", ec) && fs::is_directory(d / "common", ec)) return d;
        if (d == d.parent_path()) break;
    }
    return {};
}

void check_paths(const fs::path& path, const std::vector<std::string>& lines, FileResult& res) {
    static const std::regex link(R"(\]\(([^)\s]+)\))");
    static const std::regex written(
        R"((^|[^A-Za-z0-9_./-])((common|chapters|homework|solutions|tools|tests|scripts|fuzz|bench|playground)/[A-Za-z0-9_./-]*[A-Za-z0-9_/]))");
    static const std::regex scheme(R"(^[A-Za-z][A-Za-z0-9+.-]*:)");
    static const std::regex checkable(R"((/|\.[a-z]+)$)");
    static const std::regex placeholder(R"(NAME|NN|\*|\.\.\.)");
    const fs::path here = path.parent_path();
    const fs::path root = repository_root(here.empty() ? fs::path(".") : here);
    std::error_code ec;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string& line = lines[i];
        const auto report = [&](const std::string& named, const std::string& from) {
            std::cerr << path.string() << ":" << i + 1 << ": " << named << " does not exist (" << from
                      << "): moved or renamed? write where it is now\n";
            res.failed++;
        };
        for (auto m = std::sregex_iterator(line.begin(), line.end(), link); m != std::sregex_iterator(); ++m) {
            std::string target = (*m)[1].str();
            if (target.empty() || target[0] == '#' || std::regex_search(target, scheme)) continue;
            target = target.substr(0, target.find('#'));
            res.paths++;
            if (!fs::exists(here / target, ec)) report(target, "a link, from this file's folder");
        }
        if (root.empty()) continue;
        for (auto m = std::sregex_iterator(line.begin(), line.end(), written); m != std::sregex_iterator(); ++m) {
            const std::string named = (*m)[2].str();
            if (!std::regex_search(named, checkable) || std::regex_search(named, placeholder)) continue;
            res.paths++;
            if (!fs::exists(root / named, ec) && !fs::exists(here / named, ec))
                report(named, "from the repository's root");
        }
    }
}

bool model_missing(const std::vector<std::string>& args, std::string& which) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string name;
        if (args[i] == "--model" && i + 1 < args.size()) name = args[i + 1];
        else if (args[i].rfind("--model=", 0) == 0) name = args[i].substr(8);
        else continue;
        if (not_downloaded(name)) {
            which = name;
            return true;
        }
    }
    return false;
}

// Writes text to path (created or truncated). Returns 0, or the errno of what failed.
int write_whole_file(const fs::path& path, const std::string& text) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) return errno;
    for (std::size_t done = 0; done < text.size();) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            const int err = n < 0 ? errno : EIO;
            ::close(fd);
            return err;
        }
        done += std::size_t(n);
    }
    return ::close(fd) == 0 ? 0 : errno;
}

FileResult check_file(const fs::path& path, const Options& opt) {
    FileResult res;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::cerr << path.string() << ": cannot read (" << std::strerror(errno) << ")\n";
        res.failed++;
        return res;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string original = ss.str();
    std::vector<std::string> lines = split_lines(original);
    const bool had_final_newline = !original.empty() && original.back() == '\n';
    check_paths(path, lines, res);
    if (opt.paths_only) return res;

    // Find the blocks.
    // Markers inside other fenced code blocks are examples (like in tests/golden/README.md).
    std::vector<Block> blocks;
    char other_fence_ch = 0;
    std::size_t other_fence_len = 0;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (other_fence_ch) {
            if (is_closing_fence(lines[i], other_fence_ch, other_fence_len)) other_fence_ch = 0;
            continue;
        }
        if (fence_of(lines[i], other_fence_ch, other_fence_len)) continue;
        other_fence_ch = 0;
        if (const std::string inside = comment_inside(lines[i]); inside.rfind("listing:", 0) == 0) {
            // A code listing: the fenced block below must be lines of the named file, verbatim
            // and contiguous (trailing whitespace aside), so the book cannot drift from the code.
            const std::string where = path.string() + ":" + std::to_string(i + 1);
            const fs::path source = path.parent_path() / strip(inside.substr(8));
            char ch;
            std::size_t len, j = i + 2;
            if (i + 1 >= lines.size() || !fence_of(lines[i + 1], ch, len)) {
                std::cerr << where << ": no code block after the listing marker\n";
                res.failed++;
                continue;
            }
            while (j < lines.size() && !is_closing_fence(lines[j], ch, len)) ++j;
            const std::vector<std::string> shown = normalise(std::vector<std::string>(
                lines.begin() + long(i) + 2, lines.begin() + long(std::min(j, lines.size()))));
            std::ifstream src(source, std::ios::binary);
            std::vector<std::string> file;
            for (std::string l; std::getline(src, l);) file.push_back(rstrip(l));
            res.checked++;
            const bool found = src.eof() && !shown.empty() && file.size() >= shown.size() &&
                               std::search(file.begin(), file.end(), shown.begin(), shown.end()) != file.end();
            if (!found) {
                std::cerr << where << ": the listing is not " << (src.eof() ? "a verbatim excerpt of " : "readable: ")
                          << source.string() << " (copy the lines again from the file)\n";
                res.failed++;
            }
            i = j;
            continue;
        }
        if (const std::string inside = comment_inside(lines[i]); inside.rfind("model:", 0) == 0) {
            // Model facts: checked here, against the model's files.
            const auto [first, end] = paragraph_after(lines, i);
            std::string paragraph;
            for (std::size_t k = first; k < end; ++k) paragraph += lines[k] + "\n";
            bool skipped = false;
            const std::string problems = check_model_facts(inside, paragraph, skipped);
            if (skipped) {
                std::cout << path.string() << ":" << i + 1 << ": skipped (the model is not downloaded)\n";
                res.skipped++;
                continue;
            }
            res.checked++;
            if (!problems.empty()) {
                std::cerr << path.string() << ":" << i + 1 << ": " << problems << "\n";
                res.failed++;
            }
            continue;
        }
        Block b;
        if (parse_quotes(comment_inside(lines[i]), b.numbers, b.command)) {
            b.marker = i;
            b.quotes = true;
            std::tie(b.open, b.close) = paragraph_after(lines, i);
            blocks.push_back(b);
            continue;
        }
        if (!parse_marker(lines[i], b.command, b.abs_tol)) continue;
        b.marker = i;
        char ch;
        std::size_t len;
        if (i + 1 < lines.size() && fence_of(lines[i + 1], ch, len)) {
            b.open = i + 1;
            std::size_t j = i + 2;
            while (j < lines.size() && !is_closing_fence(lines[j], ch, len)) ++j;
            if (j >= lines.size()) {
                std::cerr << path.string() << ":" << i + 2 << ": code block never closed\n";
                res.failed++;
                return res;
            }
            b.has_block = true;
            b.close = j;
            i = j;
        }
        blocks.push_back(b);
    }

    // Check (and maybe rewrite) each block; replacements are applied bottom-up.
    std::vector<std::pair<const Block*, std::vector<std::string>>> replacements;
    for (const Block& b : blocks) {
        const std::string where = path.string() + ":" + std::to_string(b.marker + 1);
        std::vector<std::string> args;
        std::string err;
        if (!split_args(b.command, args, err)) {
            std::cerr << where << ": cannot parse the command: " << err << "\n";
            res.failed++;
            continue;
        }
        if (std::find(opt.skip_programs.begin(), opt.skip_programs.end(), args.front()) != opt.skip_programs.end()) {
            res.skipped++;  // asked for (--skip-program): counted, not announced block by block
            continue;
        }
        std::string missing_model;
        if (model_missing(args, missing_model)) {
            std::cout << where << ": skipped (" << missing_model
                      << " is not downloaded: scripts/download-model " << missing_model << ")\n";
            res.skipped++;
            continue;
        }
        const std::string exe_name = args.front();
        args.erase(args.begin());
        if (exe_name.find('/') != std::string::npos) {
            std::cerr << where << ": '" << exe_name
                      << "' must be a program name from the build's bin folder, not a path\n";
            res.failed++;
            continue;
        }
        const fs::path exe = opt.bin_dir / exe_name;
        res.checked++;
        if (!fs::exists(exe)) {
            std::cerr << where << ": executable '" << exe_name << "' not found in "
                      << opt.bin_dir.string() << " (is it built? chapters/" << exe_name
                      << "/main.cpp or tools/" << exe_name << ".cpp)\n";
            res.failed++;
            continue;
        }
        RunResult r = run_program(exe, args, opt.timeout_s);
        const std::string shown = exe_name + (args.empty() ? "" : " " + join_args(args));
        if (!r.started || !r.error.empty() || r.status != 0) {
            std::cerr << where << ": `" << shown << "` "
                      << (!r.error.empty() ? r.error : "exited with status " + std::to_string(r.status))
                      << "\n";
            for (const auto& l : split_lines(r.err)) std::cerr << "    stderr: " << l << "\n";
            res.failed++;
            continue;
        }
        if (b.quotes) {  // numbers quoted in the text: in the paragraph and in the output
            std::string paragraph;
            for (std::size_t k = b.open; k < b.close; ++k) paragraph += lines[k] + "\n";
            bool ok = true;
            for (const std::string& n : b.numbers) {
                const bool in_text = contains_number(paragraph, n), in_output = contains_number(r.out, n);
                if (in_text && in_output) continue;
                std::cerr << where << ": quoted number " << n << " is "
                          << (!in_text ? "not in the paragraph below the marker" : "not in the output of `" + shown + "`")
                          << (in_text ? " (the program prints something else now: update the text and the marker)" : "")
                          << "\n";
                ok = false;
            }
            if (!ok) res.failed++;
            continue;
        }
        std::vector<std::string> actual = normalise(split_lines(r.out));
        if (!b.has_block) {
            if (opt.update) {
                replacements.push_back({&b, actual});
            } else {
                std::cerr << where << ": no ```text block after the output marker (run `make book` "
                          << "to fill it in)\n";
                res.failed++;
            }
            continue;
        }
        std::vector<std::string> expected = normalise(
            std::vector<std::string>(lines.begin() + static_cast<long>(b.open) + 1,
                                     lines.begin() + static_cast<long>(b.close)));
        if (expected == actual || same_but_float_rounding(expected, actual, b.abs_tol)) continue;
        if (opt.update) {
            replacements.push_back({&b, actual});
            continue;
        }
        std::cerr << where << ": output of `" << shown << "` differs (- in "
                  << path.filename().string() << ", + actual):\n";
        print_diff(std::cerr, expected, actual, b.open + 2);
        res.failed++;
    }

    if (!replacements.empty()) {
        std::vector<std::size_t> updated_lines;
        for (auto it = replacements.rbegin(); it != replacements.rend(); ++it) {
            const Block& b = *it->first;
            const auto& body = it->second;
            // A fence longer than any backtick run that starts a line of the output.
            std::size_t longest = 0;
            for (const auto& l : body) {
                std::size_t k = 0;
                std::string s = strip(l);
                while (k < s.size() && s[k] == '`') ++k;
                longest = std::max(longest, k);
            }
            std::string fence(std::max<std::size_t>(3, longest + 1), '`');
            std::vector<std::string> new_block;
            new_block.push_back(fence + "text");
            new_block.insert(new_block.end(), body.begin(), body.end());
            new_block.push_back(fence);
            auto first = lines.begin() + static_cast<long>(b.marker) + 1;
            auto last = b.has_block ? lines.begin() + static_cast<long>(b.close) + 1 : first;
            lines.erase(first, last);
            lines.insert(lines.begin() + static_cast<long>(b.marker) + 1, new_block.begin(),
                         new_block.end());
            updated_lines.push_back(b.marker + 1);  // said once the file is written
        }
        std::string text;
        for (std::size_t i = 0; i < lines.size(); ++i) {
            text += lines[i];
            if (i + 1 < lines.size() || had_final_newline) text += '\n';
        }
        fs::path tmp = path;
        tmp += ".book_check.tmp";
        // With the reason (a read-only folder: "Permission denied"), and no temporary left behind.
        if (const int err = write_whole_file(tmp, text)) {
            std::cerr << path.string() << ": cannot update it: cannot write " << tmp.filename().string() << " next to it ("
                      << std::strerror(err) << ")\n";
            std::error_code ec;
            fs::remove(tmp, ec);
            res.failed++;
            return res;
        }
        std::error_code ec;
        fs::rename(tmp, path, ec);
        if (ec) {
            std::cerr << path.string() << ": cannot replace: " << ec.message() << "\n";
            fs::remove(tmp, ec);
            res.failed++;
            return res;
        }
        for (const std::size_t line : updated_lines) std::cout << path.string() << ":" << line << ": updated\n";
        res.updated += int(updated_lines.size());
    }
    return res;
}

int usage(std::ostream& os, int code) {
    os << "usage: book_check [--bin-dir DIR] [--update] [--paths-only] [--timeout SECONDS] [--skip-program NAME]... PATH...\n"
          "  Runs the command of every `<!-- output: PROGRAM ARGS -->` block in the markdown\n"
          "  files (PATH: a .md file, or a folder of them) and compares its stdout with the\n"
          "  ```text block that follows. --update rewrites the blocks with the real output.\n"
          "  Every relative link and every path into the code (common/..., tests/...) the files\n"
          "  name must exist; --paths-only checks only that.\n";
    return code;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (!args.empty() && args[0] == "--echo") {
        for (std::size_t i = 1; i < args.size(); ++i) std::cout << "[" << args[i] << "]\n";
        return 0;
    }
    Options opt;
    // Usage errors are one line and exit 2, as in the chapters.
    const auto usage_error = [](const std::string& what) {
        std::cerr << "book_check: error: " << what << " (run with --help to see the options)\n";
        return 2;
    };
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--help" || a == "-h") return usage(std::cout, 0);
        if (a == "--update") {
            opt.update = true;
        } else if (a == "--paths-only") {
            opt.paths_only = true;
        } else if (a == "--bin-dir" || a == "--timeout" || a == "--skip-program") {
            if (i + 1 == args.size()) return usage_error(a + " needs a value");
            const std::string& v = args[++i];
            if (a == "--bin-dir") {
                opt.bin_dir = v;
            } else if (a == "--skip-program") {
                opt.skip_programs.push_back(v);
            } else {
                if (v.empty() || v.size() > 6 || v.find_first_not_of("0123456789") != std::string::npos || std::stoi(v) < 1)
                    return usage_error("--timeout: " + gpt2::quote_for_message(v) + " is not a whole number of seconds >= 1");
                opt.timeout_s = std::stoi(v);
            }
        } else if (!a.empty() && a[0] == '-') {
            return usage_error("unknown option " + gpt2::quote_for_message(a));
        } else {
            opt.paths.emplace_back(a);
        }
    }
    if (opt.paths.empty()) return usage_error("no markdown file or folder given");

    std::vector<fs::path> files;
    for (const auto& p : opt.paths) {
        if (fs::is_directory(p)) {
            std::vector<fs::path> found;
            for (const auto& e : fs::directory_iterator(p))
                if (e.is_regular_file() && e.path().extension() == ".md") found.push_back(e.path());
            std::sort(found.begin(), found.end());
            files.insert(files.end(), found.begin(), found.end());
        } else if (fs::exists(p)) {
            files.push_back(p);
        } else {
            std::cerr << "book_check: error: " << gpt2::path_for_message(p) << ": no such file or folder\n";
            return 2;
        }
    }

    FileResult total;
    for (const auto& f : files) {
        FileResult r = check_file(f, opt);
        total.checked += r.checked;
        total.failed += r.failed;
        total.skipped += r.skipped;
        total.updated += r.updated;
        total.paths += r.paths;
    }
    std::cout << total.checked << " blocks checked";
    if (total.skipped) std::cout << ", " << total.skipped << " skipped";
    if (opt.update) std::cout << ", " << total.updated << " updated";
    if (total.failed) std::cout << ", " << total.failed << " failed";
    std::cout << " (" << files.size() << " markdown file" << (files.size() == 1 ? "" : "s") << ")";
    std::cout << "; " << total.paths << " path" << (total.paths == 1 ? "" : "s") << " named\n";
    if (total.failed) return 1;
    // Everything skipped: nothing was checked, and that must not look like a pass (ctest
    // reports exit status 77 as skipped: tests/book.cmake sets SKIP_RETURN_CODE).
    return total.checked == 0 && total.skipped > 0 ? 77 : 0;
}
