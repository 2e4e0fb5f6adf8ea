// lens/position_zero_experiments.hpp — change position 0 while the forward runs, and see what follows.
//
// Chapter 8's experiments, each a forward pass of every window with hooks (model/forward_hooks.hpp);
// d is the massive dimension, b the block from which it is edited. "The input of block b" is
// what hidden_states[b] holds: the embeddings when b = 0, else the output of block b − 1.
//
//   baseline     no hooks
//   zero         x[0, d] = 0            at the input of block b and after every block from b on
//   mean         x[0, d] = mean over t = 1 … T−1 of x[t, d]            (the same points)
//   scale        x[0, d] *= F                                          (the same points)
//   transplant   x[0, :] = the donor token's residual at the input of block b, once: position 0
//                attends only to itself, so from there on it evolves as the donor's would
//   prepend_eot  no hooks; the sequence is [<|endoftext|>] + window (window position t is
//                sequence position t + 1)
//
// Measured per experiment, averaged over the windows: the next-token loss per window position
// (lens/next_token_loss.hpp), the attention share on sequence position 0 per layer (chapter 7), and at
// window position 0 the lens's KL and top-1 agreement per state (lens/position_zero_lens.hpp) and the
// state's norm.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include <xtensor/xtensor.hpp>

#include "model/forward_hooks.hpp"
#include "model/model.hpp"

namespace gpt2 {

// ---- the hooks -----------------------------------------------------------------------------
// Calls edit(x), x the residual [T, C], at the input of block b and after every block from b on
// (the last block's output included, before ln_f).
ForwardHooks from_block_on(std::size_t b, const std::function<void(xt::xtensor<float, 2>&)>& edit);
ForwardHooks zero_hooks(std::size_t d, std::size_t b);
ForwardHooks mean_hooks(std::size_t d, std::size_t b);
ForwardHooks scale_hooks(std::size_t d, std::size_t b, float factor);
// Replaces position 0's whole row by `row` [C] at the input of block b, once.
ForwardHooks transplant_hooks(std::size_t b, const std::vector<float>& row);

// The donor's residual at the input of block b: hidden_states[b][0] of the token run alone.
std::vector<float> donor_residual(const Model& model, int donor_id, std::size_t b);

// ---- the experiments -----------------------------------------------------------------------
struct ExperimentSettings {
    std::size_t dim = 0, from_block = 0;
    float scale = 0.5f;
    std::vector<float> donor_row;  // donor_residual(model, donor id, from_block)
    int eot_id = -1;               // <|endoftext|>, -1 when the vocabulary has none
};

struct Experiment {
    std::string name;
    ForwardHooks hooks;        // empty for baseline and prepend_eot
    bool prepend_eot = false;
};

// The six, in the order above.
std::vector<Experiment> position_zero_experiments(const ExperimentSettings& settings);

// One window through one experiment.
struct ExperimentForward {
    std::vector<int> ids;        // what was run: the window, or [<|endoftext|>] + window
    std::size_t offset = 0;      // the sequence position of window position 0
    std::vector<xt::xtensor<float, 2>> states;     // n_layer + 1 × [T, C]
    std::vector<xt::xtensor<float, 3>> attention;  // n_layer × [H, T, T]
};
ExperimentForward run_experiment(const Model& model, const Experiment& experiment, const std::vector<int>& window,
                                 int eot_id);

struct ExperimentResult {
    std::string name;
    std::string skipped;                       // why it was not run; empty when it was
    std::vector<double> loss_by_position;      // [W − 1] window positions 0 … W − 2
    double loss_mean = 0, loss_rest = 0;       // all positions; positions 1 … W − 2
    std::vector<double> loss_rest_by_window;   // [N], for the spread between windows
    std::vector<double> sink_share_by_layer;   // [L] mean over heads of the share on sequence position 0
    std::vector<double> lens_kl_pos0, lens_agree_pos0, norm_pos0;  // [L + 1] at window position 0
};

// Every window (each of the same length W ≥ 2) through the experiment. prepend_eot is skipped
// (ExperimentResult::skipped says why) when W + 1 > n_positions or eot_id < 0.
ExperimentResult measure_experiment(const Model& model, const Experiment& experiment,
                                    const std::vector<std::vector<int>>& windows, int eot_id);

}  // namespace gpt2
