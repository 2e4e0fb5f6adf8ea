#include "model/matmul.hpp"

#include <algorithm>

#include <xtensor-blas/xblas.hpp>  // declares cblas_sgemm (see the header's note)

namespace gpt2 {

void sgemm(std::size_t M, std::size_t N, std::size_t K, const float* A, std::size_t lda, const float* B,
           std::size_t ldb, bool trans_b, float* C, std::size_t ldc, float alpha, float beta) {
    cblas_sgemm(CblasRowMajor, CblasNoTrans, trans_b ? CblasTrans : CblasNoTrans, int(M), int(N), int(K),
                alpha, A, int(lda), B, int(ldb), beta, C, int(ldc));
}

void sgemv(bool trans, std::size_t M, std::size_t N, const float* A, std::size_t lda, const float* x, float* y,
           float alpha, float beta) {
    cblas_sgemv(CblasRowMajor, trans ? CblasTrans : CblasNoTrans, int(M), int(N), alpha, A, int(lda), x, 1, beta, y,
                1);
}

void linear_row(const float* x, const LinearParams& p, float* y) {
    const std::size_t in = p.weight.shape[0], out = p.weight.shape[1];
    std::copy(p.bias.data, p.bias.data + out, y);
    sgemv(/*trans=*/true, in, out, p.weight.data, out, x, y, 1.0f, 1.0f);  // y += Wᵀ x, W: [in, out]
}

xt::xtensor<float, 2> linear(const xt::xtensor<float, 2>& x, const LinearParams& p) {
    const std::size_t N = x.shape(0), in = p.weight.shape[0], out = p.weight.shape[1];
    // Start from the bias broadcast to every row, then accumulate x · W on top (beta = 1).
    xt::xtensor<float, 2> y = xt::empty<float>({N, out});  // [N, out]
    for (std::size_t n = 0; n < N; ++n) std::copy(p.bias.data, p.bias.data + out, y.data() + n * out);
    sgemm(N, out, in, x.data(), in, p.weight.data, out, false, y.data(), out, 1.0f, 1.0f);
    return y;
}

}  // namespace gpt2
