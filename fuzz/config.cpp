// fuzz/config.cpp — config.json parsing (common/model/config.hpp: load_config).
//
// Input: the bytes of a config.json, written to the scratch folder and read by load_config
// as a model load does. Expected: a gpt2::Error for invalid JSON or a field out of range.
// On success the Config must be one the forward pass can use: every size positive,
// n_embd divisible by n_head, a positive layer_norm_epsilon, gelu_new; and the text held no
// NUL byte (nlohmann stops reading at one, so `{...}<NUL>anything` once loaded).
#include <cstdint>

#include "fuzz_util.hpp"
#include "model/config.hpp"
#include "support/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text = fuzz::as_view(data, size);
    const auto path = fuzz::scratch().write("config.json", text);
    try {
        const gpt2::Config c = gpt2::load_config(path);
        FUZZ_CHECK(c.n_layer > 0 && c.n_head > 0 && c.n_embd > 0 && c.n_positions > 0 && c.vocab_size > 0);
        FUZZ_CHECK(c.n_inner > 0);
        FUZZ_CHECK(c.n_embd % c.n_head == 0 && c.head_dim() * c.n_head == c.n_embd);
        FUZZ_CHECK(c.layer_norm_epsilon > 0 && c.layer_norm_epsilon <= 1);
        FUZZ_CHECK(c.activation_function == "gelu_new");
        // JSON text holds no NUL: one means something after it went unread (json_input.hpp).
        FUZZ_CHECK(text.find('\0') == std::string_view::npos);
    } catch (const gpt2::Error& e) {
        fuzz::expected_error(e);  // expected for a bad config.json
    }
    return 0;
}
