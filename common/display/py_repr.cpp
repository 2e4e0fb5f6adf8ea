// display/py_repr.cpp — see display/py_repr.hpp.
#include "display/py_repr.hpp"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <cstdio>
#include <memory>
#include <stdexcept>

#include "support/utf8.hpp"

namespace gpt2 {

namespace {

// One code point from a valid UTF-8 sequence of `len` bytes.
char32_t decode_valid(std::string_view s, std::size_t i, std::size_t len) {
    const auto b = [&](std::size_t k) { return static_cast<char32_t>(static_cast<unsigned char>(s[i + k])); };
    switch (len) {
        case 1: return b(0);
        case 2: return ((b(0) & 0x1F) << 6) | (b(1) & 0x3F);
        case 3: return ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
        default: return ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
    }
}

// Python's "not printable" for a non-ASCII character: categories C* (Cc Cf Cs Co Cn) and Z*.
bool non_ascii_printable(std::string_view one_char) {
    struct Pattern {
        std::shared_ptr<pcre2_code> code;
        Pattern() {
            int err = 0;
            PCRE2_SIZE offset = 0;
            pcre2_code* c = pcre2_compile(reinterpret_cast<PCRE2_SPTR>("^[\\p{C}\\p{Z}]$"), PCRE2_ZERO_TERMINATED,
                                          PCRE2_UTF | PCRE2_UCP, &err, &offset, nullptr);
            if (!c) throw std::runtime_error("py_repr: cannot compile the category pattern");
            code.reset(c, pcre2_code_free);
        }
    };
    static const Pattern pattern;
    std::unique_ptr<pcre2_match_data, decltype(&pcre2_match_data_free)> md(
        pcre2_match_data_create_from_pattern(pattern.code.get(), nullptr), pcre2_match_data_free);
    const int rc = pcre2_match(pattern.code.get(), reinterpret_cast<PCRE2_SPTR>(one_char.data()), one_char.size(), 0,
                               0, md.get(), nullptr);
    return rc < 0;  // no match: printable
}

void append_hex(std::string& out, const char* prefix, unsigned long value, int digits) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%s%0*lx", prefix, digits, value);
    out += buf;
}

}  // namespace

std::string py_repr(std::string_view s) {
    const bool has_single = s.find('\'') != std::string_view::npos;
    const bool has_double = s.find('"') != std::string_view::npos;
    const char quote = has_single && !has_double ? '"' : '\'';

    std::string out(1, quote);
    for (std::size_t i = 0; i < s.size();) {
        std::size_t len = 1;
        if (!utf8_next(s, i, len)) {  // not valid UTF-8: show the bytes
            for (std::size_t k = 0; k < len; ++k) append_hex(out, "\\x", static_cast<unsigned char>(s[i + k]), 2);
            i += len;
            continue;
        }
        const char32_t cp = decode_valid(s, i, len);
        if (cp == static_cast<char32_t>(quote) || cp == U'\\') {
            out += '\\';
            out += static_cast<char>(cp);
        } else if (cp == U'\t') {
            out += "\\t";
        } else if (cp == U'\n') {
            out += "\\n";
        } else if (cp == U'\r') {
            out += "\\r";
        } else if (cp < 0x20 || cp == 0x7F) {
            append_hex(out, "\\x", cp, 2);
        } else if (cp < 0x7F || non_ascii_printable(s.substr(i, len))) {
            out.append(s.substr(i, len));
        } else if (cp <= 0xFF) {
            append_hex(out, "\\x", cp, 2);
        } else if (cp <= 0xFFFF) {
            append_hex(out, "\\u", cp, 4);
        } else {
            append_hex(out, "\\U", cp, 8);
        }
        i += len;
    }
    out += quote;
    return out;
}

std::string py_repr(const std::vector<std::string>& items) {
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + py_repr(items[i]);
    return out + "]";
}

}  // namespace gpt2
