// support/stdout_stream.hpp — writing to standard output now, for a program that streams.
//
// run_chapter() (support/cli.hpp) buffers std::cout until the body returns, so that an error half-way
// prints nothing half-written. A generator wants the opposite: each token on the screen as soon
// as it is chosen. stream_to_stdout() writes straight to file descriptor 1, past that buffer,
// and throws gpt2::Error "cannot write to standard output: <reason>" when a byte does not get
// there (a full disk, `ulimit -f`, a closed pipe with SIGPIPE ignored), which run_chapter prints
// as its one line, exit 1.
//
// The price: what was streamed stays streamed. A program using it should do everything that can
// fail (flags, model, prompt, the first forward pass) before its first write.
#pragma once

#include <string_view>

namespace gpt2 {

// Writes all of s to file descriptor 1 at once. Throws gpt2::Error on failure.
void stream_to_stdout(std::string_view s);

// The same write, reporting instead of throwing: 0, or the errno of the failed write (ENOSPC on
// a full disk, EFBIG past `ulimit -f`, EPIPE when SIGPIPE is ignored). run_chapter's final write
// of its buffer uses it too.
int write_all_to_stdout(std::string_view s);

// True when stdout is a terminal (colours, widths); false when piped or redirected.
bool stdout_is_tty();

}  // namespace gpt2
