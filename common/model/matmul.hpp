// model/matmul.hpp — matrix products, handed to OpenBLAS.
//
// Every large product in GPT-2 goes through here: x · W for the Conv1D layers, Q · Kᵀ
// and P · V inside attention, and h · wteᵀ for the tied output head. We call BLAS's
// sgemm directly with leading dimensions, so that strided sub-matrices (one head's
// columns of the fused q|k|v matrix) and transposed operands (wteᵀ) are used in place:
// nothing is transposed or copied. (xtensor-blas declares the CBLAS functions itself;
// including <cblas.h> as well would clash, so we include its header.)
#pragma once

#include <cstddef>

#include <xtensor/xtensor.hpp>

#include "model/model.hpp"

namespace gpt2 {

// C[M, N] = alpha · A[M, K] · B + beta · C, where B is [K, N] (trans_b = false) or
// [N, K] used transposed (trans_b = true). lda/ldb/ldc: row strides in floats.
void sgemm(std::size_t M, std::size_t N, std::size_t K,
           const float* A, std::size_t lda,
           const float* B, std::size_t ldb, bool trans_b,
           float* C, std::size_t ldc,
           float alpha = 1.0f, float beta = 0.0f);

// y = alpha · A · x + beta · y (trans = false; A is [M, N], x [N], y [M]) or
// y = alpha · Aᵀ · x + beta · y (trans = true; x [M], y [N]). lda: A's row stride in floats.
// For one row of activations, what sgemm with M = 1 would do, without its packing (below).
void sgemv(bool trans, std::size_t M, std::size_t N, const float* A, std::size_t lda, const float* x, float* y,
           float alpha = 1.0f, float beta = 0.0f);

// y = x · W + b for a Conv1D layer (W stored [in, out]).  x: [N, in] -> y: [N, out]
xt::xtensor<float, 2> linear(const xt::xtensor<float, 2>& x, const LinearParams& p);

// The same for one row, x: [in] -> y: [out], through sgemv. A decode step with the KV cache
// (generate/kv_cache.cpp) has one row: sgemm would first copy ("pack") W into its blocked layout, a full
// read and write of W for a product that reads it once; sgemv streams W once at memory
// bandwidth. It sums in another order than sgemm, so its results differ from linear()'s in the
// last bits: the uncached path (model/transformer.cpp) keeps linear() and its numbers.
void linear_row(const float* x, const LinearParams& p, float* y);

}  // namespace gpt2
