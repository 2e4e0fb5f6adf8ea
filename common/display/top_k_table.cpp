// display/top_k_table.cpp — see display/top_k_table.hpp.
#include "display/top_k_table.hpp"

#include "display/token_display.hpp"
#include "support/error.hpp"

namespace gpt2 {

namespace {

std::vector<std::string> numbered(std::size_t n) {
    std::vector<std::string> labels;
    for (std::size_t i = 0; i < n; ++i) labels.push_back(std::to_string(i));
    return labels;
}

}  // namespace

Table top_k_table(const Tokenizer& tok, const std::vector<TopK>& tops, TopKLayout layout,
                  const std::vector<std::string>& position_labels) {
    const std::size_t positions = tops.size();
    const std::size_t k = tops.empty() ? 0 : tops[0].ids.size();
    for (const TopK& t : tops)
        if (t.ids.size() != k) throw Error("top_k_table: positions have different numbers of ranks");
    if (!position_labels.empty() && position_labels.size() != positions)
        throw Error("top_k_table: " + std::to_string(position_labels.size()) + " position labels for " +
                    std::to_string(positions) + " positions");

    // Out[15]'s shape first: rows = positions, columns = ranks.
    Table table(numbered(k), position_labels.empty() ? numbered(positions) : position_labels);
    for (std::size_t p = 0; p < positions; ++p)
        for (std::size_t r = 0; r < k; ++r) table.set(p, r, display_token(tok.token_string(tops[p].ids[r])));
    return layout == TopKLayout::PositionsAsRows ? table : table.transpose();
}

Table top_k_table(const Tokenizer& tok, const std::vector<HeadRow>& rows, TopKLayout layout,
                  const std::vector<std::string>& position_labels) {
    std::vector<TopK> tops;
    tops.reserve(rows.size());
    for (const HeadRow& r : rows) tops.push_back(r.top);
    return top_k_table(tok, tops, layout, position_labels);
}

}  // namespace gpt2
