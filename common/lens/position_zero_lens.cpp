// lens/position_zero_lens.cpp — see lens/position_zero_lens.hpp.
#include "lens/position_zero_lens.hpp"

#include "support/error.hpp"

namespace gpt2 {

void PositionZeroLensAverage::add(const LensResult& lens) {
    const std::size_t S = lens.num_states, T = lens.num_positions();
    if (T < 2) throw Error("the lens at position 0 against the others needs at least 2 positions");
    if (sum_.empty()) sum_.resize(S);
    if (sum_.size() != S) throw Error("PositionZeroLensAverage: a different number of states");
    for (std::size_t s = 0; s < S; ++s) {
        const auto agrees = [&](std::size_t t) { return lens.at(s, t).top.ids.at(0) == lens.final_top1(t); };
        sum_[s].kl_pos0 += lens.at(s, 0).kl_to_final;
        sum_[s].agree_pos0 += agrees(0);
        for (std::size_t t = 1; t < T; ++t) {
            sum_[s].kl_other += lens.at(s, t).kl_to_final;
            sum_[s].agree_other += agrees(t);
        }
    }
    ++windows_;
    others_ += T - 1;
}

std::vector<LensAtPositionZero> PositionZeroLensAverage::mean() const {
    if (windows_ == 0) throw Error("PositionZeroLensAverage: no windows added");
    std::vector<LensAtPositionZero> out = sum_;
    for (LensAtPositionZero& m : out) {
        m.kl_pos0 /= double(windows_);
        m.agree_pos0 /= double(windows_);
        m.kl_other /= double(others_);
        m.agree_other /= double(others_);
    }
    return out;
}

}  // namespace gpt2
