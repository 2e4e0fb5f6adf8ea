// model/half_float.hpp — 16-bit floats (F16, BF16) widened to float32, as weights are loaded.
//
// Checkpoints store weights in F16 (the teaching models) or BF16 to halve their size; the
// library computes in float32. Widening is exact: every F16 and BF16 value is a float32.
// The F16 loop uses the CPU's F16C instruction (8 values at a time) where it has one —
// every x86-64 CPU since 2012 — and the portable bit manipulation elsewhere; both give
// the same bits (tests/test_half_float.cpp checks all 65,536 inputs).
#pragma once

#include <cstddef>
#include <cstdint>

namespace gpt2 {

// One IEEE 754 binary16 value: sign, 5-bit exponent, 10-bit mantissa (subnormals renormalised).
float f16_to_f32(std::uint16_t h);
// One bfloat16 value: the top 16 bits of a float32.
float bf16_to_f32(std::uint16_t b);

// n values from src (little-endian, any alignment) into out.
void f16_to_f32(const std::byte* src, float* out, std::size_t n);
void bf16_to_f32(const std::byte* src, float* out, std::size_t n);
// The same without F16C, for the test that compares the two.
void f16_to_f32_portable(const std::byte* src, float* out, std::size_t n);

}  // namespace gpt2
