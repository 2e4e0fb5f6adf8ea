// lens/position_zero_lens.hpp — chapter 6's logit lens, position 0 against the others, over windows.
//
// Chapter 6 found the lens column at position 0 "garbage": the intermediate states there predict
// nothing like the final answer. Here that is measured, per state s (the lens as chapter 6's
// default: ln_f on every intermediate state, the model's own logits for the last):
//
//   kl_pos0     mean over windows of KL(p_L ‖ p_s) at position 0              (nats)
//   kl_other    mean over windows and positions t = 1 … T−1 of the same
//   agree_pos0  fraction of windows where argmax p_s = argmax p_L at position 0 (ties: smaller id)
//   agree_other the same fraction over windows × positions t ≥ 1
#pragma once

#include <cstddef>
#include <vector>

#include <xtensor/xtensor.hpp>

#include "lens/logit_lens.hpp"
#include "model/model.hpp"

namespace gpt2 {

struct LensAtPositionZero {
    double kl_pos0 = 0, kl_other = 0, agree_pos0 = 0, agree_other = 0;
};

class PositionZeroLensAverage {
public:
    void add(const LensResult& lens);            // one window, T ≥ 2
    std::vector<LensAtPositionZero> mean() const;  // [state]

private:
    std::vector<LensAtPositionZero> sum_;
    std::size_t windows_ = 0, others_ = 0;
};

}  // namespace gpt2
