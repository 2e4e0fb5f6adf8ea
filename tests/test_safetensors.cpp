// test_safetensors.cpp — the .safetensors reader (common/model/safetensors.hpp).
//
// First the good files: the two bundled checkpoints and small files written here byte by
// byte. Then corrupt files: every one must become a one-line gpt2::Error that names the
// file (and the tensor, where there is one) — never a crash, never a silent misread.
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "model/safetensors.hpp"
#include "model_fixtures.hpp"

using Catch::Matchers::Contains;
using fixtures::error_message;
using fixtures::le64;
using fixtures::safetensors_file;
using fixtures::TempDir;
using fixtures::write_bytes;
using gpt2::DType;
using gpt2::SafeTensors;
using Shape = std::vector<std::size_t>;

namespace {

float f32_at(const SafeTensors& st, const gpt2::TensorInfo& t, std::size_t i) {
    float f;
    std::memcpy(&f, st.bytes(t) + 4 * i, 4);
    return f;
}

// Writes a file whose header is `header` (any text, not necessarily JSON) followed by
// `data`, and returns the error its loading produces.
std::string error_for(const TempDir& tmp, const std::string& header, const std::string& data = "") {
    const auto path = tmp / "bad.safetensors";
    write_bytes(path, safetensors_file(header, data));
    return error_message([&] { SafeTensors st(path); });
}

}  // namespace

// ---- good files -------------------------------------------------------------------------

TEST_CASE("SafeTensors reads the bundled tiny-gpt2-f32 checkpoint") {
    const auto path = fixtures::bundled_dir("tiny-gpt2-f32") / "model.safetensors";
    SafeTensors st(path);

    // 12 weights per block + 2 causal-mask buffers (h.N.attn.bias, h.N.attn.masked_bias)
    // = 14 per block, x 2 blocks, plus wte, wpe, ln_f.weight and ln_f.bias.
    CHECK(st.tensors().size() == 32);
    CHECK(st.file_size() == std::filesystem::file_size(path));
    CHECK(st.find("__metadata__") == nullptr);
    CHECK(st.find("no.such.tensor") == nullptr);
    for (const auto& t : st.tensors()) CHECK(t.dtype == DType::F32);

    const std::vector<std::pair<std::string, Shape>> expected = {
        {"wte.weight", {50257, 48}},           {"wpe.weight", {64, 48}},
        {"h.0.attn.c_attn.weight", {48, 144}}, {"h.0.attn.c_attn.bias", {144}},
        {"h.1.mlp.c_fc.weight", {48, 192}},    {"h.1.mlp.c_proj.weight", {192, 48}},
        {"ln_f.bias", {48}},                   {"h.0.attn.bias", {1, 1, 64, 64}},
        {"h.1.attn.masked_bias", {1}},
    };
    for (const auto& [name, shape] : expected) {
        INFO(name);
        const auto* t = st.find(name);
        REQUIRE(t != nullptr);
        CHECK(t->shape == shape);
        CHECK(t->end - t->begin == t->numel() * 4);
    }

    SECTION("tensors are sorted by offset and do not overlap") {
        for (std::size_t i = 1; i < st.tensors().size(); ++i)
            CHECK(st.tensors()[i - 1].end <= st.tensors()[i].begin);
    }
    SECTION("bytes() points at the tensor's values") {
        // The causal mask buffer is lower-triangular ones; masked_bias is -1e4.
        const auto& mask = *st.find("h.0.attn.bias");
        CHECK(f32_at(st, mask, 0) == 1.0f);       // [0, 0]
        CHECK(f32_at(st, mask, 1) == 0.0f);       // [0, 1]: the future is masked
        CHECK(f32_at(st, mask, 64) == 1.0f);      // [1, 0]
        CHECK(f32_at(st, *st.find("h.0.attn.masked_bias"), 0) == -10000.0f);
        // wte is the last tensor: its bytes end exactly at the end of the file.
        const auto& wte = *st.find("wte.weight");
        CHECK(&wte == &st.tensors().back());
        CHECK(wte.end == st.file_size() - 8 - fixtures::header_len_of(path));
    }
}

