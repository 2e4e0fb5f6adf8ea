// test_model_load.cpp — finding a model on disk (resolve_model) and loading its weights
// (Model::load): zero-copy F32, F16/BF16 upcast, the tied head, the parameter count, and
// a clear error for every checkpoint that does not fit its config.json.
//
// Variants of the bundled checkpoints (a tensor removed, a dtype changed...) are written
// to a temporary directory by the helpers in model_fixtures.hpp.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "model/model.hpp"
#include "model/safetensors.hpp"
#include "model_fixtures.hpp"
#include "support/data_dir.hpp"
#include "support/model_files.hpp"

using Catch::Matchers::Contains;
using fixtures::error_message;
using fixtures::json;
using fixtures::RawTensor;
using fixtures::TempDir;
using gpt2::Model;
using gpt2::ModelFiles;
namespace fs = std::filesystem;

namespace {

ModelFiles fake_files(const fs::path& dir) { return ModelFiles{"fake", dir}; }

// Every float32 weight of a loaded model with its GPT-2 name (lm_head excluded).
std::vector<std::pair<std::string, gpt2::Param<2>>> matrices(const Model& m) {
    const auto& w = m.weights();
    std::vector<std::pair<std::string, gpt2::Param<2>>> out = {{"wte.weight", w.wte}, {"wpe.weight", w.wpe}};
    for (std::size_t i = 0; i < w.h.size(); ++i) {
        const std::string p = "h." + std::to_string(i) + ".";
        out.push_back({p + "attn.c_attn.weight", w.h[i].c_attn.weight});
        out.push_back({p + "attn.c_proj.weight", w.h[i].attn_proj.weight});
        out.push_back({p + "mlp.c_fc.weight", w.h[i].c_fc.weight});
        out.push_back({p + "mlp.c_proj.weight", w.h[i].mlp_proj.weight});
    }
    return out;
}
std::vector<std::pair<std::string, gpt2::Param<1>>> vectors(const Model& m) {
    const auto& w = m.weights();
    std::vector<std::pair<std::string, gpt2::Param<1>>> out = {{"ln_f.weight", w.ln_f.weight},
                                                                {"ln_f.bias", w.ln_f.bias}};
    for (std::size_t i = 0; i < w.h.size(); ++i) {
        const std::string p = "h." + std::to_string(i) + ".";
        const auto& b = w.h[i];
        out.push_back({p + "ln_1.weight", b.ln_1.weight});
        out.push_back({p + "ln_1.bias", b.ln_1.bias});
        out.push_back({p + "ln_2.weight", b.ln_2.weight});
        out.push_back({p + "ln_2.bias", b.ln_2.bias});
        out.push_back({p + "attn.c_attn.bias", b.c_attn.bias});
        out.push_back({p + "attn.c_proj.bias", b.attn_proj.bias});
        out.push_back({p + "mlp.c_fc.bias", b.c_fc.bias});
        out.push_back({p + "mlp.c_proj.bias", b.mlp_proj.bias});
    }
    return out;
}

// The parameter count of a GPT-2 with these sizes, written out from the shapes:
//   wte [V, C] + wpe [P, C] + ln_f (2C)
//   + per block: ln_1, ln_2 (4C), c_attn [C, 3C] + 3C, attn c_proj [C, C] + C,
//                c_fc [C, I] + I, mlp c_proj [I, C] + C
// (a tied lm_head is wte itself, so it is not counted again).
std::size_t gpt2_parameters(std::size_t V, std::size_t C, std::size_t P, std::size_t L, std::size_t I) {
    const std::size_t block = 4 * C + (C * 3 * C + 3 * C) + (C * C + C) + (C * I + I) + (I * C + C);
    return V * C + P * C + 2 * C + L * block;
}

// Every tensor a GPT-2 checkpoint with config `c` holds, as (name, shape).
std::vector<std::pair<std::string, std::vector<std::size_t>>> gpt2_shapes(const gpt2::Config& c) {
    const std::size_t C = c.n_embd, I = c.n_inner;
    std::vector<std::pair<std::string, std::vector<std::size_t>>> s = {
        {"wte.weight", {std::size_t(c.vocab_size), C}}, {"wpe.weight", {std::size_t(c.n_positions), C}},
        {"ln_f.weight", {C}}, {"ln_f.bias", {C}}};
    for (int i = 0; i < c.n_layer; ++i) {
        const std::string p = "h." + std::to_string(i) + ".";
        for (const char* ln : {"ln_1", "ln_2"}) {
            s.push_back({p + ln + ".weight", {C}});
            s.push_back({p + ln + ".bias", {C}});
        }
        s.push_back({p + "attn.c_attn.weight", {C, 3 * C}});
        s.push_back({p + "attn.c_attn.bias", {3 * C}});
        s.push_back({p + "attn.c_proj.weight", {C, C}});
        s.push_back({p + "attn.c_proj.bias", {C}});
        s.push_back({p + "mlp.c_fc.weight", {C, I}});
        s.push_back({p + "mlp.c_fc.bias", {I}});
        s.push_back({p + "mlp.c_proj.weight", {I, C}});
        s.push_back({p + "mlp.c_proj.bias", {C}});
    }
    return s;
}

// A model directory for `config` whose F32 weights are all zero, written as a sparse
// file: the header, then a hole of the right size. Cheap even for distilgpt2's 328 MB,
// because an F32 load is zero-copy and never touches the data.
fs::path sparse_model_dir(const fs::path& dir, const json& config) {
    fixtures::write_model_files(dir, config);
    const gpt2::Config c = gpt2::parse_config(config, "config");
    json header = json::object();
    std::size_t offset = 0;
    for (const auto& [name, shape] : gpt2_shapes(c)) {
        std::size_t bytes = 4;
        for (auto d : shape) bytes *= d;
        header[name] = {{"dtype", "F32"}, {"shape", shape}, {"data_offsets", {offset, offset + bytes}}};
        offset += bytes;
    }
    const auto path = dir / "model.safetensors";
    const std::string head = fixtures::safetensors_file(header.dump(), "");
    fixtures::write_bytes(path, head);
    fs::resize_file(path, head.size() + offset);
    return dir;
}

float bf16_bits_to_float(std::uint16_t b) {
    const std::uint32_t bits = std::uint32_t(b) << 16;
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
}

// Sets an environment variable for one scope, restoring the old value afterwards.
class ScopedEnv {
public:
    ScopedEnv(const char* name, const std::string& value) : name_(name) {
        if (const char* old = std::getenv(name)) old_ = old;
        ::setenv(name, value.c_str(), 1);
    }
    ~ScopedEnv() {
        if (old_) ::setenv(name_, old_->c_str(), 1);
        else ::unsetenv(name_);
    }

private:
    const char* name_;
    std::optional<std::string> old_;
};

const fs::path kTinyF32 = fixtures::bundled_dir("tiny-gpt2-f32");
const fs::path kTinyBF16 = fixtures::bundled_dir("tiny-gpt2-bf16");

}  // namespace

