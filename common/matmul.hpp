// matmul.hpp — matrix products, handed to OpenBLAS.
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

#include "model.hpp"

namespace gpt2 {

// C[M, N] = alpha · A[M, K] · B + beta · C, where B is [K, N] (trans_b = false) or
// [N, K] used transposed (trans_b = true). lda/ldb/ldc: row strides in floats.
void sgemm(std::size_t M, std::size_t N, std::size_t K,
           const float* A, std::size_t lda,
           const float* B, std::size_t ldb, bool trans_b,
           float* C, std::size_t ldc,
           float alpha = 1.0f, float beta = 0.0f);

// y = x · W + b for a Conv1D layer (W stored [in, out]).  x: [N, in] -> y: [N, out]
xt::xtensor<float, 2> linear(const xt::xtensor<float, 2>& x, const LinearParams& p);

}  // namespace gpt2
