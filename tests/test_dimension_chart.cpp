// test_dimension_chart.cpp — the per-dimension picture of position 0: dimension_bars()
// (terminal, common/display/dimension_chart.hpp) and dimension_html() (common/display/dimension_html.hpp).
//
// A hand-made chart (3 states × 4 dimensions, with a tie, a zero median and a 0 / 0) is
// drawn to the letter, with and without colour and at narrow widths; the page must carry
// the numbers, escape the title and model, reach for no URL and set data-ready; bad charts
// are one-line gpt2::Errors. Then the teaching model on "This weekend I plan to": position
// 0 against the median over t >= 1 of |h[t, d]|, computed here in a few lines, puts
// dimension 44 first at state 2. With DIMENSION_HTML_OUT=path.html set, the teaching page is
// written there (and its terminal bars at state 2 as path-bars.txt), the hand-made page as
// path-tricky.html, for tests/dimension_html.cmake to open in headless Chromium.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "display/dimension_chart.hpp"
#include "display/dimension_html.hpp"
#include "lens/logit_lens.hpp"
#include "model/checkpoint.hpp"
#include "model/transformer.hpp"
#include "support/display_width.hpp"
#include "support/error.hpp"

using gpt2::DimensionChart;
using gpt2::dimension_bars;
using gpt2::dimension_html;
using gpt2::GridStyle;

namespace {

// States 0 … 2, dimensions 0 … 3. State 1: dimension 1 far above its median; dimensions 2
// and 3 tie at position 0 (the smaller first); dimension 3's median is 0 (ratio ∞).
DimensionChart hand_made() {
    DimensionChart c;
    c.model = "hand<made>";
    c.title = "four dimensions";
    c.state_labels = {"h0 embed", "h1", "h2 final"};
    c.pos0 = {{1, 2, 0.5, 0}, {0.2, 50, 3, 3}, {0.04, 0.3, 0.3, 1}};
    c.median_other = {{1, 1, 0.5, 0}, {0.1, 0.5, 3, 0}, {0.05, 0.2, 0.6, 1}};
    return c;
}

GridStyle plain(std::size_t width) {
    GridStyle s;
    s.width = width;
    return s;
}

std::string strip_escapes(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\x1b') {
            while (i < s.size() && s[i] != 'm') ++i;
            continue;
        }
        out += s[i];
    }
    return out;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t from = 0;
    for (auto at = text.find('\n'); at != std::string::npos; at = text.find('\n', from = at + 1))
        lines.push_back(text.substr(from, at - from));
    return lines;
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0, at = 0;
    while ((at = text.find(what, at)) != std::string::npos) ++n, at += what.size();
    return n;
}

// The page's JSON block, parsed: what follows its opening tag up to the next </script>.
nlohmann::json page_data(const std::string& html) {
    const std::string open = "<script id=\"dimension-data\" type=\"application/json\">";
    const auto at = html.find(open);
    REQUIRE(at != std::string::npos);
    const std::string rest = html.substr(at + open.size());
    return nlohmann::json::parse(rest.substr(0, rest.find("</script>")));
}

// No network (no URL, no import, no external file) and a script that ends by saying so.
void check_self_contained(const std::string& html) {
    std::string low = html;
    for (char& ch : low) ch = char(std::tolower(static_cast<unsigned char>(ch)));
    for (const char* reach : {"http", "@import", "url(", "src="}) {
        INFO(reach);
        CHECK(low.find(reach) == std::string::npos);
    }
    CHECK(html.find("document.body.setAttribute(\"data-ready\", \"1\");\n})();") != std::string::npos);
    CHECK(html.size() - html.rfind("</html>") == 8);
}

