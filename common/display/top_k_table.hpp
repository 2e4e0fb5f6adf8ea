// display/top_k_table.hpp — the notebook's top-k tables (Out[15], Out[18], Out[19]) as a Table.
//
//   pd.DataFrame([[tokenizer.decode(x) for x in y] for y in logits.topk(k=10).indices[0]])
//
// gives one row per position and one column per rank (0 = the largest logit); the
// notebook's `.T` turns it round: one column per position, one row per rank. Both are
//
//   top_k_table(tok, tops, TopKLayout::PositionsAsRows)      // Out[15]
//   top_k_table(tok, tops, TopKLayout::PositionsAsColumns)   // Out[18], Out[19]
//
// Every cell is display_token(tok.token_string(id)) (␣ marks a leading space); labels are
// "0", "1", ... as pandas prints them unless position labels are given. The TopK rows
// come from lm_head_top_k() (model/lm_head.hpp) or top_k() (model/top_k.hpp).
//
// Deliberately not handled: printing the logit values (callers wanting numbers build
// their own Table), rows of different lengths (an error).
#pragma once

#include <string>
#include <vector>

#include "model/lm_head.hpp"
#include "model/top_k.hpp"
#include "support/table.hpp"
#include "text/tokenizer.hpp"

namespace gpt2 {

enum class TopKLayout {
    PositionsAsRows,     // pd.DataFrame(...)    rows = positions, columns = ranks
    PositionsAsColumns,  // pd.DataFrame(...).T  rows = ranks, columns = positions
};

// tops[p] is position p's top-k, best first; every row must have the same k (else
// gpt2::Error). position_labels: empty for "0", "1", ...; otherwise one per position
// (e.g. the input tokens). Rank labels are always "0" .. "k-1".
Table top_k_table(const Tokenizer& tok, const std::vector<TopK>& tops, TopKLayout layout,
                  const std::vector<std::string>& position_labels = {});

// The same from lm_head_top_k()'s rows (their statistics are ignored).
Table top_k_table(const Tokenizer& tok, const std::vector<HeadRow>& rows, TopKLayout layout,
                  const std::vector<std::string>& position_labels = {});

}  // namespace gpt2
