// bench_tied_head — why the head calls sgemm with a transposed operand.
//
// logits = h · wteᵀ with wte [V, C] stored row-major. Three ways to write it:
//   1. sgemm(..., trans_b = true) on wte in place (common/model/lm_head.cpp);
//   2. xt::blas::gemm(h, wte, out, false, true): xtensor-blas's own wrapper;
//   3. xt::linalg::dot(h, xt::transpose(wte)): a transposed *view*. It is often said
//      that this copies wte into a fresh [C, V] matrix first (154 MB for distilgpt2);
//      whether it does is what the peak-RSS column measures.
// Prints the median time of each, the extra peak memory each needed (after a warm-up
// call has paged the mapped weights in), and checks that all three give the same
// logits. A benchmark: it asserts nothing about time.
//
//   bench_tied_head [--model DIR] [--rows 5] [--runs 7]
#include <algorithm>
#include <chrono>
#include <iostream>
#include <vector>

#include <sys/resource.h>

#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xmath.hpp>

#include "bench_stats.hpp"
#include "model/checkpoint.hpp"
#include "model/lm_head.hpp"
#include "support/cli.hpp"

using Clock = std::chrono::steady_clock;

namespace {

using bench::peak_rss_mb;

template <class F>
double median_ms(int runs, F&& f) {
    std::vector<double> t;
    for (int r = 0; r < runs; ++r) {
        const auto t0 = Clock::now();
        f();
        t.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    }
    std::sort(t.begin(), t.end());
    return t[t.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Benchmark: three ways to compute h · wteᵀ", "bench_tied_head"};
    std::string model;
    std::size_t rows = 5;
    int runs = 7;
    gpt2::add_model_option(app, model);
    app.add_option("--rows", rows, "rows of h (tokens)")->capture_default_str();
    app.add_option("--runs", runs, "timed runs of each")->capture_default_str();
    return gpt2::run_chapter(app, argc, argv, [&] {
        const gpt2::Checkpoint ck = gpt2::Checkpoint::open(model);
        const auto wte = ck.model.weights().wte.view();  // [V, C], zero-copy over the mapped file
        const std::size_t V = wte.shape(0), C = wte.shape(1);
        xt::xtensor<float, 2> h = xt::empty<float>({rows, C});  // [N, C]: some rows of wte itself
        for (std::size_t n = 0; n < rows; ++n)
            std::copy(&wte(n * 97, 0), &wte(n * 97, 0) + C, h.data() + n * C);

        xt::xtensor<float, 2> a = gpt2::lm_head_logits(ck.model, h), b = xt::empty<float>({rows, V}), c;
        const double base = peak_rss_mb();  // after the warm-up above touched every page of wte
        const double t_sgemm = median_ms(runs, [&] { a = gpt2::lm_head_logits(ck.model, h); });
        const double rss_sgemm = peak_rss_mb();
        const double t_gemm = median_ms(runs, [&] { xt::blas::gemm(h, wte, b, false, true); });
        const double rss_gemm = peak_rss_mb();
        const double t_dot = median_ms(runs, [&] { c = xt::linalg::dot(h, xt::transpose(wte)); });
        const double rss_dot = peak_rss_mb();

        std::cout << "h [" << rows << ", " << C << "] · wteᵀ [" << C << ", " << V << "], median of " << runs << ":\n"
                  << "  sgemm(trans_b) on wte in place      " << t_sgemm << " ms  (peak RSS +" << rss_sgemm - base << " MB)\n"
                  << "  xt::blas::gemm(h, wte, out, 0, 1)   " << t_gemm << " ms  (peak RSS +" << rss_gemm - rss_sgemm << " MB)\n"
                  << "  xt::linalg::dot(h, transpose(wte))  " << t_dot << " ms  (peak RSS +" << rss_dot - rss_gemm << " MB)\n"
                  << "max |difference|: gemm " << xt::amax(xt::abs(a - b))() << ", dot " << xt::amax(xt::abs(a - c))() << "\n";
    });
}
