// teaching_phrase.hpp — the teaching model and one forward of "This weekend I plan to", loaded once
// and shared by the chapters' tests that feed your functions real numbers (ch07, ch08).
#pragma once

#include <vector>

#include <xtensor/xtensor.hpp>

#include "model/checkpoint.hpp"
#include "model/transformer.hpp"

namespace homework_tests {

inline const gpt2::Checkpoint& teaching() {  // data/models/teaching-gpt2: 6 layers, n_embd 256, 8 heads
    static const gpt2::Checkpoint ck = gpt2::Checkpoint::open("teaching");
    return ck;
}

inline const std::vector<int>& phrase_ids() {  // " This", " weekend", " I", " plan", " to"
    static const std::vector<int> ids = teaching().encode_prompt("This weekend I plan to");
    return ids;
}

// The forward pass of the phrase: n_layer + 1 hidden states [T, C] (state l is block l's input,
// for l < n_layer) and every layer's attention probabilities [H, T, T].
struct Run {
    std::vector<xt::xtensor<float, 2>> states;
    std::vector<xt::xtensor<float, 3>> attention;
};
inline const Run& phrase_run() {
    static const Run run = [] {
        Run r;
        r.states = gpt2::hidden_states(teaching().model, phrase_ids(), &r.attention);
        return r;
    }();
    return run;
}

}  // namespace homework_tests