// With DIMENSION_HTML_OUT=dir/page.html: text goes to dir/page<suffix><extension> (the
// extension DIMENSION_HTML_OUT's own unless given). Without it, nowhere.
void write_if_asked(const std::string& text, const std::string& suffix, const std::string& extension = "") {
    const char* env = std::getenv("DIMENSION_HTML_OUT");
    if (!env || !*env) return;
    const std::filesystem::path page(env);
    std::filesystem::path path = page;
    path.replace_filename(page.stem().string() + suffix + (extension.empty() ? page.extension().string() : extension));
    if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
    REQUIRE(std::filesystem::file_size(path) == text.size());
}

}  // namespace

TEST_CASE("dimension_bars: a hand-made state, to the letter") {
    const DimensionChart c = hand_made();
    // State 1 on the decades 0.1 … 100: 50 fills 0.90 of 33 columns (29 6/8), 3 fills 0.49
    // (16 2/8), 0.5 fills 0.23 (7 6/8); dimension 3's median is 0: no bar, ratio ∞.
    const std::string expected =
        "h1 \xC2\xB7 hand<made> \xC2\xB7 four dimensions\n"
        " dim         |activation|, log scale            value  ratio\n"
        "   1  pos 0  \u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588"
        "\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u258A      50.0   100\u00D7\n"
        "      others \u2588\u2588\u2588\u2588\u2588\u2588\u2588\u258A                           0.500\n"
        "   2  pos 0  \u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588"
        "\u258E                   3.00  1.00\u00D7\n"
        "      others \u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588"
        "\u258E                   3.00\n"
        "   3  pos 0  \u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588"
        "\u258E                   3.00      \u221E\n"
        "      others                                        0\n"
        "             \u251C\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u253C\u2500\u2500\u2500\u2500\u2500\u2500"
        "\u2500\u2500\u2500\u2500\u253C\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2524\n"
        "             0.1       1          10         100\n";
    CHECK(dimension_bars(c, 1, 3, plain(60)) == expected);

    SECTION("colour wraps each bar and changes nothing else") {
        for (bool truecolor : {false, true}) {
            GridStyle style = plain(60);
            style.color = true;
            style.truecolor = truecolor;
            const std::string text = dimension_bars(c, 1, 3, style);
            CHECK(strip_escapes(text) == expected);
            CHECK(count(text, "\x1b[0m") == 5);  // five bars; the zero median has none
            CHECK(count(text, truecolor ? "\x1b[38;2;" : "\x1b[38;5;") == 5);
        }
    }
    SECTION("the largest position 0 first; a tie goes to the smaller dimension; 0 / 0 is a dash") {
        const auto lines = lines_of(dimension_bars(c, 0, 4, plain(60)));
        REQUIRE(lines.size() == 2 + 8 + 2);
        CHECK(lines[2].rfind("   1  pos 0 ", 0) == 0);
        CHECK(lines[4].rfind("   0  pos 0 ", 0) == 0);
        CHECK(lines[6].rfind("   2  pos 0 ", 0) == 0);
        CHECK(lines[8] == "   3  pos 0" + std::string(41, ' ') + "0      \u2014");
        CHECK(lines[9] == "      others                                        0");
        const auto two = lines_of(dimension_bars(c, 2, 3, plain(60)));  // 1, then 0.3 and 0.3: dimension 1, then 2
        CHECK(two[2].rfind("   3  pos 0 ", 0) == 0);
        CHECK(two[4].rfind("   1  pos 0 ", 0) == 0);
        CHECK(two[6].rfind("   2  pos 0 ", 0) == 0);
    }
    SECTION("more rows than dimensions shows them all") {
        CHECK(lines_of(dimension_bars(c, 1, 99, plain(60))).size() == 2 + 8 + 2);
    }
}

