#include "model/transformer.hpp"

#include <string>

#include <xtensor/xview.hpp>

#include "model/attention.hpp"
#include "model/embeddings.hpp"
#include "model/layer_norm.hpp"
#include "model/mlp.hpp"
#include "support/error.hpp"
#include "support/finite.hpp"
#include "support/memory_limit.hpp"

namespace gpt2 {

std::vector<xt::xtensor<float, 3>> hidden_states(const Model& model, const xt::xtensor<int, 2>& input_ids,
                                                 const xt::xtensor<int, 2>& attention_mask,
                                                 const xt::xtensor<int, 2>& position_ids,
                                                 std::vector<xt::xtensor<float, 4>>* attention,
                                                 const ForwardHooks* hooks) {
    const Config& cfg = model.config();
    const Weights& w = model.weights();
    const std::size_t B = input_ids.shape(0), T = input_ids.shape(1), C = cfg.n_embd;
    if (T == 0) throw Error("the input is empty: give at least one token");
    if (T > static_cast<std::size_t>(cfg.n_positions))
        throw Error("the input has " + std::to_string(T) + " tokens but this model reads at most " +
                    std::to_string(cfg.n_positions) + " (n_positions); shorten the prompt");
    if (attention_mask.shape() != input_ids.shape() || position_ids.shape() != input_ids.shape())
        throw Error("input_ids, attention_mask and position_ids must have the same shape");
    AllocationLabel label("the activations of %zu×%zu tokens through %d layers of %zu", B, T, cfg.n_layer, C);

    std::vector<xt::xtensor<float, 3>> states;
    auto keep = [&](const xt::xtensor<float, 2>& x) {  // [B·T, C] -> a [B, T, C] copy
        states.push_back(xt::reshape_view(x, {B, T, C}));
    };

    xt::xtensor<float, 2> x = embed(model, input_ids, position_ids);  // [B·T, C]
    // A hook edits in place; one that reshaped x would break every step after it.
    auto check_shape = [&](const char* point) {
        if (x.shape(0) != B * T || x.shape(1) != C)
            throw Error(std::string("the ") + point + " hook changed the shape of the residual stream; edit it in place");
    };
    if (hooks && hooks->embeddings) {
        hooks->embeddings(x);
        check_shape("embeddings");
    }
    keep(x);
    if (attention) attention->assign(w.h.size(), {});
    for (std::size_t l = 0; l < w.h.size(); ++l) {
        const BlockParams& block = w.h[l];
        xt::xtensor<float, 4>* probs = attention ? &(*attention)[l] : nullptr;
        ProbsHook edit_probs;  // empty unless an attention hook is set
        if (hooks && hooks->attention)
            edit_probs = [&](std::size_t b, std::size_t h, xt::xtensor<float, 2>& p) { hooks->attention(l, b, h, p); };
        x += causal_self_attention(layer_norm(x, block.ln_1, cfg.layer_norm_epsilon), attention_mask, block, cfg,
                                   probs, edit_probs);
        x += mlp(layer_norm(x, block.ln_2, cfg.layer_norm_epsilon), block);
        if (hooks && hooks->block_output) {
            hooks->block_output(l, x);
            check_shape("block_output");
        }
        if (l + 1 != w.h.size()) keep(x);
    }
    keep(layer_norm(x, w.ln_f, cfg.layer_norm_epsilon));  // the last state is ln_f(x)
    return states;
}

std::vector<xt::xtensor<float, 2>> hidden_states(const Model& model, const std::vector<int>& ids,
                                                 std::vector<xt::xtensor<float, 3>>* attention,
                                                 const ForwardHooks* hooks) {
    const std::size_t T = ids.size();
    xt::xtensor<int, 2> input_ids = xt::empty<int>({std::size_t(1), T});  // [1, T]
    xt::xtensor<int, 2> mask = xt::ones<int>({std::size_t(1), T});
    xt::xtensor<int, 2> positions = xt::empty<int>({std::size_t(1), T});
    for (std::size_t t = 0; t < T; ++t) {
        input_ids(0, t) = ids[t];
        positions(0, t) = static_cast<int>(t);
    }
    std::vector<xt::xtensor<float, 4>> probs;
    std::vector<xt::xtensor<float, 2>> out;
    for (auto& s : hidden_states(model, input_ids, mask, positions, attention ? &probs : nullptr, hooks))
        out.push_back(xt::view(s, 0, xt::all(), xt::all()));  // [T, C]
    // Model::load refused NaN and ±Inf weights, but finite ones can still overflow (1e38 + 1e38):
    // say so rather than print NaN as results. (Not in the batched forward: there a row of padding
    // may legitimately hold anything.)
    for (std::size_t s = 0; s < out.size(); ++s)
        if (const std::size_t i = first_nonfinite(out[s].data(), out[s].size()); i != out[s].size())
            throw Error("the forward pass gave " + nonfinite_name(out[s].data()[i]) + " in hidden_states[" +
                        std::to_string(s) + "] at position " + std::to_string(i / out[s].shape(1)) +
                        ": the weights are finite but so large that the numbers overflow; the model file is corrupt");
    if (attention) {
        attention->clear();
        for (const auto& p : probs) attention->push_back(xt::view(p, 0, xt::all(), xt::all(), xt::all()));  // [H, T, T]
    }
    return out;
}

}  // namespace gpt2
