// model/checkpoint.hpp — everything a chapter needs from --model: files, tokenizer, weights.
//
// Chapters 3 onwards open a checkpoint in one line and turn the prompt into ids with
// the checks a learner's typo deserves: an empty prompt, or one longer than the model's
// context (n_positions), is a one-line gpt2::Error rather than a crash deep inside the
// forward pass.
#pragma once

#include <string>
#include <vector>

#include "model/model.hpp"
#include "support/model_files.hpp"
#include "text/tokenizer.hpp"

namespace gpt2 {

struct Checkpoint {
    ModelFiles files;
    Tokenizer tokenizer;
    Model model;

    // model_arg: what followed --model ("" for the default). See support/model_files.hpp.
    static Checkpoint open(const std::string& model_arg);

    // The prompt's ids as the notebook's tokenizer gives them (add_prefix_space).
    // Throws gpt2::Error when the prompt has no tokens or more than n_positions.
    std::vector<int> encode_prompt(const std::string& prompt, const EncodeOptions& opts = {}) const;
};

}  // namespace gpt2
