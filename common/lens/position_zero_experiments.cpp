// lens/position_zero_experiments.cpp — see lens/position_zero_experiments.hpp.
#include "lens/position_zero_experiments.hpp"

#include <algorithm>
#include <limits>

#include <xtensor/xview.hpp>

#include "lens/first_position_attention.hpp"
#include "lens/logit_lens.hpp"
#include "lens/next_token_loss.hpp"
#include "model/transformer.hpp"
#include "support/error.hpp"

namespace gpt2 {

namespace {
// loss_rest of a window of 2 tokens: there is no position but 0 (null in JSON).
constexpr double kNone = std::numeric_limits<double>::quiet_NaN();
}  // namespace

ForwardHooks from_block_on(std::size_t b, const std::function<void(xt::xtensor<float, 2>&)>& edit) {
    ForwardHooks hooks;
    if (b == 0) hooks.embeddings = edit;
    hooks.block_output = [b, edit](std::size_t layer, xt::xtensor<float, 2>& x) {
        if (layer + 1 >= b) edit(x);  // block l's output is block l + 1's input
    };
    return hooks;
}

ForwardHooks zero_hooks(std::size_t d, std::size_t b) {
    return from_block_on(b, [d](xt::xtensor<float, 2>& x) { x(0, d) = 0; });
}

ForwardHooks mean_hooks(std::size_t d, std::size_t b) {
    return from_block_on(b, [d](xt::xtensor<float, 2>& x) {
        const std::size_t T = x.shape(0);
        if (T < 2) return;  // no other position to take the mean of
        double sum = 0;
        for (std::size_t t = 1; t < T; ++t) sum += x(t, d);
        x(0, d) = float(sum / double(T - 1));
    });
}

ForwardHooks scale_hooks(std::size_t d, std::size_t b, float factor) {
    return from_block_on(b, [d, factor](xt::xtensor<float, 2>& x) { x(0, d) *= factor; });
}

ForwardHooks transplant_hooks(std::size_t b, const std::vector<float>& row) {
    const auto put = [row](xt::xtensor<float, 2>& x) {
        if (row.size() != x.shape(1)) throw Error("transplant: a row of " + std::to_string(row.size()) + " numbers");
        std::copy(row.begin(), row.end(), &x(0, 0));
    };
    ForwardHooks hooks;
    if (b == 0) hooks.embeddings = put;
    else hooks.block_output = [b, put](std::size_t layer, xt::xtensor<float, 2>& x) { if (layer + 1 == b) put(x); };
    return hooks;
}

std::vector<float> donor_residual(const Model& model, int donor_id, std::size_t b) {
    const std::vector<xt::xtensor<float, 2>> states = hidden_states(model, std::vector<int>{donor_id});
    if (b >= states.size() - 1) throw Error("the donor's residual at the input of block " + std::to_string(b) +
                                            ": the model has " + std::to_string(states.size() - 1) + " blocks");
    return std::vector<float>(&states[b](0, 0), &states[b](0, 0) + states[b].shape(1));
}

std::vector<Experiment> position_zero_experiments(const ExperimentSettings& s) {
    std::vector<Experiment> runs(6);
    runs[0].name = "baseline";
    runs[1] = {"zero", zero_hooks(s.dim, s.from_block)};
    runs[2] = {"mean", mean_hooks(s.dim, s.from_block)};
    runs[3] = {"scale", scale_hooks(s.dim, s.from_block, s.scale)};
    runs[4] = {"transplant", transplant_hooks(s.from_block, s.donor_row)};
    runs[5].name = "prepend_eot";
    runs[5].prepend_eot = true;
    return runs;
}

ExperimentForward run_experiment(const Model& model, const Experiment& experiment, const std::vector<int>& window,
                                 int eot_id) {
    ExperimentForward f;
    f.ids = window;
    if (experiment.prepend_eot) {
        if (eot_id < 0) throw Error("prepend_eot: the vocabulary has no <|endoftext|>");
        f.ids.insert(f.ids.begin(), eot_id);
        f.offset = 1;
    }
    f.states = hidden_states(model, f.ids, &f.attention, &experiment.hooks);
    return f;
}

ExperimentResult measure_experiment(const Model& model, const Experiment& experiment,
                                    const std::vector<std::vector<int>>& windows, int eot_id) {
    ExperimentResult r;
    r.name = experiment.name;
    if (windows.empty()) throw Error("an experiment needs at least one window");
    const std::size_t W = windows[0].size(), L = std::size_t(model.config().n_layer);
    if (W < 2) throw Error("an experiment needs windows of at least 2 tokens");
    if (experiment.prepend_eot && eot_id < 0) {
        r.skipped = "the vocabulary has no <|endoftext|>";
        return r;
    }
    if (experiment.prepend_eot && W + 1 > std::size_t(model.config().n_positions)) {
        r.skipped = "<|endoftext|> and a window of " + std::to_string(W) + " are " + std::to_string(W + 1) +
                    " tokens, more than n_positions " + std::to_string(model.config().n_positions);
        return r;
    }
    r.loss_by_position.assign(W - 1, 0.0);
    r.sink_share_by_layer.assign(L, 0.0);
    r.lens_kl_pos0.assign(L + 1, 0.0);
    r.lens_agree_pos0.assign(L + 1, 0.0);
    r.norm_pos0.assign(L + 1, 0.0);
    const double N = double(windows.size());
    const std::size_t C = std::size_t(model.config().n_embd);
    std::vector<xt::xtensor<float, 2>> pos0(L + 1, xt::xtensor<float, 2>::from_shape({windows.size(), C}));  // [N, C] per state
    std::vector<int> pos0_ids;
    std::size_t n = 0;
    for (const std::vector<int>& window : windows) {
        if (window.size() != W) throw Error("the windows differ in length");
        const ExperimentForward f = run_experiment(model, experiment, window, eot_id);
        // The loss of the window's own tokens: sequence positions offset … offset + W − 2.
        const std::vector<double> loss = next_token_loss(model, f.states.back(), f.ids);
        double rest = 0;
        for (std::size_t t = 0; t + 1 < W; ++t) {
            r.loss_by_position[t] += loss[f.offset + t];
            if (t > 0) rest += loss[f.offset + t];
        }
        r.loss_rest_by_window.push_back(W > 2 ? rest / double(W - 2) : kNone);
        const FirstPositionAttention share = first_position_attention(f.attention);
        for (std::size_t l = 0; l < L; ++l)
            for (std::size_t h = 0; h < share.share.shape(1); ++h)
                r.sink_share_by_layer[l] += share.share(l, h) / double(share.share.shape(1));
        for (std::size_t st = 0; st <= L; ++st) xt::row(pos0[st], n) = xt::row(f.states[st], f.offset);
        pos0_ids.push_back(f.ids[f.offset]);
        ++n;
    }
    // The lens at window position 0 of every window at once: logit_lens works row by row, so the
    // windows can stand where it expects positions (one [N, C] matrix per state, one head pass).
    LensOptions opts;
    opts.k = 1;
    const LensResult lens = logit_lens(model, pos0, pos0_ids, opts);
    for (std::size_t w = 0; w < windows.size(); ++w)
        for (std::size_t st = 0; st <= L; ++st) {
            r.lens_kl_pos0[st] += lens.at(st, w).kl_to_final;
            r.lens_agree_pos0[st] += lens.at(st, w).top.ids.at(0) == lens.final_top1(w);
            r.norm_pos0[st] += lens.at(st, w).norm;
        }
    // Sums over windows → means.
    for (auto* v : {&r.loss_by_position, &r.sink_share_by_layer, &r.lens_kl_pos0, &r.lens_agree_pos0, &r.norm_pos0})
        for (double& x : *v) x /= N;
    double all = 0, rest = 0;
    for (std::size_t t = 0; t < r.loss_by_position.size(); ++t) {
        all += r.loss_by_position[t];
        if (t > 0) rest += r.loss_by_position[t];
    }
    r.loss_mean = all / double(W - 1);
    r.loss_rest = W > 2 ? rest / double(W - 2) : kNone;
    return r;
}

}  // namespace gpt2
