// display/dimension_html.hpp — the per-dimension picture of position 0 (display/dimension_chart.hpp) as
// one self-contained HTML page.
//
// Two views, one above the other, on the same x axis (one slot per dimension):
//   * bars: for the chosen hidden state, every dimension's |activation| at position 0
//     (left half of its slot) beside the median |activation| of the other positions (right
//     half), on a log scale shared by all states, so switching states keeps the axis. State
//     buttons pick the state; a switch orders the dimensions by index or by position 0,
//     largest first. Hovering shows the dimension's numbers; below, the state's ten largest
//     dimensions as a table;
//   * a heatmap, states × dimensions (the final state at the top, as the lens page), each
//     cell coloured (viridis, display/color_scale.hpp) by log10(pos0 / median), from 0.1× to the
//     largest ratio, or — a menu switches — by pos0 or by the median on the bars' log axis.
//     The ratio shows what is special to position 0; pos0 shows a dimension that is huge
//     at position 0 even where it is large everywhere. Hovering shows state, dimension and
//     the numbers; a click shows that state in the bars.
//
// The page needs no network and no files: CSS and JavaScript are inline, the data is a JSON
// <script> block (id "dimension-data"): "model", "title", "states" (labels), "dims", "pos0"
// and "median_other" [state][dim] (6 significant digits), "log_lo"/"log_hi" (the decades of
// the bars' axis), "state" (the one shown first), "top_rows", "heat" (per colouring: name,
// label, the legend's ends, "shade" [state][dim] 0 … 255 or -1 for 0 / 0), "palette"
// (viridis at 256 steps) and the geometry; colours are computed here, the script holds no
// numerics but the bars' heights. Without JavaScript the page shows the first state's bars
// and table and the ratio heatmap, rendered here in C++; the script only redraws. When it
// has run, <body> gets data-ready="1" — what scripts/render-heatmap checks.
//
// The model, title and state labels are HTML-escaped (html_escape) in the markup, and the
// JSON block has "<", ">" and "&" as \u escapes, so no text can close the <script>.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "display/dimension_chart.hpp"

namespace gpt2 {

// first_state: the state shown first; by default the one where a dimension stands out most
// at position 0 (its largest pos0 the most times its median pos0 over dimensions).
// Throws gpt2::Error as check_dimension_chart() does, and when first_state is out of range.
std::string dimension_html(const DimensionChart& chart, std::optional<std::size_t> first_state = std::nullopt);

}  // namespace gpt2
