// model/config.hpp — a GPT-2 model's hyperparameters, read from Hugging Face's config.json.
//
// Only the fields the forward pass needs. Anything we would compute differently from
// transformers' GPT2Model is refused with a clear error instead of silently ignored:
// another model_type, an activation other than gelu_new, n_embd not divisible by n_head.
#pragma once

#include <filesystem>
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace gpt2 {

struct Config {
    int n_layer = 0;       // transformer blocks (6 for distilgpt2, 12 for gpt2)
    int n_head = 0;        // attention heads per block
    int n_embd = 0;        // C: width of every hidden state (768)
    int n_positions = 0;   // longest sequence the position table covers (1024)
    int vocab_size = 0;    // V: 50257
    int n_inner = 0;       // MLP width; config.json's null means 4 * n_embd
    float layer_norm_epsilon = 1e-5f;
    std::string activation_function = "gelu_new";
    bool tie_word_embeddings = true;  // lm_head.weight is wte.weight

    int head_dim() const { return n_embd / n_head; }
};

// Throws gpt2::Error naming `source` (the file) and the field for every problem.
Config parse_config(const nlohmann::json& j, const std::string& source);
Config load_config(const std::filesystem::path& config_json);

}  // namespace gpt2
