// Chapter 3 homework: the embedding table wte (book/03-embeddings.md).
//
// Write the bodies in ex1_count_parameters.cpp and ex2_embedding_norms.cpp, then run
// `make homework`. The tests are in homework/tests/ch03_embeddings.test.cpp.
#pragma once

#include <cstddef>
#include <vector>

#include "model/config.hpp"
#include "model/model.hpp"

namespace homework {

// Exercise 1: how many parameters does a GPT-2 with this config have, counted from the
// config alone (no weights needed)? tied = true counts as transformers' num_parameters()
// does: the [V, C] matrix shared by wte and lm_head once. tied = false counts an untied
// model, whose lm_head would be a second [V, C] matrix. The difference is what tying saves.
std::size_t count_parameters(const gpt2::Config& cfg, bool tied);

// Exercise 2: the length (L2 norm, sqrt of the sum of squares) of every token's embedding:
// result[id] = |wte[id]|, one number per vocabulary entry, so result.size() == V.
std::vector<float> embedding_norms(const gpt2::Model& model);

}  // namespace homework
