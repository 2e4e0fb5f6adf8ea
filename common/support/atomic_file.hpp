// support/atomic_file.hpp — write whole files or nothing, several at once.
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
//
// What a target can be, and what is kept:
//   * a symlink stays a symlink: the file at the end of the chain is replaced (the
//     temporary is made in that file's directory); a dangling one gets its file created;
//   * an existing file keeps its permissions (a 0600 file stays 0600; as root, its owner
//     too); a new file gets 0666 less the umask, as with open(); a file we may not write
//     (access W_OK) is refused, as open() would;
//   * a FIFO or a device (/dev/stdout, /dev/null, a process substitution) is written to
//     directly, like a shell redirection, never replaced by a regular file. It cannot be
//     taken back, so it is written after every regular file is ready, just before the
//     renames; a failure there still removes the temporaries;
//   * the regular file that stdout is redirected to (--csv /dev/stdout > file) is written
//     through stdout, in order with what is printed, not replaced;
//   * a directory is refused (EISDIR) before anything is written.
// Each temporary is fsync'ed before its rename, the directories after (best effort).
// A file-size limit (ulimit -f) must not kill the process half-way, leaving a temporary:
// ignore SIGXFSZ (run_chapter does) and the write fails with "File too large" instead.
// Once the renames begin, a failure (only a race could cause one) keeps the files
// already renamed; hard links to a replaced file keep the old content.
//
// A signal that ends the program (Ctrl-C, `kill`, a closed terminal, a reader gone from a
// pipe) would skip every destructor and leave the temporaries behind (8 MB, mode 0600,
// named .NAME.tmp-XXXXXX). So each temporary is also listed for remove_on_signal() below.
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
        std::string tmp;   // the temporary's path once written, else empty
        std::string real;  // the target with its symlinks resolved: what the rename replaces
        bool stream;       // a FIFO or a device: written to directly, never replaced
        bool to_stdout;    // the very file stdout is redirected to: written through fd 1
        int tmp_id = -1;   // the temporary's remove_on_signal() id
    };
    void prepare(Output& out);
    void remove_temps() noexcept;
    std::vector<Output> outputs_;
};

// One file, whole or nothing: an AtomicWrites with one output.
void write_file_atomically(const std::filesystem::path& path, const std::string& content, const std::string& what);

// Paths to remove if SIGINT, SIGTERM, SIGHUP, SIGQUIT or SIGPIPE ends the program: a
// handler (installed with the first path, for each of these signals still at its default
// action) unlinks every listed file, then removes every listed directory (empty by then:
// list a directory before the files in it), then re-raises the signal with its default
// action, so the exit status still says "killed by signal" (143 in the shell for SIGTERM).
// A signal the parent ignores (`nohup`, a background job's SIGINT) stays ignored.
// The handler only calls async-signal-safe functions (unlink, rmdir, signal, raise) on a
// fixed table of at most 64 paths; hence an id, not a std::string, to forget one with.
// What is left: a signal in the few instructions between creating a file and listing it.
int remove_on_signal(const std::string& path);  // throws gpt2::Error when the table is full
void forget_on_signal(int id) noexcept;         // the path is renamed, removed or kept: no longer ours

}  // namespace gpt2
