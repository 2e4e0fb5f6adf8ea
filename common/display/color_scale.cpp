#include "display/color_scale.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace gpt2 {

Rgb viridis(double t) {
    // matplotlib's viridis at 0, 0.1, …, 1.
    static const std::uint8_t stops[11][3] = {
        {68, 1, 84},    {72, 36, 117},  {65, 68, 135},  {53, 95, 141},   {42, 120, 142}, {33, 145, 140},
        {34, 168, 132}, {68, 191, 112}, {122, 209, 81}, {189, 223, 38}, {253, 231, 37}};
    t = std::clamp(std::isnan(t) ? 0.0 : t, 0.0, 1.0);
    const double x = t * 10;
    const int i = std::min(9, int(x));
    const double f = x - i;
    auto mix = [&](int ch) { return std::uint8_t(std::lround(stops[i][ch] + f * (stops[i + 1][ch] - stops[i][ch]))); };
    return {mix(0), mix(1), mix(2)};
}

bool is_dark(Rgb c) {
    auto lin = [](std::uint8_t v) {
        const double s = v / 255.0;
        return s <= 0.04045 ? s / 12.92 : std::pow((s + 0.055) / 1.055, 2.4);
    };
    const double luminance = 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
    return luminance < 0.18;  // about where black and white text contrast equally
}

std::string viridis_css_gradient() {
    std::string g = "linear-gradient(to right";
    for (int i = 0; i <= 10; ++i) g += ", " + css_hex(viridis(i / 10.0));
    return g + ")";
}

std::string css_hex(Rgb c) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "#%02x%02x%02x", c.r, c.g, c.b);
    return buf;
}

int xterm256(Rgb c) {
    static const int levels[6] = {0, 95, 135, 175, 215, 255};
    auto nearest = [](int v) {
        int best = 0;
        for (int i = 1; i < 6; ++i)
            if (std::abs(levels[i] - v) < std::abs(levels[best] - v)) best = i;
        return best;
    };
    return 16 + 36 * nearest(c.r) + 6 * nearest(c.g) + nearest(c.b);
}

std::string ansi_cell_style(Rgb bg, bool truecolor) {
    const char* fg = is_dark(bg) ? "\x1b[97m" : "\x1b[30m";  // bright white / black text
    char buf[48];
    if (truecolor) std::snprintf(buf, sizeof buf, "\x1b[48;2;%d;%d;%dm", bg.r, bg.g, bg.b);
    else std::snprintf(buf, sizeof buf, "\x1b[48;5;%dm", xterm256(bg));
    return std::string(buf) + fg;
}

}  // namespace gpt2
