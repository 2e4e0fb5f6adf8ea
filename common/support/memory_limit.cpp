// support/memory_limit.cpp — see support/memory_limit.hpp: OpenBLAS's work buffers under `ulimit -v`, and
// one-line out-of-memory messages.
#include "support/memory_limit.hpp"

#include <algorithm>
#include <csignal>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <new>
#include <vector>

#include <fcntl.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

// OpenBLAS directly (this file sits below model/matmul.hpp), declared as matmul.cpp has it: through
// xtensor-blas, whose own CBLAS declarations clash with <cblas.h> in a shared unity unit.
#include <xtensor-blas/xblas.hpp>

namespace gpt2 {

namespace {

constexpr std::size_t kMiB = std::size_t(1) << 20;
// What each OpenBLAS thread asks for: BUFFER_SIZE + FIXED_PAGESIZE of an x86-64 build
// (32 << 22 bytes + one page; gdb shows Debian's 0.3.21 calling malloc(134221824)), plus
// 1 MB for malloc's own rounding (it maps 129 MB when its first try fails).
constexpr std::size_t kBlasBuffer = 129 * kMiB + 4096;
// Room for what start-up allocates between the pre-initialiser and guard_against_out_of_memory().
constexpr std::size_t kStartupSlack = 32 * kMiB;

// The address-space limit in force: `ulimit -v` (RLIMIT_AS) or, since Linux 4.7 also
// counting private mmaps, `ulimit -d` (RLIMIT_DATA), whichever is lower. bytes 0: none.
struct Limit {
    unsigned long long bytes = 0;
    char flag = 'v';
};

Limit address_limit() {
    Limit limit;
    rlimit r{};
    if (::getrlimit(RLIMIT_AS, &r) == 0 && r.rlim_cur != RLIM_INFINITY) limit = {r.rlim_cur, 'v'};
    if (::getrlimit(RLIMIT_DATA, &r) == 0 && r.rlim_cur != RLIM_INFINITY && (!limit.bytes || r.rlim_cur < limit.bytes))
        limit = {r.rlim_cur, 'd'};
    return limit;
}

// Whether `bytes` more of address space can be had now: map them (writable, so that
// RLIMIT_DATA and strict overcommit count them too; never touched, so no memory is used)
// and give them back.
bool room_for(std::size_t bytes) {
    void* p = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) return false;
    ::munmap(p, bytes);
    return true;
}

// What a worker thread costs besides its buffer: its stack, and a malloc arena (64 MB of
// address space) should it allocate.
std::size_t thread_extra() {
    rlimit r{};
    const std::size_t stack =
        ::getrlimit(RLIMIT_STACK, &r) == 0 && r.rlim_cur != RLIM_INFINITY && r.rlim_cur > 0 ? r.rlim_cur : 32 * kMiB;
    return stack + 64 * kMiB;
}

// NAME's value in envp as a number > 0, else 0. (environ is not set up yet in a
// pre-initialiser: we read the envp we are given.)
long env_number(char** envp, const char* name) {
    const std::size_t len = std::strlen(name);
    for (char** e = envp; e && *e; ++e)
        if (std::strncmp(*e, name, len) == 0 && (*e)[len] == '=') return std::max(0L, std::atol(*e + len + 1));
    return 0;
}

// How many threads OpenBLAS will start: as its blas_get_cpu_number() decides (0.3.21).
long requested_blas_threads(char** envp) {
    long cpus = ::sysconf(_SC_NPROCESSORS_CONF);
    cpu_set_t set;
    if (::sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0) cpus = std::min<long>(cpus, CPU_COUNT(&set));
    for (const char* name : {"OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS"})
        if (const long n = env_number(envp, name)) return std::min(n, cpus);
    return cpus;
}

// Runs before any library's initialiser, so before OpenBLAS starts its threads. Under a
// limit that cannot hold every thread's buffer, re-executes once with fewer threads.
void cap_blas_threads(int, char** argv, char** envp) {
    if (!address_limit().bytes) return;
    const long wanted = requested_blas_threads(envp);
    long fit = wanted;
    while (fit > 1 && !room_for(std::size_t(fit) * kBlasBuffer + std::size_t(fit - 1) * thread_extra() + kStartupSlack))
        --fit;
    if (fit == wanted) return;
    // The same environment with OPENBLAS_NUM_THREADS=fit (which OpenBLAS reads before
    // GOTO_NUM_THREADS and OMP_NUM_THREADS). After the exec, wanted == fit: no loop.
    static char setting[48];
    std::snprintf(setting, sizeof setting, "OPENBLAS_NUM_THREADS=%ld", fit);
    std::size_t n = 0;
    while (envp && envp[n]) ++n;
    char** env = static_cast<char**>(std::malloc((n + 2) * sizeof(char*)));  // no exceptions this early
    if (!env) return;
    std::size_t k = 0;
    for (std::size_t i = 0; i < n; ++i)
        if (std::strncmp(envp[i], "OPENBLAS_NUM_THREADS=", 21) != 0) env[k++] = envp[i];
    env[k++] = setting;
    env[k] = nullptr;
    // The real path, not /proc/self/exe, so that ps and top still show our name, not "exe".
    char self[4096];
    const ssize_t len = ::readlink("/proc/self/exe", self, sizeof self - 1);
    if (len > 0) {
        self[len] = '\0';
        ::execve(self, argv, env);
    }
    std::free(env);  // exec failed: carry on; guard_against_out_of_memory()'s watchdog still ends a hang
}

// The pre-initialiser. glibc runs .preinit_array of the executable before the initialisers
// of its shared libraries. This file is linked into every program that calls run_chapter()
// (and into those that load a model, for AllocationLabel); without a limit it returns at once.
__attribute__((section(".preinit_array"), used)) void (*cap_blas_threads_early)(int, char**, char**) =
    cap_blas_threads;

// ---- one-line messages, written without allocating ----------------------------------

thread_local AllocationLabel* innermost_label = nullptr;
char failed_while[124];     // the label alive when operator new first failed ("" if none)
bool failed_once = false;
void* rainy_day = nullptr;  // freed at the first failure: unwinding may need memory too
char program[96];           // the program's name, for the terminate handler
std::terminate_handler previous_terminate = nullptr;

// std::new_handler: called by operator new when malloc fails, before it throws.
void note_failed_allocation() {
    if (!failed_once) {
        failed_once = true;
        const char* what = innermost_label ? innermost_label->text() : "";
        std::snprintf(failed_while, sizeof failed_while, "%s", what);
    }
    // Destructors run while the bad_alloc unwinds may allocate (nlohmann::json's does):
    // give them the reserve, or their bad_alloc would end in std::terminate.
    std::free(rainy_day);
    rainy_day = nullptr;
    throw std::bad_alloc();
}

// A bad_alloc that escapes where nothing can catch it (a noexcept destructor) still ends
// in our one line rather than "terminate called after throwing…" and a core dump.
[[noreturn]] void on_terminate() {
    if (const std::exception_ptr e = std::current_exception()) {
        try {
            std::rethrow_exception(e);
        } catch (const std::bad_alloc&) {
            exit_out_of_memory(program);
        } catch (...) {
        }
    }
    if (previous_terminate) previous_terminate();  // the usual "terminate called after…"
    std::abort();
}

// "ulimit -v 300000": the limit as the user typed it (KB).
void append_limit(char* buf, std::size_t size, const Limit& limit) {
    const std::size_t used = std::strlen(buf);
    std::snprintf(buf + used, size - used, "ulimit -%c %llu", limit.flag, limit.bytes / 1024);
}

void append(char* buf, std::size_t size, const char* text) {
    const std::size_t used = std::strlen(buf);
    std::snprintf(buf + used, size - used, "%s", text);
}

void write_stderr(const char* text) {
    for (std::size_t done = 0, n = std::strlen(text); done < n;) {
        const ssize_t w = ::write(STDERR_FILENO, text + done, n - done);
        if (w <= 0) return;
        done += std::size_t(w);
    }
}

// Megabytes of address space (VmSize) or of data (VmData) in use now, from /proc/self/status.
unsigned long long in_use_mb(char flag) {
    char buf[4096];
    const int fd = ::open("/proc/self/status", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    const ssize_t n = ::read(fd, buf, sizeof buf - 1);
    ::close(fd);
    if (n <= 0) return 0;
    buf[n] = '\0';
    const char* line = std::strstr(buf, flag == 'v' ? "VmSize:" : "VmData:");
    return line ? std::strtoull(line + 7, nullptr, 10) / 1024 : 0;
}

// " under ulimit -v N; raise the limit (e.g. ulimit -v unlimited)", or what to do without a
// limit: the end of every out-of-memory line. Allocates nothing.
void append_advice(char* buf, std::size_t size, const Limit& limit) {
    if (!limit.bytes) {
        append(buf, size, "; free some memory, or try a shorter prompt or a smaller model");
        return;
    }
    append(buf, size, " under ");
    append_limit(buf, size, limit);
    append(buf, size, "; raise the limit (e.g. ulimit -");
    const char flag[2] = {limit.flag, '\0'};
    append(buf, size, flag);
    append(buf, size, " unlimited)");
}

char watchdog_message[512];

void watchdog_fired(int) {
    write_stderr(watchdog_message);
    ::_exit(1);
}

}  // namespace

AllocationLabel::AllocationLabel(const char* format, ...) noexcept : outer_(innermost_label) {
    va_list args;
    va_start(args, format);
    std::vsnprintf(text_, sizeof text_, format, args);
    va_end(args);
    innermost_label = this;
}

AllocationLabel::~AllocationLabel() { innermost_label = outer_; }

std::string out_of_memory_advice() {
    char buf[160] = "";
    append_advice(buf, sizeof buf, address_limit());
    return buf;
}

void exit_out_of_memory(const char* prog) noexcept {
    char msg[512] = "";
    std::snprintf(msg, sizeof msg, "%s: error: out of memory", prog);
    if (failed_while[0]) {
        append(msg, sizeof msg, " while allocating ");
        append(msg, sizeof msg, failed_while);
    }
    append_advice(msg, sizeof msg, address_limit());
    append(msg, sizeof msg, "\n");
    write_stderr(msg);
    ::_exit(1);
}

void guard_against_out_of_memory(const char* prog) {
    std::snprintf(program, sizeof program, "%s", prog);
    rainy_day = std::malloc(4 * kMiB);  // address space only: never touched
    std::set_new_handler(note_failed_allocation);
    if (std::get_terminate() != on_terminate) previous_terminate = std::set_terminate(on_terminate);
    const Limit limit = address_limit();
    if (!limit.bytes) return;

    if (!room_for(kBlasBuffer)) {
        char msg[512];
        std::snprintf(msg, sizeof msg, "%s: error: out of memory: no room for OpenBLAS's 128 MB work buffer under ", prog);
        append_limit(msg, sizeof msg, limit);
        const std::size_t used = std::strlen(msg);
        std::snprintf(msg + used, sizeof msg - used,
                      " (%llu MB, %llu MB of it in use); raise the limit (e.g. ulimit -%c unlimited)\n",
                      limit.bytes / kMiB, in_use_mb(limit.flag), limit.flag);
        write_stderr(msg);
        ::_exit(1);
    }

    // A multiplication large enough for every OpenBLAS thread to take part: the main
    // thread takes its buffer now, and it returns only once each worker has its own. A
    // thread that cannot get one retries forever, so a watchdog ends that in one line.
    std::snprintf(watchdog_message, sizeof watchdog_message,
                  "%s: error: out of memory: OpenBLAS could not get its 128 MB work buffers under ", prog);
    append_limit(watchdog_message, sizeof watchdog_message, limit);
    append(watchdog_message, sizeof watchdog_message, "; raise the limit, or set OPENBLAS_NUM_THREADS=1\n");
    std::signal(SIGALRM, watchdog_fired);
    ::alarm(5);  // the multiplication takes a millisecond
    try {
        constexpr std::size_t n = 256;
        AllocationLabel label("two %zu×%zu matrices to start OpenBLAS with", n, n);
        std::vector<float> a(n * n, 0.0f), c(n * n, 0.0f);
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, int(n), int(n), int(n), 1.0f, a.data(), int(n), a.data(),
                    int(n), 0.0f, c.data(), int(n));
    } catch (const std::bad_alloc&) {
        exit_out_of_memory(prog);
    }
    ::alarm(0);
    std::signal(SIGALRM, SIG_DFL);
}

}  // namespace gpt2
