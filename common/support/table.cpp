// support/table.cpp — layout of Table::render(); see support/table.hpp for the rules.
#include "support/table.hpp"

#include <algorithm>
#include <utility>

#include "support/display_width.hpp"
#include "support/error.hpp"

namespace gpt2 {

Table::Table(std::vector<std::string> column_labels, std::vector<std::string> row_labels)
    : column_labels_(std::move(column_labels)),
      row_labels_(std::move(row_labels)),
      cells_(column_labels_.size() * row_labels_.size()) {}

Table Table::from_rows(const std::vector<std::vector<std::string>>& rows) {
    const std::size_t n_cols = rows.empty() ? 0 : rows[0].size();
    std::vector<std::string> row_labels, column_labels;
    for (std::size_t r = 0; r < rows.size(); ++r) row_labels.push_back(std::to_string(r));
    for (std::size_t c = 0; c < n_cols; ++c) column_labels.push_back(std::to_string(c));
    Table table(std::move(column_labels), std::move(row_labels));
    for (std::size_t r = 0; r < rows.size(); ++r) {
        if (rows[r].size() != n_cols)
            throw Error("Table::from_rows: row " + std::to_string(r) + " has " +
                        std::to_string(rows[r].size()) + " cells but row 0 has " +
                        std::to_string(n_cols));
        for (std::size_t c = 0; c < n_cols; ++c) table.set(r, c, rows[r][c]);
    }
    return table;
}

void Table::check_index(std::size_t row, std::size_t col) const {
    if (row >= num_rows() || col >= num_cols())
        throw Error("Table: cell (" + std::to_string(row) + ", " + std::to_string(col) +
                    ") is outside a table of " + std::to_string(num_rows()) + " rows and " +
                    std::to_string(num_cols()) + " columns");
}

void Table::set(std::size_t row, std::size_t col, std::string cell) {
    check_index(row, col);
    cells_[row * num_cols() + col] = std::move(cell);
}

const std::string& Table::at(std::size_t row, std::size_t col) const {
    check_index(row, col);
    return cells_[row * num_cols() + col];
}

Table Table::transpose() const {
    Table t(row_labels_, column_labels_);
    for (std::size_t r = 0; r < num_rows(); ++r)
        for (std::size_t c = 0; c < num_cols(); ++c) t.set(c, r, at(r, c));
    return t;
}

std::string Table::render() const {
    // Column widths in terminal columns: the widest of the label and the cells.
    std::size_t label_width = 0;
    for (const auto& label : row_labels_) label_width = std::max(label_width, display_width(label));
    std::vector<std::size_t> widths(num_cols());
    for (std::size_t c = 0; c < num_cols(); ++c) {
        widths[c] = display_width(column_labels_[c]);
        for (std::size_t r = 0; r < num_rows(); ++r)
            widths[c] = std::max(widths[c], display_width(at(r, c)));
    }

    std::string out;
    // One line from a row label and its cells. Padding is only written once a later
    // non-empty text needs it, so nothing trails the last non-empty text.
    auto emit_line = [&](const std::string& row_label, auto cell_at) {
        std::string line;
        std::size_t pending = 0;  // spaces owed before the next non-empty text
        auto put = [&](const std::string& text, std::size_t pad_after) {
            if (!text.empty()) {
                line.append(pending, ' ');
                line += text;
                pending = 0;
            }
            pending += pad_after;
        };
        bool first = true;
        if (label_width > 0) {  // right-aligned: padding goes before the label
            pending += label_width - display_width(row_label);
            put(row_label, 0);
            first = false;
        }
        for (std::size_t c = 0; c < num_cols(); ++c) {
            if (!first) pending += 2;  // column separator
            first = false;
            const std::string& text = cell_at(c);
            put(text, widths[c] - display_width(text));
        }
        out += line;
        out += '\n';
    };

    if (num_cols() > 0)
        emit_line(std::string(), [&](std::size_t c) -> const std::string& { return column_labels_[c]; });
    for (std::size_t r = 0; r < num_rows(); ++r)
        emit_line(row_labels_[r], [&](std::size_t c) -> const std::string& { return at(r, c); });
    return out;
}

}  // namespace gpt2
