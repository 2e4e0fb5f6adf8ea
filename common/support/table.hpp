// support/table.hpp — a small DataFrame-like text table, for the notebook's Out[15]/Out[18].
//
// The notebook prints top-k tokens with pandas: pd.DataFrame(rows) and its transpose .T.
// Table renders the same shape of output:
//
//        0      1       2          <- header: column labels
//     0  ␣This  This    ␣These     <- row label, then the cells
//     1  ␣plan  ␣plans  plan
//
// Layout: columns separated by two spaces; the row-label column right-aligned (as pandas
// does); column labels and cells left-aligned, because tokens read better flush left
// (pandas right-aligns everything, which also hides a token's leading space). Widths are
// terminal columns (display_width), not bytes, so CJK, emoji and combining marks line
// up. No line ends in spaces: padding after a line's last non-empty cell is dropped.
// If every row label is empty, the row-label column is left out. Every line, the
// header included, ends with "\n"; a table with no columns has no header line, so an
// empty table renders as "".
//
// Cells are printed exactly as given: callers pass display_token(...) strings for tokens
// (display/token_display.hpp), which also guarantees a cell is one line. Deliberately not
// handled: multi-line cells, truncating wide tables with "...", numeric formatting.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace gpt2 {

class Table {
public:
    // An empty-celled table: one column per column label, one row per row label.
    Table(std::vector<std::string> column_labels, std::vector<std::string> row_labels);

    // pd.DataFrame(rows): labels "0", "1", ... for rows and columns. Throws gpt2::Error if
    // the rows differ in length. No rows gives the empty table.
    static Table from_rows(const std::vector<std::vector<std::string>>& rows);

    // Throws gpt2::Error if row or col is out of range.
    void set(std::size_t row, std::size_t col, std::string cell);
    const std::string& at(std::size_t row, std::size_t col) const;

    std::size_t num_rows() const { return row_labels_.size(); }
    std::size_t num_cols() const { return column_labels_.size(); }

    // DataFrame.T: rows become columns, and the two sets of labels swap.
    Table transpose() const;

    // Header line of column labels, then one line per row: row label then cells.
    std::string render() const;

private:
    void check_index(std::size_t row, std::size_t col) const;

    std::vector<std::string> column_labels_;
    std::vector<std::string> row_labels_;
    std::vector<std::string> cells_;  // row-major, num_rows() * num_cols()
};

}  // namespace gpt2
