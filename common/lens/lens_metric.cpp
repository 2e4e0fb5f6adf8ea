#include "lens/lens_metric.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "support/error.hpp"

namespace gpt2 {

const std::vector<LensMetric>& all_lens_metrics() {
    static const std::vector<LensMetric> all{LensMetric::Prob, LensMetric::Rank, LensMetric::Kl,
                                             LensMetric::Entropy, LensMetric::Norm};
    return all;
}

std::string metric_name(LensMetric m) {
    switch (m) {
        case LensMetric::Prob: return "prob";
        case LensMetric::Rank: return "rank";
        case LensMetric::Kl: return "kl";
        case LensMetric::Entropy: return "entropy";
        case LensMetric::Norm: return "norm";
    }
    return "?";
}

LensMetric parse_metric(const std::string& name) {
    std::string choices;
    for (LensMetric m : all_lens_metrics()) {
        if (metric_name(m) == name) return m;
        choices += (choices.empty() ? "" : ", ") + metric_name(m);
    }
    throw Error("unknown metric '" + printable_for_message(name, 40) + "': choose one of " + choices);
}

std::string metric_description(LensMetric m) {
    switch (m) {
        case LensMetric::Prob: return "prob = probability this state gives to the final top-1 token";
        case LensMetric::Rank: return "rank = rank of the final top-1 token in this state (0 = its top-1 too)";
        case LensMetric::Kl: return "kl = KL(final || this state) in nats (0 = same distribution as the output)";
        case LensMetric::Entropy: return "entropy = entropy of this state's distribution in nats (0 = certain)";
        case LensMetric::Norm: return "norm = L2 norm of the hidden state as the model returns it (the last is ln_f's output)";
    }
    return "";
}

double metric_value(const LensCell& cell, LensMetric m) {
    switch (m) {
        case LensMetric::Prob: return cell.final_top1_prob;
        case LensMetric::Rank: return double(cell.final_top1_rank);
        case LensMetric::Kl: return cell.kl_to_final;
        case LensMetric::Entropy: return cell.entropy;
        case LensMetric::Norm: return cell.norm;
    }
    return 0;
}

std::string format_metric(double value, LensMetric m) {
    char buf[32];
    switch (m) {
        case LensMetric::Prob: std::snprintf(buf, sizeof buf, "%.3g", value); break;
        case LensMetric::Rank: std::snprintf(buf, sizeof buf, "%.0f", value); break;
        case LensMetric::Kl:
        case LensMetric::Entropy: std::snprintf(buf, sizeof buf, "%.2f", value); break;
        case LensMetric::Norm: std::snprintf(buf, sizeof buf, "%.1f", value); break;
    }
    return buf;
}

double MetricScale::shade(double value) const {
    double s = 0;
    switch (metric) {
        case LensMetric::Prob: s = value; break;
        case LensMetric::Rank: s = 1 - std::log1p(value) / std::log1p(max); break;
        case LensMetric::Kl:
        case LensMetric::Entropy: s = 1 - value / max; break;
        case LensMetric::Norm: s = value / max; break;
    }
    return std::clamp(s, 0.0, 1.0);
}

std::string MetricScale::dark_label() const {
    return metric == LensMetric::Prob || metric == LensMetric::Norm ? format_metric(0, metric)
                                                                    : format_metric(max, metric);
}

std::string MetricScale::bright_label() const {
    return metric == LensMetric::Prob || metric == LensMetric::Norm ? format_metric(max, metric)
                                                                    : format_metric(0, metric);
}

MetricScale metric_scale(LensMetric m, const LensResult& lens, std::size_t vocab_size) {
    MetricScale s;
    s.metric = m;
    double grid_max = 0;
    for (const LensCell& c : lens.cells) grid_max = std::max(grid_max, metric_value(c, m));
    switch (m) {
        case LensMetric::Prob: s.max = 1; break;
        case LensMetric::Rank: s.max = double(vocab_size - 1); break;
        case LensMetric::Entropy: s.max = std::log(double(vocab_size)); break;  // uniform
        case LensMetric::Kl:
        case LensMetric::Norm: s.max = grid_max > 0 ? grid_max : 1; break;
    }
    return s;
}

}  // namespace gpt2
