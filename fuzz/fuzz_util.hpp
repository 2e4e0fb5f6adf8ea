// fuzz_util.hpp — what the harnesses of fuzz/ share: a scratch directory for the files the
// library insists on reading from disk, splitting one fuzz input into parts, and CHECK.
//
// Every harness is one LLVMFuzzerTestOneInput(data, size). It is linked either with
// libFuzzer (GPT2_FUZZ=ON, scripts/fuzz) or with replay_main.cpp (the ordinary build's ctest
// fuzz_replay_NAME). Expected failures are gpt2::Error and are caught; any other exception
// escapes and aborts (a finding), and so does a failed FUZZ_CHECK (a broken invariant).
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <unistd.h>

#include "support/error.hpp"
#include "support/utf8.hpp"

namespace fuzz {

namespace fs = std::filesystem;

#define FUZZ_CHECK(cond)                                                                            \
    do {                                                                                            \
        if (!(cond)) {                                                                              \
            std::fprintf(stderr, "%s:%d: FUZZ_CHECK failed: %s\n", __FILE__, __LINE__, #cond);      \
            std::abort();                                                                           \
        }                                                                                           \
    } while (0)

// One directory per process, under $TMPDIR (scripts/fuzz points TMPDIR at its own scratch
// folder and removes it afterwards, so even a crashing run leaves nothing behind); removed
// with its contents at normal exit.
class ScratchDir {
public:
    ScratchDir() {
        std::string pattern = (fs::temp_directory_path() / "gpt2-fuzz-XXXXXX").string();
        if (!::mkdtemp(pattern.data())) {
            std::perror("mkdtemp");
            std::abort();
        }
        path_ = pattern;
    }
    ~ScratchDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;

    const fs::path& path() const { return path_; }

    // (Re)writes path()/name with exactly these bytes and returns its path.
    fs::path write(const std::string& name, std::string_view bytes) const {
        const fs::path p = path_ / name;
        std::ofstream out(p, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        out.close();
        if (!out) {
            std::fprintf(stderr, "cannot write %s\n", p.c_str());
            std::abort();
        }
        return p;
    }

private:
    fs::path path_;
};

inline const ScratchDir& scratch() {
    static const ScratchDir dir;
    return dir;
}

// Splits `data` at each occurrence of `sep` into at most `max_parts` parts (the last part
// keeps any further separators).
inline std::vector<std::string_view> split(std::string_view data, std::string_view sep, std::size_t max_parts) {
    std::vector<std::string_view> parts;
    while (parts.size() + 1 < max_parts) {
        const std::size_t hit = data.find(sep);
        if (hit == std::string_view::npos) break;
        parts.push_back(data.substr(0, hit));
        data.remove_prefix(hit + sep.size());
    }
    parts.push_back(data);
    return parts;
}

// The expected gpt2::Error of a bad input: silent, unless FUZZ_VERBOSE is set (to see which
// check an input reaches, e.g. FUZZ_VERBOSE=1 build/bin/fuzz_model_dir_replay FILE). Its
// message must keep the contract of error.hpp whatever the input quoted: one printable line
// (no control characters, valid UTF-8) of bounded length.
inline void expected_error(const std::exception& e) {
    static const bool verbose = std::getenv("FUZZ_VERBOSE") != nullptr;
    if (verbose) std::fprintf(stderr, "gpt2::Error: %s\n", e.what());
    const std::string_view msg = e.what();
    FUZZ_CHECK(!msg.empty() && msg.size() <= 1500);
    for (unsigned char c : msg) FUZZ_CHECK(c >= 0x20 && c != 0x7F);
    FUZZ_CHECK(gpt2::utf8_find_invalid(msg) == std::string_view::npos);
}

// True when f throws gpt2::Error (its message checked as above); other exceptions escape.
template <class F>
bool throws_error(F&& f) {
    try {
        f();
    } catch (const gpt2::Error& e) {
        expected_error(e);
        return true;
    }
    return false;
}

inline std::string_view as_view(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

}  // namespace fuzz
