// run_program.hpp — run one of our programs from a test and keep what it printed.
//
//   const std::string out = gpt2::test::run_program(CH05_EXE, {"--model", "tiny", "--json"});
//
// The command goes through /bin/sh (popen) with every argument single-quoted, so prompts
// with spaces or quotes arrive intact. The test fails (REQUIRE) unless the program exits
// normally with status 0; the command line is shown with the failure.
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

namespace gpt2::test {

// 'it'\''s': a shell word that is exactly s.
inline std::string shell_quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

// The program's stdout; stderr is left to the terminal.
inline std::string run_program(const std::string& exe, const std::vector<std::string>& args) {
    std::string cmd = shell_quote(exe);
    for (const std::string& a : args) cmd += " " + shell_quote(a);
    INFO(cmd);
    std::FILE* pipe = ::popen(cmd.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::string out;
    char buf[65536];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;) out.append(buf, n);
    const int status = ::pclose(pipe);
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 0);
    return out;
}

}  // namespace gpt2::test
