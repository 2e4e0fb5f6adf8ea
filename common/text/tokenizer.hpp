// text/tokenizer.hpp — GPT-2's byte-level BPE tokenizer, exactly as Hugging Face's fast
// GPT-2 tokenizer behaves with the notebook's settings.
//
// encode(text):
//   1. `<|endoftext|>` in the text is the special token eos_id() (50256 in GPT-2's vocabulary;
//      plain text when special_as_text, or when the vocabulary has no such entry);
//      the text between special tokens is a "segment";
//   2. add_prefix_space: a segment that does not start with " " gets one prepended;
//   3. the GPT-2 pre-tokenizer regex splits a segment into words
//      ('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+);
//   4. each word's UTF-8 bytes are mapped to printable unicode characters (text/byte_unicode.hpp)
//      and merged by BPE using merges.txt's ranks; each final piece is looked up in vocab.json.
// decode(ids): pieces -> bytes -> UTF-8 text, invalid UTF-8 becoming U+FFFD per maximal
// invalid subsequence; with clean_up_spaces (the default, as transformers) " ." -> "." etc.
//
// Deliberately not handled: other special tokens than <|endoftext|>, normalisation
// (GPT-2 has none), training a vocabulary.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace gpt2 {

struct EncodeOptions {
    bool add_prefix_space = true;   // the notebook's setting
    bool special_as_text = false;   // true: "<|endoftext|>" is plain text, not token eos_id()
};

class Tokenizer {
public:
    // Throws gpt2::Error naming the file on a missing or malformed vocab.json / merges.txt.
    static Tokenizer load(const std::filesystem::path& vocab_json,
                          const std::filesystem::path& merges_txt);

    std::vector<int> encode(std::string_view text, const EncodeOptions& opts = {}) const;

    // Text for ids. clean_up_spaces mirrors transformers' clean_up_tokenization_spaces.
    std::string decode(const std::vector<int>& ids, bool clean_up_spaces = true) const;
    // decode({id}): the string shown for a token everywhere in this project.
    std::string token_string(int id) const;
    // The raw bytes of one token, what decode() concatenates before turning bytes into text
    // (" to" for id 284; maybe half a UTF-8 character). Throws gpt2::Error for a bad id.
    const std::string& token_bytes(int id) const;
    // The vocabulary entry itself, e.g. "Ġto" for id 284. Throws gpt2::Error for a bad id.
    const std::string& piece(int id) const;
    // The id of a vocabulary entry, or -1.
    int piece_id(std::string_view piece) const;

    std::size_t vocab_size() const;  // 50257 for GPT-2

    // The id of "<|endoftext|>" in this vocabulary (50256 in GPT-2's; not assumed: a small
    // vocabulary puts it elsewhere), or -1 when it has none. End of text, and our pad token.
    int eos_id() const;
    // eos_id(), for a feature that cannot work without it (padding, --prepend-bos): throws
    // gpt2::Error naming vocab.json and `what` when the vocabulary has no "<|endoftext|>".
    int require_eos(const std::string& what) const;

    Tokenizer(Tokenizer&&) noexcept;
    Tokenizer& operator=(Tokenizer&&) noexcept;
    ~Tokenizer();

private:
    struct Impl;
    explicit Tokenizer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace gpt2
