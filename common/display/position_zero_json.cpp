// display/position_zero_json.cpp — see display/position_zero_json.hpp.
#include "display/position_zero_json.hpp"

#include <cmath>

namespace gpt2 {

namespace {
nlohmann::ordered_json number_or_null(double x) { return std::isfinite(x) ? nlohmann::ordered_json(x) : nlohmann::ordered_json(); }

nlohmann::ordered_json rows_json(const xt::xtensor<double, 2>& m) {
    nlohmann::ordered_json rows = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < m.shape(0); ++i) {
        rows.push_back(nlohmann::ordered_json::array());
        for (std::size_t j = 0; j < m.shape(1); ++j) rows.back().push_back(m(i, j));
    }
    return rows;
}
}  // namespace

nlohmann::ordered_json dimensions_json(const std::vector<DimensionStats>& per_state, std::size_t k, bool averaged) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (std::size_t s = 0; s < per_state.size(); ++s) {
        const DimensionStats& st = per_state[s];
        nlohmann::ordered_json top = nlohmann::ordered_json::array();
        for (std::size_t d : top_dimensions(st.value, k))
            top.push_back({{"dim", d},
                           {averaged ? "mean_value" : "value", st.value[d]},
                           {averaged ? "mean_median_other" : "median_other", st.median_other[d]},
                           {"ratio", number_or_null(st.ratio(d))}});
        out.push_back({{"state", s}, {"top", top}});
    }
    return out;
}

nlohmann::ordered_json massive_dimension_json(const MassiveDimension& m) {
    return {{"dim", m.dim}, {"states", m.states}, {"first_state", m.first_state}};
}

nlohmann::ordered_json attention_sink_json(const AttentionSink& sink) {
    return {{"share", rows_json(sink.share.share)},
            {"uniform", sink.share.uniform},
            {"gu_score", rows_json(sink.gu_score)},
            {"gu_rate", sink.gu_rate}};
}

nlohmann::ordered_json sink_by_context_json(const std::vector<SinkAtContext>& rows) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const SinkAtContext& r : rows)
        out.push_back({{"context", r.context}, {"windows", r.windows}, {"gu_rate", r.gu_rate}, {"mean_share", r.mean_share}});
    return out;
}

nlohmann::ordered_json position_zero_lens_json(const std::vector<LensAtPositionZero>& lens) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (std::size_t s = 0; s < lens.size(); ++s)
        out.push_back({{"state", s},
                       {"kl_pos0", lens[s].kl_pos0},
                       {"kl_other", lens[s].kl_other},
                       {"agree_pos0", lens[s].agree_pos0},
                       {"agree_other", lens[s].agree_other}});
    return out;
}

nlohmann::ordered_json experiment_json(const ExperimentResult& run) {
    if (!run.skipped.empty()) return {{"name", run.name}, {"skipped", run.skipped}};
    return {{"name", run.name},
            {"loss_mean", number_or_null(run.loss_mean)},
            {"loss_rest", number_or_null(run.loss_rest)},
            {"loss_by_position", run.loss_by_position},
            {"sink_share_by_layer", run.sink_share_by_layer},
            {"lens_kl_pos0", run.lens_kl_pos0},
            {"lens_agree_pos0", run.lens_agree_pos0},
            {"norm_pos0", run.norm_pos0}};
}

nlohmann::ordered_json position_zero_json(const std::string& model, const Config& config, std::size_t k,
                                          const PositionZeroPrompt& prompt, const PositionZeroText& text,
                                          const PositionZeroExperiments& experiments) {
    nlohmann::ordered_json out;
    out["model"] = model;
    out["n_layer"] = config.n_layer;
    out["n_embd"] = config.n_embd;
    out["n_head"] = config.n_head;
    out["n_positions"] = config.n_positions;
    nlohmann::ordered_json p;
    p["text"] = prompt.text;
    p["input_ids"] = prompt.ids;
    p["tokens"] = nlohmann::ordered_json::array();
    for (const std::string& t : prompt.tokens) p["tokens"].push_back(t);
    p["dimensions"] = prompt.dimensions.empty() ? nlohmann::ordered_json() : dimensions_json(prompt.dimensions, k, false);
    p["sink"] = prompt.sink ? attention_sink_json(*prompt.sink) : nlohmann::ordered_json();
    out["prompt"] = p;
    nlohmann::ordered_json t;
    t["file"] = text.file;
    t["tokens"] = text.tokens;
    t["window"] = text.window;
    t["windows"] = text.windows;
    t["dimensions"] = dimensions_json(text.dimensions, k, true);
    t["massive_dimension"] = massive_dimension_json(text.massive);
    t["sink"] = attention_sink_json(text.sink);
    t["sink"]["by_context"] = sink_by_context_json(text.by_context);
    t["lens"] = position_zero_lens_json(text.lens);
    out["text"] = t;
    nlohmann::ordered_json e;
    e["dim"] = experiments.settings.dim;
    e["from_block"] = experiments.settings.from_block;
    e["scale"] = experiments.scale;
    e["donor"] = experiments.donor;
    e["donor_token"] = experiments.donor_token;
    e["runs"] = nlohmann::ordered_json::array();
    for (const ExperimentResult& r : experiments.runs) e["runs"].push_back(experiment_json(r));
    out["experiments"] = e;
    return out;
}

}  // namespace gpt2