TEST_CASE("SafeTensors reads the bundled tiny-gpt2-bf16 checkpoint") {
    SafeTensors st(fixtures::bundled_dir("tiny-gpt2-bf16") / "model.safetensors");

    // 12 weights for its one block + wte, wpe, ln_f.{weight,bias} + the stored lm_head.weight.
    CHECK(st.tensors().size() == 17);
    for (const auto& t : st.tensors()) CHECK(t.dtype == DType::BF16);
    REQUIRE(st.find("transformer.wte.weight") != nullptr);
    CHECK(st.find("transformer.wte.weight")->shape == Shape{50257, 24});
    CHECK(st.find("wte.weight") == nullptr);  // the reader does not strip prefixes
    REQUIRE(st.find("lm_head.weight") != nullptr);
    CHECK(st.find("lm_head.weight")->shape == Shape{50257, 24});
    REQUIRE(st.find("transformer.h.0.mlp.c_fc.weight") != nullptr);
    CHECK(st.find("transformer.h.0.mlp.c_fc.weight")->shape == Shape{24, 96});
    CHECK(st.find("transformer.h.0.attn.bias") == nullptr);  // this file has no mask buffers
}

TEST_CASE("SafeTensors reads a hand-written file with F32, F16 and BF16 tensors") {
    TempDir tmp;
    // The header, exactly as it goes into the file (keys in any order).
    const std::string header =
        R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
        R"("b":{"dtype":"F16","shape":[2,2],"data_offsets":[8,16]},)"
        R"("c":{"dtype":"BF16","shape":[3],"data_offsets":[16,22]}})";
    const unsigned char data[22] = {
        0x00, 0x00, 0x80, 0x3f,  0x00, 0x00, 0x20, 0xc0,  // a: 1.0f, -2.5f
        0x00, 0x3c, 0x00, 0xc0,  0x00, 0x38, 0xff, 0x7b,  // b: 1.0, -2.0, 0.5, 65504 (F16)
        0x80, 0x3f, 0xc0, 0xbf,  0x49, 0x40,              // c: 1.0, -1.5, 3.140625 (BF16)
    };
    std::string file = le64(header.size()) + header + std::string(reinterpret_cast<const char*>(data), 22);
    const auto path = tmp / "hand.safetensors";
    write_bytes(path, file);

    SafeTensors st(path);
    REQUIRE(st.tensors().size() == 3);
    const auto& a = st.tensors()[0];
    const auto& b = st.tensors()[1];
    const auto& c = st.tensors()[2];
    CHECK(a.name == "a");
    CHECK(b.name == "b");
    CHECK(c.name == "c");

    SECTION("dtypes, shapes, sizes") {
        CHECK(a.dtype == DType::F32);
        CHECK(b.dtype == DType::F16);
        CHECK(c.dtype == DType::BF16);
        CHECK(a.shape == Shape{2});
        CHECK(b.shape == Shape{2, 2});
        CHECK(c.shape == Shape{3});
        CHECK(b.numel() == 4);
        CHECK(gpt2::dtype_size(DType::F32) == 4);
        CHECK(gpt2::dtype_size(DType::F16) == 2);
        CHECK(gpt2::dtype_size(DType::BF16) == 2);
        CHECK(gpt2::dtype_name(DType::BF16) == "BF16");
        CHECK(c.begin == 16);
        CHECK(c.end == 22);
    }
    SECTION("values") {
        CHECK(f32_at(st, a, 0) == 1.0f);
        CHECK(f32_at(st, a, 1) == -2.5f);
        CHECK(fixtures::u16_at(st.bytes(b), 0) == 0x3c00);
        CHECK(fixtures::u16_at(st.bytes(b), 3) == 0x7bff);
        CHECK(fixtures::u16_at(st.bytes(c), 1) == 0xbfc0);
        CHECK(fixtures::u16_at(st.bytes(c), 2) == 0x4049);
        // bytes() of the first tensor is right after the 8-byte length and the header.
        CHECK(st.bytes(a) + 22 == st.bytes(c) + 6);
    }
}

TEST_CASE("SafeTensors skips __metadata__") {
    TempDir tmp;
    const auto path = tmp / "meta.safetensors";
    fixtures::write_safetensors(path, {{"x", "F32", {1}, fixtures::f32_bytes({42.0f})}},
                                {{"format", "pt"}, {"note", "anything"}});
    SafeTensors st(path);
    REQUIRE(st.tensors().size() == 1);
    CHECK(st.tensors()[0].name == "x");
    CHECK(st.find("__metadata__") == nullptr);
    CHECK(f32_at(st, st.tensors()[0], 0) == 42.0f);
}

