// display/token_display.cpp — see display/token_display.hpp for the convention.
#include "display/token_display.hpp"

namespace gpt2 {

std::string display_token(std::string_view token_text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(token_text.size() + 4);
    for (const char ch : token_text) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
            case ' ': out += "\u2423"; break;  // ␣
            case '\n': out += "\\n"; break;
            case '\t': out += "\\t"; break;
            case '\r': out += "\\r"; break;
            default:
                if (c < 0x20 || c == 0x7F) {
                    out += "\\x";
                    out += kHex[c >> 4];
                    out += kHex[c & 0xF];
                } else {
                    out += ch;  // bytes >= 0x80 pass through, so UTF-8 stays intact
                }
        }
    }
    return out;
}

}  // namespace gpt2
