// support/memory_limit.hpp — running out of memory ends in one line, never in a hang.
//
// Under an address-space limit (`ulimit -v`; or `ulimit -d`, which Linux also applies to
// mmap), two things go wrong that a plain `catch (std::bad_alloc)` cannot fix:
//   * OpenBLAS gives every thread a 128 MB work buffer, and a thread that cannot get it
//     does not fail: it retries forever. Its worker threads ask at start-up, so one that
//     never gets it also hangs the program at exit, when OpenBLAS joins its threads.
//   * A bad_alloc's message is "std::bad_alloc": it says neither what nor why.
// So, only when such a limit is set:
//   * before OpenBLAS starts its threads (an ELF pre-initialiser, support/memory_limit.cpp), we
//     check that the limit leaves room for every thread's buffer; if not, we re-execute
//     ourselves once with OPENBLAS_NUM_THREADS lowered to what fits (results do not depend
//     on it, only speed);
//   * run_chapter() calls guard_against_out_of_memory() first, so OpenBLAS takes its
//     buffers before the model is mapped, or the run ends in one line saying they do not fit;
//   * run_chapter() turns a std::bad_alloc into one line naming what was being allocated
//     (AllocationLabel) and the limit, written without allocating, then exits with _exit.
//     So does one that escapes from a destructor (std::terminate).
// Without a limit, none of this costs more than two getrlimit calls.
#pragma once

#include <string>

namespace gpt2 {

// How every out-of-memory line ends: " under ulimit -v 230000; raise the limit (e.g. ulimit
// -v unlimited)" under an address-space (or data) limit, else "; free some memory, or …".
// For what runs out without operator new failing, such as a memory map the limit refuses.
std::string out_of_memory_advice();

// Installs the new-handler (which notes the AllocationLabel and frees a 4 MB reserve for
// the unwinding) and a terminate handler for a bad_alloc nothing can catch. Under a limit,
// also makes OpenBLAS allocate its work buffers now, while the address space is free; when
// they do not fit, prints "PROG: error: out of memory: no room for OpenBLAS's 128 MB work
// buffer under ulimit -v 100000 (…); raise the limit (…)" and exits with status 1.
void guard_against_out_of_memory(const char* prog);

// For a caught std::bad_alloc: prints "PROG: error: out of memory while allocating <what>
// under ulimit -v N; …" (the innermost AllocationLabel alive when operator new failed)
// and ends the process with status 1. Allocates nothing; uses _exit, because OpenBLAS's
// exit handler joins its threads and waits forever for one stuck retrying an allocation.
[[noreturn]] void exit_out_of_memory(const char* prog) noexcept;

// Names what this thread is allocating, for exit_out_of_memory(). Labels nest; the
// innermost wins. printf-style, cut at 120 bytes; allocates nothing.
//   AllocationLabel label("the %zu×%zu logits", T, V);
class AllocationLabel {
public:
    explicit AllocationLabel(const char* format, ...) noexcept __attribute__((format(printf, 2, 3)));
    ~AllocationLabel();
    AllocationLabel(const AllocationLabel&) = delete;
    AllocationLabel& operator=(const AllocationLabel&) = delete;
    const char* text() const { return text_; }

private:
    char text_[124];
    AllocationLabel* outer_;
};

}  // namespace gpt2
