// Attention probabilities against an independent reference, on every bundled model.
//
// data/reference/<checkpoint>.attention.json is written by
// tools/teaching_model/make_reference.py --attention: a plain PyTorch GPT-2 forward that
// shares no code with common/ (see data/reference/README.md). For every reference prompt,
// as is and with <|endoftext|> (50256) prepended, it holds every layer's and head's full
// T × T attention probabilities and sink_share[l][h] (mean over queries 1 .. T-1 of the
// weight on key 0). We check, with tolerance 1e-5 absolute:
//   * hidden_states(model, ids, &attention): every probability, above the diagonal included;
//   * first_position_attention(model, ids).share against sink_share;
// and that the comparison itself can fail (swapped heads, a transposed pattern), and that a
// missing reference file is a failure, never a silent pass. The worst difference per model
// is printed (run with -s).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "lens/first_position_attention.hpp"
#include "model/model.hpp"
#include "model/transformer.hpp"
#include "reference_compare.hpp"
#include "support/data_dir.hpp"
#include "support/model_files.hpp"

using namespace gpt2;
using nlohmann::json;

namespace {

constexpr double kTol = 1e-5;

using Case = gpt2::test::BundledModel;
constexpr const auto& kCases = gpt2::test::kBundledModels;

std::filesystem::path attention_reference_path(const std::string& checkpoint) {
    return data_dir() / "reference" / (checkpoint + ".attention.json");
}

// The parsed file, or nullopt with `error` saying why (missing, unreadable, not JSON).
std::optional<json> read_attention_reference(const std::filesystem::path& path, std::string& error) {
    std::ifstream in(path);
    if (!in.good()) {
        error = "missing attention reference " + path.string() +
                " (it is in the repository; regenerate it with /usr/bin/python3 "
                "tools/teaching_model/make_reference.py --attention MODEL_DIR "
                "data/reference/tiny-gpt2-f32.reference.json " + path.string() + ")";
        return std::nullopt;
    }
    try {
        return json::parse(in);
    } catch (const json::exception& e) {
        error = "cannot parse " + path.string() + ": " + e.what();
        return std::nullopt;
    }
}

// Fails the test (never skips) when the file is absent or broken.
json load_attention_reference(const std::string& checkpoint) {
    std::string error;
    auto ref = read_attention_reference(attention_reference_path(checkpoint), error);
    if (!ref) FAIL(error);
    REQUIRE(ref->contains("prompts"));
    REQUIRE(!(*ref)["prompts"].empty());
    return *ref;
}

// Where two sets of attention probabilities differ most.
struct AttentionDiff {
    bool same_shape = true;
    std::string shape_error;
    double worst = 0;
    std::size_t layer = 0, head = 0, query = 0, key = 0;

