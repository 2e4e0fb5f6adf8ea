#include "display/dimension_chart.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "display/color_scale.hpp"
#include "support/display_width.hpp"
#include "support/error.hpp"
#include "support/number_format.hpp"

namespace gpt2 {
namespace {

constexpr std::size_t kMinBar = 5;   // narrower than this, the bars say nothing: left out
constexpr std::size_t kMaxBar = 80;  // wider bars are no easier to read

// Eighths of a column, 1/8 … 8/8.
const char* const kEighths[8] = {"\xE2\x96\x8F", "\xE2\x96\x8E", "\xE2\x96\x8D", "\xE2\x96\x8C",
                                 "\xE2\x96\x8B", "\xE2\x96\x8A", "\xE2\x96\x89", "\xE2\x96\x88"};

std::string foreground(Rgb c, bool truecolor) {
    char buf[32];
    if (truecolor) std::snprintf(buf, sizeof buf, "\x1b[38;2;%d;%d;%dm", c.r, c.g, c.b);
    else std::snprintf(buf, sizeof buf, "\x1b[38;5;%dm", xterm256(c));
    return buf;
}

std::string pad_right(const std::string& s, std::size_t w) { return s + std::string(w - std::min(w, display_width(s)), ' '); }
std::string pad_left(const std::string& s, std::size_t w) { return std::string(w - std::min(w, display_width(s)), ' ') + s; }
std::string rstrip(std::string s) {
    while (!s.empty() && s.back() == ' ') s.pop_back();
    return s;
}

// How many eighths of a `width`-column bar v fills: a positive v at least one.
std::size_t eighths(double v, const LogDecades& axis, std::size_t width) {
    if (!(v > 0)) return 0;
    return std::max<std::size_t>(std::lround(log_position(v, axis) * double(width * 8)), 1);
}

std::string bar(std::size_t eighths) {
    std::string out;
    for (std::size_t i = 0; i < eighths / 8; ++i) out += kEighths[7];
    if (eighths % 8) out += kEighths[eighths % 8 - 1];
    return out;
}

// The tick line and the label line under `width` columns of bars; labels may run on up
// to `room` columns (what the line has left), and one that would touch its neighbour is
// left out.
std::pair<std::string, std::string> axis_lines(const LogDecades& s, std::size_t width, std::size_t room) {
    const int n = s.hi - s.lo;
    std::vector<std::string> ticks(width, "\xE2\x94\x80");  // ─
    std::string labels;
    std::size_t used = 0;  // columns of `labels`
    for (int k = 0; k <= n; ++k) {
        // The column a value of exactly 10^(lo+k) fills last.
        const std::size_t at = std::max<std::size_t>(std::lround(double(k) * double(width) / n), 1) - 1;
        ticks[at] = k == 0 ? "\xE2\x94\x9C" : k == n ? "\xE2\x94\xA4" : "\xE2\x94\xBC";  // ├ ┤ ┼
        const std::string label = decade_label(s.lo + k);
        if ((k > 0 && at < used + 1) || at + display_width(label) > room) continue;
        labels += std::string(at - used, ' ') + label;
        used = at + display_width(label);
    }
    std::string tick_line;
    for (const auto& t : ticks) tick_line += t;
    return {tick_line, labels};
}

}  // namespace

// Viridis, as the page's heatmap; both readable on dark and on light terminals.
Rgb pos0_colour() { return viridis(0.75); }
Rgb other_colour() { return viridis(0.35); }

LogDecades log_decades(const std::vector<double>& values) {
    double lo = 0, hi = 0;
    for (double v : values)
        if (v > 0) {
            lo = lo > 0 ? std::min(lo, v) : v;
            hi = std::max(hi, v);
        }
    if (hi == 0) return {};  // nothing positive: any axis draws empty bars
    LogDecades s{int(std::floor(std::log10(lo))), int(std::ceil(std::log10(hi)))};
    if (s.hi == s.lo) ++s.hi;  // every number the same power of ten
    return s;
}

double log_position(double v, const LogDecades& axis) {
    if (!(v > 0)) return 0;
    return std::clamp((std::log10(v) - axis.lo) / double(axis.hi - axis.lo), 0.0, 1.0);
}

std::string decade_label(int k) {
    if (k >= 0 && k <= 3) return std::to_string(int(std::lround(std::pow(10.0, k))));
    if (k < 0 && k >= -2) return fixed(std::pow(10.0, k), -k);
    return "1e" + std::to_string(k);
}

void check_dimension_chart(const DimensionChart& chart) {
    const std::size_t S = chart.pos0.size();
    if (S == 0) throw Error("dimension chart: no hidden states to show");
    if (chart.median_other.size() != S)
        throw Error("dimension chart: pos0 has " + std::to_string(S) + " states, median_other " +
                    std::to_string(chart.median_other.size()));
    if (chart.state_labels.size() != S)
        throw Error("dimension chart: " + std::to_string(chart.state_labels.size()) + " state labels for " +
                    std::to_string(S) + " states");
    const std::size_t C = chart.pos0[0].size();
    if (C == 0) throw Error("dimension chart: no dimensions (state 0 has none)");
    for (std::size_t s = 0; s < S; ++s) {
        for (const auto* rows : {&chart.pos0, &chart.median_other}) {
            const char* name = rows == &chart.pos0 ? "pos0" : "median_other";
            const auto& row = (*rows)[s];
            if (row.size() != C)
                throw Error("dimension chart: " + std::string(name) + " of state " + std::to_string(s) + " has " +
                            std::to_string(row.size()) + " dimensions, state 0 has " + std::to_string(C));
            for (std::size_t d = 0; d < C; ++d)
                if (!(std::isfinite(row[d]) && row[d] >= 0))
                    throw Error("dimension chart: " + std::string(name) + "[" + std::to_string(s) + "][" +
                                std::to_string(d) + "] is " + std::to_string(row[d]) +
                                "; an |activation| is finite and >= 0");
        }
    }
}

std::vector<std::size_t> dimensions_by_pos0(const DimensionChart& chart, std::size_t state) {
    const auto& v = chart.pos0.at(state);
    std::vector<std::size_t> dims(v.size());
    std::iota(dims.begin(), dims.end(), std::size_t(0));
    std::stable_sort(dims.begin(), dims.end(), [&](std::size_t a, std::size_t b) { return v[a] > v[b]; });
    return dims;
}

std::string chart_number(double v) {
    if (v == 0) return "0";
    if (!std::isfinite(v)) return v > 0 ? "\xE2\x88\x9E" : "nan";
    const double a = std::fabs(v);
    if (a >= 1000 && a < 1e6) return fixed(v, 0);
    if (a < 0.001 || a >= 1e6) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.2e", v);
        return buf;
    }
    int decimals = 2 - int(std::floor(std::log10(a)));
    // 9.996 rounds to 10.00: one decimal fewer keeps three digits.
    const double unit = std::pow(10.0, -decimals);
    if (std::round(a / unit) * unit >= std::pow(10.0, 3 - decimals) - unit / 2) --decimals;
    return fixed(v, std::max(decimals, 0));
}

