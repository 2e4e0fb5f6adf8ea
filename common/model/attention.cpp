#include "model/attention.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "model/matmul.hpp"
#include "support/error.hpp"

namespace gpt2 {

void causal_softmax(float* scores, std::size_t n_q, std::size_t n_k, const int* key_mask) {
    const float lowest = std::numeric_limits<float>::lowest();
    const std::size_t past = n_k - n_q;  // keys cached before the first query
    for (std::size_t i = 0; i < n_q; ++i) {
        float* row = scores + i * n_k;
        const std::size_t last = past + i;  // causal: keys after the query's own position are never seen
        float max = lowest;
        for (std::size_t j = 0; j <= last; ++j) {
            if (key_mask && key_mask[j] == 0) row[j] = lowest;
            max = std::max(max, row[j]);
        }
        float sum = 0;
        for (std::size_t j = 0; j <= last; ++j) sum += (row[j] = std::exp(row[j] - max));
        for (std::size_t j = 0; j <= last; ++j) row[j] /= sum;
        std::fill(row + last + 1, row + n_k, 0.0f);
    }
}

xt::xtensor<float, 2> causal_self_attention(const xt::xtensor<float, 2>& x,
                                            const xt::xtensor<int, 2>& attention_mask,
                                            const BlockParams& block, const Config& config,
                                            xt::xtensor<float, 4>* probs, const ProbsHook& edit_probs) {
    const std::size_t B = attention_mask.shape(0), T = attention_mask.shape(1);
    const std::size_t C = config.n_embd, H = config.n_head, D = config.head_dim();
    const float scale = 1.0f / std::sqrt(static_cast<float>(D));

    const xt::xtensor<float, 2> qkv = linear(x, block.c_attn);  // [B·T, 3C]
    xt::xtensor<float, 2> heads = xt::empty<float>({B * T, C});  // [B·T, C], heads side by side
    xt::xtensor<float, 2> scores = xt::empty<float>({T, T});     // [T, T] for one (b, h)
    if (probs) *probs = xt::empty<float>({B, H, T, T});

    for (std::size_t b = 0; b < B; ++b) {
        const float* seq = qkv.data() + b * T * 3 * C;
        for (std::size_t h = 0; h < H; ++h) {
            // One head's q, k, v are column blocks of the fused matrix: row stride 3C.
            const float* q = seq + h * D;
            const float* k = seq + C + h * D;
            const float* v = seq + 2 * C + h * D;
            sgemm(T, T, D, q, 3 * C, k, 3 * C, /*trans_b=*/true, scores.data(), T, scale);

            causal_softmax(scores.data(), T, T, &attention_mask(b, 0));
            if (edit_probs) {
                edit_probs(b, h, scores);
                if (scores.shape(0) != T || scores.shape(1) != T)
                    throw Error("an attention hook changed the shape of the probabilities; edit them in place");
            }
            if (probs) std::copy(scores.begin(), scores.end(), &(*probs)(b, h, 0, 0));
            // out_h = p · v, written straight into this head's columns of `heads`.
            sgemm(T, D, T, scores.data(), T, v, 3 * C, false, heads.data() + b * T * C + h * D, C);
        }
    }
    return linear(heads, block.attn_proj);
}

}  // namespace gpt2
