// test_nonfinite.cpp — NaN and ±Inf never come out as confident results (issue 14 §3).
//
// A NaN or ±Inf weight is refused by Model::load, naming the tensor and the index; finite
// weights so large that the forward pass or the head overflows are refused where it happens;
// and a "largest difference" over values one of which is NaN is NaN, never the largest of
// the others (std::max(a, NaN) is a). Each model is a copy of a bundled one with a few
// numbers changed, written in a temporary folder.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "display/block_walk_report.hpp"
#include "lens/block_walk.hpp"
#include "lens/logit_lens.hpp"
#include "message_checks.hpp"
#include "model/model.hpp"
#include "model/transformer.hpp"
#include "model_fixtures.hpp"
#include "support/finite.hpp"
#include "support/model_files.hpp"

using Catch::Matchers::Contains;
using Catch::Matchers::EndsWith;
using fixtures::RawTensor;
using fixtures::TempDir;
namespace fs = std::filesystem;

namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();

void set_f32(RawTensor& t, std::size_t i, float v) {
    REQUIRE(t.dtype == "F32");
    REQUIRE(4 * i + 4 <= t.bytes.size());
    std::memcpy(&t.bytes[4 * i], &v, 4);
}

void fill_f32(RawTensor& t, float v) {
    REQUIRE(t.dtype == "F32");
    for (std::size_t i = 0; i + 4 <= t.bytes.size(); i += 4) std::memcpy(&t.bytes[i], &v, 4);
}

// A copy of bundled model `name` with edit() applied to its tensors, loaded.
template <class Edit>
gpt2::ModelFiles edited(const TempDir& tmp, const std::string& name, Edit edit) {
    auto tensors = fixtures::read_tensors(fixtures::bundled_dir(name) / "model.safetensors");
    edit(tensors);
    const fs::path dir = fixtures::make_model_dir(tmp / name, fixtures::bundled_config(name), tensors);
    return gpt2::ModelFiles{name, dir};
}

std::string load_error(const gpt2::ModelFiles& files) {
    return fixtures::clean_error_of([&] { gpt2::Model::load(files); });
}

}  // namespace

TEST_CASE("a NaN weight is refused at load, naming the tensor and the index", "[nonfinite]") {
    TempDir tmp;
    const auto files = edited(tmp, "tiny-gpt2-f32", [](auto& ts) {
        RawTensor* t = fixtures::find_tensor(ts, "h.1.attn.c_attn.weight");  // [48, 144]
        set_f32(*t, 12 * 144 + 40, kNaN);
    });
    CHECK_THAT(load_error(files), EndsWith("tiny-gpt2-f32/model.safetensors: tensor \"h.1.attn.c_attn.weight\" has a "
                                           "NaN at [12, 40]; the file is corrupt (download it again, or restore it)"));
}

TEST_CASE("+Inf and -Inf weights are refused too, in the position embeddings and in a bias", "[nonfinite]") {
    TempDir tmp;
    const auto wpe = edited(tmp, "tiny-gpt2-f32", [](auto& ts) {
        set_f32(*fixtures::find_tensor(ts, "wpe.weight"), 1 * 48 + 0, kInf);  // row 1: position 1
    });
    CHECK_THAT(load_error(wpe), Contains("tensor \"wpe.weight\" has +Inf at [1, 0]; the file is corrupt"));
    TempDir tmp2;
    const auto bias = edited(tmp2, "tiny-gpt2-f32", [](auto& ts) {
        set_f32(*fixtures::find_tensor(ts, "ln_f.bias"), 3, -kInf);
    });
    CHECK_THAT(load_error(bias), Contains("tensor \"ln_f.bias\" has -Inf at [3]; the file is corrupt"));
}

TEST_CASE("a NaN in a BF16 checkpoint is found after the upcast, under its stored name", "[nonfinite]") {
    TempDir tmp;
    const auto files = edited(tmp, "tiny-gpt2-bf16", [](auto& ts) {
        RawTensor* t = fixtures::find_tensor(ts, "transformer.wte.weight");  // [50257, 24]
        const std::size_t i = 5 * 24 + 7;
        t->bytes[2 * i] = char(0xc0);  // 0x7fc0: bfloat16's quiet NaN
        t->bytes[2 * i + 1] = char(0x7f);
    });
    CHECK_THAT(load_error(files), Contains("tensor \"transformer.wte.weight\" has a NaN at [5, 7]"));
}