// ---- the bundled checkpoints --------------------------------------------------------

TEST_CASE("Model::load maps tiny-gpt2-f32 without copying a byte") {
    const Model m = Model::load(gpt2::resolve_model("tiny"));
    const auto& st = m.safetensors();
    const auto& w = m.weights();

    CHECK(m.zero_copy());
    CHECK(w.h.size() == 2);
    CHECK(w.wte.shape == std::array<std::size_t, 2>{50257, 48});
    CHECK(w.wpe.shape == std::array<std::size_t, 2>{64, 48});
    CHECK(w.h[1].c_fc.weight.shape == std::array<std::size_t, 2>{48, 192});   // Conv1D: [in, out]
    CHECK(w.h[1].mlp_proj.weight.shape == std::array<std::size_t, 2>{192, 48});

    // Where the mapped file is: 8-byte length, header, then the data section.
    const std::byte* file_begin = st.bytes(st.tensors().front()) - st.tensors().front().begin - 8 -
                                  fixtures::header_len_of(st.path());
    const std::byte* file_end = file_begin + st.file_size();
    auto inside_map = [&](const float* p, std::size_t n) {
        const auto* b = reinterpret_cast<const std::byte*>(p);
        return b >= file_begin && b + 4 * n <= file_end;
    };

    SECTION("wte points at the file's wte.weight bytes") {
        CHECK(reinterpret_cast<const std::byte*>(w.wte.data) == st.bytes(*st.find("wte.weight")));
        CHECK(inside_map(w.wte.data, w.wte.size()));
        CHECK(w.wte.data[0] == 0.13339760899543762f);  // numpy: wte[0, 0]
        CHECK(w.wte.data[1] == 0.0051626162603497505f);
    }
    SECTION("every weight lies inside the mapped file") {
        for (const auto& [name, p] : matrices(m)) {
            INFO(name);
            CHECK(inside_map(p.data, p.size()));
            CHECK(reinterpret_cast<const std::byte*>(p.data) == st.bytes(*st.find(name)));
        }
        for (const auto& [name, p] : vectors(m)) {
            INFO(name);
            CHECK(inside_map(p.data, p.size()));
            CHECK(reinterpret_cast<const std::byte*>(p.data) == st.bytes(*st.find(name)));
        }
    }
    SECTION("the head is tied: lm_head is wte itself") {
        CHECK(w.lm_head.data == w.wte.data);
        CHECK(w.lm_head.shape == w.wte.shape);
    }
    SECTION("moving the Model keeps the weights where they are") {
        const float* wte = w.wte.data;
        Model moved = Model::load(gpt2::resolve_model("tiny"));
        const float* before = moved.weights().wte.data;
        Model other = std::move(moved);
        CHECK(other.weights().wte.data == before);
        CHECK(other.weights().wte.data[0] == wte[0]);
    }
}

