// fuzz/tokenizer.cpp — GPT-2's tokenizer on the real vocabulary (data/gpt2).
//
// Input: any bytes, as the text to encode. Byte-level BPE is lossless on valid UTF-8, so:
//   decode(encode(s, no prefix space), no clean-up) == s, with or without <|endoftext|>
//   read as the special token (special_as_text);
//   with the notebook's add_prefix_space, the same but each segment between <|endoftext|>
//   tokens that does not start with a space gets one;
//   clean_up_spaces = true (transformers' clean_up_tokenization) is not lossless by design
//   (" ." -> "."): it is only checked to give valid UTF-8.
// Invalid UTF-8 must be refused with a gpt2::Error. Also decode() of arbitrary ids made
// from the input's bytes gives valid UTF-8 (invalid sequences become U+FFFD).
#include <cstdint>
#include <string>

#include "fuzz_util.hpp"
#include "support/data_dir.hpp"
#include "support/error.hpp"
#include "support/utf8.hpp"
#include "text/tokenizer.hpp"

namespace {

const gpt2::Tokenizer& gpt2_tokenizer() {
    static const gpt2::Tokenizer tok =
        gpt2::Tokenizer::load(gpt2::data_dir() / "gpt2" / "vocab.json", gpt2::data_dir() / "gpt2" / "merges.txt");
    return tok;
}

void check_ids(const std::vector<int>& ids) {
    for (int id : ids) FUZZ_CHECK(id >= 0 && id < 50257);
}

// What add_prefix_space makes of text: " " before each segment that does not start with one.
std::string with_prefix_spaces(std::string_view text) {
    constexpr std::string_view eot = "<|endoftext|>";
    std::string out;
    for (;;) {
        const std::size_t hit = text.find(eot);
        const std::string_view seg = text.substr(0, hit);
        if (!seg.empty() && seg.front() != ' ') out += ' ';
        out += seg;
        if (hit == std::string_view::npos) break;
        out += eot;
        text.remove_prefix(hit + eot.size());
    }
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const gpt2::Tokenizer& tok = gpt2_tokenizer();
    const std::string_view text = fuzz::as_view(data, size);

    if (gpt2::utf8_find_invalid(text) == std::string_view::npos) {
        gpt2::EncodeOptions raw;
        raw.add_prefix_space = false;
        const std::vector<int> ids = tok.encode(text, raw);
        check_ids(ids);
        FUZZ_CHECK(tok.decode(ids, false) == text);

        gpt2::EncodeOptions raw_text = raw;
        raw_text.special_as_text = true;
        const std::vector<int> ids_text = tok.encode(text, raw_text);
        check_ids(ids_text);
        FUZZ_CHECK(tok.decode(ids_text, false) == text);

        const std::vector<int> ids_prefix = tok.encode(text);  // the notebook's options
        check_ids(ids_prefix);
        FUZZ_CHECK(tok.decode(ids_prefix, false) == with_prefix_spaces(text));

        const std::string cleaned = tok.decode(ids, true);
        FUZZ_CHECK(gpt2::utf8_find_invalid(cleaned) == std::string_view::npos);
        FUZZ_CHECK(cleaned.size() <= text.size());
    } else {
        FUZZ_CHECK(fuzz::throws_error([&] { tok.encode(text); }));
    }

    // Any ids in range decode to valid UTF-8, one token or many.
    std::vector<int> ids;
    for (std::size_t i = 0; i + 1 < size; i += 2) ids.push_back(int((data[i] << 8 | data[i + 1]) % 50257));
    const std::string decoded = tok.decode(ids);
    FUZZ_CHECK(gpt2::utf8_find_invalid(decoded) == std::string_view::npos);
    if (!ids.empty()) FUZZ_CHECK(gpt2::utf8_find_invalid(tok.token_string(ids[0])) == std::string_view::npos);
    // An id out of range is a gpt2::Error, not a crash.
    FUZZ_CHECK(fuzz::throws_error([&] { tok.decode({int(size) + 50257}); }));
    return 0;
}
