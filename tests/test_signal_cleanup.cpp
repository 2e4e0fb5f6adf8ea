// test_signal_cleanup.cpp — a signal that ends the program (Ctrl-C, kill, a closed terminal)
// leaves no temporary file behind (common/support/atomic_file.hpp: remove_on_signal, AtomicWrites),
// and still ends it as that signal would have. Each case forks a child that is killed; the
// parent checks the child's exit status and what is left on disk.
#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <iterator>
#include <string>
#include <thread>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "model_fixtures.hpp"
#include "support/atomic_file.hpp"

using namespace gpt2;
namespace fs = std::filesystem;

namespace {

std::size_t entries(const fs::path& dir) {
    return std::size_t(std::distance(fs::directory_iterator(dir), fs::directory_iterator{}));
}

// Runs body in a child process and returns its wait status. The child never returns into Catch.
template <class Body>
int in_child(Body body, int kill_with = 0, const fs::path& wait_for_temp_in = {}) {
    std::fflush(nullptr);
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        // A program starts with these at their default action; Catch2 catches them to report.
        for (int sig : {SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGPIPE}) ::signal(sig, SIG_DFL);
        try {
            body();
        } catch (...) {
            ::_exit(99);
        }
        ::_exit(0);
    }
    if (kill_with) {  // once the child has made its temporary (.NAME.tmp-XXXXXX), kill it
        bool seen = false;
        for (int i = 0; i < 400 && !seen; ++i) {
            for (const auto& e : fs::directory_iterator(wait_for_temp_in))
                if (e.path().filename().string().find(".tmp-") != std::string::npos) seen = true;
            if (!seen) std::this_thread::sleep_for(std::chrono::milliseconds(25));
        }
        CHECK(seen);
        ::kill(pid, kill_with);
    }
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    return status;
}

}  // namespace

TEST_CASE("A fatal signal removes the listed files, then their directories, and still ends the program",
          "[signal_cleanup]") {
    fixtures::TempDir dir;
    const fs::path part = dir / "model.part", file = part / "model.safetensors";
    const int status = in_child([&] {
        fs::create_directory(part);
        remove_on_signal(part.string());  // the directory first, then the files in it
        fixtures::write_bytes(file, "half a file");
        remove_on_signal(file.string());
        ::raise(SIGTERM);
        ::_exit(0);  // not reached: SIGTERM still ends the program
    });
    CHECK(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == SIGTERM);
    CHECK(entries(dir.path()) == 0);
}

TEST_CASE("A path forgotten with forget_on_signal is kept", "[signal_cleanup]") {
    fixtures::TempDir dir;
    const fs::path kept = dir / "renamed.html";
    const int status = in_child([&] {
        fixtures::write_bytes(kept, "whole");
        forget_on_signal(remove_on_signal(kept.string()));
        ::raise(SIGINT);
    });
    CHECK(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == SIGINT);
    CHECK(fs::exists(kept));
}

TEST_CASE("A signal the parent ignores stays ignored", "[signal_cleanup]") {
    fixtures::TempDir dir;
    const fs::path f = dir / "a.tmp";
    const int status = in_child([&] {
        ::signal(SIGHUP, SIG_IGN);  // as nohup does
        fixtures::write_bytes(f, "x");
        remove_on_signal(f.string());
        ::raise(SIGHUP);
        ::_exit(7);  // reached: the signal was ignored
    });
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 7);
    CHECK(fs::exists(f));
}

TEST_CASE("SIGTERM while AtomicWrites waits for a FIFO's reader leaves no temporary", "[signal_cleanup]") {
    // --html a.html --csv fifo: a.html's temporary is written, then opening the FIFO blocks
    // (nobody reads it) until the signal comes.
    fixtures::TempDir dir;
    REQUIRE(::mkfifo((dir / "lens.csv").c_str(), 0600) == 0);
    const int status = in_child(
        [&] {
            AtomicWrites out;
            out.add(dir / "a.html", std::string(1 << 20, 'h'), "--html a.html");
            out.add(dir / "lens.csv", "csv", "--csv lens.csv");
            out.commit();
        },
        SIGTERM, dir.path());
    CHECK(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == SIGTERM);
    CHECK(entries(dir.path()) == 1);  // the FIFO alone: no .a.html.tmp-XXXXXX, no a.html
}
