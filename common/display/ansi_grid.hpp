// display/ansi_grid.hpp — a grid of short texts for the terminal, cells optionally coloured,
// wrapped into panels that fit the terminal's width.
//
//   t         0       1        2        <- header rows (add_header): positions, tokens…
//   input     ␣This   ␣weekend ␣I
//   h2 out    ␣The    ,        ␣was     <- one row per add'ed row label; cells may have
//   h1        ␣the    ␣in      ␣had        a background colour (ANSI escapes)
//
// Layout: the row-label column, then per column one space and a slot of width w + 2
// (a space, the text padded to w, a space) where w is the column's widest text; with
// colours the slot is the coloured block. A row is never wider than `width` terminal
// columns (unless a single column does not fit): the columns are split into panels,
// printed one after another with a blank line between, each repeating the headers and
// row labels. Texts wider than max_cell_width are cut with "…". Widths are display
// widths (support/display_width.hpp). Without colour no line ends in spaces.
//
// Helpers decide the defaults the way command-line tools do: colours only when stdout
// is a terminal, NO_COLOR is unset (https://no-color.org) and TERM is not "dumb"; the
// width from COLUMNS or the terminal itself (TIOCGWINSZ) when stdout is a terminal, else 100.
//
// Deliberately not handled: cells of several lines (pass display_token() text), column
// alignment other than left, scrolling.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "display/color_scale.hpp"

namespace gpt2 {

struct GridStyle {
    bool color = false;
    bool truecolor = false;          // 24-bit escapes instead of the 256-colour palette
    std::size_t width = 100;         // terminal columns available
    std::size_t max_cell_width = 14; // longer texts are cut with "…"
};

class AnsiGrid {
public:
    AnsiGrid(std::vector<std::string> row_labels, std::size_t num_cols);

    // A header row above the grid (never coloured). Throws gpt2::Error on a wrong length.
    void add_header(std::string label, std::vector<std::string> cells);
    // Throws gpt2::Error if row or col is out of range.
    void set(std::size_t row, std::size_t col, std::string text, std::optional<Rgb> background = std::nullopt);

    std::string render(const GridStyle& style) const;

private:
    struct Cell {
        std::string text;
        std::optional<Rgb> bg;
    };
    std::vector<std::string> row_labels_;
    std::size_t num_cols_;
    std::vector<std::pair<std::string, std::vector<std::string>>> headers_;
    std::vector<Cell> cells_;  // row-major
};

// text cut to at most `width` display columns, ending in "…" when cut.
std::string truncate_display(const std::string& text, std::size_t width);

// The defaults described above. no_color_flag: the program's --no-color.
bool terminal_colors_wanted(bool no_color_flag);
bool terminal_truecolor();        // COLORTERM is "truecolor" or "24bit"
std::size_t terminal_width();
// The style a chapter's grids use: colours as terminal_colors_wanted(no_color_flag), the
// width given (the program's --width) or, when 0, terminal_width().
GridStyle terminal_grid_style(bool no_color_flag, std::size_t width);

}  // namespace gpt2
