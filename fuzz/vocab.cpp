// fuzz/vocab.cpp — loading a vocabulary: vocab.json and merges.txt (Tokenizer::load).
//
// Input: vocab.json's bytes, a NUL byte, merges.txt's bytes (no NUL: all of it is vocab.json
// and merges.txt is empty). Both go to the scratch folder. Expected: a gpt2::Error for a
// malformed vocabulary. A vocabulary that loads must be usable: every id's piece maps back
// to the id, and byte-level BPE is lossless whatever the merges — decode(encode(s)) == s
// (no prefix space, no clean-up) for valid UTF-8 text, here a few fixed samples and the
// start of the input itself.
#include <cstdint>
#include <string>

#include "fuzz_util.hpp"
#include "support/error.hpp"
#include "support/utf8.hpp"
#include "text/tokenizer.hpp"

namespace {

void round_trip(const gpt2::Tokenizer& tok, std::string_view text) {
    if (gpt2::utf8_find_invalid(text) != std::string_view::npos) {
        FUZZ_CHECK(fuzz::throws_error([&] { tok.encode(text); }));
        return;
    }
    gpt2::EncodeOptions raw;
    raw.add_prefix_space = false;
    const std::vector<int> ids = tok.encode(text, raw);
    for (int id : ids) FUZZ_CHECK(id >= 0 && std::size_t(id) < tok.vocab_size());
    FUZZ_CHECK(tok.decode(ids, false) == text);
    tok.decode(ids, true);
    tok.encode(text);  // the notebook's options (prefix space)
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto parts = fuzz::split(fuzz::as_view(data, size), std::string_view("\0", 1), 2);
    const auto& dir = fuzz::scratch();
    const auto vocab = dir.write("vocab.json", parts[0]);
    const auto merges = dir.write("merges.txt", parts.size() > 1 ? parts[1] : std::string_view());
    try {
        const gpt2::Tokenizer tok = gpt2::Tokenizer::load(vocab, merges);
        const std::size_t n = tok.vocab_size();
        FUZZ_CHECK(n >= 256);  // the 256 bytes; <|endoftext|> is optional, looked up, never assumed 50256
        FUZZ_CHECK(tok.eos_id() == -1 || tok.piece(tok.eos_id()) == "<|endoftext|>");
        for (std::size_t id = 0; id < n && id < 4096; ++id) {
            FUZZ_CHECK(tok.piece_id(tok.piece(int(id))) == int(id));
            tok.token_string(int(id));
        }
        for (std::string_view s : {"Hello world, it's 2026!", " don't  stop\n\n\tnow <|endoftext|>next",
                                   "héllo wörld 😀 中文 ١٢٣ ", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
            round_trip(tok, s);
        round_trip(tok, parts[0].substr(0, 256));
        if (parts.size() > 1) round_trip(tok, parts[1].substr(0, 256));
    } catch (const gpt2::Error& e) {
        fuzz::expected_error(e);  // expected for a malformed vocab.json / merges.txt
    }
    return 0;
}
