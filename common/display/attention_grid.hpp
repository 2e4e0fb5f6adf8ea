// display/attention_grid.hpp — one head's attention pattern in the terminal, as attention
// visualisers draw it: rows are queries (the position doing the looking), columns are
// keys (the positions looked at), each cell the weight p(query → key) on a viridis
// background (dark = 0, yellow = 1). Above the diagonal a query cannot look (causal
// mask): those cells stay empty. Every row sums to 1.
//
//   key →         0      1        2
//                 ␣This  ␣weekend ␣I
//   0 ␣This       1.00
//   1 ␣weekend    0.62   0.38
//   2 ␣I          0.48   0.21     0.31
#pragma once

#include <string>
#include <vector>

#include <xtensor/xtensor.hpp>

#include "display/ansi_grid.hpp"

namespace gpt2 {

// probs: [H, T, T] (one layer); tokens: T display strings (display_token()).
// Throws gpt2::Error when head >= H or the sizes disagree.
std::string attention_grid(const xt::xtensor<float, 3>& probs, std::size_t head,
                           const std::vector<std::string>& tokens, const GridStyle& style);

}  // namespace gpt2
