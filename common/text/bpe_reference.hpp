// text/bpe_reference.hpp — byte-pair encoding as the textbook loop: the version to read.
//
// common/text/tokenizer.cpp merges with a priority queue over token ids, which is fast but hard
// to follow. This is the same algorithm in its plain form, on strings:
//
//   pieces = the word's characters (GPT-2's byte-to-unicode spelling: " to" is "Ġ", "t", "o")
//   loop:
//     among all adjacent pairs (pieces[i], pieces[i+1]), find the one whose merge has the
//     lowest rank (its line in merges.txt); none in merges.txt: stop
//     replace the leftmost occurrence of that pair by its concatenation
//   return pieces
//
// Every merge rescans the whole word, so a word of n characters costs O(n²) lookups; the
// queue in text/tokenizer.cpp makes it O(n log n). tests/test_tokenizer.cpp checks that both
// give the same pieces, and book/01-tokenizer.md shows what the queue buys.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gpt2 {

class BpeReference {
public:
    // merges.txt: an optional "#version" line, then "left right" per line; the rank is the
    // line number counted from 0. Throws gpt2::Error on a missing or malformed file.
    static BpeReference load(const std::filesystem::path& merges_txt);

    // word: raw UTF-8 bytes of one pre-tokenized word (e.g. " weekend").
    // Returns its pieces, spelled as in vocab.json (e.g. {"Ġweekend"}).
    std::vector<std::string> merge(std::string_view word) const;

private:
    std::map<std::pair<std::string, std::string>, int> ranks_;
};

}  // namespace gpt2
