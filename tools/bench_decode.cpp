// bench_decode — how fast generation is, with and without the KV cache, and how close a cached
// step comes to the memory-bandwidth bound.
//
// Greedy decode of --new tokens after a prompt of --prompt-tokens random ids (fixed seed, as
// bench_forward; or --prompt-ids), through gpt2::generate() — the loop ch09_generate runs —
// with <|endoftext|> not stopping it, so every run does the same work. Per mode (cached: one
// prefill then one token per step; uncached: every step runs the whole sequence again), the
// median over --runs runs of: time to first token (prefill + head + argmax), decode tokens/s
// (tokens after the first ÷ the time after the first, as ch09_generate reports), and the median
// step after the first. The uncached loop can be given fewer tokens (--uncached-new): at
// distilgpt2's shape it costs a forward over the whole sequence per token.
//
// The bound: a cached step reads every weight once (the blocks, ln_f, and the whole of wte for
// the tied head; the one wpe row is counted too), so it takes at least weight bytes ÷ read
// bandwidth. The bandwidth is measured here, on one thread and the threads OpenBLAS uses, by
// reading a --bandwidth-mb array far larger than the caches two ways — a plain sum and
// OpenBLAS's sgemv over it as rows of 4096, as bench/decode_torch.py does with torch.mv — and
// taking the fastest. (Teaching's 70 MB of weights are close to the 32 MB L3 of the build
// machine, so part of a step can be served faster than memory: its "bound" is not a hard one.)
// A benchmark, not a test: it asserts nothing about time. scripts/bench-decode runs it beside
// PyTorch on the same weights and prompt ids.
//
//   bench_decode --model DIR [--prompt-tokens 8] [--new 64] [--runs 5] [--uncached-new N]
//                [--uncached-runs 3] [--prompt-ids 1,2,3] [--bandwidth-mb 1024] [--json]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "bench_stats.hpp"
#include "generate/generate.hpp"
#include "model/checkpoint.hpp"
#include "model/matmul.hpp"
#include "support/blas_kernels.hpp"
#include "support/cli.hpp"
#include "support/error.hpp"

extern "C" int openblas_get_num_threads(void);  // OpenBLAS's own API (not in CBLAS)
extern "C" void openblas_set_num_threads(int);

using Clock = std::chrono::steady_clock;

namespace {

// printf's formatting into a string: run_chapter buffers std::cout, so the table must go there.
template <typename... Args>
std::string format(const char* f, Args... args) {
    char buf[256];
    std::snprintf(buf, sizeof buf, f, args...);
    return buf;
}

double seconds(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); }

using bench::median;

// Float32 bytes a cached step reads from the weights: each block's every tensor, ln_f, the head
// (wte, all V rows), one row of wpe. Biases and layer norms included (they are < 1 %).
std::size_t weight_bytes_per_step(const gpt2::Model& model) {
    const gpt2::Weights& w = model.weights();
    auto lin = [](const gpt2::LinearParams& p) { return p.weight.size() + p.bias.size(); };
    auto ln = [](const gpt2::LayerNormParams& p) { return p.weight.size() + p.bias.size(); };
    std::size_t floats = w.lm_head.size() + ln(w.ln_f) + w.wpe.shape[1];
    for (const gpt2::BlockParams& b : w.h)
        floats += ln(b.ln_1) + lin(b.c_attn) + lin(b.attn_proj) + ln(b.ln_2) + lin(b.c_fc) + lin(b.mlp_proj);
    return 4 * floats;
}

