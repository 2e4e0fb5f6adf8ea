// The logit lens of chapter 6 (common/lens/logit_lens.hpp and the files that print it).
//
// Against Hugging Face transformers' saved outputs for both bundled checkpoints:
//   * LnF::None gives the reference's `raw` top-k at every state; LnF::Intermediate its
//     `normed` top-k at intermediate states and `final_logits` at the last, whose
//     logsumexp equals final_logits_stats (the whole distribution, not only its top);
//   * the lens never reproduces `normed_last_double_ln` (ln_f applied twice).
// Then the metrics' own laws: probabilities sum to 1 over the vocabulary, KL ≥ 0 and 0 at
// the last state, ranks consistent with the top-k, entropy in [0, ln V], KL equal to a
// direct computation; chunked (bounded-memory) and unchunked runs agree; errors are one
// line. Finally the printers: JSON shape, CSV rows, HTML escaping, the terminal grid.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "display/ansi_grid.hpp"
#include "display/heatmap_html.hpp"
#include "display/logit_lens_export.hpp"
#include "lens/lens_metric.hpp"
#include "lens/logit_lens.hpp"
#include "model/checkpoint.hpp"
#include "model/lm_head.hpp"
#include "model/transformer.hpp"
#include "model_fixtures.hpp"
#include "reference_compare.hpp"
#include "support/atomic_file.hpp"
#include "support/error.hpp"

using namespace gpt2;
using gpt2::test::check_top_k;
using nlohmann::json;

namespace {

constexpr double kTol = 1e-4;

using Case = gpt2::test::BundledModel;
constexpr const auto& kCases = gpt2::test::kBundledModels;

const Checkpoint& checkpoint(const std::string& name) {
    static std::map<std::string, Checkpoint> cache;
    auto it = cache.find(name);
    if (it == cache.end()) it = cache.emplace(name, Checkpoint::open(name)).first;
    return it->second;
}

LensResult run(const std::string& model, const std::vector<int>& ids, LnF mode, bool bos = false,
               std::size_t max_bytes = std::size_t(192) << 20) {
    LensOptions o;
    o.ln_f = mode;
    o.prepend_bos = bos;
    o.bos_id = bos ? checkpoint(model).tokenizer.eos_id() : -1;
    o.max_logit_bytes = max_bytes;
    return logit_lens(checkpoint(model).model, ids, o);
}

std::string where(const Case& c, const json& p, std::size_t i, std::size_t t) {
    return std::string(c.checkpoint) + " \"" + p["prompt"].get<std::string>().substr(0, 30) + "\" state " +
           std::to_string(i) + " pos " + std::to_string(t);
}

}  // namespace

TEST_CASE("LnF::None is the notebook's raw lens: transformers' `raw` top-k at every state", "[lens][reference]") {
    for (const Case& c : kCases) {
        const json ref = gpt2::test::load_reference(c.checkpoint);
        for (const json& p : ref["prompts"]) {
            const auto ids = p["input_ids"].get<std::vector<int>>();
            const LensResult lens = run(c.model, ids, LnF::None);
            REQUIRE(lens.num_states == p["hidden_states"].size());
            double worst = 0;
            for (const json& hs : p["hidden_states"]) {
                const std::size_t i = hs["index"];
                for (std::size_t t = 0; t < ids.size(); ++t)
                    worst = std::max(worst, check_top_k(lens.at(i, t).top, hs["raw"][t], kTol, where(c, p, i, t)));
            }
            std::cout << c.checkpoint << " raw lens maxdiff " << worst << "\n";
        }
    }
}

