// bench_forward — how long the forward pass plus the logit lens takes, and how much memory.
//
// For T = 5, 64 and 512 tokens (random ids, fixed seed): the forward pass returning all
// n_layer + 1 hidden states, then the lens: top-10 of lm_head(h) for every state and
// position (one streamed pass over wte for all states). Reports the median of several
// runs, the load time (open + map + tokenizer), peak RSS, and which OpenBLAS kernels ran.
// A benchmark, not a test: it asserts nothing about time. scripts/bench-forward runs it
// side by side with PyTorch on the same weights.
//
//   bench_forward --model DIR [--lengths 5,64,512] [--runs N] [--json]
#include <algorithm>
#include <chrono>
#include <iostream>
#include <random>
#include <vector>

#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "bench_stats.hpp"
#include "model/checkpoint.hpp"
#include "model/lm_head.hpp"
#include "model/safetensors.hpp"
#include "model/transformer.hpp"
#include "support/blas_kernels.hpp"
#include "support/cli.hpp"
#include "support/error.hpp"

using Clock = std::chrono::steady_clock;

namespace {

using bench::median;
using bench::peak_rss_mb;
using bench::seconds_since;

// All hidden states of one sequence stacked into one [S·T, C] matrix for the lens.
xt::xtensor<float, 2> stack(const std::vector<xt::xtensor<float, 2>>& states) {
    const std::size_t T = states[0].shape(0), C = states[0].shape(1);
    xt::xtensor<float, 2> all = xt::empty<float>({states.size() * T, C});  // [S·T, C]
    for (std::size_t s = 0; s < states.size(); ++s) std::copy(states[s].begin(), states[s].end(), all.data() + s * T * C);
    return all;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Benchmark: forward pass + logit lens over every hidden state", "bench_forward"};
    std::string model_arg;
    std::vector<int> lengths = {5, 64, 512};
    int runs = 0;
    bool json = false;
    gpt2::add_model_option(app, model_arg);
    app.add_option("--lengths", lengths, "sequence lengths")->delimiter(',');
    app.add_option("--runs", runs, "runs per length (default: 20 for short, 5 for long)");
    app.add_flag("--json", json, "one JSON object instead of a table");
    return gpt2::run_chapter(app, argc, argv, [&] {
        const auto t_load = Clock::now();
        const gpt2::Checkpoint ck = gpt2::Checkpoint::open(model_arg);
        const double load_s = seconds_since(t_load);
        const auto& cfg = ck.model.config();

        nlohmann::json report = {{"model", ck.files.dir.string()},
                                 {"parameters", ck.model.num_parameters()},
                                 {"openblas_core", gpt2::blas_core_name()},
                                 {"load_s", load_s}};
        std::mt19937 rng(1234);
        for (int T : lengths) {
            if (T < 1 || T > cfg.n_positions) throw gpt2::Error("--lengths: " + std::to_string(T) + " is out of range");
            std::vector<int> ids(T);
            for (int& id : ids) id = int(rng() % 50256);
            const int n = runs > 0 ? runs : (T >= 256 ? 5 : 20);
            std::vector<double> fwd, lens, total;
            std::vector<int> top1;
            for (int r = 0; r <= n; ++r) {  // run 0 warms up (page faults, caches)
                const auto t0 = Clock::now();
                const auto states = gpt2::hidden_states(ck.model, ids);
                const double f = seconds_since(t0);
                const auto t1 = Clock::now();
                const auto rows = gpt2::lm_head_top_k(ck.model, stack(states), 10);
                const double l = seconds_since(t1);
                if (r == 0) {
                    for (const auto& row : rows) top1.push_back(row.top.ids[0]);
                    continue;
                }
                fwd.push_back(f), lens.push_back(l), total.push_back(f + l);
            }
            report["runs"].push_back({{"T", T}, {"n", n}, {"forward_s", median(fwd)}, {"lens_s", median(lens)},
                                      {"total_s", median(total)}, {"top1", top1}, {"ids", ids}});
        }
        report["peak_rss_mb"] = peak_rss_mb();
        report["file_mb"] = ck.model.safetensors().file_size() / 1048576.0;

        if (json) {
            std::cout << report.dump() << "\n";
            return;
        }
        std::cout << "model " << report["model"].get<std::string>() << " (" << ck.model.num_parameters()
                  << " parameters), OpenBLAS core " << gpt2::blas_core_name() << "\n"
                  << "load " << load_s * 1e3 << " ms, peak RSS " << report["peak_rss_mb"].get<double>() << " MB (file "
                  << report["file_mb"].get<double>() << " MB)\n";
        for (const auto& r : report["runs"])
            std::cout << "T=" << r["T"] << ": forward " << r["forward_s"].get<double>() * 1e3 << " ms, lens "
                      << r["lens_s"].get<double>() * 1e3 << " ms, total " << r["total_s"].get<double>() * 1e3
                      << " ms (median of " << r["n"] << ")\n";
    });
}
