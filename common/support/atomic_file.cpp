#include "support/atomic_file.hpp"

#include <atomic>
#include <cerrno>
#include <climits>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <set>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "support/error.hpp"

namespace gpt2 {
namespace fs = std::filesystem;

namespace {

[[noreturn]] void cannot_write(const std::string& what, int err) {
    throw Error(what + ": cannot write (" + std::strerror(err) + ")");
}

// All of content to fd. Returns 0 or the errno of the failure (EFBIG past `ulimit -f`
// when SIGXFSZ is ignored, as run_chapter does).
int write_all(int fd, const std::string& content) {
    for (std::size_t done = 0; done < content.size();) {
        const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return n < 0 ? errno : EIO;
        done += std::size_t(n);
    }
    return 0;
}

// The file a write to `path` really lands in: symlinks followed, to the end of the chain
// even when the last one dangles (then the file it names is created, as open() would).
std::string resolve_symlinks(const std::string& what, std::string p) {
    for (int hops = 0;; ++hops) {
        struct stat st {};
        if (::lstat(p.c_str(), &st) != 0) {
            if (errno == ENOENT) return p;  // a new file (its directory is checked by mkstemp)
            cannot_write(what, errno);
        }
        if (!S_ISLNK(st.st_mode)) {
            // realpath: also /proc/self/fd/N and symlinked directories, for the real directory.
            char real[PATH_MAX];
            return ::realpath(p.c_str(), real) ? std::string(real) : p;
        }
        if (hops >= 40) cannot_write(what, ELOOP);
        std::string link(PATH_MAX, '\0');
        const ssize_t n = ::readlink(p.c_str(), link.data(), link.size());
        if (n < 0) cannot_write(what, errno);
        link.resize(std::size_t(n));
        const fs::path from(p);
        p = fs::path(link).is_absolute() || !from.has_parent_path() ? link : (from.parent_path() / link).string();
    }
}

// ---- what a fatal signal removes ---------------------------------------------------------
// A fixed table, because the handler may not allocate, lock or touch a std::string; each
// slot's state is a lock-free atomic (0 free, 1 being filled, 2 listed), so a slot is
// read by the handler only once its path is complete.
struct SignalPath {
    std::atomic<int> state{0};
    char path[PATH_MAX];
};
static_assert(std::atomic<int>::is_always_lock_free, "the signal handler needs a lock-free atomic");
constexpr int kMaxSignalPaths = 64;
SignalPath g_signal_paths[kMaxSignalPaths];
std::atomic<bool> g_handler_installed{false};
constexpr int kFatalSignals[] = {SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGPIPE};

extern "C" void remove_listed_paths(int sig) {
    for (SignalPath& p : g_signal_paths)
        if (p.state.load() == 2) ::unlink(p.path);
    for (SignalPath& p : g_signal_paths)  // directories last: their files are gone by now
        if (p.state.load() == 2) ::rmdir(p.path);
    // The default action now: blocked while this handler runs, the signal is delivered when
    // it returns, and ends the program as if we had never caught it.
    ::signal(sig, SIG_DFL);
    ::raise(sig);
}

void install_signal_handler() {
    if (g_handler_installed.exchange(true)) return;
    struct sigaction sa {};
    sa.sa_handler = remove_listed_paths;
    sigemptyset(&sa.sa_mask);
    for (int sig : kFatalSignals) sigaddset(&sa.sa_mask, sig);  // one cleanup at a time
    for (int sig : kFatalSignals) {
        struct sigaction old {};
        // Ignored (nohup, a background job's SIGINT) or handled by someone else: leave it.
        if (::sigaction(sig, nullptr, &old) != 0 || (old.sa_flags & SA_SIGINFO) || old.sa_handler != SIG_DFL)
            continue;
        ::sigaction(sig, &sa, nullptr);
    }
}

mode_t current_umask() {
    const mode_t mask = ::umask(0);
    ::umask(mask);
    return mask;
}

}  // namespace

int remove_on_signal(const std::string& path) {
    if (path.size() >= PATH_MAX) throw Error(path_for_message(path) + ": path too long");
    install_signal_handler();
    for (int i = 0; i < kMaxSignalPaths; ++i) {
        int free = 0;
        if (!g_signal_paths[i].state.compare_exchange_strong(free, 1)) continue;
        std::memcpy(g_signal_paths[i].path, path.c_str(), path.size() + 1);
        g_signal_paths[i].state.store(2);
        return i;
    }
    throw Error("more than " + std::to_string(kMaxSignalPaths) + " temporary files at once");
}

void forget_on_signal(int id) noexcept {
    if (id >= 0 && id < kMaxSignalPaths) g_signal_paths[id].state.store(0);
}

AtomicWrites::~AtomicWrites() { remove_temps(); }

void AtomicWrites::add(const fs::path& path, std::string content, std::string what) {
    outputs_.push_back({path, std::move(content), std::move(what), {}, {}, false, false});
}

void AtomicWrites::remove_temps() noexcept {
    for (Output& o : outputs_) {
        if (o.tmp.empty()) continue;
        ::unlink(o.tmp.c_str());
        forget_on_signal(o.tmp_id);
        o.tmp_id = -1;
        o.tmp.clear();
    }
}

void AtomicWrites::prepare(Output& o) {
    struct stat st {};
    const bool exists = ::stat(o.target.c_str(), &st) == 0;
    if (exists && S_ISDIR(st.st_mode)) cannot_write(o.what, EISDIR);  // before anything is renamed
    if (exists && !S_ISREG(st.st_mode)) {  // a FIFO, /dev/stdout, /dev/null...: written to, in commit()
        o.stream = true;
        return;
    }
    // --csv /dev/stdout with stdout redirected to a file: replacing the file would lose what
    // is printed after; write where stdout writes, as `>` and `2>&1` would.
    struct stat out {};
    if (exists && ::fstat(STDOUT_FILENO, &out) == 0 && out.st_dev == st.st_dev && out.st_ino == st.st_ino) {
        o.stream = o.to_stdout = true;
        return;
    }
    // Like open(O_WRONLY): a read-only file stays as it is.
    if (exists && ::access(o.target.c_str(), W_OK) != 0) cannot_write(o.what, errno);

    o.real = resolve_symlinks(o.what, o.target.string());
    const fs::path real(o.real);
    const fs::path dir = real.has_parent_path() ? real.parent_path() : fs::path(".");
    std::string tmp = (dir / ("." + real.filename().string() + ".tmp-XXXXXX")).string();
    const int fd = ::mkostemp(tmp.data(), O_CLOEXEC);
    if (fd < 0) cannot_write(o.what, errno);
    o.tmp = tmp;
    try {
        o.tmp_id = remove_on_signal(tmp);  // Ctrl-C from here on removes it too
    } catch (...) {
        ::close(fd);
        throw;
    }
    int err = write_all(fd, o.content);
    // The permissions of the file it replaces (0600 stays 0600), or those of a new file
    // from open(): 0666 less the umask. mkstemp made it 0600.
    if (err == 0 && exists) {
        if (::geteuid() == 0) (void)::fchown(fd, st.st_uid, st.st_gid);  // best effort
        if (::fchmod(fd, st.st_mode & 07777) != 0) err = errno;
    } else if (err == 0) {
        if (::fchmod(fd, 0666 & ~current_umask()) != 0) err = errno;
    }
    if (err == 0 && ::fsync(fd) != 0) err = errno;  // on disk before it replaces the old file
    if (::close(fd) != 0 && err == 0) err = errno;
    if (err != 0) cannot_write(o.what, err);
}

void AtomicWrites::commit() {
    try {
        for (Output& o : outputs_) prepare(o);
        // Streams cannot be taken back: written once every file is ready, just before the renames.
        for (Output& o : outputs_) {
            if (!o.stream) continue;
            if (o.to_stdout) {
                std::fflush(stdout);
                if (const int err = write_all(STDOUT_FILENO, o.content)) cannot_write(o.what, err);
                continue;
            }
            const int fd = ::open(o.target.c_str(), O_WRONLY | O_CLOEXEC);
            if (fd < 0) cannot_write(o.what, errno);
            int err = write_all(fd, o.content);
            if (::close(fd) != 0 && err == 0) err = errno;
            if (err != 0) cannot_write(o.what, err);
        }
    } catch (...) {
        remove_temps();
        throw;
    }
    std::set<std::string> dirs;
    for (Output& o : outputs_) {
        if (o.stream) continue;
        if (::rename(o.tmp.c_str(), o.real.c_str()) != 0) {
            const int err = errno;
            remove_temps();
            cannot_write(o.what, err);
        }
        forget_on_signal(o.tmp_id);
        o.tmp_id = -1;
        o.tmp.clear();
        const fs::path real(o.real);
        dirs.insert(real.has_parent_path() ? real.parent_path().string() : ".");
    }
    // The renames on disk too (best effort: the files are in place either way).
    for (const std::string& d : dirs) {
        const int fd = ::open(d.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0) continue;
        (void)::fsync(fd);
        ::close(fd);
    }
    outputs_.clear();
}

void write_file_atomically(const fs::path& path, const std::string& content, const std::string& what) {
    AtomicWrites out;
    out.add(path, content, what);
    out.commit();
}

}  // namespace gpt2