TEST_CASE("Model::num_parameters counts every weight once") {
    SECTION("the formula, checked by hand") {
        // tiny-gpt2-f32: V 50257, C 48, P 64, 2 layers, I 192
        //   2,412,336 + 3,072 + 96 + 2 x (192 + 7,056 + 2,352 + 9,408 + 9,264) = 2,472,048
        CHECK(gpt2_parameters(50257, 48, 64, 2, 192) == 2'472'048);
        // distilgpt2: V 50257, C 768, P 1024, 6 layers, I 3072
        //   38,597,376 + 786,432 + 1,536 + 6 x 7,087,872 = 81,912,576 (transformers' num_parameters())
        CHECK(gpt2_parameters(50257, 768, 1024, 6, 3072) == 81'912'576);
    }
    SECTION("tiny-gpt2-f32") {
        CHECK(Model::load(gpt2::resolve_model("tiny")).num_parameters() == 2'472'048);
    }
    SECTION("tiny-gpt2-bf16") {
        CHECK(Model::load(gpt2::resolve_model("tiny-bf16")).num_parameters() == gpt2_parameters(50257, 24, 64, 1, 96));
    }
    SECTION("a model with distilgpt2's shapes (all-zero weights, sparse file)") {
        TempDir tmp;
        json config = fixtures::bundled_config("tiny-gpt2-f32");
        config["n_layer"] = 6;
        config["n_head"] = 12;
        config["n_embd"] = 768;
        config["n_positions"] = 1024;
        const Model m = Model::load(fake_files(sparse_model_dir(tmp / "distil", config)));
        CHECK(m.zero_copy());
        CHECK(m.num_parameters() == 81'912'576);
    }
}

