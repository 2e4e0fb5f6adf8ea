#include "generate/kv_cache.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include <xtensor/xview.hpp>

#include "model/attention.hpp"
#include "model/embeddings.hpp"
#include "model/layer_norm.hpp"
#include "model/lm_head.hpp"
#include "model/matmul.hpp"
#include "model/mlp.hpp"
#include "support/error.hpp"
#include "support/finite.hpp"

namespace gpt2 {

KVCache::KVCache(const Config& config, std::size_t capacity)
    : capacity_(capacity ? capacity : static_cast<std::size_t>(config.n_positions)), n_positions_(config.n_positions) {
    if (capacity_ > static_cast<std::size_t>(config.n_positions))
        throw Error("a KV cache of " + std::to_string(capacity_) + " positions is longer than this model reads (" +
                    std::to_string(config.n_positions) + ", n_positions)");
    const std::size_t C = static_cast<std::size_t>(config.n_embd);
    for (int l = 0; l < config.n_layer; ++l) {
        keys_.push_back(xt::zeros<float>({capacity_, C}));    // [capacity, C]
        values_.push_back(xt::zeros<float>({capacity_, C}));  // [capacity, C]
    }
}

void KVCache::check_room(std::size_t n_new) const {
    if (n_new == 0) throw Error("no new tokens to run: give at least one");
    if (size_ + n_new <= capacity_) return;
    const std::string total = std::to_string(size_) + " + " + std::to_string(n_new) + " positions";
    if (capacity_ < static_cast<std::size_t>(n_positions_))
        throw Error("the KV cache holds " + std::to_string(capacity_) + " positions, and " + total +
                    " do not fit; make it larger (at most n_positions = " + std::to_string(n_positions_) + ")");
    throw Error(total + " is past the " + std::to_string(n_positions_) +
                " this model reads (n_positions): it has no position embedding beyond");
}

void KVCache::commit(std::size_t n_new) {
    check_room(n_new);
    size_ += n_new;
}

namespace {

// x · W + b for the n new rows. One row (every decode step) goes through linear_row's sgemv,
// several (the prefill) through linear's sgemm, as hidden_states() does.
xt::xtensor<float, 2> project(const xt::xtensor<float, 2>& x, const LinearParams& p) {
    if (x.shape(0) != 1) return linear(x, p);
    xt::xtensor<float, 2> y = xt::empty<float>({std::size_t(1), p.weight.shape[1]});  // [1, out]
    linear_row(x.data(), p, y.data());
    return y;
}

// One block's attention for the n new rows of x, against the cache's `past` rows before them.
// The same math as causal_self_attention (model/attention.hpp), with keys and values read from the
// cache: q · kᵀ over past + n keys, the shared causal softmax, p · v.
xt::xtensor<float, 2> cached_attention(const xt::xtensor<float, 2>& x, const BlockParams& block, const Config& config,
                                       xt::xtensor<float, 2>& keys, xt::xtensor<float, 2>& values,
                                       std::size_t past) {
    const std::size_t n = x.shape(0), total = past + n;
    const std::size_t C = config.n_embd, H = config.n_head, D = config.head_dim();
    const float scale = 1.0f / std::sqrt(static_cast<float>(D));

    const xt::xtensor<float, 2> qkv = project(x, block.c_attn);  // [n, 3C]
    for (std::size_t i = 0; i < n; ++i) {  // append k and v: rows past .. past+n-1
        const float* row = qkv.data() + i * 3 * C;
        std::copy(row + C, row + 2 * C, keys.data() + (past + i) * C);
        std::copy(row + 2 * C, row + 3 * C, values.data() + (past + i) * C);
    }
    xt::xtensor<float, 2> heads = xt::empty<float>({n, C});       // [n, C], heads side by side
    xt::xtensor<float, 2> scores = xt::empty<float>({n, total});  // [n, past + n] for one head
    for (std::size_t h = 0; h < H; ++h) {
        const float* q = qkv.data() + h * D;
        const float* k = keys.data() + h * D;    // this head's keys: [total, D], row stride C
        const float* v = values.data() + h * D;  // its values, the same
        if (n == 1) {  // one query: matrix-vector products, as project()
            sgemv(false, total, D, k, C, q, scores.data(), scale);  // scores = scale · K q
            causal_softmax(scores.data(), 1, total, nullptr);
            sgemv(true, total, D, v, C, scores.data(), heads.data() + h * D);  // Vᵀ p
            continue;
        }
        sgemm(n, total, D, q, 3 * C, k, C, /*trans_b=*/true, scores.data(), total, scale);
        causal_softmax(scores.data(), n, total, nullptr);
        sgemm(n, D, total, scores.data(), total, v, C, false, heads.data() + h * D, C);
    }
    return project(heads, block.attn_proj);
}

// mlp() (model/mlp.hpp) through project(): one row by sgemv.
xt::xtensor<float, 2> cached_mlp(const xt::xtensor<float, 2>& x, const BlockParams& block) {
    xt::xtensor<float, 2> hidden = project(x, block.c_fc);  // [n, n_inner]
    for (float& v : hidden) v = gelu_new(v);
    return project(hidden, block.mlp_proj);  // [n, C]
}

}  // namespace

xt::xtensor<float, 2> forward_with_cache(const Model& model, KVCache& cache, const std::vector<int>& new_ids) {
    const Config& cfg = model.config();
    const Weights& w = model.weights();
    if (cache.n_layer() != w.h.size() ||
        (cache.n_layer() && cache.keys(0).shape(1) != static_cast<std::size_t>(cfg.n_embd)))
        throw Error("this KV cache was made for another model's shape");
    const std::size_t n = new_ids.size(), past = cache.size();
    cache.check_room(n);  // before anything is written: an error leaves the cache as it was

    xt::xtensor<int, 2> ids = xt::empty<int>({std::size_t(1), n});        // [1, n]
    xt::xtensor<int, 2> positions = xt::empty<int>({std::size_t(1), n});  // [1, n]: past .. past+n-1
    for (std::size_t t = 0; t < n; ++t) {
        ids(0, t) = new_ids[t];
        positions(0, t) = static_cast<int>(past + t);
    }
    xt::xtensor<float, 2> x = embed(model, ids, positions);  // [n, C]; throws on a bad id
    for (std::size_t l = 0; l < w.h.size(); ++l) {
        const BlockParams& block = w.h[l];
        x += cached_attention(layer_norm(x, block.ln_1, cfg.layer_norm_epsilon), block, cfg, cache.keys(l),
                              cache.values(l), past);
        x += cached_mlp(layer_norm(x, block.ln_2, cfg.layer_norm_epsilon), block);
    }
    x = layer_norm(x, w.ln_f, cfg.layer_norm_epsilon);
    // As hidden_states(): finite weights can still overflow; say so rather than return NaN.
    if (const std::size_t i = first_nonfinite(x.data(), x.size()); i != x.size())
        throw Error("the forward pass gave " + nonfinite_name(x.data()[i]) + " at position " +
                    std::to_string(past + i / x.shape(1)) +
                    ": the weights are finite but so large that the numbers overflow; the model file is corrupt");
    cache.commit(n);
    return x;
}

std::vector<float> next_token_logits(const Model& model, KVCache& cache, const std::vector<int>& new_ids) {
    const xt::xtensor<float, 2> h = forward_with_cache(model, cache, new_ids);  // [n, C]
    std::vector<float> logits(model.weights().lm_head.shape[0]);  // [V]
    lm_head_row(model, h.data() + (h.shape(0) - 1) * h.shape(1), logits.data());  // the last row only
    return logits;
}

}  // namespace gpt2
