// display/position_zero_json.hpp — chapter 8's measurements as JSON, in the layout of the reference file
// (data/reference/<checkpoint>.position-zero.json, written by tools/teaching_model/make_reference.py).
// Numbers are doubles at full precision; a ratio with a zero median and a loss with no position
// to average are null.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "lens/attention_sink.hpp"
#include "lens/massive_dimension.hpp"
#include "lens/position_zero_experiments.hpp"
#include "lens/position_zero_lens.hpp"
#include "model/config.hpp"

namespace gpt2 {

// [{"state": s, "top": [{"dim", "value", "median_other", "ratio"}, … k]}, …] for one sequence;
// with `averaged`, the keys are "mean_value" and "mean_median_other" (over windows).
nlohmann::ordered_json dimensions_json(const std::vector<DimensionStats>& per_state, std::size_t k, bool averaged);

// {"dim", "states", "first_state"}
nlohmann::ordered_json massive_dimension_json(const MassiveDimension& m);

// {"share": [[…H] × L], "uniform", "gu_score": [[…H] × L], "gu_rate"}
nlohmann::ordered_json attention_sink_json(const AttentionSink& sink);

// [{"context", "windows", "gu_rate", "mean_share"}, …]
nlohmann::ordered_json sink_by_context_json(const std::vector<SinkAtContext>& rows);

// [{"state", "kl_pos0", "kl_other", "agree_pos0", "agree_other"}, …]
nlohmann::ordered_json position_zero_lens_json(const std::vector<LensAtPositionZero>& lens);

// {"name", "loss_mean", "loss_rest", "loss_by_position", "sink_share_by_layer", "lens_kl_pos0",
//  "lens_agree_pos0", "norm_pos0"}, or {"name", "skipped": reason}
nlohmann::ordered_json experiment_json(const ExperimentResult& run);

// ---- the whole object ch08_position_zero --json prints -----------------------------------------
// What the chapter measured, in its three parts; main() fills them as the story goes.
struct PositionZeroPrompt {
    std::string text;                       // --prompt
    std::vector<int> ids;
    std::vector<std::string> tokens;        // tok.token_string(id) of each id
    std::vector<DimensionStats> dimensions;  // [L + 1]; empty when the prompt has one token
    std::optional<AttentionSink> sink;       // none when the prompt has one token
};

struct PositionZeroText {
    std::string file;                        // as shown: data/text/heldout-sample.txt
    std::size_t tokens = 0, window = 0, windows = 0;
    std::vector<DimensionStats> dimensions;  // [L + 1], window means
    MassiveDimension massive;
    AttentionSink sink;
    std::vector<SinkAtContext> by_context;   // empty when not measured
    std::vector<LensAtPositionZero> lens;    // [L + 1]; empty when not measured
};

struct PositionZeroExperiments {
    ExperimentSettings settings;             // what the hooks edit: dim, from_block, …
    double scale = 0;                        // --scale as given (settings.scale is its float)
    std::string donor, donor_token;          // --donor, and its token that is transplanted
    std::vector<ExperimentResult> runs;      // baseline first
};

// {"model", "n_layer", "n_embd", "n_head", "n_positions", "prompt": {…}, "text": {…},
//  "experiments": {…}}: the spec's --json layout. k: the dimensions listed per state (--top).
// "dimensions" and "sink" of a one-token prompt are null.
nlohmann::ordered_json position_zero_json(const std::string& model, const Config& config, std::size_t k,
                                          const PositionZeroPrompt& prompt, const PositionZeroText& text,
                                          const PositionZeroExperiments& experiments);

}  // namespace gpt2