TEST_CASE("Model::load upcasts tiny-gpt2-bf16 (transformer. names, stored lm_head ignored)") {
    const Model m = Model::load(gpt2::resolve_model("tiny-bf16"));
    const auto& st = m.safetensors();
    const auto& w = m.weights();

    CHECK_FALSE(m.zero_copy());
    CHECK(w.h.size() == 1);
    CHECK(w.wte.shape == std::array<std::size_t, 2>{50257, 24});

    SECTION("values are the BF16 bits shifted into the top half of a float32") {
        auto check_upcast = [&](const std::string& stored_name, const float* loaded, std::size_t n) {
            INFO(stored_name);
            const auto* t = st.find(stored_name);
            REQUIRE(t != nullptr);
            REQUIRE(t->numel() == n);
            for (std::size_t i : {std::size_t{0}, std::size_t{1}, std::size_t{7}, n / 2, n - 1}) {
                const std::uint16_t bits = fixtures::u16_at(st.bytes(*t), i);
                INFO("element " << i << ", bits " << bits);
                CHECK(loaded[i] == bf16_bits_to_float(bits));
            }
        };
        check_upcast("transformer.wte.weight", w.wte.data, w.wte.size());
        check_upcast("transformer.wpe.weight", w.wpe.data, w.wpe.size());
        check_upcast("transformer.h.0.attn.c_attn.weight", w.h[0].c_attn.weight.data, w.h[0].c_attn.weight.size());
        check_upcast("transformer.h.0.mlp.c_proj.bias", w.h[0].mlp_proj.bias.data, w.h[0].mlp_proj.bias.size());
        check_upcast("transformer.ln_f.bias", w.ln_f.bias.data, w.ln_f.bias.size());
        CHECK(w.wte.data[0] != 0.0f);
    }
    SECTION("the head is wte, not the stored lm_head.weight") {
        CHECK(w.lm_head.data == w.wte.data);
    }
    SECTION("even when the stored lm_head.weight differs from wte") {
        TempDir tmp;
        auto tensors = fixtures::read_tensors(kTinyBF16 / "model.safetensors");
        auto* head = fixtures::find_tensor(tensors, "lm_head.weight");
        head->bytes.assign(head->bytes.size(), '\0');  // all zeros
        const Model z = Model::load(fake_files(fixtures::make_model_dir(
            tmp / "m", fixtures::bundled_config("tiny-gpt2-bf16"), tensors)));
        CHECK(z.weights().lm_head.data == z.weights().wte.data);
        CHECK(z.weights().lm_head.data[0] == w.wte.data[0]);
        CHECK(z.weights().lm_head.data[0] != 0.0f);
    }
}

TEST_CASE("Model::load upcasts an F16 copy of tiny-gpt2-f32") {
    TempDir tmp;
    auto tensors = fixtures::read_tensors(kTinyF32 / "model.safetensors");
    for (auto& t : tensors) {  // F32 -> F16, as numpy's astype(np.float16)
        std::vector<float> v(t.bytes.size() / 4);
        std::memcpy(v.data(), t.bytes.data(), t.bytes.size());
        std::vector<std::uint16_t> h;
        for (float x : v) h.push_back(fixtures::f32_to_f16(x));
        t.dtype = "F16";
        t.bytes = fixtures::u16_bytes(h);
    }
    SECTION("every value matches the F32 model to within F16 rounding") {
        const Model f16 = Model::load(fake_files(fixtures::make_model_dir(
            tmp / "m", fixtures::bundled_config("tiny-gpt2-f32"), tensors)));
        const Model f32 = Model::load(gpt2::resolve_model("tiny"));
        CHECK_FALSE(f16.zero_copy());
        CHECK(f16.num_parameters() == f32.num_parameters());
        CHECK(f16.weights().lm_head.data == f16.weights().wte.data);

        // Half precision keeps 11 significant bits: rounding moves a normal value by at
        // most 2^-11 of itself, a subnormal one (below 2^-14) by at most 2^-25.
        auto within_f16_rounding = [](float got, float want) {
            return std::fabs(got - want) <= std::max(std::ldexp(std::fabs(want), -11), std::ldexp(1.0f, -25));
        };
        std::size_t compared = 0, bad = 0;
        auto compare = [&](const std::string& name, const float* got, const float* want, std::size_t n) {
            for (std::size_t i = 0; i < n; ++i, ++compared)
                if (!within_f16_rounding(got[i], want[i])) {
                    if (++bad <= 5) FAIL_CHECK(name << "[" << i << "]: " << got[i] << " vs " << want[i]);
                }
        };
        const auto a = matrices(f16), b = matrices(f32);
        for (std::size_t k = 0; k < a.size(); ++k) compare(a[k].first, a[k].second.data, b[k].second.data, b[k].second.size());
        const auto c = vectors(f16), d = vectors(f32);
        for (std::size_t k = 0; k < c.size(); ++k) compare(c[k].first, c[k].second.data, d[k].second.data, d[k].second.size());
        CHECK(compared == f32.num_parameters());
        CHECK(bad == 0);
        // And the values did go through F16: not all of them are exactly the F32 ones.
        CHECK(f16.weights().wte.data[1] != f32.weights().wte.data[1]);
    }
    SECTION("special F16 values decode exactly") {
        auto* bias = fixtures::find_tensor(tensors, "ln_f.bias");
        const std::vector<std::uint16_t> bits = {0x3c00, 0xc000, 0x3555, 0x7bff, 0x0001, 0x03ff, 0x8400, 0x0000, 0x8000};
        const std::vector<float> want = {1.0f, -2.0f, 0.333251953125f, 65504.0f, std::ldexp(1.0f, -24),
                                         1023 * std::ldexp(1.0f, -24), -std::ldexp(1.0f, -14), 0.0f, -0.0f};
        bias->bytes.replace(0, 2 * bits.size(), fixtures::u16_bytes(bits));
        const Model m = Model::load(fake_files(fixtures::make_model_dir(
            tmp / "m", fixtures::bundled_config("tiny-gpt2-f32"), tensors)));
        for (std::size_t i = 0; i < bits.size(); ++i) {
            INFO("bits " << bits[i]);
            CHECK(m.weights().ln_f.bias.data[i] == want[i]);
            CHECK(std::signbit(m.weights().ln_f.bias.data[i]) == std::signbit(want[i]));
        }
    }
}