TEST_CASE("LnF::Intermediate: `normed` top-k at intermediate states, `final_logits` at the last", "[lens][reference]") {
    for (const Case& c : kCases) {
        const json ref = gpt2::test::load_reference(c.checkpoint);
        for (const json& p : ref["prompts"]) {
            const auto ids = p["input_ids"].get<std::vector<int>>();
            const LensResult lens = run(c.model, ids, LnF::Intermediate);
            const std::size_t last = lens.last_state();
            for (const json& hs : p["hidden_states"]) {
                const std::size_t i = hs["index"];
                for (std::size_t t = 0; t < ids.size(); ++t) {
                    const LensCell& cell = lens.at(i, t);
                    if (i < last) {
                        check_top_k(cell.top, hs["normed"][t], kTol, where(c, p, i, t));
                        continue;
                    }
                    check_top_k(cell.top, p["final_logits"][t], kTol, where(c, p, i, t) + " final");
                    // The normaliser over all 50257 logits: the whole distribution matches.
                    CHECK(std::abs(cell.logsumexp - p["final_logits_stats"]["logsumexp"][t].get<double>()) < kTol);
                    // The classic bug — ln_f applied to the last state a second time — is not what we do.
                    const auto& bug = p["normed_last_double_ln"][t]["values"];
                    double gap = 0;
                    for (std::size_t r = 0; r < cell.top.values.size(); ++r)
                        gap = std::max(gap, std::abs(cell.top.values[r] - bug[r].get<double>()));
                    INFO(where(c, p, i, t) << ": distance to normed_last_double_ln " << gap);
                    CHECK(gap > 100 * kTol);
                }
            }
        }
    }
}

TEST_CASE("top-k probabilities are softmax over the whole vocabulary", "[lens]") {
    const Checkpoint& ck = checkpoint("tiny");
    const auto ids = ck.encode_prompt("This weekend I plan to");
    for (LnF mode : {LnF::None, LnF::Intermediate}) {
        const LensResult lens = run("tiny", ids, mode);
        const auto states = hidden_states(ck.model, ids);
        for (std::size_t i = 0; i < lens.num_states; ++i) {
            const auto logits = lm_head_logits(ck.model, lens_input(ck.model, states, i, mode));  // [T, V]
            for (std::size_t t = 0; t < ids.size(); ++t) {
                const LensCell& cell = lens.at(i, t);
                double sum = 0, top_sum = 0;
                for (std::size_t v = 0; v < logits.shape(1); ++v) sum += std::exp(double(logits(t, v)) - cell.logsumexp);
                CHECK(std::abs(sum - 1.0) < 1e-5);
                for (std::size_t r = 0; r < cell.top.ids.size(); ++r) {
                    CHECK(cell.probs[r] == Approx(std::exp(double(cell.top.values[r]) - cell.logsumexp)).epsilon(1e-6));
                    if (r) CHECK(cell.probs[r] <= cell.probs[r - 1]);
                    top_sum += cell.probs[r];
                }
                CHECK(top_sum <= 1.0 + 1e-6);
            }
        }
    }
}

TEST_CASE("metrics: KL >= 0 and 0 at the last state, ranks agree with the top-k, entropy in [0, ln V]", "[lens]") {
    for (const Case& c : kCases) {
        const json ref = gpt2::test::load_reference(c.checkpoint);
        const double lnV = std::log(double(checkpoint(c.model).tokenizer.vocab_size()));
        for (const json& p : ref["prompts"])
            for (LnF mode : {LnF::None, LnF::Intermediate})
                for (bool bos : {false, true}) {
                    const LensResult lens = run(c.model, p["input_ids"].get<std::vector<int>>(), mode, bos);
                    for (std::size_t i = 0; i < lens.num_states; ++i)
                        for (std::size_t t = 0; t < lens.num_positions(); ++t) {
                            const LensCell& cell = lens.at(i, t);
                            INFO(where(c, p, i, t) << (mode == LnF::None ? " none" : " intermediate")
                                                   << (bos ? " bos" : ""));
                            CHECK(cell.kl_to_final >= 0);
                            CHECK(cell.entropy >= 0);
                            CHECK(cell.entropy <= lnV + 1e-9);
                            CHECK(cell.final_top1_prob > 0);
                            CHECK(cell.final_top1_prob <= 1);
                            const std::size_t r = cell.final_top1_rank;
                            if (r < cell.top.ids.size()) {
                                CHECK(cell.top.ids[r] == lens.final_top1(t));
                                CHECK(cell.final_top1_prob == Approx(cell.probs[r]).epsilon(1e-5));
                            } else {
                                for (int id : cell.top.ids) CHECK(id != lens.final_top1(t));
                            }
                            if (i == lens.last_state()) {
                                CHECK(cell.kl_to_final == 0.0);
                                CHECK(r == 0);
                            }
                            CHECK(cell.norm > 0);
                        }
                }
    }
}