TEST_CASE("SafeTensors accepts zero-length tensors and scalars") {
    TempDir tmp;
    const auto path = tmp / "empty.safetensors";

    SECTION("a [0, 4] tensor with no bytes, between two others") {
        fixtures::write_safetensors(path, {{"first", "F32", {2}, fixtures::f32_bytes({1, 2})},
                                           {"nothing", "F32", {0, 4}, ""},
                                           {"last", "F32", {1}, fixtures::f32_bytes({3})}});
        SafeTensors st(path);
        REQUIRE(st.find("nothing") != nullptr);
        CHECK(st.find("nothing")->numel() == 0);
        CHECK(st.find("nothing")->begin == st.find("nothing")->end);
        CHECK(st.tensors().size() == 3);
    }
    SECTION("a zero-length tensor at the same offset where another tensor starts") {
        // What a writer produces when the empty tensor comes first: [0, 0] and [0, 8].
        // Zero bytes overlap nothing, whichever way the offsets sort.
        const std::string header =
            R"({"a_data":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
            R"("z_empty":{"dtype":"F32","shape":[0],"data_offsets":[0,0]}})";
        write_bytes(path, safetensors_file(header, fixtures::f32_bytes({1, 2})));
        SafeTensors st(path);
        CHECK(st.tensors().size() == 2);
        REQUIRE(st.find("z_empty") != nullptr);
        CHECK(st.find("z_empty")->numel() == 0);
    }
    SECTION("a scalar (shape []) has one element") {
        fixtures::write_safetensors(path, {{"s", "F32", {}, fixtures::f32_bytes({7})}});
        SafeTensors st(path);
        REQUIRE(st.find("s") != nullptr);
        CHECK(st.find("s")->shape.empty());
        CHECK(st.find("s")->numel() == 1);
        CHECK(f32_at(st, *st.find("s"), 0) == 7.0f);
    }
}

// ---- corrupt files ------------------------------------------------------------------

TEST_CASE("SafeTensors: a missing file or a directory is an Error naming it") {
    TempDir tmp;
    SECTION("missing") {
        const auto path = tmp / "nope.safetensors";
        CHECK_THAT(error_message([&] { SafeTensors st(path); }), Contains(path.string()));
    }
    SECTION("a directory") {
        CHECK_THAT(error_message([&] { SafeTensors st(tmp.path()); }),
                   Contains(tmp.path().string()) && Contains("not a regular file"));
    }
}

TEST_CASE("SafeTensors: files too short to hold the 8-byte length") {
    TempDir tmp;
    const auto path = tmp / "short.safetensors";
    SECTION("empty file") { write_bytes(path, ""); }
    SECTION("5 bytes") { write_bytes(path, "\x10\0\0\0\0"); }
    SECTION("7 bytes") { write_bytes(path, std::string(7, '\0')); }
    const auto msg = error_message([&] { SafeTensors st(path); });
    CHECK_THAT(msg, Contains(path.string()) && Contains("too short"));
}

TEST_CASE("SafeTensors: header length that cannot be right") {
    TempDir tmp;
    const auto path = tmp / "len.safetensors";
    SECTION("past the end of the file") {
        write_bytes(path, le64(1000) + R"({"a":{}})");
        CHECK_THAT(error_message([&] { SafeTensors st(path); }),
                   Contains(path.string()) && Contains("1000") && Contains("past the end"));
    }
    SECTION("one byte past the end") {
        const std::string header = "{}      ";
        write_bytes(path, le64(header.size() + 1) + header);
        CHECK_THAT(error_message([&] { SafeTensors st(path); }),
                   Contains(path.string()) && Contains("past the end"));
    }
    SECTION("more than 100 MB (checked before anything is read)") {
        write_bytes(path, le64(100'000'001) + "{}");
        CHECK_THAT(error_message([&] { SafeTensors st(path); }),
                   Contains(path.string()) && Contains("100000001") && Contains("100 MB"));
    }
    SECTION("all bits set (would overflow 8 + length)") {
        write_bytes(path, le64(~std::uint64_t{0}) + "{}");
        CHECK_THAT(error_message([&] { SafeTensors st(path); }), Contains(path.string()));
    }
}