TEST_CASE("Model::load copies F32 tensors that are not 4-byte aligned") {
    // A 2-byte tensor first pushes every F32 tensor off alignment: those must be copied
    // (reading a float through a misaligned pointer is undefined behaviour), not misread.
    TempDir tmp;
    auto tensors = fixtures::read_tensors(kTinyF32 / "model.safetensors");
    tensors.insert(tensors.begin(), RawTensor{"padding", "U8", {2}, "\x01\x02"});
    const Model m = Model::load(fake_files(fixtures::make_model_dir(tmp / "m", fixtures::bundled_config("tiny-gpt2-f32"), tensors)));
    const Model ref = Model::load(gpt2::resolve_model("tiny"));
    CHECK_FALSE(m.zero_copy());
    CHECK(reinterpret_cast<std::uintptr_t>(m.weights().wte.data) % alignof(float) == 0);
    CHECK(std::memcmp(m.weights().wte.data, ref.weights().wte.data, 4 * ref.weights().wte.size()) == 0);
    CHECK(std::memcmp(m.weights().h[1].c_fc.weight.data, ref.weights().h[1].c_fc.weight.data,
                      4 * ref.weights().h[1].c_fc.weight.size()) == 0);
}

// ---- checkpoints that do not fit their config.json ------------------------------------

TEST_CASE("Model::load: a missing tensor is an Error naming it") {
    TempDir tmp;
    const json config = fixtures::bundled_config("tiny-gpt2-f32");
    auto tensors = fixtures::read_tensors(kTinyF32 / "model.safetensors");
    std::string missing;
    SECTION("ln_f.bias") { missing = "ln_f.bias"; }
    SECTION("a weight of the last block") { missing = "h.1.mlp.c_fc.weight"; }
    SECTION("wte.weight") { missing = "wte.weight"; }
    tensors.erase(std::find_if(tensors.begin(), tensors.end(), [&](const RawTensor& t) { return t.name == missing; }));
    const auto dir = fixtures::make_model_dir(tmp / "m", config, tensors);
    CHECK_THAT(error_message([&] { Model::load(fake_files(dir)); }),
               Contains((dir / "model.safetensors").string()) && Contains("\"" + missing + "\"") &&
                   Contains("missing"));
}

TEST_CASE("Model::load: more layers in config.json than in the file") {
    TempDir tmp;
    json config = fixtures::bundled_config("tiny-gpt2-f32");
    config["n_layer"] = 3;
    const auto dir = fixtures::make_model_dir(tmp / "m", config, kTinyF32 / "model.safetensors");
    CHECK_THAT(error_message([&] { Model::load(fake_files(dir)); }), Contains("h.2.") && Contains("missing"));
}

