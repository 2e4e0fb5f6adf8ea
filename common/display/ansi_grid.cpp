#include "display/ansi_grid.hpp"

#include <algorithm>
#include <cstdlib>
#include <string_view>

#include <sys/ioctl.h>
#include <unistd.h>

#include "support/display_width.hpp"
#include "support/error.hpp"
#include "support/stdout_stream.hpp"
#include "support/utf8.hpp"

namespace gpt2 {

AnsiGrid::AnsiGrid(std::vector<std::string> row_labels, std::size_t num_cols)
    : row_labels_(std::move(row_labels)), num_cols_(num_cols), cells_(row_labels_.size() * num_cols) {}

void AnsiGrid::add_header(std::string label, std::vector<std::string> cells) {
    if (cells.size() != num_cols_)
        throw Error("AnsiGrid: header '" + label + "' has " + std::to_string(cells.size()) + " cells, expected " +
                    std::to_string(num_cols_));
    headers_.emplace_back(std::move(label), std::move(cells));
}

void AnsiGrid::set(std::size_t row, std::size_t col, std::string text, std::optional<Rgb> background) {
    if (row >= row_labels_.size() || col >= num_cols_)
        throw Error("AnsiGrid: cell (" + std::to_string(row) + ", " + std::to_string(col) + ") is out of range");
    cells_[row * num_cols_ + col] = {std::move(text), background};
}

std::string truncate_display(const std::string& text, std::size_t width) {
    if (display_width(text) <= width) return text;
    if (width == 0) return "";
    std::string out;
    std::size_t used = 0, i = 0, len = 0;
    while (i < text.size()) {
        utf8_next(text, i, len);
        const std::size_t w = display_width(std::string_view(text).substr(i, len));
        if (used + w + 1 > width) break;  // keep one column for "…"
        out.append(text, i, len);
        used += w;
        i += len;
    }
    return out + "…";
}

std::string AnsiGrid::render(const GridStyle& style) const {
    const std::size_t R = row_labels_.size(), C = num_cols_;
    auto fit = [&](const std::string& s) { return truncate_display(s, style.max_cell_width); };
    auto pad = [](std::string s, std::size_t w) { return s + std::string(w - std::min(w, display_width(s)), ' '); };

    std::size_t label_w = 0;
    for (const auto& l : row_labels_) label_w = std::max(label_w, display_width(l));
    for (const auto& h : headers_) label_w = std::max(label_w, display_width(h.first));
    std::vector<std::size_t> col_w(C, 1);
    for (std::size_t c = 0; c < C; ++c) {
        for (const auto& h : headers_) col_w[c] = std::max(col_w[c], display_width(fit(h.second[c])));
        for (std::size_t r = 0; r < R; ++r) col_w[c] = std::max(col_w[c], display_width(fit(cells_[r * C + c].text)));
    }

    auto rstrip = [](std::string s) {
        while (!s.empty() && s.back() == ' ') s.pop_back();
        return s;
    };
    std::string out;
    for (std::size_t c0 = 0; c0 < C;) {
        // As many columns as fit: label, then " " + slot of w + 2 per column.
        std::size_t c1 = c0, used = label_w;
        while (c1 < C && (c1 == c0 || used + 3 + col_w[c1] <= style.width)) used += 3 + col_w[c1++];
        if (c0 > 0) out += "\n";
        for (const auto& h : headers_) {
            std::string line = pad(h.first, label_w);
            for (std::size_t c = c0; c < c1; ++c) line += "  " + pad(fit(h.second[c]), col_w[c]) + " ";
            out += rstrip(line) + "\n";
        }
        for (std::size_t r = 0; r < R; ++r) {
            std::string line = pad(row_labels_[r], label_w);
            for (std::size_t c = c0; c < c1; ++c) {
                const Cell& cell = cells_[r * C + c];
                const std::string slot = " " + pad(fit(cell.text), col_w[c]) + " ";
                line += " ";
                if (style.color && cell.bg) line += ansi_cell_style(*cell.bg, style.truecolor) + slot + ansi_reset();
                else line += slot;
            }
            out += (style.color ? line : rstrip(line)) + "\n";
        }
        c0 = c1;
    }
    return out;
}

bool terminal_colors_wanted(bool no_color_flag) {
    if (no_color_flag || !stdout_is_tty()) return false;
    const char* no_color = std::getenv("NO_COLOR");
    if (no_color && *no_color) return false;  // https://no-color.org: set and non-empty
    const char* term = std::getenv("TERM");
    return !(term && std::string_view(term) == "dumb");
}

bool terminal_truecolor() {
    const char* ct = std::getenv("COLORTERM");
    return ct && (std::string_view(ct) == "truecolor" || std::string_view(ct) == "24bit");
}

std::size_t terminal_width() {
    if (!stdout_is_tty()) return 100;
    if (const char* cols = std::getenv("COLUMNS")) {
        char* end = nullptr;
        const long n = std::strtol(cols, &end, 10);
        if (end != cols && *end == '\0' && n > 0) return std::size_t(n);
    }
    winsize ws{};
    if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
    return 100;
}

GridStyle terminal_grid_style(bool no_color_flag, std::size_t width) {
    GridStyle style;
    style.color = terminal_colors_wanted(no_color_flag);
    style.truecolor = terminal_truecolor();
    style.width = width ? width : terminal_width();
    return style;
}

}  // namespace gpt2
