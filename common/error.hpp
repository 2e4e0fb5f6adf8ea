// error.hpp — the one exception type for problems a user can fix.
//
// Every bad input (a missing file, corrupt JSON, a truncated tensor, a prompt that is
// too long...) becomes a gpt2::Error whose message is one line saying what is wrong
// and, where we can tell, what to do. Chapters catch it in run_chapter() (cli.hpp),
// print it, and exit non-zero. Programming errors stay as other exceptions/asserts.
#pragma once

#include <stdexcept>
#include <string>

namespace gpt2 {

struct Error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

}  // namespace gpt2
