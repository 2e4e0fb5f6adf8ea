// text/byte_unicode.cpp — GPT-2's bytes_to_unicode table (see text/byte_unicode.hpp).
#include "text/byte_unicode.hpp"

#include <array>

#include "support/utf8.hpp"

namespace gpt2 {
namespace {

struct Tables {
    std::array<char32_t, 256> to_unicode{};
    std::array<short, 324> to_byte{};  // every table character is below U+0144

    Tables() {
        to_byte.fill(-1);
        const auto printable = [](int b) {
            return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
        };
        int shifted = 0;
        for (int b = 0; b < 256; ++b) {
            const char32_t c = printable(b) ? char32_t(b) : char32_t(256 + shifted++);
            to_unicode[b] = c;
            to_byte[c] = static_cast<short>(b);
        }
    }
};

const Tables& tables() {
    static const Tables t;
    return t;
}

}  // namespace

char32_t byte_to_unicode(unsigned char b) { return tables().to_unicode[b]; }

int unicode_to_byte(char32_t c) {
    return c < tables().to_byte.size() ? tables().to_byte[c] : -1;
}

std::string bytes_to_piece(std::string_view bytes) {
    std::string out;
    for (unsigned char b : bytes) utf8_append(out, byte_to_unicode(b));
    return out;
}

bool piece_to_bytes(std::string_view piece, std::string& out) {
    out.clear();
    std::size_t i = 0, len = 0;
    while (i < piece.size()) {
        if (!utf8_next(piece, i, len)) return false;
        // Table characters are at most 2 bytes long (below U+0800).
        char32_t c;
        if (len == 1) c = static_cast<unsigned char>(piece[i]);
        else if (len == 2) c = ((piece[i] & 0x1F) << 6) | (piece[i + 1] & 0x3F);
        else return false;
        const int b = unicode_to_byte(c);
        if (b < 0) return false;
        out += static_cast<char>(b);
        i += len;
    }
    return true;
}

}  // namespace gpt2
