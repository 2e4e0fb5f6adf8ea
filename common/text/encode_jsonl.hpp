// text/encode_jsonl.hpp — tokenize a whole file of texts in one pass: JSON Lines in, ids out.
//
// Input: one JSON string per line, e.g.  "This weekend I plan to"
// Output: one JSON array of token ids per line, in the same order, e.g.  [770,5041,314,1410,284]
// The same tokenizer and settings serve every line (nothing is reloaded per line), and the
// output is written in large chunks, so megabytes of text take about as long as the BPE
// itself. This is how a Python script can check our tokenizer against Hugging Face's on a
// big corpus: json.dumps each text, pipe it through `ch01_tokenizer --jsonl -`, compare.
//
// A line that is not a JSON string (including an empty line), or a text that cannot be
// tokenized, stops everything with a gpt2::Error "line N: ..." (N counts from 1). A
// trailing "\r" (a file saved on Windows) is ignored. A line longer than kMaxJsonlLineBytes
// (1 MiB, not counting "\r\n") is an error too, found without reading the rest of it: so
// memory stays bounded whatever the input (say /dev/zero, which has no newline at all).
// Deliberately not handled: JSON objects per line ({"text": ...}), parallel encoding.
#pragma once

#include <cstddef>
#include <iosfwd>

#include "text/tokenizer.hpp"

namespace gpt2 {

constexpr std::size_t kMaxJsonlLineBytes = std::size_t(1) << 20;

// Returns the number of lines encoded.
std::size_t encode_jsonl(const Tokenizer& tokenizer, std::istream& in, std::ostream& out,
                         const EncodeOptions& opts = {});

}  // namespace gpt2
