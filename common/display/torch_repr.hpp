// display/torch_repr.hpp — text as PyTorch prints it, so a learner can hold our output next to
// the notebook's: tensors of token ids (Out[7], Out[11]) and modules (Out[8], Out[9]).
//
//   tensor_repr(284)                  tensor(284)
//   tensor_repr({{770, 5041, 314}})   tensor([[ 770, 5041,  314]])
//   embedding_repr(50257, 768)        Embedding(50257, 768)
//   linear_repr(768, 50257, false)    Linear(in_features=768, out_features=50257, bias=False)
//
// Integer tensors follow torch 1.13's default print options (torch/_tensor_str.py):
// every number right-aligned to the widest one; lines of at most 80 columns, wrapped
// with the continuation indented under the first "["; more than 1000 numbers are
// summarised as the first and last 3 of each row (and of the rows) around "...".
//
// Deliberately not handled: floating-point tensors (torch's choice between fixed and
// scientific notation), dtype/device suffixes, empty tensors, more than 2 dimensions.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace gpt2 {

// A 0-d integer tensor: "tensor(284)".
std::string tensor_repr(long long value);

// A [B, T] integer tensor (every row the same length, at least one number).
std::string tensor_repr(const std::vector<std::vector<int>>& rows);

// nn.Embedding(num_embeddings, embedding_dim)'s repr.
std::string embedding_repr(std::size_t num_embeddings, std::size_t embedding_dim);

// nn.Linear(in_features, out_features, bias)'s repr.
std::string linear_repr(std::size_t in_features, std::size_t out_features, bool bias);

}  // namespace gpt2
