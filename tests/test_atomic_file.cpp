// test_atomic_file.cpp — AtomicWrites (common/atomic_file.hpp): several output files are
// written all or nothing, and a failure leaves every target as it was and no temporary.
#include <catch2/catch.hpp>

#include <filesystem>
#include <iterator>
#include <string>

#include "atomic_file.hpp"
#include "error.hpp"
#include "model_fixtures.hpp"

using namespace gpt2;
namespace fs = std::filesystem;

namespace {

std::size_t entries(const fs::path& dir) {
    return std::size_t(std::distance(fs::directory_iterator(dir), fs::directory_iterator{}));
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
