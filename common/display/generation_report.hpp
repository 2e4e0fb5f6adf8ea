// display/generation_report.hpp — chapter 9's words and numbers around a generation: the header line,
// the summary line, the --steps table, the --json object and the timing line.
//
//   teaching · greedy · KV cache · at most 40 new tokens                          header
//   This weekend I plan to find the same day, …                                    (the text)
//   40 new tokens (stopped: --max-new-tokens 40) · positions run through the model: 44 with the cache, 980 without
//
// "Positions run through the model" counts token positions that went through the blocks. With
// the cache: the prompt's P in one prefill, then one per new token but the last (the last token
// chosen is never run: nothing reads its logits), P + N − 1. Without: every step runs the whole
// sequence so far, P + (P + 1) + … + (P + N − 1). Both are printed whichever way ran (the other
// is arithmetic): what the cache saves, in a number that does not depend on the machine.
// Timings vary run to run, so they are a separate line, for stderr.
//
// Deliberately not here: choosing tokens (generate/sampler.hpp), the loop (generate/generate.hpp), UTF-8 held
// back between tokens (text/utf8_stream.hpp).
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "generate/sampler.hpp"
#include "text/tokenizer.hpp"

namespace gpt2 {

struct GenerationSetup {
    std::string model;                // the --model short name or folder, as messages show it
    std::string prompt;               // as typed ("" for an empty prompt)
    std::vector<int> prompt_ids;      // what the model reads: {eos} for an empty prompt
    bool sampling = false;            // false: greedy
    SamplerOptions sampler;           // when sampling
    bool seed_given = false;          // --seed typed (greedy then says it is unused)
    bool use_cache = true;
    bool stop_at_eos = true;          // false: --ignore-eos
    bool has_eos = true;              // the vocabulary has <|endoftext|>
    std::size_t max_new_tokens = 40;
};

// P + N − 1 (0 when N = 0), and P + (P + 1) + … + (P + N − 1).
std::size_t positions_with_cache(std::size_t prompt_tokens, std::size_t new_tokens);
std::size_t positions_without_cache(std::size_t prompt_tokens, std::size_t new_tokens);

// Throws gpt2::Error, one line, when the prompt and max_new new tokens do not fit in n_positions:
//   "prompt (6 tokens) + 600 new tokens exceeds teaching's 512 positions: ask for at most 506 new
//   tokens (--max-new-tokens 506)"; a prompt that fills or overflows them on its own says to
//   shorten it. The model has no position embedding past n_positions: nothing is cut or slid.
void check_generation_length(const std::string& model, std::size_t prompt_tokens, std::size_t max_new,
                             std::size_t n_positions);

// "teaching · sampling: temperature 0.8, top-k 40, top-p 0.95, seed 0 · KV cache · at most 40 new tokens"
std::string generation_header(const GenerationSetup& setup);

// "12 new tokens (stopped at <|endoftext|>) · positions run through the model: 17 with the cache, 126 without"
std::string generation_summary(const GenerationSetup& setup, std::size_t new_tokens, bool stopped_at_eos);

// One row of --steps: the id chosen, its token, its probability under the distribution it was drawn
// from, and that distribution's first three (token, probability).
struct StepRow {
    int id = 0;
    std::string token;
    double p = 0;
    std::vector<std::pair<std::string, double>> top;
};

// The row for `chosen` from a distribution in sampling_distribution()'s order (most probable
// first). Throws gpt2::Error when chosen is not in it.
StepRow step_row(const std::vector<std::pair<int, double>>& dist, int chosen, const Tokenizer& tok);

// step | id | token | p(chosen) | top 3 (token p), one row per step, tokens as display_token().
std::string steps_table(const std::vector<StepRow>& rows);

// The --json object: model, prompt, prompt_ids, options, new_ids, new_tokens, text, stop,
// positions_with_cache, positions_without_cache. No timings.
nlohmann::ordered_json generation_json(const GenerationSetup& setup, const std::vector<int>& new_ids,
                                       const std::vector<std::string>& new_tokens, const std::string& text,
                                       bool stopped_at_eos);

// "time to first token: 4.1 ms (prefill of 6 tokens) · decode: 39 tokens in 190.2 ms = 205 tokens/s"
// (decode: the tokens after the first, over the time after the first; "decode: none" for one token).
std::string timing_line(double first_token_ms, std::size_t prompt_tokens, std::size_t new_tokens, double decode_ms);

}  // namespace gpt2
