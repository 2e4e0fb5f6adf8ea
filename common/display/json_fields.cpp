// display/json_fields.cpp — see display/json_fields.hpp.
#include "display/json_fields.hpp"

namespace gpt2 {

nlohmann::ordered_json model_json(const Checkpoint& ck) {
    const Config& cfg = ck.model.config();
    return {{"path", ck.files.dir_for_display()}, {"n_layer", cfg.n_layer},
            {"n_head", cfg.n_head},            {"n_embd", cfg.n_embd},
            {"n_positions", cfg.n_positions},  {"vocab_size", cfg.vocab_size},
            {"parameters", ck.model.num_parameters()}};
}

nlohmann::ordered_json top_k_json(const Tokenizer& tok, const TopK& top) {
    nlohmann::ordered_json tokens = nlohmann::ordered_json::array();
    for (int id : top.ids) tokens.push_back(tok.token_string(id));
    return {{"ids", top.ids}, {"logits", top.values}, {"tokens", tokens}};
}

}  // namespace gpt2
