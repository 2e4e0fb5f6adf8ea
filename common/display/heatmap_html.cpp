#include "display/heatmap_html.hpp"

#include <sstream>

#include <nlohmann/json.hpp>

#include "display/color_scale.hpp"
#include "display/logit_lens_export.hpp"
#include "display/token_display.hpp"

namespace gpt2 {
namespace {

using json = nlohmann::ordered_json;

const char* kHeatmapStyle = R"CSS(
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 16px 20px; color: #222; background: #fff; }
h1 { font-size: 20px; margin: 0 0 4px; }
.meta { margin: 0 0 10px; color: #444; font-size: 14px; }
.meta code { background: #f2f2f2; padding: 1px 4px; border-radius: 3px; }
.controls { display: flex; align-items: center; gap: 14px; flex-wrap: wrap; margin-bottom: 10px; font-size: 14px; }
.legend { display: flex; align-items: center; gap: 6px; }
.bar { width: 220px; height: 14px; border: 1px solid #999; }
.layout { display: flex; align-items: flex-start; gap: 18px; }
.wrap { overflow-x: auto; max-width: 100%; }
table.grid { border-collapse: separate; border-spacing: 2px; font-family: ui-monospace, "DejaVu Sans Mono", Menlo, monospace; font-size: 13px; }
table.grid th { font-weight: normal; color: #555; padding: 2px 6px; white-space: pre; text-align: left; }
table.grid thead th { text-align: center; }
table.grid tbody th { text-align: right; }
table.grid td { padding: 4px 7px; white-space: pre; text-align: center; cursor: pointer; border-radius: 3px; min-width: 28px; }
table.grid td.sel { outline: 2px solid #e4572e; outline-offset: 0; }
table.grid td .m { font-weight: bold; }
#details { min-width: 300px; max-width: 380px; font-size: 13px; border: 1px solid #ccc; border-radius: 6px; padding: 8px 10px; background: #fafafa; }
#details h2 { font-size: 14px; margin: 0 0 6px; }
#details table { border-collapse: collapse; width: 100%; font-family: ui-monospace, "DejaVu Sans Mono", Menlo, monospace; }
#details td { padding: 1px 4px; white-space: pre; }
#details td.p { width: 45%; }
#details .pb { display: inline-block; height: 10px; background: #31688e; vertical-align: middle; margin-right: 4px; }
#details .final { background: #fff3c4; }
#details .stats { margin-top: 6px; color: #333; line-height: 1.5; }
.hint { color: #666; font-size: 12px; margin-top: 8px; }
)CSS";

// Plain ES5-style JavaScript: no modules, no network. Reads the JSON block, recolours on
// metric change, fills #details on hover/click. Ends by setting body's data-ready.
const char* kHeatmapScript = R"JS(
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("lens-data").textContent);
  var lens = data.lens, S = lens.hidden_states.length, T = lens.input_ids.length;
  var grid = document.getElementById("grid");
  var select = document.getElementById("metric");
  var details = document.getElementById("details");
  var pinned = null;

  function cell(i, t) { return grid.querySelector('td[data-i="' + i + '"][data-t="' + t + '"]'); }

  function recolour(name) {
    var m = data.metrics[name];
    for (var i = 0; i < S; i++) for (var t = 0; t < T; t++) {
      var td = cell(i, t);
      td.style.background = m.colors[i][t];
      td.style.color = m.text[i][t];
    }
    document.getElementById("legend-dark").textContent = m.dark;
    document.getElementById("legend-bright").textContent = m.bright;
    document.getElementById("legend-what").textContent = m.description;
  }

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }

  function show(i, t) {
    var h = lens.hidden_states[i], top = h.top_k[t], fin = lens.final_top1[t];
    details.textContent = "";
    var next = t + 1 < T ? data.display.tokens[t + 1] : "(end of input)";
    details.appendChild(el("h2", data.display.labels[i] + " \u00b7 position " + t + " (" + data.display.tokens[t] +
                                 ") \u2192 next input: " + next));
    var table = el("table");
    for (var r = 0; r < top.ids.length; r++) {
      var tr = el("tr", undefined, top.ids[r] === fin ? "final" : "");
      tr.appendChild(el("td", String(r)));
      tr.appendChild(el("td", data.display.topk[i][t][r]));
      var p = el("td", undefined, "p");
      var bar = el("span", undefined, "pb");
      bar.style.width = Math.max(1, Math.round(120 * top.probs[r])) + "px";
      p.appendChild(bar);
      p.appendChild(document.createTextNode(top.probs[r].toPrecision(3)));
      tr.appendChild(p);
      tr.appendChild(el("td", top.logits[r].toFixed(2)));
      table.appendChild(tr);
    }
    details.appendChild(table);
    var stats = el("div", undefined, "stats");
    stats.appendChild(el("div", "final top-1: " + data.display.final_top1[t] + " (highlighted)"));
    stats.appendChild(el("div", "p(final top-1) = " + h.final_top1_prob[t].toPrecision(3) +
                                "   rank = " + h.final_top1_rank[t]));
    stats.appendChild(el("div", "entropy = " + h.entropy[t].toFixed(3) + " nats   KL(final\u2016here) = " +
                                h.kl_to_final[t].toFixed(3) + " nats"));
    stats.appendChild(el("div", "\u2016h\u2016 = " + h.norm[t].toFixed(2) +
                                (h.next_token_match[t] ? "   \u2713 top-1 = next input token" : "")));
    details.appendChild(stats);
    var old = grid.querySelector("td.sel");
    if (old) old.classList.remove("sel");
    cell(i, t).classList.add("sel");
  }

  grid.addEventListener("mouseover", function (e) {
    var td = e.target.closest("td");
    if (td && pinned === null) show(+td.dataset.i, +td.dataset.t);
  });
  grid.addEventListener("click", function (e) {
    var td = e.target.closest("td");
    if (!td) return;
    var key = td.dataset.i + "," + td.dataset.t;
    pinned = pinned === key ? null : key;
    show(+td.dataset.i, +td.dataset.t);
  });
  select.addEventListener("change", function () { recolour(select.value); });

  recolour(select.value);
  show(S - 1, T - 1);  // the model's own prediction for the next token
  document.body.setAttribute("data-ready", "1");
})();
)JS";

}  // namespace

std::string script_safe(const std::string& json_text) {
    std::string out;
    out.reserve(json_text.size());
    for (char c : json_text) {
        if (c == '<') out += "\\u003c";
        else if (c == '>') out += "\\u003e";
        else if (c == '&') out += "\\u0026";
        else out += c;
    }
    return out;
}

std::string shorten_utf8(const std::string& s, std::size_t max_bytes) {
    if (s.size() <= max_bytes) return s;
    std::size_t n = max_bytes;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;  // not inside a character
    return s.substr(0, n) + "\xE2\x80\xA6";
}

std::string html_escape(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string lens_heatmap_html(const LensResult& lens, const Tokenizer& tok, const HeatmapPage& page) {
    const std::size_t S = lens.num_states, T = lens.num_positions();
    auto shown = [&](int id) { return display_token(tok.token_string(id)); };

    // Everything the script needs, precomputed: lens numbers, display strings, colours.
    json data;
    data["lens"] = lens_json(lens, tok);
    json display;
    display["labels"] = json::array();
    for (std::size_t i = 0; i < S; ++i) display["labels"].push_back(state_label(i, S));
    display["tokens"] = json::array();
    for (int id : lens.ids) display["tokens"].push_back(shown(id));
    display["final_top1"] = json::array();
    for (std::size_t t = 0; t < T; ++t) display["final_top1"].push_back(shown(lens.final_top1(t)));
    display["topk"] = json::array();
    for (std::size_t i = 0; i < S; ++i) {
        json row = json::array();
        for (std::size_t t = 0; t < T; ++t) {
            json ks = json::array();
            for (int id : lens.at(i, t).top.ids) ks.push_back(shown(id));
            row.push_back(std::move(ks));
        }
        display["topk"].push_back(std::move(row));
    }
    data["display"] = std::move(display);
    data["metrics"] = json::object();
    for (LensMetric m : all_lens_metrics()) {
        const MetricScale scale = metric_scale(m, lens, tok.vocab_size());
        json colors = json::array(), text = json::array();
        for (std::size_t i = 0; i < S; ++i) {
            json crow = json::array(), trow = json::array();
            for (std::size_t t = 0; t < T; ++t) {
                const Rgb bg = viridis(scale.shade(metric_value(lens.at(i, t), m)));
                crow.push_back(css_hex(bg));
                trow.push_back(is_dark(bg) ? "#ffffff" : "#000000");
            }
            colors.push_back(std::move(crow));
            text.push_back(std::move(trow));
        }
        data["metrics"][metric_name(m)] = {{"description", metric_description(m)},
                                          {"dark", scale.dark_label()},
                                          {"bright", scale.bright_label()},
                                          {"colors", std::move(colors)},
                                          {"text", std::move(text)}};
    }

    const MetricScale scale = metric_scale(page.metric, lens, tok.vocab_size());
    const std::string mode = ln_f_name(lens.ln_f);
    std::ostringstream h;
    h << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<title>Logit lens: " << html_escape(page.model_name) << " \xE2\x80\x94 " << html_escape(shorten_utf8(page.prompt, 80))
      << "</title>\n<style>" << kHeatmapStyle << "</style>\n</head>\n<body>\n"
      << "<h1>Logit lens \xC2\xB7 " << html_escape(page.model_name) << "</h1>\n"
      << "<p class=\"meta\">prompt <code title=\"" << html_escape(page.prompt) << "\">"
      << html_escape(shorten_utf8(page.prompt, 160)) << "</code> \xC2\xB7 " << T << " tokens"
      << (lens.prepend_bos ? " (&lt;|endoftext|&gt; prepended)" : "") << " \xC2\xB7 ln_f: <code>" << mode
      << "</code> (" << (lens.ln_f == LnF::None ? "lm_head on the raw hidden states, as the notebook"
                                                : "ln_f on every intermediate state, as the model does before its head")
      << ") \xC2\xB7 cell = top-1 token, \xE2\x9C\x93 = equals the next input token</p>\n"
      << "<div class=\"controls\"><label>colour by <select id=\"metric\">";
    for (LensMetric m : all_lens_metrics())
        h << "<option value=\"" << metric_name(m) << "\"" << (m == page.metric ? " selected" : "") << ">"
          << metric_name(m) << "</option>";
    h << "</select></label>\n<span class=\"legend\"><span id=\"legend-dark\">" << html_escape(scale.dark_label())
      << "</span><span class=\"bar\" style=\"background: " << viridis_css_gradient() << "\"></span><span id=\"legend-bright\">"
      << html_escape(scale.bright_label()) << "</span></span>\n<span id=\"legend-what\">"
      << html_escape(metric_description(page.metric)) << "</span></div>\n";

    h << "<div class=\"layout\">\n<div class=\"wrap\">\n<table class=\"grid\" id=\"grid\">\n<thead>\n<tr><th>t</th>";
    for (std::size_t t = 0; t < T; ++t) h << "<th>" << t << "</th>";
    h << "</tr>\n<tr><th>input</th>";
    for (int id : lens.ids) h << "<th>" << html_escape(shown(id)) << "</th>";
    h << "</tr>\n</thead>\n<tbody>\n";
    for (std::size_t k = 0; k < S; ++k) {
        const std::size_t i = S - 1 - k;  // the last state at the top, as the logit-lens plots
        h << "<tr><th>" << html_escape(state_label(i, S)) << "</th>";
        for (std::size_t t = 0; t < T; ++t) {
            const Rgb bg = viridis(scale.shade(metric_value(lens.at(i, t), page.metric)));
            h << "<td data-i=\"" << i << "\" data-t=\"" << t << "\" style=\"background:" << css_hex(bg)
              << ";color:" << (is_dark(bg) ? "#ffffff" : "#000000") << "\">"
              << html_escape(shown(lens.at(i, t).top.ids[0]));
            if (lens.predicts_next(i, t)) h << "<span class=\"m\">\xE2\x9C\x93</span>";
            h << "</td>";
        }
        h << "</tr>\n";
    }
    h << "</tbody>\n</table>\n</div>\n<aside id=\"details\">Hover over a cell to see its top-" << lens.at(0, 0).top.ids.size()
      << ".</aside>\n</div>\n"
      << "<p class=\"hint\">Hover a cell for its top-k with probabilities; click to pin it. Rows: hidden states, "
         "the final one (the model's output) at the top. Made by ch06_logit_lens --html.</p>\n"
      << "<script id=\"lens-data\" type=\"application/json\">" << script_safe(data.dump()) << "</script>\n"
      << "<script>" << kHeatmapScript << "</script>\n</body>\n</html>\n";
    return h.str();
}

}  // namespace gpt2
