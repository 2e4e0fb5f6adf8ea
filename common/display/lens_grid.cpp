#include "display/lens_grid.hpp"

#include <functional>
#include <vector>

#include "display/color_scale.hpp"
#include "display/token_display.hpp"

namespace gpt2 {

namespace {

// Rows: states, the last at the top; columns: positions, headed by the input token.
std::string lens_grid(const LensResult& lens, const Tokenizer& tok, LensMetric metric, const GridStyle& style,
                      const std::function<std::string(std::size_t state, std::size_t position)>& text) {
    const std::size_t S = lens.num_states, T = lens.num_positions();
    std::vector<std::string> labels, positions, inputs;
    for (std::size_t k = 0; k < S; ++k) labels.push_back(state_label(S - 1 - k, S));
    for (std::size_t t = 0; t < T; ++t) {
        positions.push_back(std::to_string(t));
        inputs.push_back(display_token(tok.token_string(lens.ids[t])));
    }
    AnsiGrid grid(labels, T);
    grid.add_header("t", positions);
    grid.add_header("input", inputs);
    const MetricScale scale = metric_scale(metric, lens, tok.vocab_size());
    for (std::size_t k = 0; k < S; ++k)
        for (std::size_t t = 0; t < T; ++t) {
            const std::size_t i = S - 1 - k;
            grid.set(k, t, text(i, t), viridis(scale.shade(metric_value(lens.at(i, t), metric))));
        }
    return grid.render(style);
}

}  // namespace

std::string lens_top1_grid(const LensResult& lens, const Tokenizer& tok, LensMetric metric, const GridStyle& style) {
    return lens_grid(lens, tok, metric, style, [&](std::size_t i, std::size_t t) {
        return display_token(tok.token_string(lens.at(i, t).top.ids[0])) + (lens.predicts_next(i, t) ? "✓" : "");
    });
}

std::string lens_metric_grid(const LensResult& lens, const Tokenizer& tok, LensMetric metric, const GridStyle& style) {
    return lens_grid(lens, tok, metric, style, [&](std::size_t i, std::size_t t) {
        return format_metric(metric_value(lens.at(i, t), metric), metric);
    });
}

}  // namespace gpt2