TEST_CASE("dimension_bars: every line fits the width, down to one column") {
    const DimensionChart c = hand_made();
    for (std::size_t width = 1; width <= 130; ++width)
        for (bool colour : {false, true}) {
            GridStyle style = plain(width);
            style.color = colour;
            for (std::size_t s = 0; s < 3; ++s) {
                const std::string text = dimension_bars(c, s, 4, style);
                for (const auto& line : lines_of(text)) {
                    INFO("width " << width << ", colour " << colour << ", state " << s << ": [" << line << "]");
                    CHECK(gpt2::display_width(strip_escapes(line)) <= width);
                    CHECK((line.empty() || line.back() != ' '));
                }
                if (!colour) CHECK(text == strip_escapes(dimension_bars(c, s, 4, [&] {
                                            GridStyle coloured = style;
                                            coloured.color = true;
                                            return coloured;
                                        }())));
            }
        }
    // Narrow: no bars, no axis, but every number is there.
    const std::string narrow = dimension_bars(c, 1, 4, plain(30));
    CHECK(narrow.find("\u2588") == std::string::npos);
    CHECK(narrow.find("\u251C") == std::string::npos);
    CHECK(narrow.find("   1  pos 0   50.0   100\u00D7") != std::string::npos);
    // Wide: the bars stop at 80 columns.
    const auto wide = lines_of(dimension_bars(c, 1, 1, plain(300)));
    CHECK(gpt2::display_width(wide.back()) <= 1 + 3 + 2 + 6 + 1 + 80 + 2 + 5 + 2 + 5);
}

TEST_CASE("chart_number and chart_ratio: three significant digits") {
    using gpt2::chart_number;
    CHECK(chart_number(0) == "0");
    CHECK(chart_number(2513.4) == "2513");
    CHECK(chart_number(999.7) == "1000");
    CHECK(chart_number(312.4) == "312");
    CHECK(chart_number(31.24) == "31.2");
    CHECK(chart_number(9.996) == "10.0");
    CHECK(chart_number(0.03124) == "0.0312");
    CHECK(chart_number(0.000312) == "3.12e-04");
    CHECK(chart_number(2.5e7) == "2.50e+07");
    CHECK(gpt2::chart_ratio(3, 0) == "\u221E");
    CHECK(gpt2::chart_ratio(0, 0) == "\u2014");
    CHECK(gpt2::chart_ratio(1, 4) == "0.250\u00D7");
}

TEST_CASE("dimension_html: the state shown first can be chosen") {
    const DimensionChart c = hand_made();
    const std::string html = dimension_html(c, 2);
    CHECK(page_data(html).at("state") == 2);
    CHECK(html.find("<button data-state=\"2\" class=\"on\">h2 final</button>") != std::string::npos);
    CHECK(html.find("<tr><td>3</td><td>1.00</td><td>1.00</td><td>1.00\u00D7</td></tr>") != std::string::npos);
    CHECK_THROWS_WITH(dimension_html(c, 3), Catch::Matchers::Contains("state 3 is out of range"));
}

TEST_CASE("dimension charts: a bad chart is a one-line gpt2::Error") {
    using Catch::Matchers::Contains;
    DimensionChart c = hand_made();
    auto both = [](const DimensionChart& chart, const std::string& says) {
        for (int which = 0; which < 2; ++which) {
            try {
                if (which == 0) dimension_bars(chart, 0, 3, plain(60));
                else dimension_html(chart);
                FAIL("no error");
            } catch (const gpt2::Error& e) {
                const std::string what = e.what();
                CHECK_THAT(what, Contains(says));
                CHECK(what.find('\n') == std::string::npos);
            }
        }
    };
    SECTION("empty") { both(DimensionChart{}, "no hidden states"); }
    SECTION("no dimensions") {
        for (auto& r : c.pos0) r.clear();
        for (auto& r : c.median_other) r.clear();
        both(c, "no dimensions");
    }
    SECTION("ragged") {
        c.pos0[2].pop_back();
        both(c, "pos0 of state 2 has 3 dimensions, state 0 has 4");
        c = hand_made();
        c.median_other[1].push_back(1);
        both(c, "median_other of state 1 has 5 dimensions");
        c = hand_made();
        c.median_other.pop_back();
        both(c, "pos0 has 3 states, median_other 2");
    }
    SECTION("a label per state") {
        c.state_labels.pop_back();
        both(c, "2 state labels for 3 states");
    }
    SECTION("negative or not finite") {
        c.pos0[1][2] = -3;
        both(c, "pos0[1][2] is -3");
        c = hand_made();
        c.median_other[0][0] = std::nan("");
        both(c, "median_other[0][0]");
    }
    SECTION("state out of range, no rows") {
        CHECK_THROWS_WITH(dimension_bars(c, 3, 3, plain(60)), Contains("state 3 is out of range") && Contains("0 to 2"));
        CHECK_THROWS_WITH(dimension_bars(c, 0, 0, plain(60)), Contains("rows must be at least 1"));
    }
}