// GB/s reading `mb` MiB of floats: a sum (16 partial sums, so the compiler can keep them in
// vector registers without reassociating) and sgemv over it as [rows, 4096] (OpenBLAS's
// matrix-vector kernel, the one a decode step runs, at `threads` threads). Median of 5 each.
nlohmann::json read_bandwidth(std::size_t mb, int threads) {
    const std::size_t n = mb * (std::size_t(1) << 20) / 4, cols = 4096, rows = n / cols;
    std::vector<float> a(n, 1.0f), x(cols, 1.0f), y(rows);
    volatile float sink = 0;
    auto time = [&](auto&& fn) {
        fn();  // warm up
        std::vector<double> t;
        for (int r = 0; r < 5; ++r) {
            const auto t0 = Clock::now();
            fn();
            t.push_back(seconds(t0, Clock::now()));
        }
        return double(n) * 4 / median(t) / 1e9;
    };
    nlohmann::json out;
    out["sum_1_thread"] = time([&] {
        float acc[16] = {};
        for (std::size_t i = 0; i + 16 <= n; i += 16)
            for (int j = 0; j < 16; ++j) acc[j] += a[i + j];
        sink = std::accumulate(acc, acc + 16, 0.0f);
    });
    const int before = openblas_get_num_threads();
    openblas_set_num_threads(1);
    out["sgemv_1_thread"] = time([&] { gpt2::sgemv(false, rows, cols, a.data(), cols, x.data(), y.data()); });
    if (threads > 1) {
        openblas_set_num_threads(threads);
        out["sgemv_" + std::to_string(threads) + "_threads"] =
            time([&] { gpt2::sgemv(false, rows, cols, a.data(), cols, x.data(), y.data()); });
    }
    openblas_set_num_threads(before);
    double best = 0;
    for (const auto& [k, v] : out.items()) best = std::max(best, v.get<double>());
    out["best"] = best;
    (void)sink;
    return out;
}

struct Mode {
    std::vector<int> ids;  // the new ids of the first run
    std::vector<double> ttft, decode_tps, step;
};

