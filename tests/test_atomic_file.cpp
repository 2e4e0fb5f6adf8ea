// test_atomic_file.cpp — AtomicWrites (common/support/atomic_file.hpp): several output files are
// written all or nothing, and a failure leaves every target as it was and no temporary.
#include <catch2/catch.hpp>

#include <filesystem>
#include <iterator>
#include <string>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model_fixtures.hpp"
#include "support/atomic_file.hpp"
#include "support/error.hpp"

using namespace gpt2;
namespace fs = std::filesystem;

namespace {

std::size_t entries(const fs::path& dir) {
    return std::size_t(std::distance(fs::directory_iterator(dir), fs::directory_iterator{}));
}

mode_t mode_of(const fs::path& p) {
    struct stat st {};
    REQUIRE(::stat(p.c_str(), &st) == 0);
    return st.st_mode & 07777;
}

}  // namespace

TEST_CASE("AtomicWrites writes every output when all can be written", "[atomic_file]") {
    fixtures::TempDir dir;
    fixtures::write_bytes(dir / "a.html", "old");
    AtomicWrites out;
    out.add(dir / "a.html", "new html", "--html a.html");
    out.add(dir / "a.csv", "new csv", "--csv a.csv");
    out.commit();
    CHECK(fixtures::read_bytes(dir / "a.html") == "new html");
    CHECK(fixtures::read_bytes(dir / "a.csv") == "new csv");
    CHECK(entries(dir.path()) == 2);
}

TEST_CASE("AtomicWrites changes no target when one output cannot be written", "[atomic_file]") {
    fixtures::TempDir dir;
    fixtures::write_bytes(dir / "a.html", "old");
    fs::create_directory(dir / "csvdir");
    fixtures::write_bytes(dir / "file", "not a directory");

    SECTION("the second target is a directory") {
        AtomicWrites out;
        out.add(dir / "a.html", "new", "--html a.html");
        out.add(dir / "csvdir", "csv", "--csv csvdir");
        CHECK(fixtures::error_message([&] { out.commit(); }) == "--csv csvdir: cannot write (Is a directory)");
    }
    SECTION("the second target's directory does not exist") {
        AtomicWrites out;
        out.add(dir / "a.html", "new", "--html a.html");
        out.add(dir / "no" / "a.csv", "csv", "--csv no/a.csv");
        CHECK(fixtures::error_message([&] { out.commit(); }) ==
              "--csv no/a.csv: cannot write (No such file or directory)");
    }
    SECTION("the first target's directory is a file") {
        AtomicWrites out;
        out.add(dir / "file" / "a.csv", "csv", "--csv file/a.csv");
        out.add(dir / "a.html", "new", "--html a.html");
        CHECK(fixtures::error_message([&] { out.commit(); }) == "--csv file/a.csv: cannot write (Not a directory)");
    }
    CHECK(fixtures::read_bytes(dir / "a.html") == "old");
    CHECK(entries(dir.path()) == 3);  // a.html, csvdir, file: no temporary left
    CHECK(entries(dir / "csvdir") == 0);
}

TEST_CASE("AtomicWrites removes its temporaries when it is destroyed uncommitted", "[atomic_file]") {
    fixtures::TempDir dir;
    {
        AtomicWrites out;
        out.add(dir / "a.html", "new", "--html a.html");
    }
    CHECK(entries(dir.path()) == 0);
}

TEST_CASE("AtomicWrites replaces the file a symlink points to, not the symlink", "[atomic_file]") {
    fixtures::TempDir dir;
    fs::create_directory(dir / "real");
    fixtures::write_bytes(dir / "real" / "a.csv", "old");
    fs::create_symlink("real/a.csv", dir / "link.csv");
    fs::create_symlink("real/new.csv", dir / "dangling.csv");
    AtomicWrites out;
    out.add(dir / "link.csv", "new", "--csv link.csv");
    out.add(dir / "dangling.csv", "created", "--html dangling.csv");
    out.commit();
    CHECK(fs::is_symlink(dir / "link.csv"));
    CHECK(fs::is_symlink(dir / "dangling.csv"));
    CHECK(fixtures::read_bytes(dir / "real" / "a.csv") == "new");
    CHECK(fixtures::read_bytes(dir / "real" / "new.csv") == "created");
    CHECK(entries(dir.path()) == 3);
    CHECK(entries(dir / "real") == 2);
}

TEST_CASE("AtomicWrites keeps an existing file's mode, a new file gets 0666 less the umask", "[atomic_file]") {
    fixtures::TempDir dir;
    fixtures::write_bytes(dir / "private.csv", "old");
    fs::permissions(dir / "private.csv", fs::perms::owner_read | fs::perms::owner_write);
    const mode_t old_mask = ::umask(027);
    AtomicWrites out;
    out.add(dir / "private.csv", "new", "--csv private.csv");
    out.add(dir / "new.csv", "new", "--html new.csv");
    out.commit();
    ::umask(old_mask);
    CHECK(mode_of(dir / "private.csv") == 0600);
    CHECK(mode_of(dir / "new.csv") == 0640);
    CHECK(fixtures::read_bytes(dir / "private.csv") == "new");
}

TEST_CASE("AtomicWrites writes into a FIFO instead of replacing it", "[atomic_file]") {
    fixtures::TempDir dir;
    REQUIRE(::mkfifo((dir / "lens.csv").c_str(), 0600) == 0);
    const int reader = ::open((dir / "lens.csv").c_str(), O_RDONLY | O_NONBLOCK);
    REQUIRE(reader >= 0);
    AtomicWrites out;
    out.add(dir / "lens.csv", "through the pipe", "--csv lens.csv");
    out.add(dir / "a.html", "html", "--html a.html");
    out.commit();
    char buf[64] = {};
    const ssize_t n = ::read(reader, buf, sizeof buf);
    ::close(reader);
    CHECK(std::string(buf, n > 0 ? std::size_t(n) : 0) == "through the pipe");
    struct stat st {};
    REQUIRE(::lstat((dir / "lens.csv").c_str(), &st) == 0);
    CHECK(S_ISFIFO(st.st_mode));
    CHECK(fixtures::read_bytes(dir / "a.html") == "html");
    CHECK(entries(dir.path()) == 2);
}
