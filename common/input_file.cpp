// input_file.cpp — see input_file.hpp.
#include "input_file.hpp"

#include <cerrno>
#include <cstring>
#include <future>
#include <iostream>
#include <streambuf>
#include <thread>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.hpp"

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

}  // namespace gpt2
