// support/json_input.hpp — bounds on JSON that comes from files the user gives us (config.json,
// vocab.json, a safetensors header, --jsonl lines).
//
// nlohmann::json parses and frees any depth without recursion, but other operations recurse
// (dump(), copies, comparisons): 150 KB of "[[[[…" once overflowed the stack while an error
// message was being built. So (1) documents nested deeper than kMaxJsonDepth are refused
// before parsing, and (2) a value is never dump()ed into a message: json_for_message shows
// scalars as written and containers by kind only.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

namespace gpt2 {

// Deeper than any file we read needs (config.json: 3 levels, a safetensors header: 3).
constexpr std::size_t kMaxJsonDepth = 64;

// The byte offset of the first '[' or '{' that opens level kMaxJsonDepth + 1, or
// std::string_view::npos when text stays within the limit. Brackets inside strings do not count.
std::size_t json_too_deep_at(std::string_view text);

// "JSON nested deeper than 64 levels (at byte N)": the start of the message for that offset.
std::string json_too_deep_message(std::size_t offset);

// The byte offset of the first NUL byte in text, or std::string_view::npos. nlohmann::json
// takes a NUL for the end of its input, so `{"n_layer": 2}<NUL>anything` would parse; JSON text
// never holds a raw NUL (in a string it is written \u0000), so one anywhere is refused.
std::size_t json_nul_at(std::string_view text);

// What is wrong with JSON text before it is parsed, or "" when nothing is: too deep
// ("JSON nested deeper than 64 levels (at byte N)") or a NUL ("JSON with a NUL byte at byte
// N (JSON text cannot hold one)"). Every JSON input (config.json, vocab.json, a safetensors header,
// a --jsonl line) goes through this before nlohmann::json::parse.
std::string json_input_problem(std::string_view text);

// A JSON value for an error message, one short line: 12, -7.5, true, null, "text" (escaped
// and cut by quote_for_message), "an array of 3 items", "an object of 2 keys".
std::string json_for_message(const nlohmann::json& value);

}  // namespace gpt2