    std::string where() const {
        std::ostringstream s;
        if (!same_shape) return "shape mismatch: " + shape_error;
        s << "max |diff| " << worst << " at layer " << layer << " head " << head << " query " << query << " key " << key;
        return s.str();
    }
};

// Ours: per layer [H, T, T]. Reference: [L][H][T][T]. Every entry is compared, including
// the zeros above the diagonal.
AttentionDiff compare_attention(const std::vector<xt::xtensor<float, 3>>& ours, const json& ref) {
    AttentionDiff d;
    auto mismatch = [&](const std::string& what) {
        d.same_shape = false;
        d.shape_error = what;
        d.worst = std::numeric_limits<double>::infinity();
        return d;
    };
    if (ref.size() != ours.size())
        return mismatch("layers: ours " + std::to_string(ours.size()) + ", reference " + std::to_string(ref.size()));
    for (std::size_t l = 0; l < ours.size(); ++l) {
        const auto& a = ours[l];
        const std::size_t H = a.shape(0), T = a.shape(1);
        if (ref[l].size() != H) return mismatch("heads of layer " + std::to_string(l));
        for (std::size_t h = 0; h < H; ++h) {
            if (ref[l][h].size() != T) return mismatch("queries of layer " + std::to_string(l));
            for (std::size_t i = 0; i < T; ++i) {
                const json& row = ref[l][h][i];
                if (row.size() != a.shape(2)) return mismatch("keys of layer " + std::to_string(l));
                for (std::size_t j = 0; j < T; ++j) {
                    const double diff = std::abs(double(a(h, i, j)) - row[j].get<double>());
                    if (!(diff <= d.worst)) {  // also catches NaN
                        d.worst = diff;
                        d.layer = l, d.head = h, d.query = i, d.key = j;
                    }
                }
            }
        }
    }
    return d;
}

// Largest |share(l, h) - sink_share[l][h]|; infinity on a shape mismatch.
double compare_sink_share(const xt::xtensor<double, 2>& share, const json& ref) {
    if (ref.size() != share.shape(0)) return std::numeric_limits<double>::infinity();
    double worst = 0;
    for (std::size_t l = 0; l < share.shape(0); ++l) {
        if (ref[l].size() != share.shape(1)) return std::numeric_limits<double>::infinity();
        for (std::size_t h = 0; h < share.shape(1); ++h) {
            const double diff = std::abs(share(l, h) - ref[l][h].get<double>());
            if (!(diff <= worst)) worst = diff;
        }
    }
    return worst;
}

std::string describe(const Case& c, const json& p) {
    return std::string(c.checkpoint) + " \"" + p["prompt"].get<std::string>().substr(0, 24) + "\"" +
           (p["prepend_bos"].get<bool>() ? " (BOS prepended)" : "");
}

// The file's cases must be the ones we expect: never vacuously green.
void check_coverage(const Case& c, const json& ref, const Model& model) {
    INFO(c.checkpoint);
    CHECK(ref["oracle"]["checkpoint"].get<std::string>() == c.checkpoint);
    CHECK(ref["oracle"]["config"]["n_layer"].get<int>() == model.config().n_layer);
    CHECK(ref["oracle"]["config"]["n_head"].get<int>() == model.config().n_head);
    std::size_t with_bos = 0, without = 0;
    bool has_notebook_prompt = false;
    for (const json& p : ref["prompts"]) {
        const auto ids = p["input_ids"].get<std::vector<int>>();
        REQUIRE(!ids.empty());
        if (p["prepend_bos"].get<bool>()) {
            ++with_bos;
            CHECK(ids.front() == 50256);
        } else {
            ++without;
        }
        if (p["prompt"] == "This weekend I plan to") has_notebook_prompt = true;
    }
    CHECK(with_bos >= 4);
    CHECK(with_bos == without);
    CHECK(has_notebook_prompt);
}

}  // namespace

TEST_CASE("attention probabilities match the independent PyTorch reference on every bundled model", "[reference]") {
    for (const Case& c : kCases) {
        const json ref = load_attention_reference(c.checkpoint);
        const Model model = Model::load(resolve_model(c.model));
        check_coverage(c, ref, model);
        AttentionDiff model_worst;
        std::string model_worst_case;
        std::size_t probabilities = 0;
        for (const json& p : ref["prompts"]) {
            const auto ids = p["input_ids"].get<std::vector<int>>();
            std::vector<xt::xtensor<float, 3>> attention;
            hidden_states(model, ids, &attention);
            const AttentionDiff d = compare_attention(attention, p["attention"]);
            INFO(describe(c, p) << ": " << d.where());
            REQUIRE(d.same_shape);
            CHECK(d.worst <= kTol);
            for (const auto& a : attention) probabilities += a.size();
            if (!(d.worst <= model_worst.worst)) {
                model_worst = d;
                model_worst_case = describe(c, p);
            }
        }
        std::cout << c.checkpoint << ": attention probabilities vs make_reference.py --attention, "
                  << ref["prompts"].size() << " cases, " << probabilities << " probabilities: worst "
                  << model_worst.where() << " (" << model_worst_case << ")\n";
        CHECK(model_worst.worst <= kTol);
    }
}

TEST_CASE("first_position_attention matches the reference's sink_share on every bundled model", "[reference]") {
    for (const Case& c : kCases) {
        const json ref = load_attention_reference(c.checkpoint);
        const Model model = Model::load(resolve_model(c.model));
        double worst = 0;
        std::size_t compared = 0;
        for (const json& p : ref["prompts"]) {
            const auto ids = p["input_ids"].get<std::vector<int>>();
            INFO(describe(c, p));
            if (ids.size() < 2) {
                CHECK(!p.contains("sink_share"));  // undefined for one token
                continue;
            }
            REQUIRE(p.contains("sink_share"));
            const auto a = first_position_attention(model, ids);
            const double diff = compare_sink_share(a.share, p["sink_share"]);
            CHECK(diff <= kTol);
            worst = std::max(worst, diff);
            ++compared;
        }
        std::cout << c.checkpoint << ": first_position_attention vs sink_share, " << compared
                  << " cases: worst max |diff| " << worst << "\n";
        CHECK(compared >= 7);  // 4 prompts x 2, less "Hi" without BOS
        CHECK(worst <= kTol);
    }
}

