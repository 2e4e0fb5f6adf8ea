// display/dimension_chart.hpp — which residual dimensions carry position 0, as bars in the terminal.
//
// For every hidden state the caller (chapter 8) gives, per dimension d, |activation| at
// position 0 and the median |activation| of the other positions. A trained GPT-2 keeps a
// few dimensions far larger at position 0 than anywhere else ("massive activations", Sun et
// al. 2024); here that shows as one bar far longer than the others, and than its neighbour.
//
//   h2 · teaching · "This weekend I plan to"
//    dim         |activation|, log scale                        value  ratio
//     44  pos 0  ███████████████████████████████████▋            38.4  2.51×
//         others ██████████████████████████▋                     15.3
//     86  pos 0  █████████████████████████████▍                  20.2  5.06×
//         others █████████████▌                                  3.98
//                ├─────────────────────┼─────────────────────┤
//                1                     10                    100
//
// (the bundled teaching model, dimension_bars(chart, 2, 2, {width 72}): on these 5 tokens
// its dimension 44 is large at every position, and largest at position 0.)
//
// Layout: a title line (state label · model · title), a header line, two lines per
// dimension (position 0 with the ratio, then the median of the others), an axis. The bars
// share one log scale from the decade below the smallest positive number shown to the
// decade above the largest; a bar is drawn in eighths of a column (▏▎▍▌▋▊▉█), a positive
// number gets at least one eighth, zero gets none. A bar of exactly 10^k ends in the column
// of tick k (to the nearest column). Numbers have three significant digits (chart_number). With
// colour, each bar is wrapped in a foreground colour (position 0 and the others differ)
// and nothing else changes: the text without its escapes is the text without colour.
// Every line fits style.width columns: the bars get what the other columns leave (at most
// 80 columns); below 5 columns the bars and the axis are left out, and a line still too
// wide is cut with "…". No line ends in spaces.
//
// Deliberately not handled: signed values (the chart is of magnitudes), several states in
// one call (call it per state), a linear scale.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "display/ansi_grid.hpp"

namespace gpt2 {

struct DimensionChart {
    std::string model, title;                 // title e.g. "16 windows of 64 tokens of data/text/heldout-sample.txt"
    std::vector<std::string> state_labels;    // state_label(i, n) of lens/logit_lens.hpp: "h0 embed", "h1", …
    std::vector<std::vector<double>> pos0;          // [state][dim] |activation| at position 0
    std::vector<std::vector<double>> median_other;  // [state][dim] median |activation| of the other positions
};

// Throws gpt2::Error (one line) unless the chart has at least one state and one dimension,
// one label per state, every row the same number of dimensions, and every number finite
// and >= 0. Both renderers call it.
void check_dimension_chart(const DimensionChart& chart);

// The dimensions of one state, largest pos0 first (ties: the smaller dimension first).
std::vector<std::size_t> dimensions_by_pos0(const DimensionChart& chart, std::size_t state);

// Three significant digits, no exponent from 0.001 to below 10^6: 2513 -> "2513",
// 31.24 -> "31.2", 0.03124 -> "0.0312", 0 -> "0"; 0.000312 -> "3.12e-04".
std::string chart_number(double v);
// pos0 / median as "145×"; "∞" when only the median is 0, "—" when both are.
std::string chart_ratio(double pos0, double median);
// The decades a log axis spans for these numbers: from 10^lo, the power of ten at or below
// the smallest positive one, to 10^hi, at or above the largest (hi > lo; {0, 1} when none is
// positive). And where v sits on it, 0 … 1 (clamped; 0 for v <= 0).
struct LogDecades {
    int lo = 0, hi = 1;
};
LogDecades log_decades(const std::vector<double>& values);
double log_position(double v, const LogDecades& axis);
// The label of the tick at 10^k: "0.01", "1", "1000"; outside those, "1e-5", "1e4".
std::string decade_label(int k);
// The bars' colours, in the terminal and on the page: position 0, and the others' median.
Rgb pos0_colour();
Rgb other_colour();

// One state: the `rows` dimensions with the largest pos0, as horizontal bars on a log scale, position 0
// beside the median of the others, with the numbers and the ratio; fits style.width columns.
// rows larger than the number of dimensions shows them all. Throws gpt2::Error (besides
// check_dimension_chart's) when state is out of range or rows is 0.
std::string dimension_bars(const DimensionChart& chart, std::size_t state, std::size_t rows, const GridStyle& style);

}  // namespace gpt2
