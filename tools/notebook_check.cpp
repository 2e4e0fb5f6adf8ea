// notebook_check — do our chapters print what the notebook printed for distilgpt2?
//
//   notebook_check --reference data/reference/distilgpt2-notebook.json --model DIR [--bin-dir DIR]
//
// The reference file holds the notebook's printed outputs (Out[3] … Out[19]), transcribed
// from its transcript (data/reference/README.md). This runs
//   ch01_tokenizer --json, ch02_padding --json, ch03_embeddings --json,
//   ch04_tied_head --json --top-k 10, ch05_hidden_states --json --top-k 10
// with --model DIR, and compares each cell it can with what they print: one line per
// check ("ok" or "FAIL" with what differed), a summary, and exit status 1 if any failed.
//
// Comparing token strings: the notebook's tables (Out[15], Out[18], Out[19]) went through
// pandas' HTML rendering, which drops leading spaces, so both sides are compared after
// stripping leading and trailing whitespace, and our newline token "\n" is compared with
// the two characters the transcript shows. Out[11] and Out[14] are Python reprs that keep
// their spaces: compared exactly.
//
// When the model is not there (model.safetensors missing: distilgpt2 is downloaded by
// scripts/download-model, not bundled), it prints why and exits 77, which ctest reports
// as "skipped" (SKIP_RETURN_CODE 77), never as passed.
//
// Its own test (tests/notebook_distilgpt2.cmake) points it at --model tiny: the
// tokenizer's cells must pass and the model's must fail, so it is proven able to fail.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "support/cli.hpp"
#include "support/error.hpp"
#include "support/input_file.hpp"
#include "support/model_files.hpp"

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

int g_ok = 0, g_failed = 0;

void report(bool ok, const std::string& cell, const std::string& what, const std::string& detail = "") {
    (ok ? g_ok : g_failed)++;
    std::cout << (ok ? "ok    " : "FAIL  ") << cell << "  " << what;
    if (!ok && !detail.empty()) std::cout << ": " << detail;
    std::cout << "\n";
}

std::string shell_quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

// Runs `bin_dir/program args...`, returns its stdout parsed as JSON (null on failure,
// after reporting the failure against `cell`).
json run_json(const fs::path& bin_dir, const std::string& program, const std::vector<std::string>& args,
              const std::string& cells) {
    const fs::path exe = bin_dir / program;
    if (!fs::exists(exe)) {
        report(false, cells, program + " --json", exe.string() + " does not exist (not built?)");
        return nullptr;
    }
    std::string cmd = shell_quote(exe.string());
    for (const std::string& a : args) cmd += " " + shell_quote(a);
    std::FILE* pipe = ::popen(cmd.c_str(), "r");
    if (!pipe) {
        report(false, cells, program + " --json", "cannot run " + cmd);
        return nullptr;
    }
    std::string out;
    char buf[65536];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;) out.append(buf, n);
    const int status = ::pclose(pipe);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        report(false, cells, program + " --json", "exit status " + std::to_string(WEXITSTATUS(status)) + " from " + cmd);
        return nullptr;
    }
    try {
        return json::parse(out);
    } catch (const json::exception& e) {
        report(false, cells, program + " --json", std::string("its output is not JSON: ") + e.what());
        return nullptr;
    }
}

// The notebook's table cells: leading/trailing whitespace stripped, newline shown as \n.
std::string as_printed(std::string s) {
    std::string out;
    for (char c : s) out += c == '\n' ? std::string("\\n") : std::string(1, c);
    const auto first = out.find_first_not_of(" \t\r");
    if (first == std::string::npos) return "";
    return out.substr(first, out.find_last_not_of(" \t\r") - first + 1);
}

// A JSON value at a path, or null if any step is missing (reported by the caller).
json at(const json& j, const std::vector<std::string>& path) {
    const json* cur = &j;
    for (const std::string& key : path) {
        if (!cur->is_object() || !cur->contains(key)) return nullptr;
        cur = &(*cur)[key];
    }
    return *cur;
}

