#include "display/attention_grid.hpp"

#include "display/color_scale.hpp"
#include "support/error.hpp"
#include "support/number_format.hpp"

namespace gpt2 {

std::string attention_grid(const xt::xtensor<float, 3>& probs, std::size_t head,
                           const std::vector<std::string>& tokens, const GridStyle& style) {
    const std::size_t H = probs.shape(0), T = probs.shape(1);
    if (head >= H) throw Error("head " + std::to_string(head) + " is not a head of this layer (0 .. " +
                               std::to_string(H - 1) + ")");
    if (probs.shape(2) != T || tokens.size() != T)
        throw Error("attention_grid: the pattern is not [H, T, T] for the " + std::to_string(tokens.size()) + " tokens");
    std::vector<std::string> rows, positions;
    for (std::size_t t = 0; t < T; ++t) {
        rows.push_back(std::to_string(t) + " " + tokens[t]);
        positions.push_back(std::to_string(t));
    }
    AnsiGrid grid(rows, T);
    grid.add_header("key →", positions);
    grid.add_header("query ↓", tokens);
    for (std::size_t i = 0; i < T; ++i)
        for (std::size_t j = 0; j <= i; ++j) grid.set(i, j, fixed(probs(head, i, j), 2), viridis(probs(head, i, j)));
    return grid.render(style);
}

}  // namespace gpt2
