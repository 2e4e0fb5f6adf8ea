// test_stdout_stream.cpp — common/support/stdout_stream.hpp: bytes go to file descriptor 1 at once (past
// any buffering of std::cout), and a failed write is a gpt2::Error naming the reason.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <string>

#include "message_checks.hpp"
#include "support/error.hpp"
#include "support/stdout_stream.hpp"

using Catch::Matchers::Equals;

namespace {

// Runs f with file descriptor 1 pointing at `fd`, then puts the real stdout back.
template <class F>
void with_stdout(int fd, F&& f) {
    const int saved = ::dup(STDOUT_FILENO);
    REQUIRE(saved >= 0);
    REQUIRE(::dup2(fd, STDOUT_FILENO) >= 0);
    try {
        f();
    } catch (...) {
        ::dup2(saved, STDOUT_FILENO);
        ::close(saved);
        throw;
    }
    ::dup2(saved, STDOUT_FILENO);
    ::close(saved);
}

}  // namespace

TEST_CASE("stdout_stream: every byte reaches file descriptor 1 at once", "[stdout_stream]") {
    int p[2];
    REQUIRE(::pipe(p) == 0);
    const std::string text = "streamed \xE2\x80\x99 text\n";
    with_stdout(p[1], [&] { gpt2::stream_to_stdout(text); });
    ::close(p[1]);
    std::string got(64, '\0');
    const ssize_t n = ::read(p[0], got.data(), got.size());  // already there: nothing was held back
    ::close(p[0]);
    REQUIRE(n >= 0);
    got.resize(std::size_t(n));
    CHECK(got == text);
}

TEST_CASE("stdout_stream: a full disk is one line saying so", "[stdout_stream]") {
    const int full = ::open("/dev/full", O_WRONLY);
    if (full < 0) {
        WARN("no /dev/full here: skipped");
        return;
    }
    std::string msg;
    with_stdout(full, [&] { msg = fixtures::clean_error_of([] { gpt2::stream_to_stdout("x"); }); });
    ::close(full);
    CHECK_THAT(msg, Equals("cannot write to standard output: No space left on device"));
}
