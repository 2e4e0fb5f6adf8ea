// support/error.cpp — see support/error.hpp: escaping and shortening input for one-line messages.
#include "support/error.hpp"

#include <cstdio>
#include <vector>

#include "support/utf8.hpp"

namespace gpt2 {

namespace {

// Code points that are valid UTF-8 but would break a line, reorder it or hide on a terminal.
bool unsafe_code_point(char32_t cp) {
    return (cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF;  // U+FEFF: a byte-order mark, invisible
}

char32_t decode(std::string_view s, std::size_t i, std::size_t len) {
    const auto b = [&](std::size_t k) { return char32_t(static_cast<unsigned char>(s[i + k])); };
    switch (len) {
        case 2: return ((b(0) & 0x1F) << 6) | (b(1) & 0x3F);
        case 3: return ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
        case 4: return ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
        default: return b(0);
    }
}

// The escaped pieces of `text`, one per character (or invalid byte), in order.
template <class Sink>
void escape_each(std::string_view text, bool quoted, Sink&& sink) {
    char buf[16];
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        std::size_t len = 1;
        if (c < 0x80) {
            if (c == '\n') sink(std::string_view("\\n"));
            else if (c == '\r') sink(std::string_view("\\r"));
            else if (c == '\t') sink(std::string_view("\\t"));
            else if (quoted && c == '"') sink(std::string_view("\\\""));
            else if (quoted && c == '\\') sink(std::string_view("\\\\"));
            else if (c < 0x20 || c == 0x7F) {
                std::snprintf(buf, sizeof buf, "\\x%02X", c);
                sink(std::string_view(buf));
            } else {
                sink(text.substr(i, 1));
            }
        } else if (!utf8_next(text, i, len)) {
            len = 1;  // one \xNN per byte
            std::snprintf(buf, sizeof buf, "\\x%02X", c);
            sink(std::string_view(buf));
        } else if (const char32_t cp = decode(text, i, len); unsafe_code_point(cp)) {
            std::snprintf(buf, sizeof buf, "\\u{%04X}", static_cast<unsigned>(cp));
            sink(std::string_view(buf));
        } else {
            sink(text.substr(i, len));
        }
        i += len;
    }
}

constexpr std::string_view kEllipsis = "…";

// Escapes text; when the result would be longer than max_bytes, keeps whole pieces from
// the start (and, with keep_end, from the end too) around a "…".
std::string escaped(std::string_view text, bool quoted, std::size_t max_bytes, bool keep_end) {
    std::string all;
    bool over = false;
    escape_each(text, quoted, [&](std::string_view piece) {
        if (!keep_end && all.size() + piece.size() > max_bytes) over = true;
        if (!over) all.append(piece);
    });
    if (!keep_end) return over ? all + std::string(kEllipsis) : all;
    if (all.size() <= max_bytes) return all;
    // Paths: the end (the file name) matters most. Keep a third from the start, the rest from the end.
    std::string head, tail;
    std::vector<std::string> pieces;
    escape_each(text, quoted, [&](std::string_view piece) { pieces.emplace_back(piece); });
    const std::size_t head_max = max_bytes / 3, tail_max = max_bytes - head_max;
    std::size_t i = 0;
    while (i < pieces.size() && head.size() + pieces[i].size() <= head_max) head += pieces[i++];
    std::size_t j = pieces.size();
    std::size_t tail_size = 0;
    while (j > i && tail_size + pieces[j - 1].size() <= tail_max) tail_size += pieces[--j].size();
    for (std::size_t k = j; k < pieces.size(); ++k) tail += pieces[k];
    return head + std::string(kEllipsis) + tail;
}

}  // namespace

std::string quote_for_message(std::string_view text, std::size_t max_bytes) {
    return "\"" + escaped(text, /*quoted=*/true, max_bytes, /*keep_end=*/false) + "\"";
}

std::string path_for_message(const std::filesystem::path& path, std::size_t max_bytes) {
    return escaped(path.native(), /*quoted=*/false, max_bytes, /*keep_end=*/true);
}

std::string printable_for_message(std::string_view text, std::size_t max_bytes) {
    return escaped(text, /*quoted=*/false, max_bytes, /*keep_end=*/false);
}

}  // namespace gpt2
