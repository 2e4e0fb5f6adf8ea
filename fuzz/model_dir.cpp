// fuzz/model_dir.cpp — a whole model directory through chapter 6: config.json and
// model.safetensors loaded (Model::load), the forward pass and the logit lens on a short
// prompt, and every export ch06_logit_lens makes — JSON, CSV, the HTML heatmap, the
// terminal grids and the top-k table — built as strings in memory.
//
// Input:  config.json  SEP  model.safetensors  [SEP  options byte  prompt]
// with SEP = "\n--8<--\n". Without the third part the prompt is ch06's default and the
// options byte 0. Options byte: bit 0 --ln-f none, bit 1 --prepend-bos, bits 2-4 the
// metric (mod 5), bits 5-7 top-k (0 -> ch06's default 10; 1-5; 6 -> 0, an error;
// 7 -> 300, more than the byte vocabulary has). The prompt is cut to 200 bytes.
//
// The vocabulary: a config with vocab_size 50257 gets the real GPT-2 vocab.json/merges.txt
// (data/gpt2); any other gets a minimal byte-level vocabulary of 257 tokens (the 256 byte
// pieces of GPT-2's vocabulary, ids 0-255, and <|endoftext|> = 256, no merges), so that a
// whole model fits in a few kilobytes the fuzzer can mutate: with the real vocabulary wte
// alone is 50257 × n_embd weights. As in Checkpoint::open, vocab_size must match.
//
// NaN and ±Inf: Model::load refuses a non-finite weight, and the forward pass and the lens
// refuse numbers that overflow (finite.hpp), so no NaN may reach a metric: checked below.
// --prepend-bos puts the vocabulary's own <|endoftext|> first (256 in the byte vocabulary).
//
// Bound: configs with n_layer > 12 or n_layer × n_embd > 8192 are skipped before loading,
// so that every run stays fast (the weights must be in the input anyway).
// Expected: gpt2::Error for anything wrong. Everything else escaping is a finding.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <nlohmann/json.hpp>

#include "display/ansi_grid.hpp"
#include "display/color_scale.hpp"
#include "display/heatmap_html.hpp"
#include "display/lens_grid.hpp"
#include "display/logit_lens_export.hpp"
#include "display/token_display.hpp"
#include "fuzz_util.hpp"
#include "lens/lens_metric.hpp"
#include "lens/logit_lens.hpp"
#include "model/model.hpp"
#include "support/data_dir.hpp"
#include "support/error.hpp"
#include "support/table.hpp"
#include "support/utf8.hpp"
#include "text/tokenizer.hpp"

