// display/position_zero_report.cpp — see display/position_zero_report.hpp.
#include "display/position_zero_report.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "lens/logit_lens.hpp"
#include "support/number_format.hpp"
#include "support/table.hpp"

namespace gpt2 {

namespace {

std::string ratio_text(double r) { return std::isfinite(r) ? fixed(r, 1) : "inf"; }

std::string with_sign(double x, int decimals) { return (x >= 0 ? "+" : "") + fixed(x, decimals); }  // "+0.012"

double mean_of(const std::vector<double>& v) {
    double sum = 0;
    for (double x : v) sum += x;
    return v.empty() ? 0 : sum / double(v.size());
}

// m [L, H]: the mean over the heads of layer l.
double layer_mean(const xt::xtensor<double, 2>& m, std::size_t l) {
    double sum = 0;
    for (std::size_t h = 0; h < m.shape(1); ++h) sum += m(l, h);
    return sum / double(m.shape(1));
}

}  // namespace

std::string dimensions_table(const std::vector<DimensionStats>& per_state, std::size_t k) {
    std::vector<std::string> rows;
    for (std::size_t s = 0; s < per_state.size(); ++s) rows.push_back(state_label(s, per_state.size()));
    std::vector<std::string> cols = {"dim", "value", "median", "ratio"};
    if (k > 1) cols.push_back("next: dim value ×ratio");
    Table table(cols, rows);
    for (std::size_t s = 0; s < per_state.size(); ++s) {
        const DimensionStats& st = per_state[s];
        const std::vector<std::size_t> top = top_dimensions(st.value, k);
        table.set(s, 0, std::to_string(top[0]));
        table.set(s, 1, fixed(st.value[top[0]], 2));
        table.set(s, 2, fixed(st.median_other[top[0]], 2));
        table.set(s, 3, ratio_text(st.ratio(top[0])));
        std::string next;
        for (std::size_t i = 1; i < top.size(); ++i)
            next += (i > 1 ? "  " : "") + std::to_string(top[i]) + " " + fixed(st.value[top[i]], 1) + " ×" +
                    ratio_text(st.ratio(top[i]));
        if (k > 1) table.set(s, 4, next);
    }
    return table.render();
}

std::string massive_sentence(const MassiveDimension& m, const std::vector<DimensionStats>& text) {
    double v_lo = INFINITY, v_hi = 0, r_lo = INFINITY, r_hi = 0, t_lo = INFINITY, t_hi = 0;
    for (std::size_t s : m.states) {
        const double v = std::abs(text[s].value[m.dim]);
        std::vector<double> all;
        for (double x : text[s].value) all.push_back(std::abs(x));
        const double typical = v / median(all);  // × the median dimension at position 0
        v_lo = std::min(v_lo, v), v_hi = std::max(v_hi, v);
        r_lo = std::min(r_lo, text[s].ratio(m.dim)), r_hi = std::max(r_hi, text[s].ratio(m.dim));
        t_lo = std::min(t_lo, typical), t_hi = std::max(t_hi, typical);
    }
    std::string where;
    for (std::size_t s : m.states) where += (where.empty() ? "h" : ", h") + std::to_string(s);
    const std::size_t block_outputs = text.size() <= 2 ? 1 : text.size() - 2;  // states 1 … L−1
    const auto span = [](double lo, double hi, int dec) {
        const std::string a = fixed(lo, dec), b = fixed(hi, dec);
        return a == b ? a : a + " … " + b;
    };
    return "Dimension " + std::to_string(m.dim) + " is the largest at position 0 in " +
           (m.states.size() == block_outputs ? "every block output (" + where + ")"
                                             : where + " only, of h1 … h" + std::to_string(block_outputs)) +
           ": |value| " + span(v_lo, v_hi, 1) + ", " + span(r_lo, r_hi, 1) + " × its median at the other positions, " +
           span(t_lo, t_hi, 0) + " × the median dimension at position 0.";
}

std::string sink_table(const AttentionSink* prompt, const AttentionSink& text) {
    const std::size_t L = text.gu_score.shape(0), H = text.gu_score.shape(1);
    std::vector<std::string> rows, cols;
    for (std::size_t l = 0; l < L; ++l) rows.push_back("layer " + std::to_string(l));
    if (prompt) cols = {"prompt share", "prompt heads > 0.3"};
    for (const char* c : {"text share", "text gu_score", "text heads > 0.3"}) cols.push_back(c);
    Table table(cols, rows);
    const auto heads_above = [H](const xt::xtensor<double, 2>& score, std::size_t l) {
        std::size_t n = 0;
        for (std::size_t h = 0; h < H; ++h) n += score(l, h) > kSinkThreshold;
        return std::to_string(n) + " of " + std::to_string(H);
    };
    for (std::size_t l = 0; l < L; ++l) {
        std::size_t c = 0;
        if (prompt) {
            table.set(l, c++, fixed(layer_mean(prompt->share.share, l), 2));
            table.set(l, c++, heads_above(prompt->gu_score, l));
        }
        table.set(l, c++, fixed(layer_mean(text.share.share, l), 2));
        table.set(l, c++, fixed(layer_mean(text.gu_score, l), 2));
        table.set(l, c++, heads_above(text.gu_score, l));
    }
    return table.render();
}

std::string sink_by_context_table(const std::vector<SinkAtContext>& rows) {
    std::vector<std::string> cols;
    for (const auto& r : rows) cols.push_back(std::to_string(r.context));
    Table table(cols, {"windows", "gu_rate", "mean share", "uniform"});
    for (std::size_t i = 0; i < rows.size(); ++i) {
        double uniform = 0;  // chapter 7's share under uniform attention, for T = context
        for (std::size_t t = 1; t < rows[i].context; ++t) uniform += 1.0 / double(t + 1);
        uniform /= double(rows[i].context - 1);
        table.set(0, i, std::to_string(rows[i].windows));
        table.set(1, i, fixed(rows[i].gu_rate, 2));
        table.set(2, i, fixed(rows[i].mean_share, 2));
        table.set(3, i, fixed(uniform, 2));
    }
    return "context " + table.render().substr(8);  // the corner cell names the columns
}

std::string position_zero_lens_table(const std::vector<LensAtPositionZero>& lens) {
    std::vector<std::string> rows;
    for (std::size_t s = 0; s < lens.size(); ++s) rows.push_back(state_label(s, lens.size()));
    Table table({"KL pos 0", "KL others", "top-1 = final, pos 0", "others"}, rows);
    for (std::size_t s = 0; s < lens.size(); ++s) {
        table.set(s, 0, fixed(lens[s].kl_pos0, 2));
        table.set(s, 1, fixed(lens[s].kl_other, 2));
        table.set(s, 2, fixed(lens[s].agree_pos0, 2));
        table.set(s, 3, fixed(lens[s].agree_other, 2));
    }
    return table.render();
}

PairedDifference paired_difference(const ExperimentResult& run, const ExperimentResult& baseline) {
    const std::size_t n = run.loss_rest_by_window.size();
    std::vector<double> d(n);
    for (std::size_t i = 0; i < n; ++i) d[i] = run.loss_rest_by_window[i] - baseline.loss_rest_by_window[i];
    PairedDifference p;
    p.windows = n;
    p.mean = mean_of(d);
    if (n >= 2) {
        double ss = 0;
        for (double x : d) ss += (x - p.mean) * (x - p.mean);
        p.se = std::sqrt(ss / double(n - 1) / double(n));
    }
    return p;
}

bool beyond_noise(const PairedDifference& d) { return d.windows >= 2 && std::abs(d.mean) > kNoiseStandardErrors * d.se; }

bool large_change(const PairedDifference& d) { return std::abs(d.mean) >= kLargeLossChange; }

std::string experiment_sentence(const ExperimentResult& run, const ExperimentResult& baseline,
                                const std::string& what, std::size_t W) {
    if (!run.skipped.empty()) return run.name + ": skipped (" + run.skipped + ").";
    const std::string rest = "positions 1 … " + std::to_string(W - 2);
    const double share0 = mean_of(baseline.sink_share_by_layer), share1 = mean_of(run.sink_share_by_layer);
    std::ostringstream out;
    if (run.name == "baseline") {
        out << "baseline: the forward as it is; the loss is " << fixed(run.loss_by_position[0], 2)
            << " at position 0 against " << fixed(run.loss_rest, 2) << " on " << rest
            << ", and the heads give position 0 " << fixed(share0, 2) << " of their attention on average.";
        return out.str();
    }
    const PairedDifference d = paired_difference(run, baseline);
    const bool within_noise = !beyond_noise(d), large = large_change(d);
    out << run.name << ": " << what << (!within_noise && large ? (d.mean > 0 ? " raises" : " lowers") : " changes")
        << " the loss on " << rest << " by " << with_sign(d.mean, 3) << " ± " << fixed(d.se, 3)
        << " nats (mean ± standard error over " << d.windows << " windows)";
    if (within_noise)
        out << ": within twice its standard error, so these windows cannot tell it from no change";
    else if (!large)
        out << ": beyond twice its standard error but under 0.01 nats, a small effect";
    else
        out << ": beyond twice its standard error, so on these windows the other positions depend on what was changed";
    if (fixed(share0, 2) == fixed(share1, 2))
        out << "; attention on position 0 stays at " << fixed(share0, 2);
    else
        out << "; attention on position 0 goes from " << fixed(share0, 2) << " to " << fixed(share1, 2);
    out << ", and the loss at position 0 from " << fixed(baseline.loss_by_position[0], 2) << " to "
        << fixed(run.loss_by_position[0], 2) << ".";
    return out.str();
}

std::string experiments_table(const std::vector<ExperimentResult>& runs, std::size_t mid) {
    std::vector<std::string> rows;
    for (const auto& r : runs) rows.push_back(r.name);
    const std::string h = "h" + std::to_string(mid);
    Table table({"loss", "t ≥ 1", "Δ t ≥ 1", "t = 0", "share on 0", "KL " + h + " at 0", "‖" + h + "‖ at 0"}, rows);
    for (std::size_t i = 0; i < runs.size(); ++i) {
        const auto& r = runs[i];
        if (!r.skipped.empty()) {
            table.set(i, 0, "skipped");
            continue;
        }
        table.set(i, 0, fixed(r.loss_mean, 3));
        table.set(i, 1, fixed(r.loss_rest, 3));
        table.set(i, 2, i == 0 ? "—" : with_sign(r.loss_rest - runs[0].loss_rest, 3));
        table.set(i, 3, fixed(r.loss_by_position[0], 2));
        table.set(i, 4, fixed(mean_of(r.sink_share_by_layer), 3));
        table.set(i, 5, fixed(r.lens_kl_pos0[mid], 2));
        table.set(i, 6, fixed(r.norm_pos0[mid], 1));
    }
    return table.render();
}

}  // namespace gpt2
