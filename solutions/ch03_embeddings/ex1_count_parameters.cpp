// Reference solution. Try the exercise in homework/ch03_embeddings/ first!
#include "ch03_embeddings/exercises.hpp"

namespace homework {

std::size_t count_parameters(const gpt2::Config& cfg, bool tied) {
    const std::size_t V = cfg.vocab_size, C = cfg.n_embd, P = cfg.n_positions, I = cfg.n_inner;
    const std::size_t layer_norm = 2 * C;                    // gamma and beta
    const std::size_t block = layer_norm                     // ln_1
                              + C * 3 * C + 3 * C            // c_attn
                              + C * C + C                    // attn c_proj
                              + layer_norm                   // ln_2
                              + C * I + I                    // c_fc
                              + I * C + C;                   // mlp c_proj
    const std::size_t embeddings = V * C + P * C;            // wte, wpe
    const std::size_t head = tied ? 0 : V * C;               // lm_head: wte itself when tied
    return embeddings + cfg.n_layer * block + layer_norm + head;
}

}  // namespace homework