TEST_CASE("finite weights whose sums overflow are refused in the forward pass, not printed as NaN",
          "[nonfinite]") {
    TempDir tmp;
    const auto files = edited(tmp, "tiny-gpt2-f32", [](auto& ts) {
        // Finite, near the top of float's range: wte + wpe is +Inf.
        fill_f32(*fixtures::find_tensor(ts, "wte.weight"), 3e38f);
        fill_f32(*fixtures::find_tensor(ts, "wpe.weight"), 3e38f);
    });
    const gpt2::Model model = gpt2::Model::load(files);  // every weight is finite
    const std::string msg = fixtures::clean_error_of([&] { gpt2::hidden_states(model, {15902, 770}); });
    CHECK_THAT(msg, Contains("the forward pass gave "));
    CHECK_THAT(msg, Contains(" in hidden_states[0] at position 0: the weights are finite but so large that the "
                             "numbers overflow; the model file is corrupt"));
}

TEST_CASE("logits that overflow are refused by the lens, not shown as entropy 0 and KL 0", "[nonfinite]") {
    TempDir tmp;
    const auto files = edited(tmp, "tiny-gpt2-f32", [](auto& ts) {
        fill_f32(*fixtures::find_tensor(ts, "ln_f.bias"), 1e30f);  // ln_f's output ~1e30: finite
        RawTensor* wte = fixtures::find_tensor(ts, "wte.weight");
        for (std::size_t c = 0; c < 48; ++c) set_f32(*wte, 5 * 48 + c, 1e10f);  // token 5's logit ~5e41: +Inf
    });
    const gpt2::Model model = gpt2::Model::load(files);
    const std::vector<int> ids{15902, 770};
    gpt2::hidden_states(model, ids);  // the states are finite
    const std::string msg = fixtures::clean_error_of([&] { gpt2::logit_lens(model, ids, gpt2::LensOptions{}); });
    CHECK_THAT(msg, Contains("lm_head(hidden_states[2]) at position 0 is not finite (NaN or ±Inf)"));
}

TEST_CASE("max_keep_nan: a NaN survives a max, whichever side it is on", "[nonfinite]") {
    const double nan = std::nan("");
    CHECK(std::isnan(gpt2::max_keep_nan(0.0, nan)));
    CHECK(std::isnan(gpt2::max_keep_nan(nan, 1.0)));
    CHECK(gpt2::max_keep_nan(1.0, 2.0) == 2.0);
    CHECK(gpt2::max_keep_nan(2.0, 1.0) == 2.0);
    CHECK(gpt2::first_nonfinite(std::vector<float>(10000, 1.0f).data(), 10000) == 10000);
    std::vector<float> v(10000, 1.0f);
    v[9999] = -kInf;
    v[5000] = kNaN;
    CHECK(gpt2::first_nonfinite(v.data(), v.size()) == 5000);
    CHECK(gpt2::index_text(12 * 144 + 40, {48, 144}) == "[12, 40]");
    CHECK(gpt2::index_text(7, {1, 1, 64, 64}) == "[0, 0, 0, 7]");
}

TEST_CASE("ch07's walk: a NaN difference is the largest, never hidden behind the others", "[nonfinite]") {
    const gpt2::Model model = gpt2::Model::load(gpt2::resolve_model("tiny"));
    gpt2::BlockWalk walk = gpt2::walk_block(model, {770, 5041, 314}, 0);
    REQUIRE(walk.checks.size() > 3);
    walk.checks[2].max_abs_diff = std::nan("");
    const std::string text = gpt2::block_walk_text(walk, {"a", "b", "c"}, gpt2::WalkView{});
    CHECK_THAT(text, Contains("checks, largest difference nan — SOME STEPS DISAGREE"));
}
