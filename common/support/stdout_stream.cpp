// support/stdout_stream.cpp — see support/stdout_stream.hpp.
#include "support/stdout_stream.hpp"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "support/error.hpp"

namespace gpt2 {

int write_all_to_stdout(std::string_view s) {
    for (std::size_t done = 0; done < s.size();) {
        const ssize_t n = ::write(STDOUT_FILENO, s.data() + done, s.size() - done);
        if (n > 0) {
            done += std::size_t(n);
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {  // a non-blocking pipe
            pollfd p{STDOUT_FILENO, POLLOUT, 0};
            ::poll(&p, 1, -1);
        } else {
            return n < 0 ? errno : EIO;
        }
    }
    return 0;
}

void stream_to_stdout(std::string_view s) {
    if (const int err = write_all_to_stdout(s))
        throw Error(std::string("cannot write to standard output: ") + std::strerror(err));
}

bool stdout_is_tty() { return ::isatty(STDOUT_FILENO) == 1; }

}  // namespace gpt2
