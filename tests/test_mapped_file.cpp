// test_mapped_file.cpp — a model file truncated by another process while we have it mapped
// (issue 7 §4.5). Touching a page past the new end raises SIGBUS; the handler MappedFile
// installs turns it into one line naming the file, and exit status 1, instead of a core dump.
// The touch happens in a forked child, whose stderr and exit status we check.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <string>

#include "message_checks.hpp"
#include "model/safetensors.hpp"
#include "model_fixtures.hpp"

using Catch::Matchers::Contains;
using fixtures::TempDir;

namespace {

struct ChildResult {
    int status = 0;
    std::string err;
};

// Runs f in a child process with stderr captured.
template <class F>
ChildResult in_child(F&& f) {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        ::close(fds[0]);
        ::dup2(fds[1], STDERR_FILENO);
        f();
        ::_exit(0);
    }
    ::close(fds[1]);
    ChildResult r;
    char buf[4096];
    for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) r.err.append(buf, std::size_t(n));
    ::close(fds[0]);
    REQUIRE(::waitpid(pid, &r.status, 0) == pid);
    return r;
}

}  // namespace

TEST_CASE("a model file truncated while mapped: one line naming it, exit status 1") {
    TempDir tmp;
    const auto path = tmp / "model.safetensors";
    std::filesystem::copy_file(fixtures::bundled_dir("tiny-gpt2-f32") / "model.safetensors", path);
    const gpt2::SafeTensors st(path);
    const gpt2::TensorInfo& last = st.tensors().back();
    const ChildResult r = in_child([&] {
        if (::truncate(path.c_str(), 0) != 0) ::_exit(3);
        volatile std::byte b = st.bytes(last)[last.end - last.begin - 1];  // SIGBUS here
        (void)b;
        ::_exit(4);  // not reached
    });
    INFO("stderr: " << r.err);
    REQUIRE(WIFEXITED(r.status));
    CHECK(WEXITSTATUS(r.status) == 1);
    REQUIRE(!r.err.empty());
    CHECK(r.err.back() == '\n');
    const std::string line = r.err.substr(0, r.err.size() - 1);
    fixtures::check_clean_message(line);
    CHECK_THAT(line, Contains(path.string()) && Contains("changed or was truncated while in use"));
}

TEST_CASE("a bus error outside any model file still kills the process with SIGBUS") {
    const ChildResult r = in_child([] { std::raise(SIGBUS); });
    CHECK(WIFSIGNALED(r.status));
    CHECK(WTERMSIG(r.status) == SIGBUS);
}
