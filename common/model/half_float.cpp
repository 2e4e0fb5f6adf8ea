#include "model/half_float.hpp"

#include <cstring>

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#endif

namespace gpt2 {

float f16_to_f32(std::uint16_t h) {
    const std::uint32_t sign = (h & 0x8000u) << 16;
    std::uint32_t exp = (h >> 10) & 0x1f, mant = h & 0x3ffu, bits;
    if (exp == 0x1f) {
        bits = sign | 0x7f800000u | (mant << 13);  // inf / NaN
    } else if (exp != 0) {
        bits = sign | ((exp + 112) << 23) | (mant << 13);
    } else if (mant == 0) {
        bits = sign;  // +-0
    } else {          // subnormal: renormalise
        exp = 113;
        while (!(mant & 0x400u)) { mant <<= 1; --exp; }
        bits = sign | (exp << 23) | ((mant & 0x3ffu) << 13);
    }
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
}

float bf16_to_f32(std::uint16_t b) {  // bfloat16 is the top half of a float32
    const std::uint32_t bits = std::uint32_t(b) << 16;
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
}

void f16_to_f32_portable(const std::byte* src, float* out, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
        std::uint16_t v;
        std::memcpy(&v, src + 2 * i, 2);
        out[i] = f16_to_f32(v);
    }
}

namespace {

#if defined(__x86_64__)
// F16C is CPUID leaf 1, ECX bit 29; its 256-bit form also needs AVX with the OS saving the
// YMM registers, which __builtin_cpu_supports("avx") checks. (Clang 14 has no "f16c" there.)
bool cpu_has_f16c() {
    unsigned a = 0, b = 0, c = 0, d = 0;
    return __builtin_cpu_supports("avx") && __get_cpuid(1, &a, &b, &c, &d) && (c & bit_F16C);
}

// Compiled for F16C whatever the build's flags; called only where the CPU has it.
__attribute__((target("avx,f16c"))) void f16_to_f32_f16c(const std::byte* src, float* out, std::size_t n) {
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8)
        _mm256_storeu_ps(out + i, _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(src + 2 * i))));
    f16_to_f32_portable(src + 2 * i, out + i, n - i);
}
#endif

}  // namespace

void f16_to_f32(const std::byte* src, float* out, std::size_t n) {
#if defined(__x86_64__)
    static const bool f16c = cpu_has_f16c();
    if (f16c) return f16_to_f32_f16c(src, out, n);
#endif
    f16_to_f32_portable(src, out, n);
}

void bf16_to_f32(const std::byte* src, float* out, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
        std::uint16_t v;
        std::memcpy(&v, src + 2 * i, 2);
        out[i] = bf16_to_f32(v);
    }
}

}  // namespace gpt2
