// model_fixtures.hpp — small helpers for the model-loading tests: a per-test temporary
// directory, a safetensors writer (so that a test can build exactly the file it needs,
// byte by byte), fake model directories, and a helper that captures a gpt2::Error.
//
// Everything a test writes goes under its own TempDir in std::filesystem::temp_directory_path(),
// which is removed again (with its contents) when the TempDir goes out of scope.
#pragma once

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/safetensors.hpp"
#include "support/data_dir.hpp"
#include "support/error.hpp"

namespace fixtures {

namespace fs = std::filesystem;
using json = nlohmann::json;

// ---- a temporary directory per test ------------------------------------------------

class TempDir {
public:
    TempDir() {
        std::string pattern = (fs::temp_directory_path() / "gpt2-test-XXXXXX").string();
        if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed for " + pattern);
        path_ = pattern;
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);  // never throw from a destructor
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const fs::path& path() const { return path_; }
    fs::path operator/(const std::string& name) const { return path_ / name; }

private:
    fs::path path_;
};

// ---- bytes ---------------------------------------------------------------------------

inline std::string read_bytes(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    REQUIRE(in.good());
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void write_bytes(const fs::path& p, const std::string& bytes) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    REQUIRE(out.good());
}

// n as 8 little-endian bytes: the safetensors length prefix.
inline std::string le64(std::uint64_t n) {
    std::string s(8, '\0');
    for (int i = 0; i < 8; ++i) s[i] = static_cast<char>((n >> (8 * i)) & 0xff);
    return s;
}

// The header length a safetensors file starts with.
inline std::uint64_t header_len_of(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    char bytes[8] = {};
    REQUIRE(in.read(bytes, 8));
    std::uint64_t n = 0;
    for (int i = 7; i >= 0; --i) n = (n << 8) | static_cast<unsigned char>(bytes[i]);
    return n;
}

inline std::string f32_bytes(const std::vector<float>& v) {
    std::string s(4 * v.size(), '\0');
    std::memcpy(s.data(), v.data(), s.size());  // little-endian machine, as the format
    return s;
}

inline std::string u16_bytes(const std::vector<std::uint16_t>& v) {
    std::string s;
    for (auto x : v) {
        s += static_cast<char>(x & 0xff);
        s += static_cast<char>(x >> 8);
    }
    return s;
}

inline std::uint16_t u16_at(const std::byte* p, std::size_t i) {
    return static_cast<std::uint16_t>(std::to_integer<unsigned>(p[2 * i]) |
                                      (std::to_integer<unsigned>(p[2 * i + 1]) << 8));
}

// float32 -> IEEE half, round to nearest even (what numpy's astype(float16) does).
inline std::uint16_t f32_to_f16(float f) {
    std::uint32_t x;
    std::memcpy(&x, &f, 4);
    const std::uint16_t sign = static_cast<std::uint16_t>((x >> 16) & 0x8000u);
    const int exp = static_cast<int>((x >> 23) & 0xff) - 127 + 15;
    std::uint32_t mant = x & 0x7fffffu;
    if (((x >> 23) & 0xff) == 0xff) return sign | 0x7c00u | (mant ? 0x200u : 0);  // inf / NaN
    if (exp >= 31) return sign | 0x7c00u;                                            // overflow
    if (exp <= 0) {                                                                  // subnormal half
        if (exp < -10) return sign;
        mant |= 0x800000u;
        const int shift = 14 - exp;
        std::uint32_t half = mant >> shift;
        const std::uint32_t rest = mant & ((1u << shift) - 1), mid = 1u << (shift - 1);
        if (rest > mid || (rest == mid && (half & 1))) ++half;
        return static_cast<std::uint16_t>(sign | half);
    }
    std::uint32_t half = (static_cast<std::uint32_t>(exp) << 10) | (mant >> 13);
    const std::uint32_t rest = mant & 0x1fffu;
    if (rest > 0x1000u || (rest == 0x1000u && (half & 1))) ++half;  // may carry into the exponent: fine
    return static_cast<std::uint16_t>(sign | half);
}

// ---- writing safetensors files -----------------------------------------------------

// One tensor to write: its dtype as the file spells it, shape, and raw little-endian bytes.
struct RawTensor {
    std::string name;
    std::string dtype;
    std::vector<std::size_t> shape;
    std::string bytes;
};

// 8-byte length + header + data, with the header padded with spaces to a multiple of 8
// (as the safetensors library does), so the data section starts 8-byte aligned.
inline std::string safetensors_file(std::string header, const std::string& data) {
    while (header.size() % 8) header += ' ';
    return le64(header.size()) + header + data;
}

// The header for `tensors` packed one after another, in the given order.
inline json header_for(const std::vector<RawTensor>& tensors, const json& metadata = nullptr) {
    json h = json::object();
    if (!metadata.is_null()) h["__metadata__"] = metadata;
    std::size_t offset = 0;
    for (const auto& t : tensors) {
        h[t.name] = {{"dtype", t.dtype}, {"shape", t.shape}, {"data_offsets", {offset, offset + t.bytes.size()}}};
        offset += t.bytes.size();
    }
    return h;
}

inline void write_safetensors(const fs::path& p, const std::vector<RawTensor>& tensors,
                              const json& metadata = nullptr) {
    std::string data;
    for (const auto& t : tensors) data += t.bytes;
    write_bytes(p, safetensors_file(header_for(tensors, metadata).dump(), data));
}

// Every tensor of an existing file, copied out (to rewrite it with changes).
inline std::vector<RawTensor> read_tensors(const fs::path& p) {
    gpt2::SafeTensors st(p);
    std::vector<RawTensor> out;
    for (const auto& t : st.tensors()) {
        const char* b = reinterpret_cast<const char*>(st.bytes(t));
        out.push_back({t.name, std::string(gpt2::dtype_name(t.dtype)), t.shape, std::string(b, b + (t.end - t.begin))});
    }
    return out;
}

inline RawTensor* find_tensor(std::vector<RawTensor>& ts, const std::string& name) {
    for (auto& t : ts)
        if (t.name == name) return &t;
    FAIL("fixture has no tensor " << name);
    return nullptr;
}

// ---- model directories --------------------------------------------------------------

inline fs::path bundled_dir(const std::string& name) { return gpt2::data_dir() / "models" / name; }

inline json bundled_config(const std::string& name) {
    std::ifstream in(bundled_dir(name) / "config.json");
    REQUIRE(in.good());
    return json::parse(in);
}

// dir/config.json, and empty vocab.json and merges.txt (enough for resolve_model;
// Model::load reads neither).
inline void write_model_files(const fs::path& dir, const json& config) {
    fs::create_directories(dir);
    write_bytes(dir / "config.json", config.dump(2));
    write_bytes(dir / "vocab.json", "{}");
    write_bytes(dir / "merges.txt", "");
}

// A model directory whose model.safetensors is a copy of `weights`.
inline fs::path make_model_dir(const fs::path& dir, const json& config, const fs::path& weights) {
    write_model_files(dir, config);
    fs::copy_file(weights, dir / "model.safetensors", fs::copy_options::overwrite_existing);
    return dir;
}

// A model directory whose model.safetensors holds `tensors`.
inline fs::path make_model_dir(const fs::path& dir, const json& config, const std::vector<RawTensor>& tensors) {
    write_model_files(dir, config);
    write_safetensors(dir / "model.safetensors", tensors);
    return dir;
}

// ---- expecting errors ----------------------------------------------------------------

// Runs f, which must throw gpt2::Error (not crash, not another exception type), and
// returns the message after checking it is a single line.
template <class F>
std::string error_message(F&& f) {
    try {
        f();
    } catch (const gpt2::Error& e) {
        const std::string msg = e.what();
        INFO("message: " << msg);
        CHECK(msg.find('\n') == std::string::npos);
        CHECK(!msg.empty());
        return msg;
    } catch (const std::exception& e) {
        FAIL("expected gpt2::Error, got another exception: " << e.what());
    }
    FAIL("expected gpt2::Error, nothing was thrown");
    return {};
}

}  // namespace fixtures
