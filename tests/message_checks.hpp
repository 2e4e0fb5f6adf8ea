// message_checks.hpp — what every error message must be, checked the same way everywhere:
// one line, printable (no control characters, no NUL, valid UTF-8), and short, whatever
// the input it quotes held (support/error.hpp's quote_for_message and friends).
#pragma once

#include <catch2/catch.hpp>

#include <cstddef>
#include <string>
#include <utility>

#include "model_fixtures.hpp"
#include "support/error.hpp"
#include "support/utf8.hpp"

namespace fixtures {

// Checks msg is one printable line of at most max_bytes.
inline void check_clean_message(const std::string& msg, std::size_t max_bytes = 600) {
    INFO("message (" << msg.size() << " bytes): " << msg);
    CHECK(!msg.empty());
    CHECK(msg.size() <= max_bytes);
    bool control = false;
    for (unsigned char c : msg) control = control || c < 0x20 || c == 0x7F;
    CHECK_FALSE(control);
    CHECK(gpt2::utf8_find_invalid(msg) == std::string::npos);
}

// The message of the gpt2::Error f throws (model_fixtures.hpp's error_message), checked
// clean; fails the test on no error or another exception type.
template <class F>
std::string clean_error_of(F&& f, std::size_t max_bytes = 600) {
    const std::string msg = error_message(std::forward<F>(f));
    check_clean_message(msg, max_bytes);
    return msg;
}

}  // namespace fixtures
