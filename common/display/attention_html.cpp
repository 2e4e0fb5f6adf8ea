#include "display/attention_html.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include <nlohmann/json.hpp>

#include "display/color_scale.hpp"
#include "display/heatmap_html.hpp"
#include "support/error.hpp"
#include "support/number_format.hpp"

namespace gpt2 {
namespace {

using json = nlohmann::ordered_json;

// p rounded to 5 decimals: the JSON stays small (0.41234, not 0.41234001517295837).
double rounded(float p) { return std::isfinite(p) ? std::round(double(p) * 1e5) / 1e5 : 0.0; }

std::string shape_text(const xt::xtensor<float, 3>& a) {
    return "[" + std::to_string(a.shape(0)) + ", " + std::to_string(a.shape(1)) + ", " + std::to_string(a.shape(2)) + "]";
}

// Up to this many positions the grid cells also show p, to 2 decimals.
constexpr std::size_t kMaxValuesShown = 14;

// p to 2 decimals without the leading zero: ".41", "1" for 1.00 — fits in a small cell.
std::string cell_value(double v) {
    const std::string s = fixed(v, 2);
    return s == "1.00" ? "1" : s.substr(1);
}

// "␣I (2)": how the hover text names a position.
std::string position_name(const std::vector<std::string>& tokens, std::size_t i) {
    return tokens[i] + " (" + std::to_string(i) + ")";
}

const char* kAttentionStyle = R"CSS(
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 16px 20px; color: #222; background: #fff; }
h1 { font-size: 20px; margin: 0 0 4px; font-weight: 600; }
h2 { font-size: 15px; margin: 0 0 8px; font-weight: 600; }
.meta { margin: 0 0 12px; color: #444; font-size: 14px; }
.meta code { background: #f2f2f2; padding: 1px 4px; border-radius: 3px; }
.controls { display: flex; align-items: center; gap: 10px 22px; flex-wrap: wrap; margin-bottom: 14px; font-size: 14px; }
.picker { display: flex; align-items: center; gap: 4px; flex-wrap: wrap; }
.picker .lbl { color: #555; margin-right: 4px; }
.picker button { font: inherit; font-size: 13px; min-width: 30px; padding: 3px 8px; border: 1px solid #bbb; border-radius: 4px; background: #f7f7f7; color: #222; cursor: pointer; }
.picker button:hover { background: #e8eef5; }
.picker button.on { background: #31688e; border-color: #31688e; color: #fff; }
.legend { display: flex; align-items: center; gap: 6px; color: #555; }
.bar { width: 160px; height: 12px; border: 1px solid #999; border-radius: 2px; }
.layout { display: flex; align-items: flex-start; gap: 18px 30px; flex-wrap: wrap; }
.panel { border: 1px solid #ddd; border-radius: 6px; padding: 10px 12px; background: #fcfcfc; max-width: 100%; min-width: 0; box-sizing: border-box; }
.wrap { overflow-x: auto; max-width: 100%; }
.mono, table.grid th, .lines, table.share { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, monospace; }
table.grid { border-collapse: separate; border-spacing: 1px; }
table.grid th { font-weight: normal; color: #444; white-space: pre; font-size: var(--font); line-height: 1; padding: 0; }
table.grid th.row { text-align: right; padding-right: 6px; }
table.grid th.col { vertical-align: bottom; padding-bottom: 5px; }
table.grid th.col span { writing-mode: vertical-rl; transform: rotate(180deg); display: inline-block; }
table.grid th.corner { font-family: system-ui, sans-serif; font-size: 11px; color: #888; vertical-align: bottom; text-align: right; padding: 0 6px 5px 0; line-height: 1.3; }
table.grid th .n { color: #aaa; font-size: 0.85em; margin-left: 4px; }
table.grid td { width: var(--cell); height: var(--cell); min-width: var(--cell); padding: 0; border-radius: 2px; cursor: crosshair; font-family: ui-monospace, "DejaVu Sans Mono", Menlo, monospace; font-size: 11px; text-align: center; }
table.grid td.x { background: repeating-linear-gradient(45deg, #f6f6f6, #f6f6f6 3px, #fff 3px, #fff 6px); cursor: default; }
table.grid td:not(.x):hover { outline: 2px solid #e4572e; }
.info { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, monospace; font-size: 13px; min-height: 1.4em; margin: 8px 0 0; color: #333; white-space: pre; }
.lines { display: flex; align-items: flex-start; font-size: var(--font); }
.lines .col > div { height: var(--row); line-height: var(--row); white-space: pre; padding: 0 5px; border-radius: 3px; cursor: pointer; }
.lines .q { text-align: right; }
.lines .col > div.hot { outline: 2px solid #e4572e; }
.lines .head { font-family: system-ui, sans-serif; font-size: 11px; color: #888; height: 18px; line-height: 18px; cursor: default; }
.lines svg { display: block; margin-top: 18px; }
.lines line { stroke: #2c5f8a; stroke-width: 3; stroke-linecap: round; }
table.share { border-collapse: separate; border-spacing: 2px; font-size: 13px; }
table.share th { font-weight: normal; color: #555; padding: 2px 6px; font-family: system-ui, sans-serif; font-size: 12px; }
table.share tbody th { text-align: right; }
table.share td { padding: 4px 8px; text-align: center; border-radius: 3px; cursor: pointer; min-width: 36px; }
table.share td.on { outline: 3px solid #e4572e; }
table.share td.mean { border-left: 3px solid #fff; }
.hint { color: #666; font-size: 12px; margin: 8px 0 0; max-width: 420px; line-height: 1.4; }
)CSS";

// Plain ES5-style JavaScript: no modules, no network. The markup (cells, lines, buttons)
// is already there; this recolours it for the chosen head, filters the lines on hover and
// fills the hover text. Ends by setting body's data-ready.
const char* kAttentionScript = R"JS(
(function () {
  "use strict";
  var d = JSON.parse(document.getElementById("attention-data").textContent);
  var T = d.tokens.length, H = d.heads, layer = d.layer, head = d.head, pat = null;
  var grid = document.getElementById("grid"), lines = document.getElementById("lines");
  var info = document.getElementById("info"), title = document.getElementById("view-title");
  var cells = grid.querySelectorAll("td[data-k]"), strokes = lines.querySelectorAll("line");
  var queries = lines.querySelectorAll(".q > div[data-q]"), keys = lines.querySelectorAll(".k > div[data-k]");

  function num(el, name) { return +el.getAttribute(name); }
  function at(el) { return pat[num(el, "data-q")][num(el, "data-k")]; }
  function step(p) { return Math.max(0, Math.min(255, Math.round(p * 255))); }
  function name(i) { return d.tokens[i] + " (" + i + ")"; }

  // The chosen head's rows (query i: keys 0 .. i), or the mean of the layer's heads.
  function pattern() {
    if (head >= 0) return d.attention[layer][head];
    var rows = [];
    for (var i = 0; i < T; i++) {
      var row = [];
      for (var j = 0; j <= i; j++) {
        var s = 0;
        for (var h = 0; h < H; h++) s += d.attention[layer][h][i][j];
        row.push(s / H);
      }
      rows.push(row);
    }
    return rows;
  }

  function mark(selector, test) {
    var els = document.querySelectorAll(selector);
    for (var n = 0; n < els.length; n++) els[n].classList.toggle("on", test(els[n]));
  }

  function show(l, h) {
    layer = l; head = h; pat = pattern();
    var n;
    for (n = 0; n < cells.length; n++) {
      var p = at(cells[n]), c = cells[n].style, v = p.toFixed(2);
      c.background = d.palette[step(p)];
      c.color = d.ink[step(p)];
      if (d.values_in_cells) cells[n].textContent = v === "1.00" ? "1" : v.slice(1);
    }
    for (n = 0; n < strokes.length; n++) strokes[n].setAttribute("stroke-opacity", at(strokes[n]).toFixed(3));
    title.textContent = "Layer " + l + " \u00b7 " + (h >= 0 ? "head " + h : "mean of heads");
    mark("button[data-layer]", function (b) { return num(b, "data-layer") === l; });
    mark("button[data-head]", function (b) { return num(b, "data-head") === h; });
    mark("#share td", function (td) { return num(td, "data-layer") === l && num(td, "data-head") === h; });
    focus(null, null);
  }

  // Only query q's lines (keys shaded by p), or only the lines into key k; null, null: all.
  function focus(q, k) {
    var n;
    for (n = 0; n < strokes.length; n++) {
      var s = strokes[n];
      var on = (q === null || num(s, "data-q") === q) && (k === null || num(s, "data-k") === k);
      s.style.display = on ? "" : "none";
    }
    for (n = 0; n < keys.length; n++) {
      keys[n].style.background = q === null || n > q ? "" : "rgba(53, 183, 121, " + pat[q][n].toFixed(3) + ")";
      keys[n].classList.toggle("hot", n === k);
    }
    for (n = 0; n < queries.length; n++) {
      queries[n].style.background = k === null || n < k ? "" : "rgba(53, 183, 121, " + pat[n][k].toFixed(3) + ")";
      queries[n].classList.toggle("hot", n === q);
    }
  }

  grid.addEventListener("mouseover", function (e) {
    var td = e.target.closest("td[data-k]");
    if (!td) return;
    var q = num(td, "data-q"), k = num(td, "data-k");
    td.title = info.textContent = "query " + name(q) + " \u2192 key " + name(k) + ": " + at(td).toFixed(3);
    focus(q, null);
  });
  grid.addEventListener("mouseleave", function () { focus(null, null); });
  lines.addEventListener("mouseover", function (e) {
    var q = e.target.closest(".q > div[data-q]"), k = e.target.closest(".k > div[data-k]");
    if (q) focus(num(q, "data-q"), null);
    else if (k) focus(null, num(k, "data-k"));
  });
  lines.addEventListener("mouseleave", function () { focus(null, null); });
  document.addEventListener("click", function (e) {
    var b = e.target.closest("button[data-layer], button[data-head], #share td[data-layer]");
    if (!b) return;
    show(b.hasAttribute("data-layer") ? num(b, "data-layer") : layer, b.hasAttribute("data-head") ? num(b, "data-head") : head);
  });

  show(layer, head);
  document.body.setAttribute("data-ready", "1");
})();
)JS";

}  // namespace

std::string attention_html(const AttentionPage& page) {
    // ---- shapes ----------------------------------------------------------------------
    if (page.attention.empty()) throw Error("attention page: no layers of attention to show");
    const auto& first = page.attention.front();
    const std::size_t L = page.attention.size(), H = first.shape(0), T = first.shape(1);
    if (H == 0 || T == 0 || first.shape(2) != T)
        throw Error("attention page: layer 0 has shape " + shape_text(first) + ", expected [heads, T, T] with heads, T >= 1");
    for (std::size_t l = 1; l < L; ++l) {
        const auto& a = page.attention[l];
        if (a.shape(0) != H || a.shape(1) != T || a.shape(2) != T)
            throw Error("attention page: layer " + std::to_string(l) + " has shape " + shape_text(a) + ", layer 0 " +
                        shape_text(first));
    }
    if (page.tokens.size() != T)
        throw Error("attention page: " + std::to_string(page.tokens.size()) + " tokens for attention over " +
                    std::to_string(T) + " positions");
    if (page.layer >= L || page.head >= H)
        throw Error("attention page: layer " + std::to_string(page.layer) + ", head " + std::to_string(page.head) +
                    " is out of range (" + std::to_string(L) + " layers, " + std::to_string(H) + " heads)");
    if (T > kMaxAttentionPageTokens)  // every head's T × T pattern is in the page: 11 MB at 256 tokens on teaching
        throw Error("an attention page draws at most " + std::to_string(kMaxAttentionPageTokens) +
                    " tokens, and this input has " + std::to_string(T) + " (every head's " + std::to_string(T) + " × " +
                    std::to_string(T) + " pattern would be in the file); shorten the prompt");
    auto p = [&](std::size_t l, std::size_t h, std::size_t i, std::size_t j) { return page.attention[l](h, i, j); };

    // ---- share of attention on position 0 (as lens/first_position_attention.hpp) ---------
    const bool has_share = T >= 2;
    std::vector<std::vector<double>> share(L, std::vector<double>(H, 0.0));
    double uniform = 0;
    if (has_share) {
        for (std::size_t l = 0; l < L; ++l)
            for (std::size_t h = 0; h < H; ++h) {
                double s = 0;
                for (std::size_t i = 1; i < T; ++i) s += p(l, h, i, 0);
                share[l][h] = s / double(T - 1);
            }
        for (std::size_t i = 1; i < T; ++i) uniform += 1.0 / double(i + 1);
        uniform /= double(T - 1);
    }

    const bool values = T <= kMaxValuesShown;  // small enough for numbers in the cells

    // ---- the JSON block --------------------------------------------------------------
    json data;
    data["model"] = page.model_name;
    data["prompt"] = page.prompt;
    data["tokens"] = page.tokens;
    data["layers"] = L;
    data["heads"] = H;
    data["layer"] = page.layer;
    data["head"] = page.head;
    json att = json::array();
    for (std::size_t l = 0; l < L; ++l) {
        json heads = json::array();
        for (std::size_t h = 0; h < H; ++h) {
            json rows = json::array();
            for (std::size_t i = 0; i < T; ++i) {
                json row = json::array();
                for (std::size_t j = 0; j <= i; ++j) row.push_back(rounded(p(l, h, i, j)));
                rows.push_back(std::move(row));
            }
            heads.push_back(std::move(rows));
        }
        att.push_back(std::move(heads));
    }
    data["attention"] = std::move(att);
    if (has_share) {
        json rows = json::array();
        for (const auto& r : share) {
            json cells = json::array();
            for (double v : r) cells.push_back(std::round(v * 1e5) / 1e5);
            rows.push_back(std::move(cells));
        }
        data["share"] = std::move(rows);
        data["uniform_share"] = std::round(uniform * 1e5) / 1e5;
    }
    data["palette"] = json::array();
    data["ink"] = json::array();  // the text colour on each palette entry
    for (int k = 0; k < 256; ++k) {
        const Rgb c = viridis(k / 255.0);
        data["palette"].push_back(css_hex(c));
        data["ink"].push_back(is_dark(c) ? "#ffffff" : "#000000");
    }
    data["values_in_cells"] = values;

    // ---- the markup ------------------------------------------------------------------
    const std::size_t l0 = page.layer, h0 = page.head;
    const int cell = values ? 34 : std::clamp(int(std::lround(440.0 / double(T))), 7, 30);
    const int grid_font = std::clamp(cell - 2, 7, 13);
    const int row = T <= 14 ? 26 : T <= 24 ? 22 : T <= 64 ? 16 : 12;
    const int line_font = std::clamp(row - 8, 8, 13);
    const int svg_w = 170;
    const std::string dash = " \xE2\x80\x94 ", dot = " \xC2\xB7 ";

    std::ostringstream o;
    o << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<title>Attention patterns" << dash << html_escape(page.model_name) << dash
      << html_escape(shorten_utf8(page.prompt, 160)) << "</title>\n<style>" << kAttentionStyle << "</style>\n</head>\n<body>\n"
      << "<h1>Attention patterns" << dash << html_escape(page.model_name) << "</h1>\n"
      << "<p class=\"meta\">prompt <code title=\"" << html_escape(page.prompt) << "\">"
      << html_escape(shorten_utf8(page.prompt, 160)) << "</code>" << dot << T << (T == 1 ? " token" : " tokens") << dot << L
      << (L == 1 ? " layer" : " layers") << " \xC3\x97 " << H << (H == 1 ? " head" : " heads") << dot
      << "row i: how query i spreads its attention over the keys it may see (0 \xE2\x80\xA6 i); it sums to 1</p>\n";

    o << "<div class=\"controls\">\n<div class=\"picker\"><span class=\"lbl\">layer</span>";
    for (std::size_t l = 0; l < L; ++l)
        o << "<button type=\"button\" data-layer=\"" << l << "\"" << (l == l0 ? " class=\"on\"" : "") << ">" << l << "</button>";
    o << "</div>\n<div class=\"picker\"><span class=\"lbl\">head</span>";
    for (std::size_t h = 0; h < H; ++h)
        o << "<button type=\"button\" data-head=\"" << h << "\"" << (h == h0 ? " class=\"on\"" : "") << ">" << h << "</button>";
    o << "<button type=\"button\" data-head=\"-1\">mean of heads</button></div>\n"
      << "<span class=\"legend\">p = 0<span class=\"bar\" style=\"background: " << viridis_css_gradient()
      << "\"></span>1</span>\n</div>\n"
      << "<noscript><p class=\"hint\">Without JavaScript this page shows layer " << l0 << ", head " << h0
      << " only.</p></noscript>\n<div class=\"layout\">\n";

    // The grid: rows = queries, columns = keys; nothing above the diagonal (masked).
    o << "<section class=\"panel\">\n<h2 id=\"view-title\">Layer " << l0 << dot << "head " << h0 << "</h2>\n"
      << "<div class=\"wrap\"><table class=\"grid\" id=\"grid\" style=\"--cell:" << cell << "px;--font:" << grid_font
      << "px\">\n<thead><tr><th class=\"corner\">key \xE2\x86\x92<br>query \xE2\x86\x93</th>";
    for (std::size_t j = 0; j < T; ++j) o << "<th class=\"col\"><span>" << html_escape(page.tokens[j]) << "</span></th>";
    o << "</tr></thead>\n<tbody>\n";
    for (std::size_t i = 0; i < T; ++i) {
        o << "<tr><th class=\"row\">" << html_escape(page.tokens[i]) << "<span class=\"n\">" << i << "</span></th>";
        for (std::size_t j = 0; j < T; ++j) {
            if (j > i) {
                o << "<td class=\"x\"></td>";
                continue;
            }
            const float v = p(l0, h0, i, j);
            const Rgb bg = viridis(v);
            o << "<td data-q=\"" << i << "\" data-k=\"" << j << "\" style=\"background:" << css_hex(bg)
              << ";color:" << (is_dark(bg) ? "#ffffff" : "#000000") << "\" title=\""
              << html_escape("query " + position_name(page.tokens, i) + " \xE2\x86\x92 key " +
                             position_name(page.tokens, j) + ": " + fixed(v, 3))
              << "\">" << (values ? cell_value(v) : "") << "</td>";
        }
        o << "</tr>\n";
    }
    o << "</tbody>\n</table></div>\n<p class=\"info\" id=\"info\">hover a cell for its probability</p>\n</section>\n";

    // The line view: queries left, keys right, a line per (query, key) with opacity p.
    o << "<section class=\"panel\">\n<h2>Query \xE2\x86\x92 key</h2>\n<div class=\"lines\" id=\"lines\" style=\"--row:" << row
      << "px;--font:" << line_font << "px\">\n<div class=\"col q\"><div class=\"head\">query</div>";
    for (std::size_t i = 0; i < T; ++i) o << "<div data-q=\"" << i << "\">" << html_escape(page.tokens[i]) << "</div>";
    o << "</div>\n<svg width=\"" << svg_w << "\" height=\"" << T * row << "\" viewBox=\"0 0 " << svg_w << " " << T * row
      << "\" aria-hidden=\"true\">";
    for (std::size_t i = 0; i < T; ++i)
        for (std::size_t j = 0; j <= i; ++j)
            o << "<line data-q=\"" << i << "\" data-k=\"" << j << "\" x1=\"4\" y1=\"" << (double(i) + 0.5) * row
              << "\" x2=\"" << svg_w - 4 << "\" y2=\"" << (double(j) + 0.5) * row << "\" stroke-opacity=\""
              << fixed(p(l0, h0, i, j), 3) << "\"/>";
    o << "</svg>\n<div class=\"col k\"><div class=\"head\">key</div>";
    for (std::size_t j = 0; j < T; ++j) o << "<div data-k=\"" << j << "\">" << html_escape(page.tokens[j]) << "</div>";
    o << "</div>\n</div>\n<p class=\"hint\">Hover a query to see only its lines (and its keys shaded by p), a key "
         "to see only the lines into it.</p>\n</section>\n";

    // Share of attention on position 0, per layer × head (plus the layer's mean).
    o << "<section class=\"panel\">\n<h2>Attention on position 0 (" << html_escape(page.tokens[0]) << ")</h2>\n";
    if (has_share) {
        o << "<table class=\"share\" id=\"share\">\n<thead><tr><th></th>";
        for (std::size_t h = 0; h < H; ++h) o << "<th>head " << h << "</th>";
        o << "<th>mean</th></tr></thead>\n<tbody>\n";
        for (std::size_t l = 0; l < L; ++l) {
            o << "<tr><th>layer " << l << "</th>";
            double mean = 0;
            for (std::size_t h = 0; h <= H; ++h) {
                const bool is_mean = h == H;
                double v;
                if (is_mean) v = mean / double(H);
                else mean += (v = share[l][h]);
                const Rgb bg = viridis(v);
                o << "<td data-layer=\"" << l << "\" data-head=\"" << (is_mean ? std::string("-1") : std::to_string(h))
                  << "\" class=\"" << (is_mean ? "mean" : "") << (l == l0 && h == h0 ? " on" : "") << "\" style=\"background:"
                  << css_hex(bg) << ";color:" << (is_dark(bg) ? "#ffffff" : "#000000") << "\" title=\"layer " << l
                  << (is_mean ? ", mean of heads" : ", head " + std::to_string(h)) << ": " << fixed(v, 3) << "\">"
                  << fixed(v, 2) << "</td>";
            }
            o << "</tr>\n";
        }
        o << "</tbody>\n</table>\n<p class=\"hint\">Mean over queries 1 \xE2\x80\xA6 " << T - 1
          << " of p(query, 0): query 0 can only see itself, so it is left out. Uniform attention would give "
          << fixed(uniform, 2) << "; much more is an \xE2\x80\x9C" "attention sink\xE2\x80\x9D. Click a cell to show that head.</p>\n";
    } else {
        o << "<p class=\"hint\">Needs at least 2 tokens: the only query, position 0, can only see itself.</p>\n";
    }
    o << "</section>\n</div>\n"
      << "<script id=\"attention-data\" type=\"application/json\">" << script_safe(data.dump()) << "</script>\n"
      << "<script>" << kAttentionScript << "</script>\n</body>\n</html>\n";
    return o.str();
}

}  // namespace gpt2
