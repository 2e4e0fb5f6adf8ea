// atomic_file.hpp — write whole files or nothing, several at once.
//
// Each content goes to a temporary file next to its target (same directory, so the same
// file system), is flushed and closed, and only when every output of the run has been
// written that way are the temporaries renamed over their targets: a reader never sees
// half a file, and a failure (unwritable directory, full disk, a target that is a
// directory) leaves every target untouched and no temporary behind. Errors are one-line
// gpt2::Error naming the path, e.g. "--html out/x.html: cannot write (No such file or
// directory)".
//
//   gpt2::AtomicWrites out;
//   out.add(html_path, html, "--html " + html_path);
//   out.add(csv_path, csv, "--csv " + csv_path);
//   out.commit();   // both files, or (exception) neither
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace gpt2 {

class AtomicWrites {
public:
    AtomicWrites() = default;
    ~AtomicWrites();  // removes the temporaries of a transaction that did not commit
    AtomicWrites(const AtomicWrites&) = delete;
    AtomicWrites& operator=(const AtomicWrites&) = delete;

    // Queue content for path. what: how the user named the file, for messages (e.g.
    // "--html out.html"). Nothing is written before commit().
    void add(const std::filesystem::path& path, std::string content, std::string what);

    // Write every queued output to its temporary, then rename them all into place. On a
    // failure before the renames, throws gpt2::Error "<what>: cannot write (<reason>)" for
    // the first output that failed, removes every temporary and changes no target.
    void commit();

private:
    struct Output {
        std::filesystem::path target;
        std::string content, what;
        std::string tmp;  // the temporary's path once written, else empty
    };
    void prepare(Output& out);
    void remove_temps() noexcept;
    std::vector<Output> outputs_;
};

// One file, whole or nothing: an AtomicWrites with one output.
void write_file_atomically(const std::filesystem::path& path, const std::string& content, const std::string& what);

}  // namespace gpt2