TEST_CASE("Model::load: a wrong shape is an Error naming the tensor and both shapes") {
    TempDir tmp;
    SECTION("config.json says n_positions 128, the file has 64") {
        json config = fixtures::bundled_config("tiny-gpt2-f32");
        config["n_positions"] = 128;
        const auto dir = fixtures::make_model_dir(tmp / "m", config, kTinyF32 / "model.safetensors");
        CHECK_THAT(error_message([&] { Model::load(fake_files(dir)); }),
                   Contains("model.safetensors") && Contains("\"wpe.weight\"") && Contains("[64, 48]") &&
                       Contains("[128, 48]"));
    }
    SECTION("a Conv1D weight stored transposed ([out, in], as nn.Linear would)") {
        auto tensors = fixtures::read_tensors(kTinyF32 / "model.safetensors");
        fixtures::find_tensor(tensors, "h.0.attn.c_attn.weight")->shape = {144, 48};
        const auto dir = fixtures::make_model_dir(tmp / "m", fixtures::bundled_config("tiny-gpt2-f32"), tensors);
        CHECK_THAT(error_message([&] { Model::load(fake_files(dir)); }),
                   Contains("\"h.0.attn.c_attn.weight\"") && Contains("[144, 48]") && Contains("[48, 144]"));
    }
    SECTION("a prefixed name is reported as stored") {
        json config = fixtures::bundled_config("tiny-gpt2-bf16");
        config["vocab_size"] = 50000;
        const auto dir = fixtures::make_model_dir(tmp / "m", config, kTinyBF16 / "model.safetensors");
        CHECK_THAT(error_message([&] { Model::load(fake_files(dir)); }),
                   Contains("\"transformer.wte.weight\"") && Contains("[50257, 24]") && Contains("[50000, 24]"));
    }
}

TEST_CASE("Model::load: untied heads") {
    TempDir tmp;
    json config = fixtures::bundled_config("tiny-gpt2-f32");
    config["tie_word_embeddings"] = false;
    auto tensors = fixtures::read_tensors(kTinyF32 / "model.safetensors");

    SECTION("without lm_head.weight: an Error") {
        const auto dir = fixtures::make_model_dir(tmp / "m", config, tensors);
        CHECK_THAT(error_message([&] { Model::load(fake_files(dir)); }),
                   Contains("model.safetensors") && Contains("lm_head.weight") && Contains("tie_word_embeddings"));
    }
    SECTION("with its own lm_head.weight: used, and counted") {
        RawTensor head = *fixtures::find_tensor(tensors, "wte.weight");
        head.name = "lm_head.weight";
        std::vector<float> v(head.bytes.size() / 4, 0.25f);
        head.bytes = fixtures::f32_bytes(v);
        tensors.push_back(head);
        const Model m = Model::load(fake_files(fixtures::make_model_dir(tmp / "m", config, tensors)));
        CHECK(m.weights().lm_head.data != m.weights().wte.data);
        CHECK(m.weights().lm_head.shape == m.weights().wte.shape);
        CHECK(m.weights().lm_head.data[0] == 0.25f);
        CHECK(m.num_parameters() == 2'472'048 + 50257 * 48);
    }
    SECTION("with a wrongly shaped lm_head.weight: an Error") {
        tensors.push_back({"lm_head.weight", "F32", {48, 2}, fixtures::f32_bytes(std::vector<float>(96, 1.0f))});
        const auto dir = fixtures::make_model_dir(tmp / "m", config, tensors);
        CHECK_THAT(error_message([&] { Model::load(fake_files(dir)); }),
                   Contains("\"lm_head.weight\"") && Contains("[48, 2]") && Contains("[50257, 48]"));
    }
}

TEST_CASE("Model::load: weights must be F32, F16 or BF16") {
    TempDir tmp;
    auto tensors = fixtures::read_tensors(kTinyF32 / "model.safetensors");
    auto* w = fixtures::find_tensor(tensors, "ln_f.weight");
    std::string dtype;
    SECTION("I32 (same byte size as F32)") {
        w->dtype = dtype = "I32";
    }
    SECTION("F64") {
        w->dtype = dtype = "F64";
        w->bytes += w->bytes;  // 8 bytes per element
    }
    SECTION("U8") {
        w->dtype = dtype = "U8";
        w->bytes.resize(w->bytes.size() / 4);
    }
    const auto dir = fixtures::make_model_dir(tmp / "m", fixtures::bundled_config("tiny-gpt2-f32"), tensors);
    CHECK_THAT(error_message([&] { Model::load(fake_files(dir)); }),
               Contains("model.safetensors") && Contains("\"ln_f.weight\"") && Contains(dtype));
}

