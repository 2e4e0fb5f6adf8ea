// test_half_float.cpp — widening F16 and BF16 weights to float32 (common/model/half_float.hpp).
#include <catch2/catch.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "model/half_float.hpp"

namespace {

std::uint32_t bits_of(float f) {
    std::uint32_t b;
    std::memcpy(&b, &f, 4);
    return b;
}

std::vector<std::byte> all_halves() {  // 0x0000 … 0xFFFF, little-endian
    std::vector<std::byte> src(2 * 65536);
    for (std::uint32_t h = 0; h < 65536; ++h) {
        src[2 * h] = std::byte(h & 0xff);
        src[2 * h + 1] = std::byte(h >> 8);
    }
    return src;
}

}  // namespace

TEST_CASE("F16: known values widen exactly", "[half_float]") {
    CHECK(gpt2::f16_to_f32(std::uint16_t(0x3c00)) == 1.0f);
    CHECK(gpt2::f16_to_f32(std::uint16_t(0xc000)) == -2.0f);
    CHECK(gpt2::f16_to_f32(std::uint16_t(0x7bff)) == 65504.0f);             // largest finite
    CHECK(gpt2::f16_to_f32(std::uint16_t(0x0001)) == std::ldexp(1.0f, -24));  // smallest subnormal
    CHECK(gpt2::f16_to_f32(std::uint16_t(0x03ff)) == std::ldexp(1023.0f, -24));
    CHECK(bits_of(gpt2::f16_to_f32(std::uint16_t(0x8000))) == 0x80000000u);  // -0
    CHECK(std::isinf(gpt2::f16_to_f32(std::uint16_t(0x7c00))));
    CHECK(std::isnan(gpt2::f16_to_f32(std::uint16_t(0x7e00))));
    CHECK(gpt2::bf16_to_f32(std::uint16_t(0x3f80)) == 1.0f);
}

TEST_CASE("F16: the fast path (F16C where the CPU has it) gives the portable loop's bits for all 65,536 inputs", "[half_float]") {
    const std::vector<std::byte> src = all_halves();
    // An odd count and an odd start: the 8-wide loop, its tail, and unaligned input.
    for (std::size_t offset : {std::size_t(0), std::size_t(1)}) {
        const std::size_t n = 65536 - offset;
        std::vector<float> fast(n), portable(n);
        gpt2::f16_to_f32(src.data() + 2 * offset, fast.data(), n);
        gpt2::f16_to_f32_portable(src.data() + 2 * offset, portable.data(), n);
        std::size_t differ = 0;
        for (std::size_t i = 0; i < n; ++i) {
            // NaNs may differ in their payload's quiet bit (F16C quiets signalling NaNs);
            // the loader refuses every NaN anyway.
            if (std::isnan(fast[i]) && std::isnan(portable[i])) continue;
            if (bits_of(fast[i]) != bits_of(portable[i])) ++differ;
        }
        INFO("offset " << offset);
        CHECK(differ == 0);
    }
}

TEST_CASE("BF16: the buffer form widens every input as the scalar one does", "[half_float]") {
    const std::vector<std::byte> src = all_halves();
    std::vector<float> out(65536);
    gpt2::bf16_to_f32(src.data(), out.data(), out.size());
    for (std::uint32_t h = 0; h < 65536; h += 257) CHECK(bits_of(out[h]) == (h << 16));
}
