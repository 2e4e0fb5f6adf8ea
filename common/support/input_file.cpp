// support/input_file.cpp — see support/input_file.hpp.
#include "support/input_file.hpp"

#include <cerrno>
#include <algorithm>
#include <cstring>
#include <future>
#include <iostream>
#include <streambuf>
#include <thread>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "support/error.hpp"

namespace gpt2 {

// A read-only streambuf over a file descriptor (which it closes). A read error is a gpt2::Error.
struct InputFile::FdBuf : std::streambuf {
    FdBuf(int fd, std::string what) : fd_(fd), what_(std::move(what)) {}
    ~FdBuf() override { ::close(fd_); }

protected:
    int_type underflow() override {
        if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
        ssize_t n;
        do n = ::read(fd_, buf_, sizeof buf_);
        while (n < 0 && errno == EINTR);
        if (n < 0) throw Error(what_ + ": read error (" + std::strerror(errno) + ")");
        if (n == 0) return traits_type::eof();
        setg(buf_, buf_, buf_ + n);
        return traits_type::to_int_type(*gptr());
    }

private:
    int fd_;
    std::string what_;
    char buf_[1 << 16];
};

namespace {

// open(2) of a FIFO for reading blocks until a writer opens it. Do that on a helper thread
// and wait at most `wait`; if nobody came, open the write end ourselves (which wakes the
// helper), close both, and say so.
int open_fifo(const std::string& path, const std::string& what, std::chrono::milliseconds wait) {
    std::promise<int> opened;
    std::future<int> result = opened.get_future();
    std::thread opener([&path, p = std::move(opened)]() mutable {
        int fd;
        do fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        while (fd < 0 && errno == EINTR);
        p.set_value(fd < 0 ? -errno : fd);
    });
    if (result.wait_for(wait) != std::future_status::ready) {
        const int w = ::open(path.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
        if (result.wait_for(std::chrono::seconds(1)) == std::future_status::ready) {
            opener.join();
            if (const int fd = result.get(); fd >= 0) ::close(fd);
        } else {
            opener.detach();  // cannot happen with a FIFO; never wait forever regardless
        }
        if (w >= 0) ::close(w);
        const std::string waited = wait.count() % 1000 == 0 ? std::to_string(wait.count() / 1000) + " s"
                                                             : std::to_string(wait.count()) + " ms";
        throw Error(what + ": no program opened this FIFO for writing within " + waited +
                    "; start the writer first, or pipe into --jsonl -");
    }
    opener.join();
    const int fd = result.get();
    if (fd < 0) throw Error(what + ": cannot open the file (" + std::strerror(-fd) + ")");
    return fd;
}

}  // namespace

InputFile::InputFile(const std::string& path, const std::string& what, std::chrono::milliseconds fifo_wait) {
    if (path == "-") {
        in_ = &std::cin;
        return;
    }
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        throw Error(what + ": cannot open the file (" + std::strerror(errno) + ")");
    if (S_ISDIR(st.st_mode)) throw Error(what + ": is a directory; give a file (or - for standard input)");
    int fd;
    if (S_ISFIFO(st.st_mode)) {
        fd = open_fifo(path, what, fifo_wait);
    } else {
        fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) throw Error(what + ": cannot open the file (" + std::strerror(errno) + ")");
    }
    buf_ = std::make_unique<FdBuf>(fd, what);
    owned_ = std::make_unique<std::istream>(buf_.get());
    in_ = owned_.get();
}

InputFile::~InputFile() = default;

std::string file_kind(unsigned mode) {
    if (S_ISFIFO(mode)) return "a FIFO";
    if (S_ISDIR(mode)) return "a directory";
    if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
    if (S_ISSOCK(mode)) return "a socket";
    if (S_ISLNK(mode)) return "a symbolic link";
    return "a special file";
}

std::string read_small_file(const std::filesystem::path& path, std::size_t max_bytes, const std::string& usual_size) {
    const std::string where = path_for_message(path);
    // O_NONBLOCK: opening a FIFO with no writer returns at once (we then refuse it) instead of
    // blocking; it changes nothing for a regular file.
    int fd;
    do fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    while (fd < 0 && errno == EINTR);
    if (fd < 0) throw Error(where + ": cannot open (" + std::strerror(errno) + ")");
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    struct stat st {};
    if (::fstat(fd, &st) != 0) throw Error(where + ": cannot open (" + std::strerror(errno) + ")");
    if (!S_ISREG(st.st_mode))
        throw Error(where + ": is " + file_kind(st.st_mode) + ", not a regular file; give the file itself");
    const auto too_large = [&](unsigned long long size) {
        const std::string limit = max_bytes % (1 << 20) == 0 ? std::to_string(max_bytes >> 20) + " MiB"
                                                             : std::to_string(max_bytes) + " bytes";
        return Error(where + ": " + std::to_string(size) + " bytes is more than the " + limit + " a " +
                     path.filename().string() + " may have (" + usual_size + "); the file is corrupt or not GPT-2's");
    };
    if (static_cast<unsigned long long>(st.st_size) > max_bytes) throw too_large(st.st_size);
    std::string text(static_cast<std::size_t>(st.st_size), '\0');
    std::size_t done = 0;
    for (;;) {  // to the end of the file, which may have grown since fstat: never past max_bytes + 1
        if (done == text.size()) {
            if (text.size() > max_bytes) throw too_large(text.size());
            text.resize(std::min(max_bytes + 1, text.size() + (1 << 16)));
        }
        const ssize_t n = ::read(fd, &text[done], text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw Error(where + ": read error (" + std::strerror(errno) + ")");
        if (n == 0) break;
        done += std::size_t(n);
    }
    text.resize(done);
    return text;
}

std::string_view skip_utf8_bom(std::string_view text) {
    return text.substr(0, kUtf8Bom.size()) == kUtf8Bom ? text.substr(kUtf8Bom.size()) : text;
}

}  // namespace gpt2
