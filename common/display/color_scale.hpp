// display/color_scale.hpp — a number in [0, 1] as a colour, for terminals and for HTML.
//
// The scale is viridis (matplotlib's default colour map, also the logit-lens plots'
// family of maps): dark purple at 0, through blue and green, to yellow at 1. It is
// perceptually uniform and still readable in grey or for colour-blind readers.
// viridis() interpolates between 11 stops of the real map.
//
// A terminal is given either the colour itself (truecolor: "\x1b[48;2;R;G;Bm") or the
// nearest entry of the xterm 256-colour palette's 6×6×6 cube ("\x1b[48;5;Nm"), which every
// modern terminal understands. Text on a cell is black or white, whichever contrasts.
#pragma once

#include <cstdint>
#include <string>

namespace gpt2 {

struct Rgb {
    std::uint8_t r = 0, g = 0, b = 0;
};

Rgb viridis(double t);                 // t clamped to [0, 1]
bool is_dark(Rgb c);                   // relative luminance below one half: use white text
std::string css_hex(Rgb c);            // "#rrggbb"
std::string viridis_css_gradient();    // "linear-gradient(to right, #440154, …)": the legend's bar
int xterm256(Rgb c);                   // 16 … 231: nearest colour of the 6×6×6 cube

// Escape sequences: background `bg` with contrasting text; and the reset.
std::string ansi_cell_style(Rgb bg, bool truecolor);
inline const char* ansi_reset() { return "\x1b[0m"; }

}  // namespace gpt2