TEST_CASE("KL and entropy equal a direct double-precision computation", "[lens]") {
    const Checkpoint& ck = checkpoint("tiny");
    const auto ids = ck.encode_prompt("Once upon a time, there was a little robot");
    const LensResult lens = run("tiny", ids, LnF::Intermediate);
    const auto states = hidden_states(ck.model, ids);
    const auto final_logits = lm_head_logits(ck.model, states.back());
    const std::size_t V = final_logits.shape(1);
    for (std::size_t i = 0; i < lens.num_states; ++i) {
        const auto logits = lm_head_logits(ck.model, lens_input(ck.model, states, i, LnF::Intermediate));
        for (std::size_t t = 0; t < ids.size(); ++t) {
            auto log_softmax = [&](const xt::xtensor<float, 2>& l) {
                double m = -1e300, s = 0;
                for (std::size_t v = 0; v < V; ++v) m = std::max(m, double(l(t, v)));
                for (std::size_t v = 0; v < V; ++v) s += std::exp(double(l(t, v)) - m);
                std::vector<double> out(V);
                for (std::size_t v = 0; v < V; ++v) out[v] = double(l(t, v)) - m - std::log(s);
                return out;
            };
            const auto lq = log_softmax(logits), lp = log_softmax(final_logits);
            double kl = 0, h = 0;
            for (std::size_t v = 0; v < V; ++v) {
                kl += std::exp(lp[v]) * (lp[v] - lq[v]);
                h -= std::exp(lq[v]) * lq[v];
            }
            INFO("state " << i << " pos " << t);
            CHECK(lens.at(i, t).kl_to_final == Approx(std::max(0.0, kl)).margin(1e-6));
            CHECK(lens.at(i, t).entropy == Approx(h).margin(1e-6));
        }
    }
}

TEST_CASE("bounded memory: one position per chunk gives the same lens", "[lens]") {
    const Checkpoint& ck = checkpoint("tiny");
    const auto ids = ck.encode_prompt("Numbers like 3.14159 and 1,000,000 aren't words");
    const LensResult whole = run("tiny", ids, LnF::Intermediate);
    const LensResult chunked = run("tiny", ids, LnF::Intermediate, false, /*max_logit_bytes=*/1);
    REQUIRE(whole.cells.size() == chunked.cells.size());
    for (std::size_t n = 0; n < whole.cells.size(); ++n) {
        const LensCell &a = whole.cells[n], &b = chunked.cells[n];
        CHECK(a.top.ids == b.top.ids);
        CHECK(a.final_top1_rank == b.final_top1_rank);
        CHECK(a.logsumexp == Approx(b.logsumexp).margin(1e-5));
        CHECK(a.kl_to_final == Approx(b.kl_to_final).margin(1e-5));
        CHECK(a.entropy == Approx(b.entropy).margin(1e-5));
    }
}

TEST_CASE("prepend_bos puts <|endoftext|> at position 0, the prompt after it", "[lens]") {
    const Checkpoint& ck = checkpoint("tiny");
    const auto ids = ck.encode_prompt("This weekend I plan to");
    const LensResult lens = run("tiny", ids, LnF::Intermediate, /*bos=*/true);
    REQUIRE(lens.num_positions() == ids.size() + 1);
    CHECK(lens.ids[0] == 50256);
    CHECK(std::vector<int>(lens.ids.begin() + 1, lens.ids.end()) == ids);
    CHECK(lens.prepend_bos);
    // With BOS, " This" sits at position 1: its state is not the one without BOS.
    const LensResult plain = run("tiny", ids, LnF::Intermediate);
    CHECK(lens.at(0, 1).norm != Approx(plain.at(0, 0).norm));
}

