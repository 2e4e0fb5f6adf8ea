#include "ch03_embeddings/exercises.hpp"

namespace homework {

std::size_t count_parameters(const gpt2::Config& cfg, bool tied) {
    // TODO(you): add up the sizes of every weight and bias of GPT-2 (model.hpp's Weights
    // lists them, with their shapes). With V = cfg.vocab_size, C = cfg.n_embd,
    // P = cfg.n_positions and I = cfg.n_inner (the MLP width, 4·C):
    //   wte [V, C] and wpe [P, C];
    //   per block (cfg.n_layer of them): ln_1 and ln_2 (a weight [C] and a bias [C] each),
    //   c_attn ([C, 3C] + [3C]), attn c_proj ([C, C] + [C]), c_fc ([C, I] + [I]),
    //   mlp c_proj ([I, C] + [C]);
    //   ln_f ([C] + [C]);
    //   lm_head [V, C], no bias: counted only when the model is NOT tied.
    // Check: the notebook's distilgpt2 has 81,912,576 (tied).
    (void)cfg;
    (void)tied;
    return 0;
}

}  // namespace homework
