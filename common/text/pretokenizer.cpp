// text/pretokenizer.cpp — the GPT-2 regex with PCRE2 (see text/pretokenizer.hpp).
#define PCRE2_CODE_UNIT_WIDTH 8
#include "text/pretokenizer.hpp"

#include <pcre2.h>

#include <string>

#include "support/error.hpp"
#include "support/utf8.hpp"

namespace gpt2 {
namespace {

// Unicode White_Space, written out: U+0009..U+000D, U+0020, U+0085, U+00A0, U+1680,
// U+2000..U+200A, U+2028, U+2029, U+202F, U+205F, U+3000. (Not U+FEFF, not U+001C..U+001F.)
#define WS "\\t\\n\\x{0B}\\f\\r \\x{85}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}"
constexpr const char* kPattern =
    "'s|'t|'re|'ve|'m|'ll|'d"
    "| ?\\p{L}+| ?\\p{N}+"
    "| ?[^" WS "\\p{L}\\p{N}]+"
    "|[" WS "]+(?![^" WS "])"  // \s+(?!\S): a whitespace run, minus the space before a word
    "|[" WS "]+";
#undef WS

std::string pcre2_message(int code) {
    PCRE2_UCHAR buf[256];
    pcre2_get_error_message(code, buf, sizeof buf);
    return reinterpret_cast<const char*>(buf);
}

}  // namespace

PreTokenizer::PreTokenizer() {
    int err = 0;
    PCRE2_SIZE err_offset = 0;
    pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(kPattern), PCRE2_ZERO_TERMINATED,
                                     PCRE2_UTF | PCRE2_UCP, &err, &err_offset, nullptr);
    if (!code)
        throw Error("pre-tokenizer regex does not compile at offset " + std::to_string(err_offset) +
                    ": " + pcre2_message(err) + " (is libpcre2-8 built with Unicode support?)");
    code_.reset(code, pcre2_code_free);
    // JIT makes matching several times faster; without it we fall back to the interpreter.
    jit_ = pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) == 0;
}

void PreTokenizer::split(std::string_view text, std::vector<std::string_view>& out) const {
    // PCRE2 in UTF mode refuses invalid UTF-8, and the JIT would not even check: validate once
    // here, then match with the checks off (checking at every match would be quadratic).
    if (const auto bad = utf8_find_invalid(text); bad != std::string_view::npos)
        throw Error("input is not valid UTF-8 at byte " + std::to_string(bad) +
                    ": pass UTF-8 text (e.g. re-save the file as UTF-8)");

    // One match-data block for the whole text, not one per word.
    std::unique_ptr<pcre2_match_data, decltype(&pcre2_match_data_free)> md(
        pcre2_match_data_create_from_pattern(code_.get(), nullptr), pcre2_match_data_free);
    const auto subject = reinterpret_cast<PCRE2_SPTR>(text.data());
    const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(md.get());

    std::size_t pos = 0;
    while (pos < text.size()) {
        const int rc = jit_ ? pcre2_jit_match(code_.get(), subject, text.size(), pos, 0, md.get(), nullptr)
                            : pcre2_match(code_.get(), subject, text.size(), pos, PCRE2_NO_UTF_CHECK,
                                          md.get(), nullptr);
        if (rc < 0)
            throw Error("pre-tokenizer: PCRE2 failed at byte " + std::to_string(pos) + ": " +
                        pcre2_message(rc));
        // Every character matches some alternative, so matches are adjacent and non-empty.
        if (ov[0] != pos || ov[1] <= pos)
            throw std::logic_error("pre-tokenizer regex skipped text at byte " + std::to_string(pos));
        out.push_back(text.substr(pos, ov[1] - pos));
        pos = ov[1];
    }
}

std::vector<std::string_view> PreTokenizer::split(std::string_view text) const {
    std::vector<std::string_view> out;
    split(text, out);
    return out;
}

}  // namespace gpt2
