// The forward pass against Hugging Face transformers' own outputs.
//
// For both bundled checkpoints (F32 with bare names; BF16 with "transformer." names and
// a stored lm_head) and every reference prompt we check, with tolerance 1e-4 absolute
// on logits: every hidden state's L2 norms and first 8 components, the raw lens
// (lm_head(h)), the normed lens (lm_head(ln_f(h)) for intermediate states), the final
// logits and their logsumexp/mean over all 50257 entries, the embedding-only head
// (cell 15), and a left-padded batch under both position schemes (non-pad positions).
#include <catch2/catch.hpp>

#include <cmath>
#include <iostream>

#include "lens/first_position_attention.hpp"
#include "lens/logit_lens_input.hpp"
#include "model/embeddings.hpp"
#include "model/lm_head.hpp"
#include "model/model.hpp"
#include "model/transformer.hpp"
#include "reference_compare.hpp"
#include "support/model_files.hpp"
#include "text/batch.hpp"

using namespace gpt2;
using gpt2::test::check_top_k;
using nlohmann::json;

namespace {

constexpr double kLogitTol = 1e-4;
constexpr std::size_t kK = 10;

using Case = gpt2::test::BundledModel;
constexpr const auto& kCases = gpt2::test::kBundledModels;

std::vector<HeadRow> head(const Model& m, const xt::xtensor<float, 2>& h, bool stats = false) {
    return lm_head_top_k(m, h, kK, stats);
}

// body(case, model, prompt) for every prompt of every reference checkpoint.
template <class Body>
void for_each_reference_prompt(Body&& body) {
    for (const Case& c : kCases) {
        const json ref = gpt2::test::load_reference(c.checkpoint);
        const Model model = Model::load(resolve_model(c.model));
        for (const json& p : ref["prompts"]) body(c, model, p);
    }
}

}  // namespace

TEST_CASE("hidden states match transformers", "[reference]") {
    for_each_reference_prompt([&](const Case& c, const Model& model, const json& p) {
        const auto ids = p["input_ids"].get<std::vector<int>>();
        const auto states = hidden_states(model, ids);
        REQUIRE(states.size() == p["hidden_states"].size());
        REQUIRE(states.size() == std::size_t(model.config().n_layer + 1));
        double worst_norm = 0, worst_head8 = 0;
        for (const json& hs : p["hidden_states"]) {
            const std::size_t i = hs["index"];
            for (std::size_t t = 0; t < ids.size(); ++t) {
                double norm = 0;
                for (std::size_t ch = 0; ch < states[i].shape(1); ++ch) norm += double(states[i](t, ch)) * states[i](t, ch);
                norm = std::sqrt(norm);
                const double ref_norm = hs["norm"][t];
                worst_norm = std::max(worst_norm, std::abs(norm - ref_norm) / std::max(1.0, ref_norm));
                for (std::size_t ch = 0; ch < 8; ++ch)
                    worst_head8 = std::max(worst_head8, std::abs(double(states[i](t, ch)) - double(hs["head8"][t][ch])));
            }
        }
        std::cout << c.checkpoint << " \"" << p["prompt"].get<std::string>().substr(0, 24)
                  << "\": hidden states maxdiff norm(rel) " << worst_norm << ", head8 " << worst_head8 << "\n";
        CHECK(worst_norm < 1e-5);
        CHECK(worst_head8 < 1e-4);
    });
}

