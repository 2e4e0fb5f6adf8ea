// text/utf8_stream.cpp — see text/utf8_stream.hpp.
#include "text/utf8_stream.hpp"

#include "support/utf8.hpp"

namespace gpt2 {

std::size_t utf8_incomplete_tail(std::string_view s) {
    // A lead byte among the last 3 whose sequence runs to the end of s without a misfit, yet is
    // not whole: utf8_next() (Table 3-7) then reports a maximal invalid subpart that ends at the end.
    for (std::size_t n = 1; n <= 3 && n <= s.size(); ++n) {
        const std::size_t at = s.size() - n;
        const auto b0 = static_cast<unsigned char>(s[at]);
        if (b0 >= 0x80 && b0 <= 0xBF) continue;  // a continuation byte: look further back
        std::size_t len = 0;
        if (utf8_next(s, at, len)) return 0;          // ASCII, or a character already whole
        const bool lead = b0 >= 0xC2 && b0 <= 0xF4;   // starts a sequence (C0, C1, F5..FF never do)
        return lead && len == n ? n : 0;              // len < n: a misfit, it can never complete
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
