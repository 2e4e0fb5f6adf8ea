#include "display/dimension_html.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <optional>
#include <sstream>

#include <nlohmann/json.hpp>

#include "display/color_scale.hpp"
#include "display/heatmap_html.hpp"
#include "support/error.hpp"

namespace gpt2 {
namespace {

using json = nlohmann::ordered_json;

// Geometry (SVG units): one slot per dimension, the same x in both views.
struct Geometry {
    std::size_t slot = 4;  // per dimension: position 0's bar, then the others' median's
    double left = 76, right = 16, top = 10;
    double plot_h = 220, axis_h = 28;  // the bars; the dimension labels below them
    double row_h = 16;                 // a heatmap row
    double plot_w(std::size_t C) const { return double(C * slot); }
    double width(std::size_t C) const { return left + plot_w(C) + right; }
};

// Dimension ticks every 1, 2, 5, 10, 20, 50 … dimensions: about ten of them.
std::size_t tick_step(std::size_t C) {
    for (std::size_t step = 1;; step *= 10)
        for (std::size_t m : {1, 2, 5})
            if (step * m * 10 >= C) return step * m;
}

// 6 significant digits: enough for 3 shown, and the JSON stays small.
double six_digits(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return std::strtod(buf, nullptr);
}

// log10(pos0 / median), +inf when only the median is 0, NaN when both are.
double log_ratio(double p, double m) {
    if (m == 0) return p == 0 ? std::numeric_limits<double>::quiet_NaN() : std::numeric_limits<double>::infinity();
    return std::log10(p / m);
}

constexpr int kNoShade = -1;  // 0 / 0: no ratio, drawn grey
const char* const kNoNumber = "#cccccc";

// One colouring of the heatmap: per state and dimension a shade 0 … 255 of the palette
// (or kNoShade), and what the two ends of the legend mean.
struct HeatMetric {
    std::string name, label, dark, bright;
    std::vector<std::vector<int>> shade;  // [state][dim]
};

int shade_of(double t) { return int(std::lround(std::clamp(t, 0.0, 1.0) * 255)); }

// log10(pos0 / median) from 0.1× to the largest ratio (at least 10×); |activation| at
// position 0, and the others' median, on the bars' log axis.
std::vector<HeatMetric> heat_metrics(const DimensionChart& chart, const LogDecades& axis) {
    const std::size_t S = chart.pos0.size(), C = chart.pos0[0].size();
    double lo = -1, hi = 1;
    for (std::size_t s = 0; s < S; ++s)
        for (std::size_t d = 0; d < C; ++d) {
            const double x = log_ratio(chart.pos0[s][d], chart.median_other[s][d]);
            if (std::isfinite(x)) hi = std::max(hi, x);
        }
    HeatMetric ratio{"ratio", "position 0 / others' median", "0.1\xC3\x97 or less",
                     chart_number(std::pow(10.0, hi)) + "\xC3\x97", {}};
    HeatMetric pos0{"pos0", "|activation| at position 0", decade_label(axis.lo), decade_label(axis.hi), {}};
    HeatMetric median{"median", "others' median |activation|", pos0.dark, pos0.bright, {}};
    for (std::size_t s = 0; s < S; ++s) {
        std::vector<int> r(C), p(C), m(C);
        for (std::size_t d = 0; d < C; ++d) {
            const double x = log_ratio(chart.pos0[s][d], chart.median_other[s][d]);
            r[d] = std::isnan(x) ? kNoShade : shade_of(std::isinf(x) ? 1.0 : (x - lo) / (hi - lo));
            p[d] = shade_of(log_position(chart.pos0[s][d], axis));
            m[d] = shade_of(log_position(chart.median_other[s][d], axis));
        }
        ratio.shade.push_back(std::move(r));
        pos0.shade.push_back(std::move(p));
        median.shade.push_back(std::move(m));
    }
    return {ratio, pos0, median};
}

// Where one dimension stands out most at position 0: the state whose largest pos0 is the
// most times the median pos0 over its dimensions (ties: the first).
std::size_t standout_state(const DimensionChart& chart) {
    std::size_t best_s = 0;
    double best = 0;
    for (std::size_t s = 0; s < chart.pos0.size(); ++s) {
        std::vector<double> v = chart.pos0[s];
        std::sort(v.begin(), v.end());
        const std::size_t n = v.size();
        const double median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
        const double x = median > 0 ? v.back() / median : v.back() > 0 ? INFINITY : 0;
        if (x > best) best = x, best_s = s;
    }
    return best_s;
}

std::string hex(Rgb c) { return css_hex(c); }

// Plain ES5-style JavaScript: no modules, no network. The markup is already there for the
// first state; this moves the bars for another state or order, rebuilds the table, and
// answers hovers. Ends by setting body's data-ready.
const char* kDimensionScript = R"JS(
(function () {
  "use strict";
  var d = JSON.parse(document.getElementById("dimension-data").textContent);
  var g = d.geometry, S = d.states.length, C = d.dims, state = d.state, sorted = false, order = [];
  var bars = document.getElementById("bars"), heat = document.getElementById("heat");
  var p0 = bars.querySelectorAll("rect.p0"), md = bars.querySelectorAll("rect.md");
  var mark = document.getElementById("bars-mark"), row = document.getElementById("heat-row");
  var col = document.getElementById("heat-col");

  function number(v) {
    if (v === 0) return "0";
    var a = Math.abs(v);
    if (a >= 999.5 && a < 1e6) return v.toFixed(0);
    if (a < 0.001 || a >= 1e6) return v.toExponential(2);
    return v.toPrecision(3);
  }
  function ratio(p, m) { return m === 0 ? (p === 0 ? "\u2014" : "\u221e") : number(p / m) + "\u00d7"; }
  function height(v) {
    if (!(v > 0)) return 0;
    var f = (Math.log(v) / Math.LN10 - d.log_lo) / (d.log_hi - d.log_lo);
    return Math.max(0, Math.min(1, f)) * g.plot_h;
  }
  function byPos0(s) {
    var dims = [];
    for (var i = 0; i < C; i++) dims.push(i);
    return dims.sort(function (a, b) { return d.pos0[s][b] - d.pos0[s][a] || a - b; });
  }
  function describe(s, dim) {
    var p = d.pos0[s][dim], m = d.median_other[s][dim];
    return d.states[s] + " \u00b7 dim " + dim + ": position 0 " + number(p) + ", others' median " + number(m) +
           ", ratio " + ratio(p, m);
  }
  // The slot under the pointer: SVG x from the mouse, whatever the page's zoom.
  function slotAt(svg, e) {
    var pt = svg.createSVGPoint();
    pt.x = e.clientX; pt.y = e.clientY;
    var q = pt.matrixTransform(svg.getScreenCTM().inverse());
    return { i: Math.floor((q.x - g.left) / g.slot), y: q.y };
  }
  function place(rect, x, v) {
    var h = height(v);
    rect.setAttribute("x", x);
    rect.setAttribute("y", g.top + g.plot_h - h);
    rect.setAttribute("height", h);
  }
  function cell(tag, text) { var e = document.createElement(tag); e.textContent = text; return e; }

  function show(s) {
    state = s;
    order = sorted ? byPos0(s) : [];
    for (var i = 0; i < C; i++) {
      var dim = sorted ? order[i] : i, x = g.left + i * g.slot;
      place(p0[dim], x, d.pos0[s][dim]);
      place(md[dim], x + g.slot / 2, d.median_other[s][dim]);
    }
    bars.classList.toggle("sorted", sorted);
    document.getElementById("bars-title").textContent = d.states[s] + ": every dimension, " +
      (sorted ? "largest position 0 first" : "in index order");
    var buttons = document.querySelectorAll("button[data-state]");
    for (var n = 0; n < buttons.length; n++) buttons[n].classList.toggle("on", +buttons[n].getAttribute("data-state") === s);
    document.getElementById("order-index").classList.toggle("on", !sorted);
    document.getElementById("order-pos0").classList.toggle("on", sorted);
    row.setAttribute("y", g.top + (S - 1 - s) * g.row_h);
    var top = byPos0(s).slice(0, d.top_rows), body = document.querySelector("#top tbody");
    body.textContent = "";
    for (var r = 0; r < top.length; r++) {
      var tr = document.createElement("tr"), k = top[r];
      tr.appendChild(cell("td", String(k)));
      tr.appendChild(cell("td", number(d.pos0[s][k])));
      tr.appendChild(cell("td", number(d.median_other[s][k])));
      tr.appendChild(cell("td", ratio(d.pos0[s][k], d.median_other[s][k])));
      body.appendChild(tr);
    }
    document.getElementById("top-title").textContent = d.states[s];
  }

  // The heatmap's cells row by row, the final state first; shades precomputed in C++.
  var cells = heat.querySelectorAll("rect.c"), metric = document.getElementById("heat-metric");
  function recolour() {
    var m = d.heat[metric.selectedIndex];
    for (var n = 0; n < cells.length; n++) {
      var k = m.shade[S - 1 - Math.floor(n / C)][n % C];
      cells[n].setAttribute("fill", k < 0 ? d.no_number : d.palette[k]);
    }
    document.getElementById("heat-dark").textContent = m.dark;
    document.getElementById("heat-bright").textContent = m.bright;
  }
  metric.addEventListener("change", recolour);

  bars.addEventListener("mousemove", function (e) {
    var i = slotAt(bars, e).i;
    if (i < 0 || i >= C) { mark.setAttribute("visibility", "hidden"); return; }
    var dim = sorted ? order[i] : i;
    mark.setAttribute("x", g.left + i * g.slot);
    mark.setAttribute("visibility", "visible");
    document.getElementById("bars-info").textContent = describe(state, dim);
  });
  bars.addEventListener("mouseleave", function () { mark.setAttribute("visibility", "hidden"); });
  heat.addEventListener("mousemove", function (e) {
    var at = slotAt(heat, e), s = S - 1 - Math.floor((at.y - g.top) / g.row_h);
    if (at.i < 0 || at.i >= C || s < 0 || s >= S) { col.setAttribute("visibility", "hidden"); return; }
    col.setAttribute("x", g.left + at.i * g.slot);
    col.setAttribute("visibility", "visible");
    document.getElementById("heat-info").textContent = describe(s, at.i);
  });
  heat.addEventListener("mouseleave", function () { col.setAttribute("visibility", "hidden"); });
  heat.addEventListener("click", function (e) {
    var at = slotAt(heat, e), s = S - 1 - Math.floor((at.y - g.top) / g.row_h);
    if (s >= 0 && s < S) show(s);
  });
  document.addEventListener("click", function (e) {
    var b = e.target.closest("button");
    if (!b) return;
    if (b.hasAttribute("data-state")) show(+b.getAttribute("data-state"));
    else { sorted = b.id === "order-pos0"; show(state); }
  });

  show(state);
  recolour();
  document.body.setAttribute("data-ready", "1");
})();
)JS";

const char* kDimensionStyle = R"CSS(
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 16px 20px; color: #222; background: #fff; }
h1 { font-size: 20px; margin: 0 0 4px; font-weight: 600; }
h2 { font-size: 15px; margin: 0 0 6px; font-weight: 600; }
p.meta { margin: 0 0 12px; color: #444; font-size: 14px; }
.controls { display: flex; flex-wrap: wrap; gap: 8px 22px; align-items: center; font-size: 14px; margin-bottom: 12px; }
.controls .lbl { color: #555; margin-right: 4px; }
.controls button { font: inherit; font-size: 13px; padding: 3px 8px; border: 1px solid #bbb; border-radius: 4px; background: #f7f7f7; cursor: pointer; }
.controls button.on { background: #31688e; border-color: #31688e; color: #fff; }
.key { display: inline-block; width: 12px; height: 12px; vertical-align: -1px; margin: 0 4px 0 10px; border-radius: 2px; }
section { border: 1px solid #ddd; border-radius: 6px; padding: 10px 12px; margin-bottom: 14px; background: #fcfcfc; }
svg { display: block; max-width: 100%; height: auto; font-family: ui-monospace, "DejaVu Sans Mono", Menlo, monospace; font-size: 11px; }
svg text { fill: #555; }
svg .grid { stroke: #e2e2e2; stroke-width: 1; }
svg .hot { fill: #e4572e; fill-opacity: 0.18; stroke: #e4572e; stroke-width: 1; }
svg.sorted .xdim { display: none; }
.info { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, monospace; font-size: 13px; min-height: 1.4em; margin: 6px 0 0; white-space: pre; }
table.top { border-collapse: collapse; font-family: ui-monospace, "DejaVu Sans Mono", Menlo, monospace; font-size: 13px; margin-top: 8px; }
table.top th, table.top td { padding: 2px 10px; text-align: right; }
table.top th { font-family: system-ui, sans-serif; font-weight: normal; color: #555; border-bottom: 1px solid #ddd; }
.legend { display: flex; align-items: center; gap: 6px; color: #555; font-size: 13px; margin-top: 6px; }
.bar { width: 180px; height: 12px; border: 1px solid #999; border-radius: 2px; }
.hint { color: #666; font-size: 12px; margin: 6px 0 0; max-width: 760px; line-height: 1.4; }
)CSS";

}  // namespace

std::string dimension_html(const DimensionChart& chart, std::optional<std::size_t> first_state) {
    check_dimension_chart(chart);
    const std::size_t S = chart.pos0.size(), C = chart.pos0[0].size();
    Geometry g;
    g.slot = std::clamp<std::size_t>(1024 / C, 2, 12);
    const std::size_t top_rows = std::min<std::size_t>(10, C);

    // One log axis for every state, so that switching states keeps it.
    std::vector<double> all;
    for (std::size_t s = 0; s < S; ++s) {
        all.insert(all.end(), chart.pos0[s].begin(), chart.pos0[s].end());
        all.insert(all.end(), chart.median_other[s].begin(), chart.median_other[s].end());
    }
    const LogDecades axis = log_decades(all);
    auto bar_h = [&](double v) { return log_position(v, axis) * g.plot_h; };

    const std::vector<HeatMetric> heat = heat_metrics(chart, axis);
    std::vector<std::string> palette;
    for (int i = 0; i < 256; ++i) palette.push_back(css_hex(viridis(i / 255.0)));
    auto fill = [&](int shade) { return shade == kNoShade ? std::string(kNoNumber) : palette[std::size_t(shade)]; };
    if (first_state && *first_state >= S)
        throw Error("dimension page: state " + std::to_string(*first_state) + " is out of range (the chart has states 0 to " +
                    std::to_string(S - 1) + ")");
    const std::size_t first = first_state ? *first_state : standout_state(chart);

    json data;
    data["model"] = chart.model;
    data["title"] = chart.title;
    data["states"] = chart.state_labels;
    data["dims"] = C;
    for (const auto* rows : {&chart.pos0, &chart.median_other}) {
        json values = json::array();
        for (const auto& r : *rows) {
            json v = json::array();
            for (double x : r) v.push_back(six_digits(x));
            values.push_back(std::move(v));
        }
        data[rows == &chart.pos0 ? "pos0" : "median_other"] = std::move(values);
    }
    data["log_lo"] = axis.lo;
    data["log_hi"] = axis.hi;
    data["state"] = first;
    data["top_rows"] = top_rows;
    data["heat"] = json::array();
    for (const auto& m : heat)
        data["heat"].push_back({{"name", m.name}, {"label", m.label}, {"dark", m.dark}, {"bright", m.bright}, {"shade", m.shade}});
    data["palette"] = palette;
    data["no_number"] = kNoNumber;
    data["geometry"] = {{"slot", g.slot}, {"left", g.left}, {"top", g.top}, {"plot_h", g.plot_h}, {"row_h", g.row_h}};

    const std::string model = html_escape(chart.model), title = html_escape(chart.title);
    std::ostringstream o;
    o << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<title>Position 0 by dimension \xE2\x80\x94 " << model << (title.empty() ? "" : " \xE2\x80\x94 " + title)
      << "</title>\n<style>" << kDimensionStyle << "</style>\n</head>\n<body>\n"
      << "<h1>Position 0, dimension by dimension \xC2\xB7 " << model << "</h1>\n<p class=\"meta\">" << title
      << (title.empty() ? "" : " \xC2\xB7 ") << S << " hidden states \xC3\x97 " << C
      << " dimensions \xC2\xB7 |activation| at position 0 against the median |activation| of the other positions</p>\n";

    // Controls: the state, the order, the bars' key.
    o << "<div class=\"controls\"><span><span class=\"lbl\">state</span>";
    for (std::size_t s = 0; s < S; ++s)
        o << "<button data-state=\"" << s << "\"" << (s == first ? " class=\"on\"" : "") << ">"
          << html_escape(chart.state_labels[s]) << "</button>";
    o << "</span><span><span class=\"lbl\">order</span><button id=\"order-index\" class=\"on\">dimension</button>"
      << "<button id=\"order-pos0\">largest position 0 first</button></span><span><span class=\"key\" style=\"background:"
      << hex(pos0_colour()) << "\"></span>position 0<span class=\"key\" style=\"background:" << hex(other_colour())
      << "\"></span>median of the others</span></div>\n";

    // The bars, on the log axis: a grid line per decade, dimension ticks below.
    const double W = g.width(C), bars_h = g.top + g.plot_h + g.axis_h;
    const std::size_t step = tick_step(C);
    const int decades = axis.hi - axis.lo, label_every = decades > 12 ? 2 : 1;
    o << "<section>\n<h2 id=\"bars-title\">" << html_escape(chart.state_labels[first])
      << ": every dimension, in index order</h2>\n<svg id=\"bars\" width=\"" << W << "\" height=\"" << bars_h
      << "\" viewBox=\"0 0 " << W << " " << bars_h << "\">";
    for (int k = 0; k <= decades; ++k) {
        const double y = g.top + g.plot_h - g.plot_h * k / decades;
        o << "<line class=\"grid\" x1=\"" << g.left << "\" x2=\"" << W - g.right << "\" y1=\"" << y << "\" y2=\"" << y << "\"/>";
        if (k % label_every == 0)
            o << "<text x=\"" << g.left - 6 << "\" y=\"" << y + 4 << "\" text-anchor=\"end\">" << decade_label(axis.lo + k)
              << "</text>";
    }
    for (std::size_t d = 0; d < C; d += step)
        o << "<text class=\"xdim\" x=\"" << g.left + (double(d) + 0.5) * g.slot << "\" y=\"" << g.top + g.plot_h + 16
          << "\" text-anchor=\"middle\">" << d << "</text>";
    o << "<text class=\"xdim\" x=\"" << g.left - 6 << "\" y=\"" << g.top + g.plot_h + 16 << "\" text-anchor=\"end\">dim</text>";
    const double half = g.slot / 2.0;
    for (const auto* rows : {&chart.pos0, &chart.median_other}) {
        const bool is_p0 = rows == &chart.pos0;
        o << "<g fill=\"" << hex(is_p0 ? pos0_colour() : other_colour()) << "\">";
        for (std::size_t d = 0; d < C; ++d) {
            const double h = bar_h((*rows)[first][d]);
            o << "<rect class=\"" << (is_p0 ? "p0" : "md") << "\" x=\"" << g.left + double(d * g.slot) + (is_p0 ? 0 : half)
              << "\" y=\"" << g.top + g.plot_h - h << "\" width=\"" << half << "\" height=\"" << h << "\"/>";
        }
        o << "</g>";
    }
    o << "<rect id=\"bars-mark\" class=\"hot\" x=\"0\" y=\"" << g.top << "\" width=\"" << g.slot << "\" height=\""
      << g.plot_h << "\" visibility=\"hidden\"/></svg>\n<p class=\"info\" id=\"bars-info\">hover a bar for its numbers</p>\n";

    // The largest dimensions of that state, as a table.
    o << "<table class=\"top\" id=\"top\"><caption><span id=\"top-title\">" << html_escape(chart.state_labels[first])
      << "</span>: the " << top_rows << " largest at position 0</caption>\n<thead><tr><th>dim</th><th>position 0</th>"
      << "<th>others' median</th><th>ratio</th></tr></thead>\n<tbody>";
    const auto order = dimensions_by_pos0(chart, first);
    for (std::size_t r = 0; r < top_rows; ++r) {
        const std::size_t d = order[r];
        const double p = chart.pos0[first][d], m = chart.median_other[first][d];
        o << "<tr><td>" << d << "</td><td>" << chart_number(p) << "</td><td>" << chart_number(m) << "</td><td>"
          << chart_ratio(p, m) << "</td></tr>";
    }
    o << "</tbody></table>\n<p class=\"hint\">Log scale: each grid line is ten times the one below. A dimension that "
         "carries position 0 stands far above its median bar; elsewhere the two are about equal.</p>\n</section>\n";

    // The heatmap: states × dimensions, the final state at the top.
    const double heat_h = g.top + double(S) * g.row_h + g.axis_h;
    o << "<section>\n<h2>Every state \xC3\x97 dimension, coloured by <select id=\"heat-metric\">";
    for (const auto& m : heat) o << "<option value=\"" << m.name << "\">" << html_escape(m.label) << "</option>";
    o << "</select> (log scale)</h2>\n<svg id=\"heat\" width=\"" << W << "\" height=\"" << heat_h << "\" viewBox=\"0 0 " << W
      << " " << heat_h << "\">";
    for (std::size_t k = 0; k < S; ++k) {
        const std::size_t s = S - 1 - k;
        const double y = g.top + double(k) * g.row_h;
        o << "<text x=\"" << g.left - 6 << "\" y=\"" << y + g.row_h - 4 << "\" text-anchor=\"end\">"
          << html_escape(chart.state_labels[s]) << "</text>";
        for (std::size_t d = 0; d < C; ++d)
            o << "<rect class=\"c\" x=\"" << g.left + double(d * g.slot) << "\" y=\"" << y << "\" width=\"" << g.slot
              << "\" height=\"" << g.row_h << "\" fill=\"" << fill(heat[0].shade[s][d]) << "\"/>";
    }
    for (std::size_t d = 0; d < C; d += step)
        o << "<text x=\"" << g.left + (double(d) + 0.5) * g.slot << "\" y=\"" << g.top + double(S) * g.row_h + 16
          << "\" text-anchor=\"middle\">" << d << "</text>";
    o << "<rect id=\"heat-row\" x=\"" << g.left - 1 << "\" y=\"" << g.top + double(S - 1 - first) * g.row_h
      << "\" width=\"" << g.plot_w(C) + 2 << "\" height=\"" << g.row_h
      << "\" fill=\"none\" stroke=\"#e4572e\" stroke-width=\"2\"/><rect id=\"heat-col\" class=\"hot\" x=\"0\" y=\""
      << g.top << "\" width=\"" << g.slot << "\" height=\"" << double(S) * g.row_h << "\" visibility=\"hidden\"/></svg>\n";
    o << "<div class=\"legend\"><span id=\"heat-dark\">" << html_escape(heat[0].dark)
      << "</span><span class=\"bar\" style=\"background: linear-gradient(to right";
    for (int i = 0; i <= 10; ++i) o << ", " << hex(viridis(i / 10.0));
    o << ")\"></span><span id=\"heat-bright\">" << html_escape(heat[0].bright) << "</span><span class=\"key\" style=\"background:"
      << kNoNumber << "\"></span>0 / 0</div>\n"
      << "<p class=\"info\" id=\"heat-info\">hover a cell for its numbers; click to show that state above</p>\n"
      << "</section>\n<script id=\"dimension-data\" type=\"application/json\">" << script_safe(data.dump())
      << "</script>\n<script>" << kDimensionScript << "</script>\n</body>\n</html>\n";
    return o.str();
}

}  // namespace gpt2