TEST_CASE("Model::load: problems with the files themselves") {
    TempDir tmp;
    SECTION("config.json is bad: the error names config.json") {
        const auto dir = fixtures::make_model_dir(tmp / "m", json{{"model_type", "gpt2"}}, kTinyF32 / "model.safetensors");
        CHECK_THAT(error_message([&] { Model::load(fake_files(dir)); }), Contains("config.json") && Contains("n_layer"));
    }
    SECTION("model.safetensors is truncated") {
        const auto dir = fixtures::make_model_dir(tmp / "m", fixtures::bundled_config("tiny-gpt2-f32"), kTinyF32 / "model.safetensors");
        fs::resize_file(dir / "model.safetensors", fs::file_size(dir / "model.safetensors") - 4);
        CHECK_THAT(error_message([&] { Model::load(fake_files(dir)); }),
                   Contains("model.safetensors") && Contains("wte.weight") && Contains("truncated"));
    }
}

// ---- resolve_model: from --model to a directory ----------------------------------------

TEST_CASE("resolve_model: short names of the bundled models") {
    const fs::path models = gpt2::data_dir() / "models";
    std::ostringstream notes;
    SECTION("teaching") {
        const auto f = gpt2::resolve_model("teaching", notes);
        CHECK(f.name == "teaching");
        CHECK(f.dir == models / "teaching-gpt2");
        CHECK(f.weights() == models / "teaching-gpt2" / "model.safetensors");
    }
    SECTION("tiny") {
        const auto f = gpt2::resolve_model("tiny", notes);
        CHECK(f.name == "tiny");
        CHECK(f.dir == models / "tiny-gpt2-f32");
        CHECK(f.weights() == models / "tiny-gpt2-f32" / "model.safetensors");
        CHECK(f.merges() == models / "tiny-gpt2-f32" / "merges.txt");
    }
    SECTION("tiny-bf16") {
        const auto f = gpt2::resolve_model("tiny-bf16", notes);
        CHECK(f.name == "tiny-bf16");
        CHECK(f.dir == models / "tiny-gpt2-bf16");
        CHECK(f.config() == models / "tiny-gpt2-bf16" / "config.json");
    }
    CHECK(notes.str().empty());  // only the default prints a note
}

TEST_CASE("resolve_model: a directory path") {
    TempDir tmp;
    std::ostringstream notes;
    SECTION("a complete model directory") {
        const auto dir = fixtures::make_model_dir(tmp / "my-model", fixtures::bundled_config("tiny-gpt2-f32"),
                                                  kTinyF32 / "model.safetensors");
        const auto f = gpt2::resolve_model(dir.string(), notes);
        CHECK(f.name == dir.string());
        CHECK(f.dir == dir);
        CHECK(Model::load(f).num_parameters() == 2'472'048);
    }
    SECTION("the bundled directory by path") {
        const auto f = gpt2::resolve_model(kTinyBF16.string(), notes);
        CHECK(f.dir == kTinyBF16);
    }
    SECTION("a nonexistent path") {
        const auto missing = (tmp / "no-such-model").string();
        CHECK_THAT(error_message([&] { gpt2::resolve_model(missing, notes); }),
                   Contains(missing) && Contains("no such directory"));
    }
    SECTION("a file, not a directory") {
        const auto file = tmp / "model.safetensors";
        fixtures::write_bytes(file, "x");
        CHECK_THAT(error_message([&] { gpt2::resolve_model(file.string(), notes); }),
                   Contains(file.string()) && Contains("is not a directory"));
    }
    SECTION("a directory without merges.txt") {
        const auto dir = fixtures::make_model_dir(tmp / "m", fixtures::bundled_config("tiny-gpt2-f32"),
                                                  kTinyF32 / "model.safetensors");
        fs::remove(dir / "merges.txt");
        CHECK_THAT(error_message([&] { gpt2::resolve_model(dir.string(), notes); }),
                   Contains(dir.string()) && Contains("merges.txt"));
    }
    SECTION("a directory without model.safetensors") {
        const auto dir = fixtures::make_model_dir(tmp / "m", fixtures::bundled_config("tiny-gpt2-f32"),
                                                  kTinyF32 / "model.safetensors");
        fs::remove(dir / "model.safetensors");
        CHECK_THAT(error_message([&] { gpt2::resolve_model(dir.string(), notes); }),
                   Contains(dir.string()) && Contains("model.safetensors"));
    }
    CHECK(notes.str().empty());
}

