#include "lens/logit_lens.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include <xtensor/xview.hpp>

#include "lens/state_norms.hpp"
#include "model/lm_head.hpp"
#include "model/transformer.hpp"
#include "support/error.hpp"
#include "support/finite.hpp"
#include "support/memory_limit.hpp"
#include "text/tokenizer.hpp"

namespace gpt2 {
namespace {

// Softmax statistics of one row of logits, in double.
struct RowStats {
    double logsumexp = 0;
    double mean_logit = 0;  // Σ p_v · logit_v (the entropy is logsumexp minus this)
};

// Finite weights and states can still give logits that overflow (a weight of 1e38): NaN
// probabilities would then print as entropy 0.00, KL 0.00, rank 0. Say so instead. A -Inf
// logit leaves logsumexp finite but makes the mean NaN (0 · -Inf), so both are checked.
void check_logits_finite(const RowStats& st, std::size_t state, std::size_t t) {
    if (!std::isfinite(st.logsumexp) || !std::isfinite(st.mean_logit))
        throw Error("lm_head(hidden_states[" + std::to_string(state) + "]) at position " + std::to_string(t) +
                    " is not finite (NaN or ±Inf): the weights are finite but so large that the numbers overflow; "
                    "the model file is corrupt");
}

RowStats row_stats(const float* logits, std::size_t V) {
    const double m = *std::max_element(logits, logits + V);
    double s = 0, sl = 0;
    for (std::size_t v = 0; v < V; ++v) {
        const double e = std::exp(double(logits[v]) - m);
        s += e;
        sl += e * logits[v];
    }
    return {m + std::log(s), sl / s};
}

// rows [t0, t1) of x [T, C] -> [t1 - t0, C]
xt::xtensor<float, 2> rows(const xt::xtensor<float, 2>& x, std::size_t t0, std::size_t t1) {
    return xt::view(x, xt::range(t0, t1), xt::all());
}

}  // namespace

std::string state_label(std::size_t i, std::size_t num_states) {
    const std::string h = "h" + std::to_string(i);
    if (i == 0) return h + " embed";
    if (i + 1 == num_states) return h + " final";
    return h;
}

LensResult logit_lens(const Model& model, const std::vector<int>& prompt_ids, const LensOptions& opts) {
    if (prompt_ids.empty()) throw Error("the logit lens needs at least one token");
    if (opts.prepend_bos && (opts.bos_id < 0 || std::size_t(opts.bos_id) >= model.weights().lm_head.shape[0]))
        throw Error("logit_lens: prepend_bos needs bos_id, the vocabulary's <|endoftext|> id");
    std::vector<int> ids(prompt_ids.size() + (opts.prepend_bos ? 1 : 0));  // [bos_id] + prompt_ids
    if (opts.prepend_bos) ids[0] = opts.bos_id;
    std::copy(prompt_ids.begin(), prompt_ids.end(), ids.end() - std::ptrdiff_t(prompt_ids.size()));
    const auto limit = std::size_t(model.config().n_positions);
    if (ids.size() > limit)
        throw Error("the input has " + std::to_string(ids.size()) + " tokens" +
                    (opts.prepend_bos ? " (<|endoftext|> included)" : "") + " but the model reads at most " +
                    std::to_string(limit) + " (n_positions); shorten the prompt");
    // In [16]: model(input_ids, output_hidden_states=True).hidden_states
    return logit_lens(model, hidden_states(model, ids), ids, opts);
}

LensResult logit_lens(const Model& model, const std::vector<xt::xtensor<float, 2>>& states,
                      const std::vector<int>& ids, const LensOptions& opts) {
    const std::size_t V = model.weights().lm_head.shape[0];
    if (opts.k == 0 || opts.k > V)
        throw Error("top-k must be between 1 and the vocabulary size " + std::to_string(V) + ", got " +
                    std::to_string(opts.k));
    const std::size_t S = states.size(), T = ids.size();
    if (S == 0 || T == 0 || states[0].shape(0) != T) throw Error("logit_lens: hidden states do not match the ids");
    const std::size_t last = S - 1;
    AllocationLabel label("the logit lens of %zu states × %zu tokens over %zu vocabulary entries", S, T, V);

    LensResult out;
    out.ln_f = opts.ln_f;
    out.prepend_bos = opts.prepend_bos;
    out.ids = ids;
    out.num_states = S;
    out.cells.resize(S * T);

    // What the head reads for every state (ln_f applied or not; never twice): S × [T, C].
    std::vector<xt::xtensor<float, 2>> inputs;
    for (std::size_t i = 0; i < S; ++i) inputs.push_back(lens_input(model, states, i, opts.ln_f));

    // Three [n, V] float buffers live at once: final logits, final probs, state logits.
    const std::size_t chunk = std::max<std::size_t>(1, opts.max_logit_bytes / (3 * V * sizeof(float)));
    std::vector<float> final_probs;
    for (std::size_t t0 = 0; t0 < T; t0 += chunk) {
        const std::size_t t1 = std::min(T, t0 + chunk), n = t1 - t0;
        // In [19]: lm_head(hidden_states[-1]) — the model's own distribution, the reference.
        const xt::xtensor<float, 2> final_logits = lm_head_logits(model, rows(inputs[last], t0, t1));  // [n, V]
        final_probs.resize(n * V);  // [n, V]
        std::vector<RowStats> final_stats(n);
        std::vector<int> final_top1(n);
        std::vector<double> final_prob_sum(n, 0.0);
        for (std::size_t r = 0; r < n; ++r) {
            const float* lf = final_logits.data() + r * V;
            final_stats[r] = row_stats(lf, V);
            check_logits_finite(final_stats[r], last, t0 + r);
            final_top1[r] = top_k(lf, V, 1).ids[0];
            for (std::size_t v = 0; v < V; ++v) {
                final_probs[r * V + v] = float(std::exp(double(lf[v]) - final_stats[r].logsumexp));
                final_prob_sum[r] += final_probs[r * V + v];
            }
        }

        for (std::size_t i = 0; i < S; ++i) {
            // In [18]: lm_head(hidden_states[i]) — for every i, not only the first and last.
            xt::xtensor<float, 2> state_logits;  // [n, V]
            if (i != last) state_logits = lm_head_logits(model, rows(inputs[i], t0, t1));
            const xt::xtensor<float, 2>& logits = i == last ? final_logits : state_logits;

            for (std::size_t r = 0; r < n; ++r) {
                const std::size_t t = t0 + r;
                const float* li = logits.data() + r * V;
                const float* lf = final_logits.data() + r * V;
                const float* pf = final_probs.data() + r * V;
                LensCell& cell = out.cells[i * T + t];

                const RowStats st = row_stats(li, V);
                check_logits_finite(st, i, t);
                cell.logsumexp = st.logsumexp;
                cell.entropy = max_keep_nan(st.logsumexp - st.mean_logit, 0.0);  // std::max(0.0, NaN) is 0
                cell.top = top_k(li, V, opts.k);
                for (float logit : cell.top.values) cell.probs.push_back(float(std::exp(logit - st.logsumexp)));

                // Rank of the final answer f: how many tokens come before it in this row
                // (larger logit, or an equal logit and a lower id, as top_k orders them).
                const int f = final_top1[r];
                const float lf_here = li[f];
                std::size_t rank = 0;
                double kl = 0;  // Σ p_final (logit_final - logit_i), then the normalisers
                for (std::size_t v = 0; v < V; ++v) {
                    if (li[v] > lf_here || (li[v] == lf_here && v < std::size_t(f))) ++rank;
                    kl += double(pf[v]) * (double(lf[v]) - double(li[v]));
                }
                kl += (st.logsumexp - final_stats[r].logsumexp) * final_prob_sum[r];
                cell.final_top1_rank = rank;
                cell.final_top1_prob = std::exp(double(lf_here) - st.logsumexp);
                cell.kl_to_final = max_keep_nan(kl, 0.0);  // a tiny negative is rounding: KL ≥ 0
            }
        }
    }
    // ‖hidden_states[i][t]‖ of the state as the model returns it (lens/state_norms.hpp).
    for (std::size_t i = 0; i < S; ++i) {
        const std::vector<double> norms = position_norms(states[i]);  // [T]
        for (std::size_t t = 0; t < T; ++t) out.cells[i * T + t].norm = norms[t];
    }
    return out;
}

}  // namespace gpt2
