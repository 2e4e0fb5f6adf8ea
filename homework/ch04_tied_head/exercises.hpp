// Chapter 4 homework: the tied head, dot products and cosines (book/04-tied-head.md).
//
// Write the bodies in ex1_nearest_by_cosine.cpp and ex2_not_own_top1.cpp, then run
// `make homework`. The tests are in homework/tests/ch04_tied_head.test.cpp.
#pragma once

#include <cstddef>
#include <vector>

#include "model/model.hpp"

namespace homework {

// Exercise 1: the k tokens whose embeddings point most nearly the same way as token
// id's: largest cosine similarity  cos(a, b) = a·b / (|a| |b|)  between wte[id] and each
// row of wte, best first (ties: lower id first). Unlike the dot product the head computes,
// the cosine ignores the lengths, so token id itself always comes first.
std::vector<int> nearest_by_cosine(const gpt2::Model& model, int id, std::size_t k);

// Exercise 2: among `ids`, those for which the head's favourite token is NOT the token
// itself: the largest entry of lm_head(wte[id]) is at some other id. Keep the order of
// `ids`. (The notebook: "the dot product with a different token's embedding may turn out
// to be the largest one just because it's a different magnitude".)
std::vector<int> not_own_top1(const gpt2::Model& model, const std::vector<int>& ids);

}  // namespace homework