TEST_CASE("SafeTensors: header that is not a JSON object") {
    TempDir tmp;
    const auto path = (tmp / "bad.safetensors").string();
    SECTION("not JSON") {
        CHECK_THAT(error_for(tmp, "this is not json"), Contains(path) && Contains("not valid JSON"));
    }
    SECTION("JSON cut short") {
        CHECK_THAT(error_for(tmp, R"({"a": {"dtype": "F32")"), Contains(path) && Contains("not valid JSON"));
    }
    SECTION("empty header") {
        CHECK_THAT(error_for(tmp, ""), Contains(path) && Contains("not valid JSON"));
    }
    SECTION("bad JSON spanning several lines still gives a one-line message") {
        CHECK_THAT(error_for(tmp, "{\n\"a\":\n\n oops"), Contains(path));
    }
    SECTION("JSON array") {
        CHECK_THAT(error_for(tmp, "[1, 2, 3]"), Contains(path) && Contains("not a JSON object"));
    }
    SECTION("JSON string") {
        CHECK_THAT(error_for(tmp, R"("F32")"), Contains(path) && Contains("not a JSON object"));
    }
}

TEST_CASE("SafeTensors: a tensor entry without dtype, shape or data_offsets") {
    TempDir tmp;
    const auto path = (tmp / "bad.safetensors").string();
    std::string header;
    SECTION("no dtype") { header = R"({"w":{"shape":[1],"data_offsets":[0,4]}})"; }
    SECTION("no shape") { header = R"({"w":{"dtype":"F32","data_offsets":[0,4]}})"; }
    SECTION("no data_offsets") { header = R"({"w":{"dtype":"F32","shape":[1]}})"; }
    SECTION("not an object") { header = R"({"w":[1,2,3]})"; }
    CHECK_THAT(error_for(tmp, header, "abcd"), Contains(path) && Contains("\"w\"") && Contains("needs"));
}

TEST_CASE("SafeTensors: unknown dtype") {
    TempDir tmp;
    const auto path = (tmp / "bad.safetensors").string();
    SECTION("F7") {
        CHECK_THAT(error_for(tmp, R"({"w":{"dtype":"F7","shape":[1],"data_offsets":[0,4]}})", "abcd"),
                   Contains(path) && Contains("\"w\"") && Contains("unknown dtype") && Contains("F7"));
    }
    SECTION("lower case f32") {
        CHECK_THAT(error_for(tmp, R"({"w":{"dtype":"f32","shape":[1],"data_offsets":[0,4]}})", "abcd"),
                   Contains(path) && Contains("\"w\"") && Contains("f32"));
    }
    SECTION("not a string") {
        CHECK_THAT(error_for(tmp, R"({"w":{"dtype":32,"shape":[1],"data_offsets":[0,4]}})", "abcd"),
                   Contains(path) && Contains("\"w\"") && Contains("unknown dtype"));
    }
}

TEST_CASE("SafeTensors: shapes must be arrays of non-negative integers") {
    TempDir tmp;
    const auto path = (tmp / "bad.safetensors").string();
    std::string shape;
    SECTION("negative entry") { shape = "[-1, 4]"; }
    SECTION("fractional entry") { shape = "[1.5]"; }
    SECTION("float that looks whole") { shape = "[4.0]"; }
    SECTION("string entry") { shape = R"(["4"])"; }
    SECTION("not an array") { shape = "4"; }
    const auto msg =
        error_for(tmp, R"({"w":{"dtype":"F32","shape":)" + shape + R"(,"data_offsets":[0,16]}})", std::string(16, 'x'));
    CHECK_THAT(msg, Contains(path) && Contains("\"w\"") && Contains("shape"));
}