TEST_CASE("dimension_html: the hand-made page carries its numbers and escapes its texts") {
    DimensionChart c = hand_made();
    c.title = "<b>bold</b> & </script>";
    c.state_labels[0] = "h0 <b>";
    const std::string html = dimension_html(c);
    write_if_asked(html, "-tricky");

    SECTION("escaped: title, model, state labels") {
        CHECK(html.find("<title>Position 0 by dimension \xE2\x80\x94 hand&lt;made&gt; \xE2\x80\x94 "
                        "&lt;b&gt;bold&lt;/b&gt; &amp; &lt;/script&gt;</title>") != std::string::npos);
        // Each text escaped where it stands, and nowhere as typed; only the page's two
        // <script> elements open and close.
        for (const std::string escaped : {"<h1>Position 0, dimension by dimension \xC2\xB7 hand&lt;made&gt;</h1>",
                                          ">h0 &lt;b&gt;</button>", ">h0 &lt;b&gt;</text>"})
            CHECK(count(html, escaped) == 1);
        for (const std::string raw : {"<b>", "hand<made>", " & "}) CHECK(count(html, raw) == 0);
        CHECK(count(html, "<script") + count(html, "</script>") == 4);
    }
    SECTION("self-contained, and its script says when it is done") { check_self_contained(html); }
    SECTION("the JSON block holds every number, and opens where the top ratio is largest") {
        const auto d = page_data(html);
        CHECK(d.at("model") == c.model);
        CHECK(d.at("title") == c.title);
        CHECK(d.at("states") == nlohmann::json(c.state_labels));
        CHECK(d.at("dims") == 4);
        for (std::size_t s = 0; s < 3; ++s)
            for (std::size_t k = 0; k < 4; ++k) {
                CHECK(d.at("pos0")[s][k].get<double>() == Approx(c.pos0[s][k]).epsilon(1e-6));
                CHECK(d.at("median_other")[s][k].get<double>() == Approx(c.median_other[s][k]).epsilon(1e-6));
            }
        CHECK(d.at("log_lo") == -2);  // 0.04 … 50
        CHECK(d.at("log_hi") == 2);
        CHECK(d.at("state") == 1);    // state 1: 50 is 16.7 times its median pos0, 3
        const auto& heat = d.at("heat");
        REQUIRE(heat.size() == 3);
        CHECK(heat[0].at("name") == "ratio");
        CHECK(heat[0].at("bright") == "100\u00D7");        // the largest finite ratio
        CHECK(heat[0].at("shade")[1][1] == 255);
        CHECK(heat[0].at("shade")[1][3] == 255);            // ∞: the brightest
        CHECK(heat[0].at("shade")[0][3] == -1);             // 0 / 0: grey
        CHECK(heat[0].at("shade")[1][2] == 85);             // 1×: a third of the way from 0.1× to 100×
        CHECK(heat[1].at("name") == "pos0");
        CHECK(heat[1].at("shade")[2][3] == 128);            // 1 on the decades 0.01 … 100
        CHECK(heat[1].at("shade")[0][3] == 0);
        CHECK(heat[2].at("shade")[0][0] == 128);
        CHECK(d.at("palette").size() == 256);
    }
    SECTION("without JavaScript: state 1's bars, its table and the heatmap are in the markup") {
        CHECK(html.find("<button data-state=\"1\" class=\"on\">h1</button>") != std::string::npos);
        CHECK(html.find("<tr><td>1</td><td>50.0</td><td>0.500</td><td>100\u00D7</td></tr>") != std::string::npos);
        CHECK(html.find("<tr><td>3</td><td>3.00</td><td>0</td><td>\u221E</td></tr>") != std::string::npos);
        CHECK(count(html, "<rect class=\"p0\"") == 4);
        CHECK(count(html, "<rect class=\"md\"") == 4);
        CHECK(count(html, "fill=\"#cccccc\"") == 1);  // state 0's dimension 3 (0 / 0)
        CHECK(count(html, "<rect class=\"c\"") == 12);
    }
}

