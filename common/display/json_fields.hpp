// display/json_fields.hpp — the JSON objects that several chapters' --json outputs share, built once.
//
//   model_json(ck)          {"path","n_layer","n_head","n_embd","n_positions","vocab_size","parameters"}
//   top_k_json(tok, top)    {"ids":[...],"logits":[...],"tokens":[...]}  (tokens: raw text, " to")
//
// Keys come in this order (nlohmann::ordered_json), so the printed line is stable and
// tests can match it. Deliberately not here: whole documents (each chapter, or e.g.
// display/hidden_states_json.hpp, puts these fields together).
#pragma once

#include <nlohmann/json.hpp>

#include "model/checkpoint.hpp"
#include "model/top_k.hpp"
#include "text/tokenizer.hpp"

namespace gpt2 {

nlohmann::ordered_json model_json(const Checkpoint& ck);

nlohmann::ordered_json top_k_json(const Tokenizer& tok, const TopK& top);

}  // namespace gpt2