TEST_CASE("bad input is a one-line gpt2::Error", "[lens]") {
    const Checkpoint& ck = checkpoint("tiny");
    const std::size_t n = std::size_t(ck.model.config().n_positions);
    const std::vector<int> full(n, 262);  // exactly n_positions tokens: fine without BOS
    CHECK(run("tiny", full, LnF::None).num_positions() == n);
    CHECK(fixtures::error_message([&] { run("tiny", full, LnF::None, /*bos=*/true); }).find("<|endoftext|>") !=
          std::string::npos);
    CHECK(!fixtures::error_message([&] { run("tiny", {}, LnF::None); }).empty());
    LensOptions o;
    o.k = 0;
    CHECK(fixtures::error_message([&] { logit_lens(ck.model, {262}, o); }).find("top-k") != std::string::npos);
    o.k = ck.tokenizer.vocab_size() + 1;
    CHECK(fixtures::error_message([&] { logit_lens(ck.model, {262}, o); }).find("top-k") != std::string::npos);
    CHECK(fixtures::error_message([] { parse_metric("probability"); }).find("prob, rank, kl, entropy, norm") !=
          std::string::npos);
}

TEST_CASE("JSON and CSV carry every state and position", "[lens][export]") {
    const Checkpoint& ck = checkpoint("tiny");
    const auto ids = ck.encode_prompt("This weekend I plan to");
    const LensResult lens = run("tiny", ids, LnF::None, /*bos=*/true);
    const auto j = lens_json(lens, ck.tokenizer);
    CHECK(j["ln_f"] == "none");
    CHECK(j["prepend_bos"] == true);
    CHECK(j["input_ids"].size() == 6);
    CHECK(j["tokens"][0] == "<|endoftext|>");
    CHECK(j["tokens"][1] == " This");
    REQUIRE(j["hidden_states"].size() == 3);
    for (std::size_t i = 0; i < 3; ++i) {
        const auto& hs = j["hidden_states"][i];
        CHECK(hs["index"] == i);
        for (const char* key : {"top_k", "final_top1_prob", "final_top1_rank", "entropy", "kl_to_final"})
            CHECK(hs[key].size() == 6);
        CHECK(hs["top_k"][0]["ids"].size() == 10);
        CHECK(hs["top_k"][0]["logits"].size() == 10);
        CHECK(hs["top_k"][0]["probs"].size() == 10);
        CHECK(hs["top_k"][0]["tokens"].size() == 10);
    }
    CHECK(j["hidden_states"][2]["kl_to_final"][3] == 0.0);
    CHECK(j["hidden_states"][2]["final_top1_rank"][3] == 0);

    const std::string csv = lens_csv(lens, ck.tokenizer);
    CHECK(std::count(csv.begin(), csv.end(), '\n') == 1 + 3 * 6);
    CHECK(csv.rfind("state,position,input_id,input_token,top1_id", 0) == 0);
    CHECK(csv.find("\n0,0,50256,\"<|endoftext|>\",") != std::string::npos);
}