void check_equal(const std::string& cell, const std::string& what, const json& expected, const json& got) {
    report(got == expected, cell, what, "expected " + expected.dump() + ", got " + got.dump());
}

// tops: [{"tokens": [...]}, ...] one per position. printed[a][b]: rows = positions when
// !transposed (Out[15]), rows = ranks when transposed (Out[18], Out[19]).
void check_table(const std::string& cell, const std::string& what, const json& printed, const json& tops,
                 bool transposed) {
    if (!tops.is_array()) return report(false, cell, what, "no top-k list in the output");
    std::size_t checked = 0, wrong = 0;
    std::string first_wrong;
    for (std::size_t a = 0; a < printed.size(); ++a)
        for (std::size_t b = 0; b < printed[a].size(); ++b) {
            const std::size_t pos = transposed ? b : a, rank = transposed ? a : b;
            const std::string expected = printed[a][b];
            const json got_json = pos < tops.size() ? at(tops[pos], {"tokens"}) : json(nullptr);
            const std::string got = got_json.is_array() && rank < got_json.size() ? got_json[rank].get<std::string>()
                                                                                 : std::string("(missing)");
            ++checked;
            if (as_printed(got) == as_printed(expected)) continue;
            if (wrong++ < 3)
                first_wrong += std::string(first_wrong.empty() ? "" : "; ") + "position " + std::to_string(pos) +
                               " rank " + std::to_string(rank) + ": expected " + json(expected).dump() + ", got " +
                               json(got).dump();
        }
    report(wrong == 0, cell, what + " (" + std::to_string(checked) + " cells)",
           std::to_string(wrong) + " cells differ, " + first_wrong);
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Check the chapters' --json outputs against the notebook's printed outputs "
                 "(exit 0: all match, 1: some differ, 77: the model is not there, so skipped).",
                 "notebook_check"};
    std::string reference, model, bin_dir;
    app.add_option("--reference", reference, "the notebook's outputs as JSON (data/reference/distilgpt2-notebook.json)")
        ->required()->check(CLI::ExistingFile);
    app.add_option("--model", model, "the model to run the chapters with: a directory, or a name (distilgpt2)")
        ->required();
    app.add_option("--bin-dir", bin_dir, "where the chapter executables are (default: next to notebook_check)");
    // A malformed flag is one line and exit 2, as in the chapters (CLI11's own codes are 105..).
    if (const int rc = gpt2::parse_flags(app, argc, argv); rc >= 0) return rc;

    // Skipped, not passed, when the model is absent.
    try {
        std::ostringstream notes;
        const gpt2::ModelFiles files = gpt2::resolve_model(model, notes);
        if (!fs::exists(files.weights())) throw gpt2::Error(files.weights().string() + " does not exist");
    } catch (const std::exception& e) {
        std::cout << "notebook_check: skipped: model " << model << " is not available (" << e.what()
                  << "); get distilgpt2 with scripts/download-model distilgpt2\n";
        return 77;
    }
    const fs::path bin = bin_dir.empty() ? fs::read_symlink("/proc/self/exe").parent_path() : fs::path(bin_dir);

    json ref;
    try {
        ref = json::parse(gpt2::read_small_file(reference, 64 << 20, "ours is 5 KB"));
        if (!ref.contains("cells") || !ref["cells"].is_object()) throw gpt2::Error("no \"cells\" object");
    } catch (const std::exception& e) {
        std::cerr << "notebook_check: error: " << gpt2::path_for_message(reference)
                  << ": not the notebook's outputs (" << gpt2::printable_for_message(e.what()) << ")\n";
        return 1;
    }
    const json& cells = ref.at("cells");
    std::cout << "notebook_check: " << reference << " (" << ref.value("provenance", "") << ")\n"
              << "against --model " << model << ", executables in " << bin.string() << "\n";

    // Chapter 1: In[7] input_ids, In[11]'s last token.
    if (const json j = run_json(bin, "ch01_tokenizer", {"--model", model, "--json"}, "Out[7]"); !j.is_null()) {
        check_equal("Out[7] ", "input_ids", cells["Out[7]"]["input_ids"][0], at(j, {"input_ids"}));
        const json tokens = at(j, {"tokens"});
        check_equal("Out[11]", "decode(input_ids[0, -1])", cells["Out[11]"]["token"],
                    tokens.is_array() && !tokens.empty() ? tokens.back() : json(nullptr));
    }
    // Chapter 2: the padded batch.
    if (const json j = run_json(bin, "ch02_padding", {"--model", model, "--json"}, "Out[5]"); !j.is_null()) {
        check_equal("Out[5] ", "batch input_ids", cells["Out[5]"]["input_ids"], at(j, {"input_ids"}));
        check_equal("Out[5] ", "batch attention_mask", cells["Out[5]"]["attention_mask"], at(j, {"attention_mask"}));
        const json ids = at(j, {"input_ids"});
        check_equal("Out[6] ", "batch shape", cells["Out[6]"]["shape"],
                    ids.is_array() && !ids.empty() ? json{ids.size(), ids[0].size()} : json(nullptr));
    }
    // Chapter 3: sizes and shapes.
    if (const json j = run_json(bin, "ch03_embeddings", {"--model", model, "--json"}, "Out[3]"); !j.is_null()) {
        check_equal("Out[3] ", "tokenizer vocabulary size", cells["Out[3]"]["vocab_size"], at(j, {"vocab_size_tokenizer"}));
        check_equal("Out[3] ", "model parameters", cells["Out[3]"]["num_parameters"], at(j, {"model", "parameters"}));
        check_equal("Out[8] ", "wte shape", cells["Out[8]"]["shape"], at(j, {"wte_shape"}));
        check_equal("Out[11]", "last token id", cells["Out[11]"]["id"], at(j, {"last_token", "id"}));
        check_equal("Out[11]", "last token", cells["Out[11]"]["token"], at(j, {"last_token", "token"}));
        check_equal("Out[12]", "vec.shape", cells["Out[12]"]["shape"], at(j, {"vector_shape"}));
    }
    // Chapter 4: the tied head on the embeddings alone.
    if (const json j = run_json(bin, "ch04_tied_head", {"--model", model, "--json", "--top-k", "10"}, "Out[15]");
        !j.is_null()) {
        const json tops = at(j, {"embedding_only"});
        check_equal("Out[14]", "top-10 of lm_head(wte[' to'])", cells["Out[14]"]["tokens"],
                    tops.is_array() && !tops.empty() ? at(tops.back(), {"tokens"}) : json(nullptr));
        check_table("Out[15]", "top-10 of lm_head(wte[input_ids])", cells["Out[15]"]["tokens_as_printed"], tops, false);
    }
    // Chapter 5: the hidden states.
    if (const json j = run_json(bin, "ch05_hidden_states", {"--model", model, "--json", "--top-k", "10"}, "Out[17]");
        !j.is_null()) {
        check_equal("Out[3] ", "model vocab_size", cells["Out[3]"]["vocab_size"], at(j, {"model", "vocab_size"}));
        check_equal("Out[3] ", "model parameters", cells["Out[3]"]["num_parameters"], at(j, {"model", "parameters"}));
        const json states = at(j, {"hidden_states"});
        check_equal("Out[17]", "len(hidden_states)", cells["Out[17]"]["value"],
                    states.is_array() ? json(states.size()) : json(nullptr));
        const bool any = states.is_array() && !states.empty();
        check_table("Out[18]", "top-10 of lm_head(hidden_states[0])", cells["Out[18]"]["tokens_as_printed"],
                    any ? at(states.front(), {"top_k"}) : json(nullptr), true);
        check_table("Out[19]", "top-10 of lm_head(hidden_states[-1])", cells["Out[19]"]["tokens_as_printed"],
                    any ? at(states.back(), {"top_k"}) : json(nullptr), true);
    }

    std::cout << g_ok + g_failed << " checks: " << g_ok << " ok, " << g_failed << " failed\n";
    return g_failed ? 1 : 0;
}
