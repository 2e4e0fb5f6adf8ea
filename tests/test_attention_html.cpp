// test_attention_html.cpp — attention_html(): the self-contained attention page.
//
// A hand-made page (2 layers, 2 heads, 3 tokens chosen to break HTML: <b>, "&", </script>)
// must escape every token, keep its JSON block parseable with the probabilities in it,
// reach for no URL, and set data-ready; wrong shapes are a gpt2::Error. A page from the
// bundled teaching model is checked too. With ATTENTION_HTML_OUT=path.html set, the
// teaching-model page is written there and the hand-made one next to it as
// path-tricky.html, for tests/attention_html.cmake to open both in headless Chromium.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "display/attention_html.hpp"
#include "display/token_display.hpp"
#include "model/checkpoint.hpp"
#include "model/transformer.hpp"
#include "support/error.hpp"

using gpt2::AttentionPage;
using gpt2::attention_html;

namespace {

const std::string kDataOpen = "<script id=\"attention-data\" type=\"application/json\">";

// The page's JSON block, parsed.
nlohmann::json page_data(const std::string& html) {
    const auto start = html.find(kDataOpen);
    REQUIRE(start != std::string::npos);
    const auto from = start + kDataOpen.size();
    const auto end = html.find("</script>", from);
    REQUIRE(end != std::string::npos);
    return nlohmann::json::parse(html.substr(from, end - from));
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

// Where to write a page for the browser test: ATTENTION_HTML_OUT, or with a suffix
// before its extension ("page.html" -> "page-tricky.html"). Empty when not set.
std::string out_path(const std::string& suffix) {
    const char* env = std::getenv("ATTENTION_HTML_OUT");
    if (!env || !*env) return "";
    std::filesystem::path p(env);
    if (suffix.empty()) return p.string();
    return (p.parent_path() / (p.stem().string() + suffix + p.extension().string())).string();
}

void write_if_asked(const std::string& html, const std::string& suffix) {
    const std::string path = out_path(suffix);
    if (path.empty()) return;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    std::ofstream out(path, std::ios::binary);
    out << html;
    out.close();
    REQUIRE(out.good());
}

// Rows are softmax-like: row i has keys 0 .. i, the rest is zero.
AttentionPage hand_made_page() {
    AttentionPage page;
    page.model_name = "hand<made>";
    page.prompt = "<b> \"&\" </script>";
    page.tokens = {"<b>", "\xE2\x90\xA3\"&\"", "\xE2\x90\xA3</script>"};
    xt::xtensor<float, 3> l0 = {{{1.0f, 0, 0}, {0.588f, 0.412f, 0}, {0.2f, 0.3f, 0.5f}},
                                {{1.0f, 0, 0}, {0.9f, 0.1f, 0}, {0.7f, 0.2f, 0.1f}}};
    xt::xtensor<float, 3> l1 = {{{1.0f, 0, 0}, {0.25f, 0.75f, 0}, {0.125f, 0.125f, 0.75f}},
                                {{1.0f, 0, 0}, {0.5f, 0.5f, 0}, {0.96875f, 0.015625f, 0.015625f}}};
    page.attention = {l0, l1};
    page.layer = 1;
    page.head = 0;
    return page;
}

}  // namespace

TEST_CASE("attention_html: a hand-made page escapes its tokens and carries its numbers") {
    const AttentionPage page = hand_made_page();
    const std::string html = attention_html(page);
    write_if_asked(html, "-tricky");

    SECTION("every token and the prompt are escaped in the markup") {
        CHECK(html.find("&lt;b&gt;") != std::string::npos);
        CHECK(html.find("\xE2\x90\xA3&quot;&amp;&quot;") != std::string::npos);
        CHECK(html.find("\xE2\x90\xA3&lt;/script&gt;") != std::string::npos);
        CHECK(html.find("hand&lt;made&gt;") != std::string::npos);
        CHECK(html.find("<b>") == std::string::npos);
        CHECK(html.find("hand<made>") == std::string::npos);
        CHECK(html.find("\"&\"") == std::string::npos);
        // Only the two <script> elements close: no token closes one early.
        CHECK(count(html, "<script") == 2);
        CHECK(count(html, "</script>") == 2);
        CHECK(html.find("<title>Attention patterns \xE2\x80\x94 hand&lt;made&gt; \xE2\x80\x94 &lt;b&gt; &quot;&amp;&quot; "
                        "&lt;/script&gt;</title>") != std::string::npos);
    }
    SECTION("self-contained, and its script says when it is done") {
        CHECK(lower(html).find("http") == std::string::npos);
        CHECK(lower(html).find("@import") == std::string::npos);
        CHECK(lower(html).find("url(") == std::string::npos);
        CHECK(html.find("src=") == std::string::npos);
        CHECK(html.find("document.body.setAttribute(\"data-ready\", \"1\");\n})();") != std::string::npos);
        CHECK(html.rfind("</html>") != std::string::npos);
    }
    SECTION("the JSON block parses and holds the probabilities, keys 0 .. query per row") {
        const auto d = page_data(html);
        CHECK(d.at("tokens") == nlohmann::json(page.tokens));
        CHECK(d.at("prompt") == page.prompt);
        CHECK(d.at("layers") == 2);
        CHECK(d.at("heads") == 2);
        CHECK(d.at("layer") == 1);
        CHECK(d.at("head") == 0);
        const auto& a = d.at("attention");
        REQUIRE(a.size() == 2);
        for (std::size_t l = 0; l < 2; ++l) {
            REQUIRE(a[l].size() == 2);
            for (std::size_t h = 0; h < 2; ++h) {
                REQUIRE(a[l][h].size() == 3);
                for (std::size_t i = 0; i < 3; ++i) {
                    REQUIRE(a[l][h][i].size() == i + 1);
                    for (std::size_t j = 0; j <= i; ++j)
                        CHECK(a[l][h][i][j].get<double>() == Approx(page.attention[l](h, i, j)).margin(1e-5));
                }
            }
        }
        CHECK(a[0][0][1][1].get<double>() == Approx(0.412).margin(1e-6));
        // Share on position 0: mean over queries 1, 2 of p(i, 0).
        CHECK(d.at("share")[0][0].get<double>() == Approx((0.588 + 0.2) / 2).margin(1e-5));
        CHECK(d.at("share")[1][1].get<double>() == Approx((0.5 + 0.96875) / 2).margin(1e-5));
        CHECK(d.at("uniform_share").get<double>() == Approx((1.0 / 2 + 1.0 / 3) / 2).margin(1e-5));
        CHECK(d.at("palette").size() == 256);
    }
    SECTION("the first head is in the markup, for readers without JavaScript") {
        CHECK(html.find("title=\"query \xE2\x90\xA3&quot;&amp;&quot; (1) \xE2\x86\x92 key &lt;b&gt; (0): 0.250\"") !=
              std::string::npos);
        CHECK(html.find("<h2 id=\"view-title\">Layer 1 \xC2\xB7 head 0</h2>") != std::string::npos);
        CHECK(count(html, "<line ") == 6);          // one per (query, key <= query)
        CHECK(count(html, "<td class=\"x\"></td>") == 3);  // masked, above the diagonal
        CHECK(html.find("<td data-layer=\"1\" data-head=\"0\" class=\" on\"") != std::string::npos);
    }
}

TEST_CASE("attention_html: a long prompt is cut to 160 bytes in the title, whole on hover") {
    AttentionPage page = hand_made_page();
    page.prompt = std::string(150, 'a') + "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9" + std::string(50, 'b');
    const std::string html = attention_html(page);
    // 150 a's + 5 é's = 160 bytes; the cut never splits a character.
    CHECK(html.find("<title>Attention patterns \xE2\x80\x94 hand&lt;made&gt; \xE2\x80\x94 " + std::string(150, 'a') +
                    "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xE2\x80\xA6</title>") != std::string::npos);
    CHECK(html.find("title=\"" + page.prompt + "\"") != std::string::npos);
}

TEST_CASE("attention_html: one token has no share table but is still a page") {
    AttentionPage page;
    page.model_name = "m";
    page.prompt = "Hi";
    page.tokens = {"Hi"};
    page.attention = {xt::xtensor<float, 3>({3, 1, 1}, 1.0f)};
    page.head = 2;
    const std::string html = attention_html(page);
    CHECK(html.find("id=\"share\"") == std::string::npos);
    CHECK(html.find("Needs at least 2 tokens") != std::string::npos);
    const auto d = page_data(html);
    CHECK(d.find("share") == d.end());
    CHECK(d.at("attention")[0][2][0][0] == 1.0);
}

TEST_CASE("attention_html: shapes that disagree are a gpt2::Error") {
    using Catch::Matchers::Contains;
    AttentionPage page = hand_made_page();
    SECTION("no layers") {
        page.attention.clear();
        CHECK_THROWS_AS(attention_html(page), gpt2::Error);
    }
    SECTION("a token too many or too few") {
        page.tokens.push_back("x");
        CHECK_THROWS_WITH(attention_html(page), Contains("4 tokens") && Contains("3 positions"));
        page.tokens.resize(2);
        CHECK_THROWS_AS(attention_html(page), gpt2::Error);
    }
    SECTION("layers with different numbers of heads") {
        page.attention[1] = xt::zeros<float>({3, 3, 3});
        CHECK_THROWS_WITH(attention_html(page), Contains("layer 1 has shape [3, 3, 3], layer 0 [2, 3, 3]"));
    }
    SECTION("layers with different T") {
        page.attention[1] = xt::zeros<float>({2, 4, 4});
        CHECK_THROWS_AS(attention_html(page), gpt2::Error);
    }
    SECTION("not square") {
        page.attention = {xt::xtensor<float, 3>(xt::zeros<float>({2, 3, 4}))};
        CHECK_THROWS_AS(attention_html(page), gpt2::Error);
    }
    SECTION("no heads, no positions") {
        page.attention = {xt::xtensor<float, 3>(xt::zeros<float>({0, 3, 3}))};
        CHECK_THROWS_AS(attention_html(page), gpt2::Error);
        page.attention = {xt::xtensor<float, 3>(xt::zeros<float>({2, 0, 0}))};
        page.tokens.clear();
        CHECK_THROWS_AS(attention_html(page), gpt2::Error);
    }
    SECTION("more tokens than a page draws: refused, saying why; the limit itself is fine") {
        const std::size_t T = gpt2::kMaxAttentionPageTokens;
        page.attention = {xt::xtensor<float, 3>(xt::zeros<float>({std::size_t(1), T + 1, T + 1}))};
        page.tokens.assign(T + 1, "a");
        page.layer = page.head = 0;
        CHECK_THROWS_WITH(attention_html(page), Contains("at most 256 tokens, and this input has 257"));
        page.attention = {xt::xtensor<float, 3>(xt::zeros<float>({std::size_t(1), T, T}))};
        page.tokens.assign(T, "a");
        CHECK_NOTHROW(attention_html(page));
    }
    SECTION("the first layer or head to show is out of range") {
        page.layer = 2;
        CHECK_THROWS_WITH(attention_html(page), Contains("out of range"));
        page.layer = 0;
        page.head = 2;
        CHECK_THROWS_AS(attention_html(page), gpt2::Error);
    }
}

TEST_CASE("attention_html: the teaching model's attention on a real prompt") {
    const auto ck = gpt2::Checkpoint::open("teaching");
    const std::string prompt = "This weekend I plan to";
    const std::vector<int> ids = ck.encode_prompt(prompt);
    std::vector<xt::xtensor<float, 3>> attention;
    gpt2::hidden_states(ck.model, ids, &attention);

    AttentionPage page;
    page.model_name = "teaching";
    page.prompt = prompt;
    for (int id : ids) page.tokens.push_back(gpt2::display_token(ck.tokenizer.token_string(id)));
    page.attention = attention;
    page.layer = attention.size() - 1;
    page.head = 0;
    const std::string html = attention_html(page);
    write_if_asked(html, "");

    CHECK(html.find("\xE2\x90\xA3weekend") != std::string::npos);
    CHECK(lower(html).find("http") == std::string::npos);
    const auto d = page_data(html);
    const auto& a = d.at("attention");
    REQUIRE(a.size() == attention.size());
    const std::size_t T = ids.size();
    for (std::size_t l = 0; l < a.size(); ++l)
        for (std::size_t h = 0; h < a[l].size(); ++h)
            for (std::size_t i = 0; i < T; ++i) {
                double sum = 0;
                for (const auto& v : a[l][h][i]) sum += v.get<double>();
                CHECK(sum == Approx(1.0).margin(1e-4));  // each row a distribution (5-decimal rounding)
            }
}
