#include "atomic_file.hpp"

#include <cerrno>
#include <cstring>

#include <sys/stat.h>
#include <unistd.h>

#include "error.hpp"

namespace gpt2 {
namespace fs = std::filesystem;

namespace {

[[noreturn]] void cannot_write(const std::string& what, int err) {
    throw Error(what + ": cannot write (" + std::strerror(err) + ")");
}

}  // namespace

AtomicWrites::~AtomicWrites() { remove_temps(); }

void AtomicWrites::add(const fs::path& path, std::string content, std::string what) {
    outputs_.push_back({path, std::move(content), std::move(what), {}});
}

void AtomicWrites::remove_temps() noexcept {
    for (Output& o : outputs_) {
        if (o.tmp.empty()) continue;
        ::unlink(o.tmp.c_str());
        o.tmp.clear();
    }
}

void AtomicWrites::prepare(Output& o) {
    // A directory cannot be replaced by a file: say so now, before anything is renamed.
    struct stat st {};
    if (::stat(o.target.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) cannot_write(o.what, EISDIR);

    const fs::path dir = o.target.has_parent_path() ? o.target.parent_path() : fs::path(".");
    std::string tmp = (dir / ("." + o.target.filename().string() + ".tmp-XXXXXX")).string();
    const int fd = ::mkstemp(tmp.data());
    if (fd < 0) cannot_write(o.what, errno);
    o.tmp = tmp;
    int err = 0;
    for (std::size_t done = 0; err == 0 && done < o.content.size();) {
        const ssize_t n = ::write(fd, o.content.data() + done, o.content.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) err = n < 0 ? errno : EIO;
        else done += std::size_t(n);
    }
    if (::close(fd) != 0 && err == 0) err = errno;
    if (err != 0) cannot_write(o.what, err);
    // mkstemp creates the file 0600; give it the usual rw-r--r-- (less the umask).
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::chmod(tmp.c_str(), 0666 & ~mask);
}

void AtomicWrites::commit() {
    try {
        for (Output& o : outputs_) prepare(o);
    } catch (...) {
        remove_temps();
        throw;
    }
    for (Output& o : outputs_) {
        std::error_code ec;
        fs::rename(o.tmp, o.target, ec);
        if (ec) {
            remove_temps();
            cannot_write(o.what, ec.value());
        }
        o.tmp.clear();
    }
    outputs_.clear();
}

void write_file_atomically(const fs::path& path, const std::string& content, const std::string& what) {
    AtomicWrites out;
    out.add(path, content, what);
    out.commit();
}

}  // namespace gpt2
