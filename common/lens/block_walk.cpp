#include "lens/block_walk.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xview.hpp>

#include "model/attention.hpp"
#include "model/layer_norm.hpp"
#include "model/matmul.hpp"
#include "model/mlp.hpp"
#include "model/transformer.hpp"
#include "support/error.hpp"
#include "support/finite.hpp"

namespace gpt2 {

namespace {

// LayerNorm as the formula reads, whole tensors at a time; mean and var come back for printing.
xt::xtensor<float, 2> layer_norm_by_formula(const xt::xtensor<float, 2>& x, const LayerNormParams& p, float eps,
                                            xt::xtensor<float, 1>* mean_out = nullptr,
                                            xt::xtensor<float, 1>* var_out = nullptr,
                                            xt::xtensor<float, 2>* normalized_out = nullptr) {
    const xt::xtensor<float, 1> mean = xt::mean(x, {1});                                      // [T]
    const xt::xtensor<float, 2> centered = x - xt::view(mean, xt::all(), xt::newaxis());        // [T, C]
    const xt::xtensor<float, 1> var = xt::mean(xt::square(centered), {1});                    // [T], divide by C
    const xt::xtensor<float, 2> normalized = centered / xt::sqrt(xt::view(var, xt::all(), xt::newaxis()) + eps);
    xt::xtensor<float, 2> y = normalized * p.weight.view() + p.bias.view();  // γ, β broadcast over rows
    if (mean_out) *mean_out = mean;
    if (var_out) *var_out = var;
    if (normalized_out) *normalized_out = normalized;
    return y;
}

template <class A, class B>
WalkCheck compare(std::string step, std::string library, const A& ours, const B& theirs) {
    WalkCheck c{std::move(step), std::move(library), 0.0, 0.0};
    // max_keep_nan, not xt::amax: a NaN anywhere must make the difference NaN (a failed check),
    // never vanish into a max that shows 0.
    const auto diff = xt::eval(xt::abs(ours - theirs));
    const auto value = xt::eval(xt::abs(theirs));
    for (const float d : diff) c.max_abs_diff = max_keep_nan(c.max_abs_diff, d);
    for (const float v : value) c.max_abs_value = max_keep_nan(c.max_abs_value, v);
    return c;
}

}  // namespace

BlockWalk walk_block(const Model& model, const std::vector<int>& ids, std::size_t layer) {
    // The fused forward, for the block's input and, at the end, to compare with.
    std::vector<xt::xtensor<float, 3>> attention;
    const std::vector<xt::xtensor<float, 2>> states = hidden_states(model, ids, &attention);
    return walk_block(model, states, attention, layer);
}

BlockWalk walk_block(const Model& model, const std::vector<xt::xtensor<float, 2>>& states,
                     const std::vector<xt::xtensor<float, 3>>& fused_attention, std::size_t layer) {
    const Config& cfg = model.config();
    const Weights& weights = model.weights();
    if (layer >= weights.h.size())
        throw Error("layer " + std::to_string(layer) + " is not a block of this model: it has " +
                    std::to_string(weights.h.size()) + " blocks (0 .. " + std::to_string(weights.h.size() - 1) + ")");
    if (states.size() != weights.h.size() + 1 || fused_attention.size() != weights.h.size())
        throw Error("walk_block: expected the n_layer + 1 states and n_layer attentions of hidden_states()");
    const BlockParams& block = weights.h[layer];
    const std::size_t T = states[layer].shape(0), C = cfg.n_embd, H = cfg.n_head, D = cfg.head_dim();

    BlockWalk w;
    w.layer = layer;
    w.eps = cfg.layer_norm_epsilon;
    w.x = states[layer];  // [T, C]: the embeddings for block 0, else the previous block's output

    // ln_1
    w.ln_1 = layer_norm_by_formula(w.x, block.ln_1, w.eps, &w.mean, &w.var, &w.normalized);
    const xt::xtensor<float, 2> lib_ln_1 = layer_norm(w.x, block.ln_1, w.eps);
    w.checks.push_back(compare("ln_1", "layer_norm(x, ln_1)", w.ln_1, lib_ln_1));

    // q | k | v, then one head at a time.
    w.qkv = linear(w.ln_1, block.c_attn);  // [T, 3C]
    w.q = xt::empty<float>({H, T, D});
    w.k = xt::empty<float>({H, T, D});
    w.v = xt::empty<float>({H, T, D});
    w.scores = xt::empty<float>({H, T, T});
    w.head_out = xt::empty<float>({H, T, D});
    const float scale = 1.0f / std::sqrt(float(D));
    for (std::size_t h = 0; h < H; ++h) {
        xt::view(w.q, h) = xt::view(w.qkv, xt::all(), xt::range(h * D, h * D + D));
        xt::view(w.k, h) = xt::view(w.qkv, xt::all(), xt::range(C + h * D, C + h * D + D));
        xt::view(w.v, h) = xt::view(w.qkv, xt::all(), xt::range(2 * C + h * D, 2 * C + h * D + D));
        const xt::xtensor<float, 2> q = xt::view(w.q, h), k = xt::view(w.k, h);
        xt::view(w.scores, h) = xt::linalg::dot(q, xt::transpose(k)) * scale;  // [T, T]
    }
    // The causal mask, then softmax along each row (minus the row's max, so exp cannot overflow).
    w.masked = w.scores;
    for (std::size_t h = 0; h < H; ++h)
        for (std::size_t i = 0; i < T; ++i)
            for (std::size_t j = i + 1; j < T; ++j) w.masked(h, i, j) = -std::numeric_limits<float>::infinity();
    const xt::xtensor<float, 2> row_max = xt::amax(w.masked, {2});                          // [H, T]
    const xt::xtensor<float, 3> e = xt::exp(w.masked - xt::view(row_max, xt::all(), xt::all(), xt::newaxis()));
    const xt::xtensor<float, 2> row_sum = xt::sum(e, {2});                                  // exp(−∞) = 0
    w.probs = e / xt::view(row_sum, xt::all(), xt::all(), xt::newaxis());
    w.checks.push_back(compare("attention pattern", "hidden_states(…, &attention)[" + std::to_string(layer) + "]",
                               w.probs, fused_attention[layer]));

    w.heads = xt::empty<float>({T, C});
    for (std::size_t h = 0; h < H; ++h) {
        const xt::xtensor<float, 2> p = xt::view(w.probs, h), v = xt::view(w.v, h);
        xt::view(w.head_out, h) = xt::linalg::dot(p, v);  // [T, D]
        xt::view(w.heads, xt::all(), xt::range(h * D, h * D + D)) = xt::view(w.head_out, h);
    }
    w.attn = linear(w.heads, block.attn_proj);
    const xt::xtensor<int, 2> mask = xt::ones<int>({std::size_t(1), T});
    const xt::xtensor<float, 2> lib_attn = causal_self_attention(lib_ln_1, mask, block, cfg);
    w.checks.push_back(compare("attention output", "causal_self_attention(ln_1)", w.attn, lib_attn));

    w.mid = w.x + w.attn;
    const xt::xtensor<float, 2> lib_mid = w.x + lib_attn;
    w.checks.push_back(compare("x + attention", "x + causal_self_attention(ln_1)", w.mid, lib_mid));

    // ln_2 and the MLP, gelu_new written as its tanh formula.
    w.ln_2 = layer_norm_by_formula(w.mid, block.ln_2, w.eps);
    const xt::xtensor<float, 2> lib_ln_2 = layer_norm(lib_mid, block.ln_2, w.eps);
    w.checks.push_back(compare("ln_2", "layer_norm(x + attention, ln_2)", w.ln_2, lib_ln_2));
    w.fc = linear(w.ln_2, block.c_fc);
    const float k = std::sqrt(2.0f / float(M_PI));
    w.gelu = 0.5f * w.fc * (1.0f + xt::tanh(k * (w.fc + 0.044715f * w.fc * w.fc * w.fc)));
    w.mlp = linear(w.gelu, block.mlp_proj);
    w.checks.push_back(compare("MLP output", "mlp(ln_2)", w.mlp, mlp(lib_ln_2, block)));

    w.out = w.mid + w.mlp;
    if (layer + 1 < weights.h.size()) {
        w.checks.push_back(compare("block output", "hidden_states[" + std::to_string(layer + 1) + "] (fused forward)",
                                   w.out, states[layer + 1]));
    } else {  // the last state is ln_f(last block's output): apply ln_f to ours to compare
        w.checks.push_back(compare("ln_f(block output)",
                                   "hidden_states[" + std::to_string(layer + 1) + "] (fused forward, ln_f applied)",
                                   layer_norm_by_formula(w.out, weights.ln_f, w.eps), states[layer + 1]));
    }
    return w;
}

}  // namespace gpt2
