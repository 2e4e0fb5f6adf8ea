// display/torch_repr.cpp — see display/torch_repr.hpp. The structure follows torch/_tensor_str.py
// (_str_intern, _tensor_str_with_formatter, _vector_str) for the integer case.
#include "display/torch_repr.hpp"

#include <algorithm>

#include "support/error.hpp"

namespace gpt2 {

namespace {

constexpr std::size_t kLinewidth = 80;   // torch.set_printoptions defaults
constexpr std::size_t kThreshold = 1000;
constexpr std::size_t kEdgeitems = 3;

// The indices torch shows of n items: all, or the first and last kEdgeitems.
std::vector<std::size_t> shown(std::size_t n, bool summarize) {
    std::vector<std::size_t> idx;
    for (std::size_t i = 0; i < n; ++i)
        if (!summarize || n <= 2 * kEdgeitems || i < kEdgeitems || i >= n - kEdgeitems) idx.push_back(i);
    return idx;
}

std::string right_align(const std::string& s, std::size_t width) {
    return std::string(width > s.size() ? width - s.size() : 0, ' ') + s;
}

// One row, "[a, b, c]", wrapped after as many elements as fit in the line.
std::string vector_str(const std::vector<int>& row, std::size_t indent, bool summarize, std::size_t width) {
    std::vector<std::string> data;
    const auto idx = shown(row.size(), summarize);
    for (std::size_t j = 0; j < idx.size(); ++j) {
        if (j > 0 && idx[j] != idx[j - 1] + 1) data.push_back(" ...");
        data.push_back(right_align(std::to_string(row[idx[j]]), width));
    }
    const std::size_t per_line = std::max<std::size_t>(1, (kLinewidth - indent) / (width + 2));
    std::string out = "[";
    for (std::size_t i = 0; i < data.size(); ++i) {
        if (i > 0) out += i % per_line == 0 ? ",\n" + std::string(indent + 1, ' ') : ", ";
        out += data[i];
    }
    return out + "]";
}

}  // namespace

std::string tensor_repr(long long value) { return "tensor(" + std::to_string(value) + ")"; }

std::string tensor_repr(const std::vector<std::vector<int>>& rows) {
    if (rows.empty() || rows[0].empty()) throw Error("tensor_repr: empty tensor");
    const std::size_t cols = rows[0].size();
    for (const auto& r : rows)
        if (r.size() != cols) throw Error("tensor_repr: rows of different lengths");

    const bool summarize = rows.size() * cols > kThreshold;
    // The width of the widest number among those shown.
    std::size_t width = 0;
    for (std::size_t b : shown(rows.size(), summarize))
        for (std::size_t t : shown(cols, summarize)) width = std::max(width, std::to_string(rows[b][t]).size());

    const std::string prefix = "tensor(";
    const std::size_t indent = prefix.size();
    std::string out = prefix + "[";
    const auto idx = shown(rows.size(), summarize);
    for (std::size_t j = 0; j < idx.size(); ++j) {
        if (j > 0) out += ",\n" + std::string(indent + 1, ' ');
        if (j > 0 && idx[j] != idx[j - 1] + 1) out += "...,\n" + std::string(indent + 1, ' ');
        out += vector_str(rows[idx[j]], indent + 1, summarize, width);
    }
    return out + "])";
}

std::string embedding_repr(std::size_t num_embeddings, std::size_t embedding_dim) {
    return "Embedding(" + std::to_string(num_embeddings) + ", " + std::to_string(embedding_dim) + ")";
}

std::string linear_repr(std::size_t in_features, std::size_t out_features, bool bias) {
    return "Linear(in_features=" + std::to_string(in_features) + ", out_features=" + std::to_string(out_features) +
           ", bias=" + (bias ? "True" : "False") + ")";
}

}  // namespace gpt2