TEST_CASE("the attention comparison fails on swapped heads and a transposed pattern", "[reference]") {
    const json ref = load_attention_reference("teaching-gpt2");
    const Model model = Model::load(resolve_model("teaching"));
    // The longest case: most probabilities, so the changes below are not lost in a corner.
    const json* longest = nullptr;
    for (const json& p : ref["prompts"])
        if (!longest || p["input_ids"].size() > (*longest)["input_ids"].size()) longest = &p;
    REQUIRE(longest != nullptr);
    const auto ids = (*longest)["input_ids"].get<std::vector<int>>();
    std::vector<xt::xtensor<float, 3>> attention;
    hidden_states(model, ids, &attention);
    REQUIRE(attention.size() >= 2);
    REQUIRE(attention[0].shape(0) >= 2);

    const AttentionDiff honest = compare_attention(attention, (*longest)["attention"]);
    INFO("unchanged: " << honest.where());
    CHECK(honest.worst <= kTol);

    json swapped = (*longest)["attention"];
    std::swap(swapped[0][0], swapped[0][1]);  // heads 0 and 1 of layer 0
    const AttentionDiff heads = compare_attention(attention, swapped);
    INFO("heads 0 and 1 of layer 0 swapped: " << heads.where());
    CHECK(heads.same_shape);
    CHECK(heads.worst > 1e-3);
    CHECK(heads.layer == 0);

    json transposed = (*longest)["attention"];
    const std::size_t last = attention.size() - 1, T = ids.size();
    for (std::size_t h = 0; h < attention[last].shape(0); ++h)
        for (std::size_t i = 0; i < T; ++i)
            for (std::size_t j = 0; j < i; ++j)
                std::swap(transposed[last][h][i][j], transposed[last][h][j][i]);
    const AttentionDiff trans = compare_attention(attention, transposed);
    INFO("last layer's pattern transposed: " << trans.where());
    CHECK(trans.same_shape);
    CHECK(trans.worst > 1e-3);
    CHECK(trans.layer == last);

    json one_off = (*longest)["attention"];
    one_off[1][0][T - 1][0] = one_off[1][0][T - 1][0].get<double>() + 2e-3;  // a single entry
    const AttentionDiff single = compare_attention(attention, one_off);
    INFO("one entry moved by 2e-3: " << single.where());
    CHECK(single.worst > 1e-3);
    CHECK((single.layer == 1 && single.head == 0 && single.query == T - 1 && single.key == 0));

    json truncated = (*longest)["attention"];
    truncated.erase(truncated.size() - 1);  // a layer missing: a failure, not a smaller comparison
    CHECK(!compare_attention(attention, truncated).same_shape);
    CHECK(compare_attention(attention, truncated).worst > 1e-3);

    // The same for the sink shares.
    const auto a = first_position_attention(model, ids);
    CHECK(compare_sink_share(a.share, (*longest)["sink_share"]) <= kTol);
    json sink_swapped = (*longest)["sink_share"];
    std::swap(sink_swapped[0][0], sink_swapped[0][1]);
    INFO("sink_share heads 0 and 1 of layer 0: " << a.share(0, 0) << ", " << a.share(0, 1));
    CHECK(compare_sink_share(a.share, sink_swapped) > 1e-3);
}

TEST_CASE("a missing attention reference is an error naming the file, not a pass", "[reference]") {
    std::string error;
    const auto path = attention_reference_path("no-such-checkpoint");
    CHECK(!read_attention_reference(path, error).has_value());
    CHECK(error.find(path.string()) != std::string::npos);
    CHECK(error.find("missing") != std::string::npos);
    // And the shipped ones are all there.
    for (const Case& c : kCases) {
        INFO(attention_reference_path(c.checkpoint).string());
        CHECK(std::filesystem::is_regular_file(attention_reference_path(c.checkpoint)));
    }
}