namespace {

const gpt2::Tokenizer& gpt2_tokenizer() {
    static const gpt2::Tokenizer tok =
        gpt2::Tokenizer::load(gpt2::data_dir() / "gpt2" / "vocab.json", gpt2::data_dir() / "gpt2" / "merges.txt");
    return tok;
}

// The 256 byte pieces of GPT-2's vocabulary and <|endoftext|>, no merges.
const gpt2::Tokenizer& byte_tokenizer() {
    static const gpt2::Tokenizer tok = [] {
        nlohmann::json vocab = nlohmann::json::object();
        for (int id = 0; id < 256; ++id) vocab[gpt2_tokenizer().piece(id)] = id;
        vocab["<|endoftext|>"] = 256;
        const auto& dir = fuzz::scratch();
        return gpt2::Tokenizer::load(dir.write("byte_vocab.json", vocab.dump()),
                                     dir.write("byte_merges.txt", "#version: 0.2\n"));
    }();
    return tok;
}

bool too_big(std::string_view config_text) {
    const auto j = nlohmann::json::parse(config_text.begin(), config_text.end(), nullptr, false);
    if (!j.is_object()) return false;
    const auto get = [&](const char* key) -> long long {
        return j.contains(key) && j[key].is_number_integer() ? j[key].get<long long>() : 0;
    };
    const long long n_layer = get("n_layer"), n_embd = get("n_embd");
    return n_layer > 12 || (n_layer > 0 && n_embd > 0 && n_layer * n_embd > 8192);
}

void run(std::string_view config_text, std::string_view weights, std::uint8_t options, std::string prompt) {
    const auto& dir = fuzz::scratch();
    gpt2::ModelFiles files{"fuzz", dir.path()};
    dir.write("config.json", config_text);
    dir.write("model.safetensors", weights);

    const gpt2::Model model = gpt2::Model::load(files);
    FUZZ_CHECK(config_text.find('\0') == std::string_view::npos);  // JSON never holds a NUL (json_input.hpp)
    const auto V = std::size_t(model.config().vocab_size);
    const gpt2::Tokenizer& tok = V == 50257 ? gpt2_tokenizer() : byte_tokenizer();
    if (tok.vocab_size() != V)  // Checkpoint::open's check
        throw gpt2::Error("vocab.json has " + std::to_string(tok.vocab_size()) + " tokens but config.json says " +
                          std::to_string(V));

    // Checkpoint::encode_prompt's checks.
    const std::vector<int> ids = tok.encode(prompt);
    if (ids.empty()) throw gpt2::Error("the prompt is empty");
    if (ids.size() > std::size_t(model.config().n_positions)) throw gpt2::Error("the prompt is too long");

    gpt2::LensOptions opts;
    opts.ln_f = (options & 1) ? gpt2::LnF::None : gpt2::LnF::Intermediate;
    opts.prepend_bos = (options & 2) != 0;
    opts.bos_id = tok.eos_id();
    const auto metric = gpt2::all_lens_metrics().at(((options >> 2) & 7) % gpt2::all_lens_metrics().size());
    const std::size_t k_bits = options >> 5;
    opts.k = k_bits == 0 ? 10 : k_bits == 6 ? 0 : k_bits == 7 ? 300 : k_bits;
    const gpt2::LensResult lens = gpt2::logit_lens(model, ids, opts);

    const std::size_t S = lens.num_states, T = lens.num_positions();
    FUZZ_CHECK(S == std::size_t(model.config().n_layer) + 1);
    FUZZ_CHECK(T == ids.size() + (opts.prepend_bos ? 1 : 0));
    FUZZ_CHECK(lens.cells.size() == S * T);
    FUZZ_CHECK(!opts.prepend_bos || lens.ids[0] == tok.eos_id());
    for (const auto& cell : lens.cells) {
        FUZZ_CHECK(cell.top.ids.size() == opts.k && cell.probs.size() == opts.k);
        // Never a confident-looking number made of NaN (entropy 0.00, KL 0.00).
        FUZZ_CHECK(std::isfinite(cell.logsumexp) && !std::isnan(cell.entropy) && !std::isnan(cell.kl_to_final) &&
                   !std::isnan(cell.final_top1_prob) && !std::isnan(cell.norm));
        for (float p : cell.probs) FUZZ_CHECK(!std::isnan(p));
        for (int id : cell.top.ids) FUZZ_CHECK(id >= 0 && std::size_t(id) < V);
        FUZZ_CHECK(cell.final_top1_rank < V);
    }

    // The exports, as ch06 writes them.
    nlohmann::ordered_json json = gpt2::lens_json(lens, tok);
    json["model"] = files.name;
    json["prompt"] = prompt;
    const std::string json_text = json.dump();
    FUZZ_CHECK(!json_text.empty());
    const std::string csv = gpt2::lens_csv(lens, tok);
    FUZZ_CHECK(gpt2::utf8_find_invalid(csv) == std::string_view::npos);
    const std::string html = gpt2::lens_heatmap_html(lens, tok, {files.name, prompt, metric});
    FUZZ_CHECK(gpt2::utf8_find_invalid(html) == std::string_view::npos);

    // The terminal output: both grids, coloured, and the top-k table at the last position.
    gpt2::GridStyle style;
    style.color = true;
    style.truecolor = (options & 4) != 0;
    style.width = 100;
    gpt2::lens_top1_grid(lens, tok, metric, style);
    const gpt2::MetricScale scale = gpt2::metric_scale(metric, lens, tok.vocab_size());
    scale.dark_label();
    scale.bright_label();
    gpt2::lens_metric_grid(lens, tok, metric, style);
    std::vector<std::string> cols, rows;
    for (std::size_t k = 0; k < S; ++k) cols.push_back(gpt2::state_label(S - 1 - k, S));
    for (std::size_t r = 0; r < opts.k; ++r) rows.push_back(std::to_string(r));
    gpt2::Table table(cols, rows);
    for (std::size_t k = 0; k < S; ++k)
        for (std::size_t r = 0; r < opts.k; ++r) {
            const gpt2::LensCell& c = lens.at(S - 1 - k, T - 1);
            table.set(r, k, gpt2::display_token(tok.token_string(c.top.ids[r])) + " " +
                                gpt2::format_metric(c.probs[r], gpt2::LensMetric::Prob));
        }
    table.render();
    if (std::getenv("FUZZ_VERBOSE"))
        std::fprintf(stderr, "lens: %zu states x %zu positions, k %zu: %zu bytes of JSON, %zu of CSV, %zu of HTML\n", S,
                     T, opts.k, json_text.size(), csv.size(), html.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto parts = fuzz::split(fuzz::as_view(data, size), "\n--8<--\n", 3);
    if (parts.size() < 2 || too_big(parts[0])) return 0;
    std::uint8_t options = 0;
    std::string prompt = "This weekend I plan to";
    if (parts.size() == 3 && !parts[2].empty()) {
        options = static_cast<std::uint8_t>(parts[2][0]);
        prompt = std::string(parts[2].substr(1, 200));
    }
    try {
        run(parts[0], parts[1], options, prompt);
    } catch (const gpt2::Error& e) {
        fuzz::expected_error(e);  // expected for a bad model directory, prompt or option
    }
    return 0;
}
