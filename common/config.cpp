#include "config.hpp"

#include <fstream>

#include <nlohmann/json.hpp>

#include "error.hpp"

namespace gpt2 {

namespace {

int positive_int(const nlohmann::json& j, const char* key, const std::string& source) {
    if (!j.contains(key)) throw Error(source + ": missing field \"" + key + "\"");
    const auto& v = j.at(key);
    if (!v.is_number_integer() || v.get<long long>() <= 0 || v.get<long long>() > (1LL << 30))
        throw Error(source + ": field \"" + key + "\" must be a positive integer, got " + v.dump());
    return v.get<int>();
}

}  // namespace

Config parse_config(const nlohmann::json& j, const std::string& source) {
    if (!j.is_object()) throw Error(source + ": expected a JSON object");
    if (j.contains("model_type") && j["model_type"] != "gpt2")
        throw Error(source + ": model_type is " + j["model_type"].dump() +
                    "; only GPT-2 checkpoints (model_type \"gpt2\") are supported");

    Config c;
    c.n_layer = positive_int(j, "n_layer", source);
    c.n_head = positive_int(j, "n_head", source);
    c.n_embd = positive_int(j, "n_embd", source);
    c.n_positions = positive_int(j, "n_positions", source);
    c.vocab_size = positive_int(j, "vocab_size", source);
    if (c.n_embd % c.n_head != 0)
        throw Error(source + ": n_embd (" + std::to_string(c.n_embd) +
                    ") is not divisible by n_head (" + std::to_string(c.n_head) + ")");

    // transformers: inner_dim = n_inner if n_inner is not None else 4 * hidden_size
    c.n_inner = (!j.contains("n_inner") || j["n_inner"].is_null()) ? 4 * c.n_embd
                                                                   : positive_int(j, "n_inner", source);

    if (j.contains("layer_norm_epsilon")) {
        const auto& e = j["layer_norm_epsilon"];
        // Checked as the float we keep too: 1e-50 is positive as a double but 0 as a float,
        // and a zero epsilon divides by zero in layer norm for a constant row.
        if (!e.is_number() || e.get<double>() <= 0 || e.get<double>() > 1 || !(e.get<float>() > 0))
            throw Error(source + ": field \"layer_norm_epsilon\" must be a small positive number, got " +
                        e.dump());
        c.layer_norm_epsilon = e.get<float>();
    }
    if (j.contains("activation_function")) {
        const auto& a = j["activation_function"];
        if (!a.is_string()) throw Error(source + ": field \"activation_function\" must be a string");
        c.activation_function = a.get<std::string>();
    }
    if (c.activation_function != "gelu_new")
        throw Error(source + ": activation_function \"" + c.activation_function +
                    "\" is not supported (GPT-2 uses \"gelu_new\")");
    if (j.contains("tie_word_embeddings")) {
        if (!j["tie_word_embeddings"].is_boolean())
            throw Error(source + ": field \"tie_word_embeddings\" must be true or false");
        c.tie_word_embeddings = j["tie_word_embeddings"].get<bool>();
    }
    return c;
}

Config load_config(const std::filesystem::path& config_json) {
    const std::string source = config_json.string();
    std::ifstream in(config_json);
    if (!in) throw Error(source + ": cannot open the model's config.json");
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& e) {
        throw Error(source + ": not valid JSON (" + std::string(e.what()) + ")");
    }
    return parse_config(j, source);
}

}  // namespace gpt2
