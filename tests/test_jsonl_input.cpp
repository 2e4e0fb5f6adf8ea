// test_jsonl_input.cpp — what ch01_tokenizer --jsonl reads (issue 7 §4.4): a line longer
// than the limit (say /dev/zero, which never has a newline) is one clear error naming the
// line, instead of memory growing without bound; a directory says so; a FIFO that nobody
// opens for writing gives up after a while instead of blocking forever.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "message_checks.hpp"
#include "model_fixtures.hpp"
#include "support/data_dir.hpp"
#include "support/input_file.hpp"
#include "text/encode_jsonl.hpp"
#include "text/tokenizer.hpp"

using Catch::Matchers::Contains;
using fixtures::clean_error_of;

namespace {

const gpt2::Tokenizer& tok() {
    static const gpt2::Tokenizer t = gpt2::Tokenizer::load(gpt2::data_dir() / "gpt2" / "vocab.json",
                                                           gpt2::data_dir() / "gpt2" / "merges.txt");
    return t;
}

}  // namespace

TEST_CASE("JSON Lines input: a line longer than 1 MiB is an error naming the line") {
    const std::string big = "\"" + std::string((1 << 20) + 10, 'a') + "\"";
    std::istringstream in("\"ok\"\n" + big + "\n\"after\"\n");
    std::ostringstream out;
    CHECK_THAT(clean_error_of([&] { gpt2::encode_jsonl(tok(), in, out); }),
               Contains("line 2 is longer than 1048576 bytes"));
}

TEST_CASE("JSON Lines input: NUL bytes without a newline (like /dev/zero) stop at the limit") {
    std::istringstream in(std::string(3 << 20, '\0'));
    std::ostringstream out;
    CHECK_THAT(clean_error_of([&] { gpt2::encode_jsonl(tok(), in, out); }), Contains("line 1 is longer than"));
}

TEST_CASE("JSON Lines input: a line of exactly 1 MiB (with its \\r\\n) is still fine") {
    const std::string text((1 << 20) - 2, 'a');
    std::istringstream in("\"" + text + "\"\r\n\"b\"");
    std::ostringstream out;
    CHECK(gpt2::encode_jsonl(tok(), in, out) == 2);
}

// ---- opening what --jsonl names (common/support/input_file.hpp) ---------------------------------

TEST_CASE("InputFile: a directory, a missing file, a FIFO with and without a writer") {
    fixtures::TempDir tmp;
    using namespace std::chrono_literals;
    SECTION("a directory is an error saying so") {
        CHECK_THAT(clean_error_of([&] { gpt2::InputFile f(tmp.path().string(), "--jsonl d"); }),
                   Contains("--jsonl d: is a directory"));
    }
    SECTION("a missing file") {
        CHECK_THAT(clean_error_of([&] { gpt2::InputFile f((tmp / "nope").string(), "--jsonl nope"); }),
                   Contains("--jsonl nope: cannot open the file (No such file or directory)"));
    }
    const auto fifo = tmp / "f.fifo";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    SECTION("a FIFO nobody opens for writing: an error after the wait, not a hang") {
        const auto start = std::chrono::steady_clock::now();
        CHECK_THAT(clean_error_of([&] { gpt2::InputFile f(fifo.string(), "--jsonl f.fifo", 300ms); }),
                   Contains("--jsonl f.fifo: no program opened this FIFO for writing within 300 ms"));
        CHECK(std::chrono::steady_clock::now() - start < 5s);
    }
    SECTION("a FIFO whose writer comes after us, writes slowly, then closes: read to the end") {
        std::thread writer([&] {
            std::this_thread::sleep_for(100ms);
            std::ofstream out(fifo);
            out << "\"Hi\"\n" << std::flush;
            std::this_thread::sleep_for(200ms);
            out << "\"This weekend I plan to\"\n";
        });
        std::string got;
        {
            gpt2::InputFile f(fifo.string(), "--jsonl f.fifo", 5000ms);
            std::ostringstream out;
            CHECK(gpt2::encode_jsonl(tok(), f.stream(), out) == 2);
            got = out.str();
        }
        writer.join();
        CHECK(got == "[15902]\n[770,5041,314,1410,284]\n");
    }
}

TEST_CASE("InputFile: a regular file is read whole, through encode_jsonl") {
    fixtures::TempDir tmp;
    fixtures::write_bytes(tmp / "t.jsonl", "\"Hi\"\r\n\"\"\n");
    gpt2::InputFile f((tmp / "t.jsonl").string(), "--jsonl t.jsonl");
    std::ostringstream out;
    CHECK(gpt2::encode_jsonl(tok(), f.stream(), out) == 2);
    CHECK(out.str() == "[15902]\n[]\n");
}
