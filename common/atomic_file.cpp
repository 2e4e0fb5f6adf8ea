#include "atomic_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <cstdlib>

#include <sys/stat.h>
#include <unistd.h>

#include "error.hpp"

namespace gpt2 {

void write_file_atomically(const std::filesystem::path& path, const std::string& content, const std::string& what) {
    namespace fs = std::filesystem;
    const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
    std::string tmp = (dir / ("." + path.filename().string() + ".tmp-XXXXXX")).string();
    const int fd = ::mkstemp(tmp.data());
    if (fd < 0) throw Error(what + ": cannot write (" + std::strerror(errno) + ")");
    bool ok = true;
    for (std::size_t done = 0; ok && done < content.size();) {
        const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
        if (n < 0 && errno == EINTR) continue;
        ok = n > 0;
        if (ok) done += std::size_t(n);
    }
    int saved = errno;
    if (::close(fd) != 0 && ok) {
        ok = false;
        saved = errno;
    }
    // mkstemp creates the file 0600; give it the usual rw-r--r-- (less the umask).
    const mode_t mask = ::umask(0);
    ::umask(mask);
    if (ok) ::chmod(tmp.c_str(), 0666 & ~mask);
    std::error_code ec;
    if (ok) {
        fs::rename(tmp, path, ec);
        if (!ec) return;
        saved = ec.value();
    }
    fs::remove(tmp, ec);
    throw Error(what + ": cannot write (" + std::strerror(saved) + ")");
}

}  // namespace gpt2