TEST_CASE("the logit lens (raw and ln_f-normed) matches transformers at every layer", "[reference]") {
    for_each_reference_prompt([&](const Case& c, const Model& model, const json& p) {
        const auto ids = p["input_ids"].get<std::vector<int>>();
        const auto states = hidden_states(model, ids);
        // Every lens input of every state, stacked, goes through the head in one product
        // (one read of wte instead of one per state and lens).
        struct Lens {
            const json* expected;  // the reference's rows for this state and lens
            std::string at;
        };
        std::vector<Lens> lenses;
        std::vector<xt::xtensor<float, 2>> inputs;
        for (const json& hs : p["hidden_states"]) {
            const std::size_t i = hs["index"];
            const std::string at = std::string(c.checkpoint) + " \"" + p["prompt"].get<std::string>() +
                                   "\" state " + std::to_string(i);
            inputs.push_back(lens_input(model, states, i, LnF::None));
            lenses.push_back({&hs["raw"], at + " raw pos "});
            if (hs.contains("normed")) {
                inputs.push_back(lens_input(model, states, i, LnF::Intermediate));
                lenses.push_back({&hs["normed"], at + " normed pos "});
            }
        }
        const std::size_t T = ids.size(), C = model.config().n_embd;
        xt::xtensor<float, 2> stacked = xt::empty<float>({inputs.size() * T, C});
        for (std::size_t l = 0; l < inputs.size(); ++l) std::copy(inputs[l].begin(), inputs[l].end(), stacked.data() + l * T * C);
        const auto rows = head(model, stacked);
        double worst = 0;
        for (std::size_t l = 0; l < lenses.size(); ++l)
            for (std::size_t t = 0; t < T; ++t)
                worst = std::max(worst, check_top_k(rows[l * T + t].top, (*lenses[l].expected)[t], kLogitTol,
                                                    lenses[l].at + std::to_string(t)));
        std::cout << c.checkpoint << " \"" << p["prompt"].get<std::string>().substr(0, 24)
                  << "\": lens maxdiff " << worst << "\n";
    });
}

TEST_CASE("final logits match, over the whole vocabulary", "[reference]") {
    for_each_reference_prompt([&](const Case& c, const Model& model, const json& p) {
        const auto ids = p["input_ids"].get<std::vector<int>>();
        const auto states = hidden_states(model, ids);
        const auto last = head(model, states.back(), /*stats=*/true);
        const auto ln_intermediate_last = head(model, lens_input(model, states, states.size() - 1, LnF::Intermediate));
        for (std::size_t t = 0; t < ids.size(); ++t) {
            const std::string at = std::string(c.checkpoint) + " pos " + std::to_string(t);
            check_top_k(last[t].top, p["final_logits"][t], kLogitTol, at);
            CHECK(std::abs(last[t].logsumexp - p["final_logits_stats"]["logsumexp"][t].get<double>()) < kLogitTol);
            CHECK(std::abs(last[t].mean - p["final_logits_stats"]["mean"][t].get<double>()) < kLogitTol);
            // The lens in ln_f mode leaves the last state alone: it equals the final
            // logits, and is NOT the double-ln_f bug the reference records.
            CHECK(ln_intermediate_last[t].top.values == last[t].top.values);
            const auto& bug = p["normed_last_double_ln"][t]["values"];
            double max_gap = 0;
            for (std::size_t r = 0; r < kK; ++r)
                max_gap = std::max(max_gap, std::abs(ln_intermediate_last[t].top.values[r] - bug[r].get<double>()));
            CHECK(max_gap > 100 * kLogitTol);
        }
    });
}

TEST_CASE("embedding-only head (cell 15) matches", "[reference]") {
    for_each_reference_prompt([&](const Case& c, const Model& model, const json& p) {
        const auto ids = p["input_ids"].get<std::vector<int>>();
        const auto rows = head(model, token_embeddings(model, ids));
        for (std::size_t t = 0; t < ids.size(); ++t)
            check_top_k(rows[t].top, p["embedding_only"][t], kLogitTol, std::string(c.checkpoint) + " embedding_only");
    });
}

