// display/attention_html.hpp — attention patterns as one self-contained HTML page, in the style of
// the attention visualisers (bertviz's head view, attention heatmaps).
//
// The page shows one head at a time, picked with layer and head buttons (or "mean of
// heads", the average of the layer's heads), in three views:
//   * the pattern as a T × T grid: rows are queries, columns keys (token labels on the left
//     and, rotated, on top), each cell coloured viridis(p) (display/color_scale.hpp); above the
//     diagonal the causal mask leaves nothing, so those cells stay blank. Hovering a cell
//     says e.g. "query ␣I (2) → key ␣This (0): 0.412";
//   * bertviz's line view: the tokens twice, queries on the left and keys on the right, a
//     line from query i to key j with opacity p(i, j). Hovering a query shows only its
//     lines (and shades the keys by p); hovering a key shows only the lines into it;
//   * a layer × head table of each head's share of attention on position 0 (the mean over
//     queries 1 .. T-1 of p(i, 0), as lens/first_position_attention.hpp; left out when T < 2),
//     with the share uniform attention would give for comparison. A click on a cell shows
//     that head.
//
// The page needs no network and no files: CSS and JavaScript are inline, the data is a
// JSON <script> block (id "attention-data"): "tokens", "layers", "heads", "attention"
// [layer][head][query] = the probabilities of keys 0 .. query (the masked zeros are left
// out; values rounded to 5 decimals), "share" [layer][head] (when T >= 2), and "palette",
// viridis at 256 steps. Without JavaScript it still shows the first head (page.layer,
// page.head) in all three views, rendered here in C++; the script only recolours. When the
// script has run, <body> gets data-ready="1" — what scripts/render-heatmap checks.
//
// Every token text and the prompt are HTML-escaped (html_escape) in the markup, and the
// JSON block has "<", ">" and "&" as \u escapes, so no token can close the <script>.
#pragma once
#include <string>
#include <vector>
#include <xtensor/xtensor.hpp>
namespace gpt2 {
struct AttentionPage {
    std::string model_name;                      // shown in the title
    std::string prompt;                          // as typed
    std::vector<std::string> tokens;             // display_token() text per position, T entries
    std::vector<xt::xtensor<float, 3>> attention;  // per layer [H, T, T]: row i = query i, zero after i
    std::size_t layer = 0, head = 0;             // what the page shows first
};
// Throws gpt2::Error (common/support/error.hpp) when shapes disagree (tokens.size() != T, layers with different H or T, empty).
// Also when page.layer or page.head is out of range, and when T > kMaxAttentionPageTokens
// (the page holds every head's T × T pattern: distilgpt2's 72 heads at 1024 tokens would
// make hundreds of megabytes).
constexpr std::size_t kMaxAttentionPageTokens = 256;
std::string attention_html(const AttentionPage& page);
}