TEST_CASE("resolve_model: distilgpt2 and the default, in this checkout") {
    const fs::path distil = gpt2::data_dir() / "models" / "distilgpt2";
    const bool downloaded = fs::is_regular_file(distil / "model.safetensors");
    std::ostringstream notes;
    SECTION("distilgpt2") {
        if (downloaded) {
            CHECK(gpt2::resolve_model("distilgpt2", notes).dir == distil);
        } else {
            CHECK_THAT(error_message([&] { gpt2::resolve_model("distilgpt2", notes); }),
                       Contains("distilgpt2") && Contains("scripts/download-model distilgpt2"));
        }
    }
    SECTION("no --model") {
        const auto f = gpt2::resolve_model("", notes);
        if (downloaded) {
            CHECK(f.name == "distilgpt2");
            CHECK(notes.str().empty());
        } else {
            CHECK(f.name == "teaching");
            CHECK(f.dir == gpt2::data_dir() / "models" / "teaching-gpt2");
            const std::string note = notes.str();
            CHECK_THAT(note, Contains("teaching") && Contains("scripts/download-model distilgpt2"));
            CHECK(std::count(note.begin(), note.end(), '\n') == 1);  // one line
        }
    }
}

TEST_CASE("resolve_model: distilgpt2 and the default, with and without the download") {
    // A data directory of our own (GPT2_DATA_DIR), so both cases run wherever the tests do.
    TempDir tmp;
    const fs::path models = tmp / "models";
    fs::create_directories(models);
    fs::create_directory_symlink(kTinyF32, models / "tiny-gpt2-f32");
    fs::create_directory_symlink(gpt2::data_dir() / "models" / "teaching-gpt2", models / "teaching-gpt2");
    ScopedEnv env("GPT2_DATA_DIR", tmp.path().string());
    REQUIRE(gpt2::data_dir() == tmp.path());
    std::ostringstream notes;

    SECTION("not downloaded") {
        CHECK_THAT(error_message([&] { gpt2::resolve_model("distilgpt2", notes); }),
                   Contains("scripts/download-model distilgpt2"));
        CHECK_THAT(error_message([&] { gpt2::resolve_model("gpt2", notes); }),
                   Contains("scripts/download-model gpt2"));
        const auto f = gpt2::resolve_model("", notes);
        CHECK(f.name == "teaching");
        CHECK(f.dir == models / "teaching-gpt2");
        CHECK_THAT(notes.str(), Contains("scripts/download-model distilgpt2"));
    }
    SECTION("downloaded") {
        fixtures::make_model_dir(models / "distilgpt2", fixtures::bundled_config("tiny-gpt2-f32"),
                                 kTinyF32 / "model.safetensors");
        CHECK(gpt2::resolve_model("distilgpt2", notes).dir == models / "distilgpt2");
        const auto f = gpt2::resolve_model("", notes);
        CHECK(f.name == "distilgpt2");
        CHECK(f.dir == models / "distilgpt2");
        CHECK(notes.str().empty());
    }
    SECTION("downloaded, but incomplete (no vocab.json)") {
        fixtures::make_model_dir(models / "distilgpt2", fixtures::bundled_config("tiny-gpt2-f32"),
                                 kTinyF32 / "model.safetensors");
        fs::remove(models / "distilgpt2" / "vocab.json");
        CHECK_THAT(error_message([&] { gpt2::resolve_model("distilgpt2", notes); }), Contains("vocab.json"));
    }
}