TEST_CASE("the HTML heatmap escapes token text and is written whole or not at all", "[lens][html]") {
    const Checkpoint& ck = checkpoint("tiny");
    const std::string prompt = "a <b>bold</b> & \"quoted\" </script> prompt";
    const LensResult lens = run("tiny", ck.encode_prompt(prompt), LnF::Intermediate);
    const std::string html = lens_heatmap_html(lens, ck.tokenizer, {"tiny-gpt2-f32", prompt, LensMetric::Kl});
    CHECK(html.find("<b>") == std::string::npos);
    CHECK(html.find("&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;") != std::string::npos);
    // Exactly two </script>: the end of the JSON block and of the code. A token "</" inside
    // the JSON is written \u003c/.
    std::size_t n = 0;
    for (std::size_t at = html.find("</script>"); at != std::string::npos; at = html.find("</script>", at + 1)) ++n;
    CHECK(n == 2);
    CHECK(html.find("<option value=\"kl\" selected>") != std::string::npos);
    CHECK(html.find("http") == std::string::npos);  // nothing fetched from the network
    CHECK(html_escape("<&>\"'") == "&lt;&amp;&gt;&quot;&#39;");

    fixtures::TempDir dir;
    write_file_atomically(dir / "lens.html", html, "--html lens.html");
    CHECK(fixtures::read_bytes(dir / "lens.html") == html);
    const std::string msg = fixtures::error_message(
        [&] { write_file_atomically(dir / "no-such-dir" / "x.html", html, "--html no-such-dir/x.html"); });
    CHECK(msg.rfind("--html no-such-dir/x.html: cannot write", 0) == 0);
    CHECK(std::distance(std::filesystem::directory_iterator(dir.path()), {}) == 1);  // no temporary left
}

TEST_CASE("the terminal grid wraps into panels and colours only when asked", "[lens][grid]") {
    AnsiGrid grid({"h1", "h0 embed"}, 4);
    grid.add_header("t", {"0", "1", "2", "3"});
    for (std::size_t r = 0; r < 2; ++r)
        for (std::size_t c = 0; c < 4; ++c) grid.set(r, c, "tok" + std::to_string(r) + std::to_string(c), viridis(0.5));
    GridStyle style;
    style.width = 100;
    CHECK(grid.render(style) ==
          "t         0       1       2       3\n"
          "h1        tok00   tok01   tok02   tok03\n"
          "h0 embed  tok10   tok11   tok12   tok13\n");
    style.width = 24;  // label 8, then 3 + 5 per column: two columns fit, not three
    CHECK(grid.render(style) ==
          "t         0       1\n"
          "h1        tok00   tok01\n"
          "h0 embed  tok10   tok11\n"
          "\n"
          "t         2       3\n"
          "h1        tok02   tok03\n"
          "h0 embed  tok12   tok13\n");
    style.color = true;
    const std::string coloured = grid.render(style);
    CHECK(coloured.find("\x1b[48;5;") != std::string::npos);
    CHECK(coloured.find("\x1b[0m") != std::string::npos);
    style.truecolor = true;
    CHECK(grid.render(style).find("\x1b[48;2;") != std::string::npos);

    CHECK(truncate_display("␣supercalifragilistic", 8) == "␣superc…");
    CHECK(truncate_display("日本語の", 5) == "日本…");
    CHECK(truncate_display("short", 8) == "short");
    CHECK(fixtures::error_message([&] { grid.set(2, 0, "x"); }).find("out of range") != std::string::npos);
}

TEST_CASE("metric scales map to [0, 1] with the bright end where the final answer is", "[lens]") {
    const Checkpoint& ck = checkpoint("tiny");
    const LensResult lens = run("tiny", ck.encode_prompt("This weekend I plan to"), LnF::Intermediate);
    const std::size_t V = ck.tokenizer.vocab_size();
    for (LensMetric m : all_lens_metrics()) {
        const MetricScale s = metric_scale(m, lens, V);
        CHECK(parse_metric(metric_name(m)) == m);
        for (const LensCell& c : lens.cells) {
            const double shade = s.shade(metric_value(c, m));
            CHECK(shade >= 0);
            CHECK(shade <= 1);
        }
    }
    CHECK(metric_scale(LensMetric::Rank, lens, V).shade(0) == 1.0);
    CHECK(metric_scale(LensMetric::Kl, lens, V).shade(0) == 1.0);
    CHECK(metric_scale(LensMetric::Prob, lens, V).shade(0) == 0.0);
    CHECK(viridis(0).r == 68);
    CHECK(css_hex(viridis(1)) == "#fde725");
}
