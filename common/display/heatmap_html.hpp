// display/heatmap_html.hpp — the logit lens as one self-contained HTML page, in the style of the
// logit-lens plots: hidden states × positions, each cell showing that state's top-1 token
// on a background coloured by a metric (lens/lens_metric.hpp), the last state at the top.
//
// The page needs no network and no files: CSS and JavaScript are inline, the data is a
// JSON <script> block. Without JavaScript it is still the full coloured table (rendered
// here, in C++). With it: a menu switches the colouring metric (colours for every metric
// are precomputed here, so the JS holds no numerics), and hovering a cell shows its top-k
// tokens with probabilities and its metrics in a side panel; a click pins the panel (click
// again to unpin). When its script has run, <body> gets data-ready="1" — what
// scripts/render-heatmap checks to know the page's JavaScript ran without error.
//
// Every token text and the prompt are HTML-escaped (html_escape) in the markup, and the
// JSON block has "<", ">" and "&" as \u escapes, so no token can close the <script>.
#pragma once

#include <string>

#include "lens/lens_metric.hpp"
#include "lens/logit_lens.hpp"
#include "text/tokenizer.hpp"

namespace gpt2 {

struct HeatmapPage {
    std::string model_name;   // shown in the title
    std::string prompt;       // as the user typed it (shown cut to 160 bytes, in full on hover)
    LensMetric metric = LensMetric::Prob;  // the colouring shown first
};

// Helpers the HTML pages share (this one and display/attention_html.hpp):
// & < > " ' as entities; the text is otherwise unchanged (UTF-8 passes through).
std::string html_escape(const std::string& text);
// JSON text made safe inside <script>: < > & as \u escapes, so no "</script>" or "<!--".
std::string script_safe(const std::string& json_text);
// At most `max_bytes` of s, cut at a UTF-8 character boundary, with "…" when cut.
std::string shorten_utf8(const std::string& s, std::size_t max_bytes);

std::string lens_heatmap_html(const LensResult& lens, const Tokenizer& tok, const HeatmapPage& page);

}  // namespace gpt2
