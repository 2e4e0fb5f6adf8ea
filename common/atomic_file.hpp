// atomic_file.hpp — write a whole file or nothing.
//
// The content goes to a temporary file next to the target (same directory, so the same
// file system), is flushed and closed, and only then renamed over the target: a reader
// never sees half a file, and a failure (unwritable directory, full disk) leaves the
// target untouched and no temporary behind. Errors are one-line gpt2::Error naming the
// path, e.g. "--html out/x.html: cannot write (No such file or directory)".
#pragma once

#include <filesystem>
#include <string>

namespace gpt2 {

// what: how the user named the file, for the message (e.g. "--html out.html").
void write_file_atomically(const std::filesystem::path& path, const std::string& content, const std::string& what);

}  // namespace gpt2