std::string chart_ratio(double pos0, double median) {
    if (median == 0) return pos0 == 0 ? "\xE2\x80\x94" : "\xE2\x88\x9E";  // — ∞
    return chart_number(pos0 / median) + "\xC3\x97";                       // ×
}

std::string dimension_bars(const DimensionChart& chart, std::size_t state, std::size_t rows, const GridStyle& style) {
    check_dimension_chart(chart);
    const std::size_t S = chart.pos0.size();
    if (state >= S)
        throw Error("dimension chart: state " + std::to_string(state) + " is out of range (the chart has states 0 to " +
                    std::to_string(S - 1) + ")");
    if (rows == 0) throw Error("dimension chart: rows must be at least 1");

    std::vector<std::size_t> dims = dimensions_by_pos0(chart, state);
    dims.resize(std::min(rows, dims.size()));
    const auto& p = chart.pos0[state];
    const auto& m = chart.median_other[state];

    // Column widths: the numbers decide; the bars get the rest.
    const std::string pos0_label = "pos 0", other_label = "others";
    std::size_t dim_w = 3, value_w = 5, ratio_w = 5;  // "dim", "value", "ratio"
    std::vector<double> shown;
    for (std::size_t d : dims) {
        dim_w = std::max(dim_w, std::to_string(d).size());
        value_w = std::max({value_w, display_width(chart_number(p[d])), display_width(chart_number(m[d]))});
        ratio_w = std::max(ratio_w, display_width(chart_ratio(p[d], m[d])));
        shown.push_back(p[d]);
        shown.push_back(m[d]);
    }
    const std::size_t label_w = std::max(pos0_label.size(), other_label.size());
    // " dim  label  BAR  value  ratio": 1 + dim_w + 2 + label_w + 1 + bar + 2 + value_w + 2 + ratio_w.
    const std::size_t fixed_w = 1 + dim_w + 2 + label_w + 1 + 2 + value_w + 2 + ratio_w;
    const std::size_t bar_w = std::min(style.width > fixed_w ? style.width - fixed_w : 0, kMaxBar);
    const bool bars = bar_w >= kMinBar;
    const LogDecades scale = log_decades(shown);

    // Lines without colour may be cut to the width; coloured ones always fit (bars shown).
    std::string out;
    auto emit = [&](const std::string& line) { out += rstrip(truncate_display(rstrip(line), style.width)) + "\n"; };
    auto coloured = [&](const std::string& text, Rgb c) {
        return style.color && !text.empty() ? foreground(c, style.truecolor) + text + ansi_reset() : text;
    };
    const std::string lead = " " + std::string(dim_w, ' ') + "  " + std::string(label_w, ' ') + " ";

    emit(chart.state_labels[state] + " \xC2\xB7 " + chart.model + (chart.title.empty() ? "" : " \xC2\xB7 " + chart.title));
    emit(" " + pad_left("dim", dim_w) + "  " + std::string(label_w, ' ') + " " +
         (bars ? pad_right(truncate_display("|activation|, log scale", bar_w), bar_w) + "  " : std::string()) +
         pad_left("value", value_w) + "  " + pad_left("ratio", ratio_w));
    for (std::size_t d : dims) {
        for (int which = 0; which < 2; ++which) {
            const double v = which == 0 ? p[d] : m[d];
            std::string line = " " + (which == 0 ? pad_left(std::to_string(d), dim_w) : std::string(dim_w, ' ')) + "  " +
                               pad_right(which == 0 ? pos0_label : other_label, label_w) + " ";
            if (bars) {
                const std::size_t e = eighths(v, scale, bar_w);
                line += coloured(bar(e), which == 0 ? pos0_colour() : other_colour()) +
                        std::string(bar_w - (e + 7) / 8, ' ') + "  ";
            }
            line += pad_left(chart_number(v), value_w);
            if (which == 0) line += "  " + pad_left(chart_ratio(p[d], m[d]), ratio_w);
            // A coloured line is never cut: the escapes would be (the bars made it fit).
            if (style.color && bars) out += rstrip(line) + "\n";
            else emit(line);
        }
    }
    if (bars) {
        const auto [ticks, labels] = axis_lines(scale, bar_w, style.width - lead.size());
        emit(lead + ticks);
        emit(lead + labels);
    }
    return out;
}

}  // namespace gpt2
