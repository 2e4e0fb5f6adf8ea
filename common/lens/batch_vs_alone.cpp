// lens/batch_vs_alone.cpp — see lens/batch_vs_alone.hpp.
#include "lens/batch_vs_alone.hpp"

#include <algorithm>
#include <cmath>

#include <xtensor/xview.hpp>

#include "model/lm_head.hpp"
#include "support/finite.hpp"

namespace gpt2 {

xt::xtensor<int, 2> position_ids(const Batch& batch, PositionScheme scheme) {
    return scheme == PositionScheme::FromMask ? position_ids_from_mask(batch) : position_ids_default(batch);
}

std::vector<RowVsAlone> compare_batch_with_alone(const Model& model, const Batch& batch, PositionScheme scheme,
                                                 std::size_t k) {
    const std::size_t B = batch.input_ids.shape(0), T = batch.input_ids.shape(1), C = model.config().n_embd;
    const auto states = hidden_states(model, batch.input_ids, batch.attention_mask, position_ids(batch, scheme));
    const xt::xtensor<float, 3>& last = states.back();  // [B, T, C]: ln_f(last block)

    std::vector<RowVsAlone> rows(B);
    for (std::size_t b = 0; b < B; ++b) {
        std::vector<std::size_t> real;  // the row's real columns
        for (std::size_t t = 0; t < T; ++t)
            if (batch.attention_mask(b, t)) {
                real.push_back(t);
                rows[b].ids.push_back(batch.input_ids(b, t));
            }
        rows[b].max_abs_diff = rows[b].max_abs_logit = 0;
        if (real.empty()) continue;

        xt::xtensor<float, 2> batched = xt::empty<float>({real.size(), C});  // [n, C]
        for (std::size_t i = 0; i < real.size(); ++i)
            xt::view(batched, i, xt::all()) = xt::view(last, b, real[i], xt::all());
        const xt::xtensor<float, 2> alone = hidden_states(model, rows[b].ids).back();  // [n, C]

        const xt::xtensor<float, 2> lb = lm_head_logits(model, batched);  // [n, V]
        const xt::xtensor<float, 2> la = lm_head_logits(model, alone);    // [n, V]
        for (std::size_t i = 0; i < lb.size(); ++i) {
            rows[b].max_abs_diff = max_keep_nan(rows[b].max_abs_diff, double(std::abs(lb.data()[i] - la.data()[i])));
            rows[b].max_abs_logit = max_keep_nan(rows[b].max_abs_logit, double(std::abs(la.data()[i])));
        }

        const std::size_t n = real.size(), V = lb.shape(1);
        rows[b].batched_last = top_k(lb.data() + (n - 1) * V, V, k);
        rows[b].alone_last = top_k(la.data() + (n - 1) * V, V, k);
    }
    return rows;
}

}  // namespace gpt2