// One greedy decode of `n_new` tokens; records when each token was chosen.
Mode run_mode(const gpt2::Model& model, const std::vector<int>& prompt, std::size_t n_new, bool use_cache, int runs) {
    gpt2::GenerateOptions opts;
    opts.use_cache = use_cache;
    opts.eos_id = -1;  // never stop early: every run does the same work
    Mode m;
    for (int r = 0; r <= runs; ++r) {  // run 0 warms up (page faults, caches)
        std::vector<Clock::time_point> at;
        at.reserve(n_new);
        const auto t0 = Clock::now();
        const std::vector<int> ids = gpt2::generate(model, prompt, n_new, opts, [&](int) { at.push_back(Clock::now()); });
        if (r == 0) {
            m.ids = ids;
            continue;
        }
        if (ids != m.ids) throw gpt2::Error("the generated ids changed from one run to the next");
        m.ttft.push_back(seconds(t0, at.front()));
        if (n_new > 1) {
            m.decode_tps.push_back(double(n_new - 1) / seconds(at.front(), at.back()));
            std::vector<double> steps;
            for (std::size_t i = 1; i < at.size(); ++i) steps.push_back(seconds(at[i - 1], at[i]));
            m.step.push_back(median(steps));
        }
    }
    return m;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Benchmark: decode tokens/s with and without the KV cache, and the bandwidth bound", "bench_decode"};
    std::string model_arg;
    std::size_t prompt_tokens = 8, n_new = 64, uncached_new = 0, bandwidth_mb = 1024;
    int runs = 5, uncached_runs = 3;
    std::vector<int> prompt_ids;
    bool json = false;
    gpt2::add_model_option(app, model_arg);
    app.add_option("--prompt-tokens", prompt_tokens, "random prompt ids (fixed seed)")
        ->check(gpt2::whole_number(1, 100000));
    app.add_option("--prompt-ids", prompt_ids, "the prompt's ids instead (comma-separated)")->delimiter(',');
    app.add_option("--new", n_new, "new tokens per run")->check(gpt2::whole_number(1, 100000));
    app.add_option("--runs", runs, "timed runs of the cached loop, after one to warm up")
        ->check(gpt2::whole_number(1, 1000));
    app.add_option("--uncached-new", uncached_new, "new tokens per uncached run (default: --new)")
        ->check(gpt2::whole_number(1, 100000));
    app.add_option("--uncached-runs", uncached_runs, "timed runs of the uncached loop (0: skip it)")
        ->check(gpt2::whole_number(0, 1000));
    app.add_option("--bandwidth-mb", bandwidth_mb, "MiB read to measure the bandwidth (0: skip)")
        ->check(gpt2::whole_number(0, 65536));
    app.add_flag("--json", json, "one JSON object instead of a table");
    return gpt2::run_chapter(app, argc, argv, [&] {
        const gpt2::Checkpoint ck = gpt2::Checkpoint::open(model_arg);
        const gpt2::Config& cfg = ck.model.config();
        if (prompt_ids.empty()) {
            std::mt19937 rng(1234);
            const unsigned ids = unsigned(std::min(cfg.vocab_size, 50256));  // not <|endoftext|>
            for (std::size_t i = 0; i < prompt_tokens; ++i) prompt_ids.push_back(int(rng() % ids));
        }
        if (!uncached_new) uncached_new = n_new;
        const int threads = openblas_get_num_threads();

        nlohmann::json report = {
            {"model", ck.files.dir.string()},
            {"shape",
             {{"n_layer", cfg.n_layer}, {"n_embd", cfg.n_embd}, {"n_head", cfg.n_head}, {"vocab_size", cfg.vocab_size}}},
            {"parameters", ck.model.num_parameters()},
            {"openblas_core", gpt2::blas_core_name()},
            {"threads", threads},
            {"prompt_ids", prompt_ids},
            {"weight_bytes_per_step", weight_bytes_per_step(ck.model)}};
        std::vector<std::vector<int>> all_ids;
        for (bool cached : {true, false}) {
            const int n_runs = cached ? runs : uncached_runs;
            if (n_runs == 0) continue;
            const std::size_t n = cached ? n_new : uncached_new;
            const Mode m = run_mode(ck.model, prompt_ids, n, cached, n_runs);
            nlohmann::json j = {{"new", n}, {"runs", n_runs}, {"ttft_s", median(m.ttft)}};
            if (n > 1)
                j.update({{"decode_tokens_per_s", median(m.decode_tps)},
                          {"decode_tokens_per_s_range", {*std::min_element(m.decode_tps.begin(), m.decode_tps.end()),
                                                         *std::max_element(m.decode_tps.begin(), m.decode_tps.end())}},
                          {"step_after_first_s", median(m.step)}});
            report["modes"][cached ? "cached" : "uncached"] = j;
            all_ids.push_back(m.ids);
            if (cached) report["ids"] = m.ids;
        }
        if (all_ids.size() == 2) {  // the uncached run may be shorter: compare what both made
            const std::size_t k = std::min(all_ids[0].size(), all_ids[1].size());
            report["cached_uncached_ids_identical"] =
                std::equal(all_ids[0].begin(), all_ids[0].begin() + k, all_ids[1].begin());
        }
        if (bandwidth_mb) {
            const nlohmann::json bw = read_bandwidth(bandwidth_mb, threads);
            const double bound_s = report["weight_bytes_per_step"].get<double>() / (bw["best"].get<double>() * 1e9);
            report["bandwidth_gb_s"] = bw;
            report["bound_tokens_per_s"] = 1 / bound_s;
            if (report["modes"].contains("cached") && report["modes"]["cached"].contains("step_after_first_s"))
                report["cached_step_over_bound"] = report["modes"]["cached"]["step_after_first_s"].get<double>() / bound_s;
        }

        if (json) {
            std::cout << report.dump() << "\n";
            return;
        }
        std::cout << report["model"].get<std::string>() << ": " << cfg.n_layer << " x " << cfg.n_embd << ", "
                  << ck.model.num_parameters() << " parameters; OpenBLAS core " << gpt2::blas_core_name() << ", "
                  << threads << (threads == 1 ? " thread" : " threads") << "; prompt " << prompt_ids.size()
                  << " ids; greedy\n";
        std::cout << format("%-10s %5s %16s %12s %12s\n", "", "new", "decode tokens/s", "first token", "step after");
        for (const auto& [name, m] : report["modes"].items()) {
            std::cout << format("%-10s %5zu ", name.c_str(), m["new"].get<std::size_t>());
            if (m.contains("decode_tokens_per_s"))  // one token: no step after the first to time
                std::cout << format("%16.1f %10.2fms %10.3fms\n", m["decode_tokens_per_s"].get<double>(),
                                    m["ttft_s"].get<double>() * 1e3, m["step_after_first_s"].get<double>() * 1e3);
            else
                std::cout << format("%16s %10.2fms %12s\n", "none", m["ttft_s"].get<double>() * 1e3, "none");
        }
        if (report.contains("bound_tokens_per_s"))
            std::cout << format("%-10s %5s %16.1f %12s %10.3fms  (%.1f MB of float32 weights per step / %.1f GB/s, "
                                "the best read)\n",
                                "bound", "", report["bound_tokens_per_s"].get<double>(), "",
                                1e3 / report["bound_tokens_per_s"].get<double>(),
                                report["weight_bytes_per_step"].get<double>() / 1e6,
                                report["bandwidth_gb_s"]["best"].get<double>());
        if (report.contains("cached_uncached_ids_identical"))
            std::cout << "cached and uncached ids identical: "
                      << (report["cached_uncached_ids_identical"].get<bool>() ? "yes" : "NO") << "\n";
    });
}
