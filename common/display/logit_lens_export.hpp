// display/logit_lens_export.hpp — a LensResult as JSON (--json) and as CSV (--csv).
//
// JSON, one object (the fields of the chapter's contract first, extras after):
//   {"ln_f": "none"|"intermediate", "prepend_bos": bool,
//    "input_ids": [...], "tokens": [...],                 (decode([id]) of each input id)
//    "hidden_states": [ for i = 0 … n_layer:
//      {"index": i,
//       "top_k": [ per position {"ids": [...], "logits": [...], "probs": [...], "tokens": [...]} ],
//       "final_top1_prob": [...], "final_top1_rank": [...],  (per position; ranks from 0)
//       "entropy": [...], "kl_to_final": [...],              (nats)
//       "norm": [...],                                        (‖h‖₂ of the hidden state)
//       "next_token_match": [...] } ],                        (top-1 == ids[t+1]; false at the end)
//    "final_top1": [...]}                                     (the model's prediction per position)
// Floats are written with the shortest text that reads back as the same float.
//
// CSV: a header line, then one row per (state, position), states outer:
//   state,position,input_id,input_token,top1_id,top1_token,top1_logit,top1_prob,
//   final_top1_id,final_top1_token,final_top1_prob,final_top1_rank,entropy,kl_to_final,
//   norm,next_token_match
// Token texts are raw (not display_token) and always quoted as RFC 4180 says ("" for ").
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "lens/logit_lens.hpp"
#include "text/tokenizer.hpp"

namespace gpt2 {

std::string ln_f_name(LnF mode);  // "none", "intermediate"

nlohmann::ordered_json lens_json(const LensResult& lens, const Tokenizer& tok);
std::string lens_csv(const LensResult& lens, const Tokenizer& tok);

}  // namespace gpt2
