// display/position_zero_report.hpp — chapter 8's measurements as text: the tables and the sentences
// that ch08_position_zero prints (the numbers come from lens/massive_dimension.hpp,
// lens/attention_sink.hpp, lens/position_zero_lens.hpp and lens/position_zero_experiments.hpp).
//
// Every sentence is worded from the numbers it reports, never written in advance: the massive
// dimension's sentence names the states where it is the largest, and an experiment's sentence
// says "raises" or "lowers" the loss only when the windows show it (paired_difference below).
// Tables are support/table.hpp's, two decimals unless said otherwise:
//
//             dim  value  median  ratio  next: dim value ×ratio
//   h0 embed  198  0.47   0.04    11.8   163 0.3 ×4.4  32 0.2 ×2.9 …
//         h1  44   30.11  6.69    4.5    86 13.5 ×6.0  248 3.2 ×3.5 …
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "lens/attention_sink.hpp"
#include "lens/massive_dimension.hpp"
#include "lens/position_zero_experiments.hpp"
#include "lens/position_zero_lens.hpp"

namespace gpt2 {

// ---- 1. the dimension ------------------------------------------------------------------------
// One row per state: the dimension with the largest |value| at position 0, its value, the
// median |value| at the other positions and their ratio ("inf" for a zero median); with k > 1,
// a last column lists the next k − 1 dimensions as "dim value ×ratio".
std::string dimensions_table(const std::vector<DimensionStats>& per_state, std::size_t k);

// The sentence naming the massive dimension, from the window means `text` ([L + 1] states):
// the states where it is the largest at position 0, the range of its |value| there, of its ratio
// to its own median at the other positions, and of its ratio to the median dimension at
// position 0 (Sun et al.'s sense of "massive"). A range whose two ends print alike is one number.
std::string massive_sentence(const MassiveDimension& m, const std::vector<DimensionStats>& text);

// ---- 2. the sink ----------------------------------------------------------------------------
// One row per layer, means over the heads: chapter 7's share, then (text only) Gu et al.'s
// score, and how many heads score above kSinkThreshold. `prompt` may be null (a one-token
// prompt): its two columns are left out.
std::string sink_table(const AttentionSink* prompt, const AttentionSink& text);

// One column per context T: windows run, gu_rate, the mean share, and the share uniform
// attention would give on T tokens (mean over t = 1 … T−1 of 1/(t+1)).
std::string sink_by_context_table(const std::vector<SinkAtContext>& rows);

// ---- 3. the lens ----------------------------------------------------------------------------
// One row per state: KL(final ‖ state) at position 0 and at the others; how often the state's
// top-1 is the final one, at position 0 and at the others.
std::string position_zero_lens_table(const std::vector<LensAtPositionZero>& lens);

// ---- 4. the experiments -----------------------------------------------------------------------
// Did an experiment change the loss on the other positions? Each window is run by the baseline
// and by the experiment, so the two losses are compared window by window (a paired difference;
// loss_rest = the mean loss over window positions 1 … W−2):
//
//   d_i  = loss_rest(run, window i) − loss_rest(baseline, window i),   i = 1 … N
//   mean = (1/N) Σ d_i
//   se   = sqrt(Σ (d_i − mean)² / (N − 1) / N)      the standard error of the mean (0 when N < 2)
//
// The windows' losses differ from each other, often by more than an edit changes them; pairing
// takes that spread out, so a small but steady change is not hidden by it.
struct PairedDifference {
    double mean = 0, se = 0;
    std::size_t windows = 0;  // N
};
PairedDifference paired_difference(const ExperimentResult& run, const ExperimentResult& baseline);

// How the sentence words a change (d = paired_difference):
//   beyond_noise  N ≥ 2 and |mean| > 2·se: more than the windows' disagreement
//   large         |mean| ≥ 0.01 nats, i.e. 1% in perplexity: where it starts to matter
// Both: "raises" / "lowers", "so on these windows the other positions depend on what was
// changed". Beyond the noise but not large: "changes", "a small effect". Within the noise:
// "changes", "these windows cannot tell it from no change".
constexpr double kNoiseStandardErrors = 2;
constexpr double kLargeLossChange = 0.01;  // nats
bool beyond_noise(const PairedDifference& d);
bool large_change(const PairedDifference& d);

// One sentence per experiment. `what` says what it does ("holding dimension 44 of position 0
// at 0 from block 1 on"); W is the window. The baseline's sentence gives its loss at position 0
// and on the others, and its mean share on position 0; the others give the paired difference
// against `baseline` (worded as above), then how the share on position 0 and the loss at
// position 0 moved. A skipped experiment says why.
std::string experiment_sentence(const ExperimentResult& run, const ExperimentResult& baseline,
                                const std::string& what, std::size_t W);

// One row per experiment (runs[0] the baseline): the mean loss, on positions ≥ 1, its change
// from the baseline's, the loss at position 0, the share on position 0 (mean over layers), and
// at window position 0 the lens's KL and the norm of state h`mid`.
std::string experiments_table(const std::vector<ExperimentResult>& runs, std::size_t mid);

}  // namespace gpt2
