// text/batch.hpp — several token sequences of different lengths as one [B, T] batch.
//
// What the notebook's In[5] does with tokenizer(["Hi", phrase], padding=True): pad every
// sequence to the longest one with a pad id (GPT-2 has no pad token, so the notebook
// sets pad_token = eos_token, id 50256 in GPT-2's vocabulary) and record which positions are real in an
// attention mask. With left padding (the notebook's padding_side = 'left') the real
// tokens of every row end at the last column, which is where next-token logits are read.
//
// It also gives the two choices of position ids a batched forward pass can use: the
// default 0..T-1 (what transformers does when no position_ids are passed — a left-padded
// "Hi" then sits at position 4, not 0, and its logits change), or positions counted from
// the mask so each row's real tokens start at 0 as they would unbatched.
//
// Deliberately not here: truncation, tokenizing (callers pass ids), or using the mask —
// that is the attention code's job.
#pragma once

#include <vector>

#include <xtensor/xtensor.hpp>

namespace gpt2 {

enum class PadSide { Left, Right };

struct Batch {
    xt::xtensor<int, 2> input_ids;       // [B, T], pad positions hold the pad id
    xt::xtensor<int, 2> attention_mask;  // [B, T], 1 = real token, 0 = padding
};

// Pad sequences to the longest with pad_id: the notebook sets pad_token = eos_token, so callers
// pass Tokenizer::require_eos() (50256 for GPT-2's vocabulary).
// Throws gpt2::Error for an empty batch or one whose sequences are all empty. A single
// empty sequence among others becomes a row of padding (mask all 0).
Batch pad_batch(const std::vector<std::vector<int>>& sequences, int pad_id,
                PadSide side = PadSide::Left);

// 0..T-1 for every row: what transformers' GPT-2 forward uses when no position_ids are passed.
xt::xtensor<int, 2> position_ids_default(const Batch&);

// cumsum(mask) - 1, clipped at 0: real tokens get 0,1,2,... whatever the padding.
// Left padding: mask [0,0,1,1] -> [0,0,0,1]; right padding: [1,1,0,0] -> [0,1,1,1].
// Padding positions get some valid position; the mask keeps them out of attention.
xt::xtensor<int, 2> position_ids_from_mask(const Batch&);

}  // namespace gpt2