TEST_CASE("SafeTensors: data_offsets must fit the data and match the shape") {
    TempDir tmp;
    const auto path = (tmp / "bad.safetensors").string();
    const std::string data(16, 'x');  // 16 bytes of tensor data
    auto header = [](const std::string& shape, const std::string& offsets) {
        return R"({"w":{"dtype":"F32","shape":)" + shape + R"(,"data_offsets":)" + offsets + "}}";
    };
    SECTION("end past the data") {
        CHECK_THAT(error_for(tmp, header("[5]", "[0,20]"), data),
                   Contains(path) && Contains("\"w\"") && Contains("[0, 20]") && Contains("16 bytes"));
    }
    SECTION("begin past the data") {
        CHECK_THAT(error_for(tmp, header("[0]", "[17,17]"), data), Contains(path) && Contains("\"w\""));
    }
    SECTION("begin > end") {
        CHECK_THAT(error_for(tmp, header("[1]", "[8,4]"), data),
                   Contains(path) && Contains("\"w\"") && Contains("[8, 4]"));
    }
    SECTION("shape x dtype size != end - begin") {
        CHECK_THAT(error_for(tmp, header("[2, 3]", "[0,16]"), data),
                   Contains(path) && Contains("\"w\"") && Contains("[2, 3]") && Contains("24 bytes") &&
                       Contains("16"));
    }
    SECTION("negative offset") {
        CHECK_THAT(error_for(tmp, header("[1]", "[-4,0]"), data), Contains(path) && Contains("\"w\""));
    }
    SECTION("three offsets") {
        CHECK_THAT(error_for(tmp, header("[1]", "[0,4,8]"), data), Contains(path) && Contains("\"w\""));
    }
    SECTION("a shape so large its byte count overflows") {
        CHECK_THAT(error_for(tmp, header("[4294967296, 4294967296, 16]", "[0,16]"), data),
                   Contains(path) && Contains("\"w\"") && Contains("too large"));
    }
}

TEST_CASE("SafeTensors: overlapping tensors") {
    TempDir tmp;
    const auto path = (tmp / "bad.safetensors").string();
    SECTION("partly overlapping") {
        const auto msg = error_for(tmp,
                                   R"({"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},)"
                                   R"("b":{"dtype":"F32","shape":[4],"data_offsets":[8,24]}})",
                                   std::string(24, 'x'));
        CHECK_THAT(msg, Contains(path) && Contains("\"a\"") && Contains("\"b\"") && Contains("overlap"));
    }
    SECTION("the same bytes twice") {
        const auto msg = error_for(tmp,
                                   R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                                   R"("b":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})",
                                   std::string(8, 'x'));
        CHECK_THAT(msg, Contains(path) && Contains("\"a\"") && Contains("\"b\"") && Contains("overlap"));
    }
    SECTION("one inside another, with a third after both") {
        const auto msg = error_for(tmp,
                                   R"({"big":{"dtype":"F32","shape":[8],"data_offsets":[0,32]},)"
                                   R"("in":{"dtype":"F32","shape":[1],"data_offsets":[8,12]},)"
                                   R"("after":{"dtype":"F32","shape":[1],"data_offsets":[32,36]}})",
                                   std::string(36, 'x'));
        CHECK_THAT(msg, Contains(path) && Contains("\"big\"") && Contains("\"in\"") && Contains("overlap"));
    }
}

TEST_CASE("SafeTensors: a tensor name with a newline still gives a one-line message") {
    TempDir tmp;
    const auto msg = error_for(tmp, R"({"bad\nname":{"dtype":"F7","shape":[1],"data_offsets":[0,4]}})", "abcd");
    CHECK_THAT(msg, Contains("bad\\nname") && Contains("F7"));
}

TEST_CASE("SafeTensors: a truncated model.safetensors (header intact, data cut short)") {
    TempDir tmp;
    const auto original = fixtures::bundled_dir("tiny-gpt2-f32") / "model.safetensors";
    const std::string bytes = fixtures::read_bytes(original);
    const std::uint64_t header_len = fixtures::header_len_of(original);
    const auto path = tmp / "model.safetensors";

    SECTION("the last 100 bytes missing: only wte.weight (the last tensor) is short") {
        write_bytes(path, bytes.substr(0, bytes.size() - 100));
        CHECK_THAT(error_message([&] { SafeTensors st(path); }),
                   Contains(path.string()) && Contains("\"wte.weight\"") && Contains("truncated"));
    }
    SECTION("nothing after the header") {
        write_bytes(path, bytes.substr(0, 8 + header_len));
        CHECK_THAT(error_message([&] { SafeTensors st(path); }),
                   Contains(path.string()) && Contains("tensor \"") && Contains("truncated"));
    }
    SECTION("cut inside the header") {
        write_bytes(path, bytes.substr(0, 8 + header_len / 2));
        CHECK_THAT(error_message([&] { SafeTensors st(path); }),
                   Contains(path.string()) && Contains("past the end"));
    }
}
