#include "model/config.hpp"

#include <nlohmann/json.hpp>

#include "support/error.hpp"
#include "support/input_file.hpp"
#include "support/json_input.hpp"

namespace gpt2 {

namespace {

// Upper bounds, far above any GPT-2 (gpt2-xl: 48 layers, 25 heads, n_embd 1600, n_inner
// 6400, 1024 positions, 50257 tokens), low enough that no size computed from them (4 * n_embd,
// 3 * n_embd * n_embd, vocab_size * n_embd, ...) can overflow.
constexpr long long kMaxLayers = 1024, kMaxHeads = 1024, kMaxEmbd = 65536, kMaxInner = 4 * kMaxEmbd,
                    kMaxPositions = 1 << 20, kMaxVocab = 1 << 22;
// config.json is about 1 KB (transformers writes a few dozen fields): 1 MiB is plenty.
constexpr std::size_t kMaxConfigBytes = 1 << 20;
// The most elements one weight matrix may have: 2^32 (16 GiB of float32).
constexpr long long kMaxMatrix = 1LL << 32;

int positive_int(const nlohmann::json& j, const char* key, long long max, const std::string& source) {
    if (!j.contains(key)) throw Error(source + ": missing field \"" + key + "\"");
    const auto& v = j.at(key);
    if (!v.is_number_integer() || (v.is_number_unsigned() ? v.get<unsigned long long>() == 0 : v.get<long long>() <= 0))
        throw Error(source + ": field \"" + key + "\" must be a positive integer, got " + json_for_message(v));
    if (v.is_number_unsigned() ? v.get<unsigned long long>() > static_cast<unsigned long long>(max) : v.get<long long>() > max)
        throw Error(source + ": field \"" + key + "\" is " + json_for_message(v) + ", but this program supports at most " +
                    std::to_string(max) + "; the file is corrupt or not a GPT-2 config");
    return static_cast<int>(v.get<long long>());
}

// rows x cols elements of one weight matrix, refused beyond kMaxMatrix (each factor is bounded).
void check_matrix(long long rows, long long cols, const char* what, const std::string& source) {
    if (rows * cols > kMaxMatrix)
        throw Error(source + ": " + what + " = " + std::to_string(rows) + " x " + std::to_string(cols) +
                    " weights is too large (at most " + std::to_string(kMaxMatrix) +
                    " per matrix); the file is corrupt or not a GPT-2 config");
}

}  // namespace

Config parse_config(const nlohmann::json& j, const std::string& source) {
    if (!j.is_object()) throw Error(source + ": expected a JSON object");
    if (j.contains("model_type") && j["model_type"] != "gpt2")
        throw Error(source + ": model_type is " + json_for_message(j["model_type"]) +
                    "; only GPT-2 checkpoints (model_type \"gpt2\") are supported");

    Config c;
    c.n_layer = positive_int(j, "n_layer", kMaxLayers, source);
    c.n_head = positive_int(j, "n_head", kMaxHeads, source);
    c.n_embd = positive_int(j, "n_embd", kMaxEmbd, source);
    c.n_positions = positive_int(j, "n_positions", kMaxPositions, source);
    c.vocab_size = positive_int(j, "vocab_size", kMaxVocab, source);
    if (c.n_embd % c.n_head != 0)
        throw Error(source + ": n_embd (" + std::to_string(c.n_embd) +
                    ") is not divisible by n_head (" + std::to_string(c.n_head) + ")");

    // transformers: inner_dim = n_inner if n_inner is not None else 4 * hidden_size
    c.n_inner = (!j.contains("n_inner") || j["n_inner"].is_null()) ? 4 * c.n_embd
                                                                   : positive_int(j, "n_inner", kMaxInner, source);
    check_matrix(c.vocab_size, c.n_embd, "vocab_size x n_embd (wte)", source);
    check_matrix(c.n_positions, c.n_embd, "n_positions x n_embd (wpe)", source);
    check_matrix(c.n_embd, 3LL * c.n_embd, "n_embd x 3 n_embd (c_attn)", source);
    check_matrix(c.n_embd, c.n_inner, "n_embd x n_inner (c_fc)", source);

    if (j.contains("layer_norm_epsilon")) {
        const auto& e = j["layer_norm_epsilon"];
        // Checked as the float we keep too: 1e-50 is positive as a double but 0 as a float,
        // and a zero epsilon divides by zero in layer norm for a constant row.
        if (!e.is_number() || e.get<double>() <= 0 || e.get<double>() > 1 || !(e.get<float>() > 0))
            throw Error(source + ": field \"layer_norm_epsilon\" must be a small positive number, got " +
                        json_for_message(e));
        c.layer_norm_epsilon = e.get<float>();
    }
    if (j.contains("activation_function")) {
        const auto& a = j["activation_function"];
        if (!a.is_string()) throw Error(source + ": field \"activation_function\" must be a string");
        c.activation_function = a.get<std::string>();
    }
    if (c.activation_function != "gelu_new")
        throw Error(source + ": activation_function " + quote_for_message(c.activation_function) +
                    " is not supported (GPT-2 uses \"gelu_new\")");
    if (j.contains("tie_word_embeddings")) {
        if (!j["tie_word_embeddings"].is_boolean())
            throw Error(source + ": field \"tie_word_embeddings\" must be true or false");
        c.tie_word_embeddings = j["tie_word_embeddings"].get<bool>();
    }
    return c;
}

Config load_config(const std::filesystem::path& config_json) {
    const std::string source = path_for_message(config_json);
    const std::string text = read_small_file(config_json, kMaxConfigBytes, "GPT-2's is 665 bytes");
    if (const std::string problem = json_input_problem(text); !problem.empty())
        throw Error(source + ": " + problem + "; this is not a model's config.json");
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        throw Error(source + ": not valid JSON (" + printable_for_message(e.what()) + ")");
    }
    return parse_config(j, source);
}

}  // namespace gpt2
