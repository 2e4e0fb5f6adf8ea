// utf8_stream.cpp — see utf8_stream.hpp.
#include "utf8_stream.hpp"

#include "utf8.hpp"

namespace gpt2 {

namespace {

// How many bytes a sequence starting with b0 needs (0: b0 cannot start one), and the range its
// second byte must be in (Table 3-7 of the Unicode standard, as utf8_next()).
std::size_t sequence_length(unsigned char b0, unsigned char& lo, unsigned char& hi) {
    lo = 0x80;
    hi = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) return 2;
    if (b0 >= 0xE0 && b0 <= 0xEF) {
        if (b0 == 0xE0) lo = 0xA0;
        if (b0 == 0xED) hi = 0x9F;
        return 3;
    }
    if (b0 >= 0xF0 && b0 <= 0xF4) {
        if (b0 == 0xF0) lo = 0x90;
        if (b0 == 0xF4) hi = 0x8F;
        return 4;
    }
    return 0;
}

}  // namespace

std::size_t utf8_incomplete_tail(std::string_view s) {
    // A lead byte among the last 3, followed only by bytes that fit, and fewer than it needs.
    for (std::size_t n = 1; n <= 3 && n <= s.size(); ++n) {
        const std::string_view tail = s.substr(s.size() - n);
        const auto b0 = static_cast<unsigned char>(tail[0]);
        if (b0 >= 0x80 && b0 <= 0xBF) continue;  // a continuation byte: look further back
        unsigned char lo, hi;
        const std::size_t need = sequence_length(b0, lo, hi);
        if (need <= n) return 0;  // ASCII, a byte that starts nothing, or a character already whole
        for (std::size_t k = 1; k < n; ++k) {
            const auto b = static_cast<unsigned char>(tail[k]);
            if (k == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF)) return 0;  // can never complete
        }
        return n;
    }
    return 0;
}

std::string Utf8Stream::push(std::string_view bytes) {
    held_.append(bytes);
    const std::size_t keep = utf8_incomplete_tail(held_);
    std::string out = utf8_lossy(std::string_view(held_).substr(0, held_.size() - keep));
    held_.erase(0, held_.size() - keep);
    return out;
}

std::string Utf8Stream::finish() {
    std::string out = utf8_lossy(held_);
    held_.clear();
    return out;
}

}  // namespace gpt2
