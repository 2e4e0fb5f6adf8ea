// support/utf8.cpp — UTF-8 validation and lossy decoding (see support/utf8.hpp).
#include "support/utf8.hpp"

namespace gpt2 {

bool utf8_next(std::string_view s, std::size_t i, std::size_t& len) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char b0 = byte(i);
    if (b0 < 0x80) { len = 1; return true; }

    // Table 3-7 of the Unicode standard: the length of the sequence a lead byte starts,
    // and the allowed range of the *second* byte (narrower after E0, ED, F0, F4: this
    // excludes overlong forms, surrogates and code points above U+10FFFF).
    std::size_t need;
    unsigned char lo = 0x80, hi = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) need = 2;
    else if (b0 >= 0xE0 && b0 <= 0xEF) {
        need = 3;
        if (b0 == 0xE0) lo = 0xA0;
        if (b0 == 0xED) hi = 0x9F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        need = 4;
        if (b0 == 0xF0) lo = 0x90;
        if (b0 == 0xF4) hi = 0x8F;
    } else { len = 1; return false; }  // a stray continuation byte, C0, C1 or F5..FF

    // Consume continuation bytes while they fit; the first misfit ends the subsequence.
    len = 1;
    while (len < need && i + len < s.size()) {
        const unsigned char b = byte(i + len);
        const bool ok = (len == 1) ? (b >= lo && b <= hi) : (b >= 0x80 && b <= 0xBF);
        if (!ok) break;
        ++len;
    }
    return len == need;
}

std::size_t utf8_find_invalid(std::string_view s) {
    std::size_t i = 0, len = 0;
    while (i < s.size()) {
        // ASCII fast path: most text is mostly ASCII.
        if (static_cast<unsigned char>(s[i]) < 0x80) { ++i; continue; }
        if (!utf8_next(s, i, len)) return i;
        i += len;
    }
    return std::string_view::npos;
}

std::string utf8_lossy(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    std::size_t i = 0, len = 0;
    while (i < s.size()) {
        if (utf8_next(s, i, len)) out.append(s.substr(i, len));
        else out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
        i += len;
    }
    return out;
}

void utf8_append(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

}  // namespace gpt2
