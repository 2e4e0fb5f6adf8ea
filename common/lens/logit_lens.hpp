// lens/logit_lens.hpp — the logit lens at every hidden state: what each layer "would predict".
//
// For every hidden state i = 0 … n_layer and every position t, the output head turns
// the state into a full distribution over the vocabulary,
//
//   logits_i,t = lm_head(lens_input(h_i,t))          [V]     (lens/logit_lens_input.hpp)
//   p_i,t      = softmax(logits_i,t)                  [V]
//
// and we keep what a learner (or a plot) needs from it:
//   top            the k largest logits, best first (ties: lower id first), and their
//                  probabilities exp(logit - logsumexp);
//   final_top1_*   the probability and the 0-based rank, in p_i,t, of the token the model
//                  finally predicts at t (the top-1 of the last state): "how close is
//                  this layer to the final answer?";
//   entropy        H(p_i,t) = -Σ p log p, in nats (0: certain; ln V ≈ 10.82: uniform);
//   kl_to_final    KL(p_last,t ‖ p_i,t) = Σ p_last (log p_last - log p_i), in nats: how
//                  much the final distribution is "surprised" by this layer's. ≥ 0, and 0
//                  for the last state (computed, not special-cased: the same logits);
//   norm           ‖h_i,t‖₂ of hidden_states[i] as the model returns it (the lens's ln_f
//                  not applied; the last state is ln_f's output already): the size of the
//                  residual stream, where a trained GPT-2's attention sink at position 0 shows.
//
// Memory stays bounded: logits are computed with lm_head_logits() for a chunk of
// positions at a time (at most LensOptions::max_logit_bytes of float logits, the final
// state's included), every metric is taken from the chunk, and the chunk is dropped.
// distilgpt2 with 1024 tokens would otherwise need 7 × 1024 × 50257 floats = 1.4 GB.
// Sums (logsumexp, entropy, KL) are accumulated in double.
//
// Deliberately not here: the forward pass (model/transformer.hpp), which vector the head reads
// (lens/logit_lens_input.hpp), printing (display/ansi_grid.hpp, display/heatmap_html.hpp, display/logit_lens_export.hpp).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <xtensor/xtensor.hpp>

#include "lens/logit_lens_input.hpp"
#include "model/model.hpp"
#include "model/top_k.hpp"

namespace gpt2 {

struct LensOptions {
    LnF ln_f = LnF::Intermediate;   // chapter 6's default; LnF::None is the notebook's lens
    std::size_t k = 10;             // top-k kept per cell
    bool prepend_bos = false;       // run bos_id before the prompt's ids
    int bos_id = -1;                // with prepend_bos: the vocabulary's <|endoftext|> (Tokenizer::require_eos)
    std::size_t max_logit_bytes = std::size_t(192) << 20;  // per chunk of positions
};

// One hidden state at one position.
struct LensCell {
    TopK top;                     // k best ids and logits
    std::vector<float> probs;     // softmax probability of each top.ids[r]
    double logsumexp = 0;         // log Σ_v exp(logit_v): the softmax normaliser
    double final_top1_prob = 0;   // p_i,t(final top-1 token)
    std::size_t final_top1_rank = 0;  // 0 = it is this state's top-1 too
    double entropy = 0;           // nats
    double kl_to_final = 0;       // nats, KL(final ‖ this state)
    double norm = 0;              // ‖hidden_states[i][t]‖₂
};

struct LensResult {
    LnF ln_f = LnF::Intermediate;
    bool prepend_bos = false;
    std::vector<int> ids;         // what was run: [bos_id] + prompt ids with prepend_bos
    std::size_t num_states = 0;   // n_layer + 1
    std::vector<LensCell> cells;  // [num_states][positions], row-major

    std::size_t num_positions() const { return ids.size(); }
    std::size_t last_state() const { return num_states - 1; }
    const LensCell& at(std::size_t state, std::size_t t) const { return cells.at(state * ids.size() + t); }
    // The model's own prediction at t: the last state's top-1.
    int final_top1(std::size_t t) const { return at(last_state(), t).top.ids.at(0); }
    // Does state i's top-1 at t equal the actual next input token ids[t+1]? (Never at
    // the last position: there is no next input token.)
    bool predicts_next(std::size_t state, std::size_t t) const {
        return t + 1 < ids.size() && at(state, t).top.ids.at(0) == ids[t + 1];
    }
};

// The row label of hidden state i (of num_states): "h0 embed", "h1", …, "hN final".
std::string state_label(std::size_t i, std::size_t num_states);

// Runs the model on prompt_ids (with <|endoftext|> first when opts.prepend_bos) and
// looks through the lens at every state. Throws gpt2::Error for no ids, too many ids
// (more than n_positions, the BOS included), k = 0 or k > vocabulary size.
LensResult logit_lens(const Model& model, const std::vector<int>& prompt_ids, const LensOptions& opts = {});

// The same from hidden states already computed for `ids` (ids as run: opts.prepend_bos
// is only recorded). states: n_layer + 1 tensors [T, C] (model/transformer.hpp).
LensResult logit_lens(const Model& model, const std::vector<xt::xtensor<float, 2>>& states,
                      const std::vector<int>& ids, const LensOptions& opts);

}  // namespace gpt2