// position 0 against the median over t >= 1 of |h[t, d]|, per state and dimension.
DimensionChart chart_of(const std::vector<xt::xtensor<float, 2>>& states, const std::string& model,
                        const std::string& title) {
    DimensionChart c;
    c.model = model;
    c.title = title;
    for (std::size_t s = 0; s < states.size(); ++s) {
        const auto& h = states[s];  // [T, C]
        const std::size_t T = h.shape(0), C = h.shape(1);
        std::vector<double> p(C), m(C);
        for (std::size_t d = 0; d < C; ++d) {
            std::vector<double> rest;
            for (std::size_t t = 1; t < T; ++t) rest.push_back(std::fabs(double(h(t, d))));
            std::sort(rest.begin(), rest.end());
            const std::size_t n = rest.size();
            p[d] = std::fabs(double(h(0, d)));
            m[d] = n % 2 ? rest[n / 2] : (rest[n / 2 - 1] + rest[n / 2]) / 2;
        }
        c.state_labels.push_back(gpt2::state_label(s, states.size()));
        c.pos0.push_back(p);
        c.median_other.push_back(m);
    }
    return c;
}

TEST_CASE("dimension charts: the teaching model's position 0 on a real prompt") {
    const auto ck = gpt2::Checkpoint::open("teaching");
    const std::string prompt = "This weekend I plan to";
    const std::vector<int> ids = ck.encode_prompt(prompt);
    REQUIRE(ids.size() >= 3);
    const DimensionChart c = chart_of(gpt2::hidden_states(ck.model, ids), "teaching", "\"" + prompt + "\"");

    const std::string bars = dimension_bars(c, 2, 5, plain(100));
    write_if_asked(bars, "-bars", ".txt");
    const auto lines = lines_of(bars);
    REQUIRE(lines.size() == 2 + 10 + 2);
    CHECK(lines[0] == "h2 \xC2\xB7 teaching \xC2\xB7 \"This weekend I plan to\"");
    CHECK(lines[2].rfind("  44  pos 0  ", 0) == 0);  // the training log's massive dimension, first
    // First in every block output (states 1 … L-1), not in the embeddings or after ln_f.
    const std::size_t L = c.pos0.size() - 1;
    for (std::size_t s = 0; s <= L; ++s) {
        INFO("state " << s);
        CHECK((gpt2::dimensions_by_pos0(c, s)[0] == 44) == (s >= 1 && s < L));
    }
    // On these 5 tokens dimension 44 is large at every position: 38.4 at position 0 against
    // a median of 15.3 over the others at state 2 (2.51×), so the check is "more than twice".
    CHECK(c.pos0[2][44] > 2 * c.median_other[2][44]);

    const std::string html = dimension_html(c);
    write_if_asked(html, "");
    check_self_contained(html);
    const auto d = page_data(html);
    CHECK(d.at("dims") == ck.model.config().n_embd);
    CHECK(d.at("states").size() == std::size_t(ck.model.config().n_layer + 1));
    CHECK(d.at("pos0")[2][44].get<double>() == Approx(c.pos0[2][44]).epsilon(1e-6));
}