TEST_CASE("a left-padded batch matches under both position schemes", "[reference]") {
    for_each_reference_prompt([&](const Case& c, const Model& model, const json& p) {
        const json& b = p["batch"];
        std::vector<std::vector<int>> seqs;
        for (const json& row : b["input_ids"]) {
            std::vector<int> s;
            for (std::size_t t = 0; t < row.size(); ++t)
                if (b["attention_mask"][seqs.size()][t] == 1) s.push_back(row[t]);
            seqs.push_back(s);
        }
        const Batch batch = pad_batch(seqs, 50256, PadSide::Left);
        REQUIRE(batch.input_ids.shape(0) == b["input_ids"].size());
        for (const auto& [scheme, key] : {std::pair{PositionScheme::Default, "logits_default_positions"},
                                         std::pair{PositionScheme::FromMask, "logits_cumsum_positions"}}) {
            const auto positions = scheme == PositionScheme::Default ? position_ids_default(batch)
                                                                     : position_ids_from_mask(batch);
            const auto states = hidden_states(model, batch.input_ids, batch.attention_mask, positions);
            const auto& last = states.back();  // [B, T, C]
            const std::size_t T = last.shape(1), C = last.shape(2);
            // Every (row, position) the reference lists, through the head in one product:
            // one call reads wte once, where one call per position read it each time.
            std::vector<std::pair<std::size_t, const json*>> entries;
            for (std::size_t r = 0; r < b[key].size(); ++r)
                for (const json& entry : b[key][r]) entries.push_back({r, &entry});
            xt::xtensor<float, 2> h = xt::empty<float>({entries.size(), C});
            for (std::size_t e = 0; e < entries.size(); ++e) {
                const std::size_t r = entries[e].first, t = (*entries[e].second)["position"];
                std::copy(last.data() + (r * T + t) * C, last.data() + (r * T + t + 1) * C, h.data() + e * C);
            }
            const auto rows = head(model, h);
            for (std::size_t e = 0; e < entries.size(); ++e)
                check_top_k(rows[e].top, *entries[e].second, kLogitTol,
                            std::string(c.checkpoint) + " " + key + " row " + std::to_string(entries[e].first));
            // Padding rows must stay finite (masked scores use the lowest float, not -inf).
            for (float v : last) REQUIRE(std::isfinite(v));
        }
    });
}

TEST_CASE("attention probabilities: causal distributions, and capturing them changes nothing", "[reference]") {
    for_each_reference_prompt([&](const Case& c, const Model& model, const json& p) {
        const auto ids = p["input_ids"].get<std::vector<int>>();
        std::vector<xt::xtensor<float, 3>> probs;
        const auto with = hidden_states(model, ids, &probs);
        const auto without = hidden_states(model, ids);
        REQUIRE(probs.size() == std::size_t(model.config().n_layer));
        for (std::size_t i = 0; i < with.size(); ++i) CHECK(with[i] == without[i]);
        const std::size_t T = ids.size();
        double worst_sum = 0, worst_future = 0;
        for (const auto& layer : probs) {
            REQUIRE(layer.shape(0) == std::size_t(model.config().n_head));
            REQUIRE(layer.shape(1) == T);
            for (std::size_t h = 0; h < layer.shape(0); ++h)
                for (std::size_t i = 0; i < T; ++i) {
                    double sum = 0;
                    for (std::size_t j = 0; j < T; ++j) {
                        if (j <= i) sum += layer(h, i, j);
                        else worst_future = std::max(worst_future, double(std::abs(layer(h, i, j))));
                    }
                    worst_sum = std::max(worst_sum, std::abs(sum - 1.0));
                }
        }
        INFO(c.checkpoint);
        CHECK(worst_sum < 1e-5);
        CHECK(worst_future == 0.0);
    });
}

TEST_CASE("attention to position 0 matches the reference, where it records it", "[reference]") {
    std::size_t compared = 0;
    for_each_reference_prompt([&](const Case& c, const Model& model, const json& p) {
        if (!p.contains("attention_to_first")) return;  // transformers' tiny-* files predate the field
        const auto ids = p["input_ids"].get<std::vector<int>>();
        const auto a = gpt2::first_position_attention(model, ids);
        const json& ref = p["attention_to_first"];
        REQUIRE(ref.size() == a.share.shape(0));
        double worst = 0;
        for (std::size_t l = 0; l < a.share.shape(0); ++l) {
            REQUIRE(ref[l].size() == a.share.shape(1));
            for (std::size_t h = 0; h < a.share.shape(1); ++h)
                worst = std::max(worst, std::abs(a.share(l, h) - ref[l][h].get<double>()));
        }
        std::cout << c.checkpoint << " \"" << p["prompt"].get<std::string>().substr(0, 24)
                  << "\": attention to position 0 maxdiff " << worst << "\n";
        CHECK(worst < 1e-5);
        ++compared;
    });
    CHECK(compared >= 3);  // the teaching model's prompts with 2+ tokens: never vacuously green
}
