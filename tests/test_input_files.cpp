// test_input_files.cpp — the files a model directory holds, read within bounds (issue 14):
// memory follows the real content and sizes are capped (merges.txt of blank lines once took
// 8.6 GB), JSON with anything after a NUL is refused, a leading byte-order mark is one rule
// for every file, a tensor named twice is said to be named twice, and a FIFO or an unreadable
// file is said to be one. Each message is one clean line (message_checks.hpp).
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sstream>

#include "message_checks.hpp"
#include "model/config.hpp"
#include "model_fixtures.hpp"
#include "support/model_files.hpp"
#include "text/encode_jsonl.hpp"
#include "text/tokenizer.hpp"

using Catch::Matchers::Contains;
using namespace fixtures;

namespace {

const fs::path kTiny = bundled_dir("tiny-gpt2-f32");

// The peak resident memory of this process so far, in bytes (getrusage's ru_maxrss is in KiB).
long long peak_rss() {
    rusage u{};
    ::getrusage(RUSAGE_SELF, &u);
    return static_cast<long long>(u.ru_maxrss) * 1024;
}

gpt2::Tokenizer load_tokenizer(const fs::path& dir) { return gpt2::Tokenizer::load(dir / "vocab.json", dir / "merges.txt"); }

// dir/vocab.json and dir/merges.txt: GPT-2's, each through `edit`.
template <class F>
fs::path tokenizer_dir(const fs::path& dir, F&& edit) {
    fs::create_directories(dir);
    std::string vocab = read_bytes(kTiny / "vocab.json"), merges = read_bytes(kTiny / "merges.txt");
    edit(vocab, merges);
    write_bytes(dir / "vocab.json", vocab);
    write_bytes(dir / "merges.txt", merges);
    return dir;
}

const std::string kBom = "\xEF\xBB\xBF";

}  // namespace

// ---- sizes: memory follows the content, and each file has a cap ------------------------------

TEST_CASE("merges.txt: blank lines cost no table memory") {
    // 16 MiB of newlines before GPT-2's merges: the table used to be sized from the newline
    // count (16.8 M lines -> 2^26 slots of 16 bytes = 1 GiB, touched at once).
    TempDir tmp;
    const fs::path dir = tokenizer_dir(tmp / "m", [](std::string&, std::string&) {});
    {  // written a block at a time, so that making the file raises the peak by little
        const std::string merges = read_bytes(dir / "merges.txt");
        std::ofstream out(dir / "merges.txt", std::ios::binary | std::ios::trunc);
        out << merges.substr(0, merges.find('\n') + 1);
        const std::string blank(1 << 16, '\n');
        for (int i = 0; i < 256; ++i) out << blank;  // 16 MiB
        out << merges.substr(merges.find('\n') + 1);
        REQUIRE(out.flush());
    }
    const long long before = peak_rss();
    const gpt2::Tokenizer tok = load_tokenizer(dir);
    const long long grew = peak_rss() - before;
    INFO("peak RSS grew by " << grew / (1 << 20) << " MiB");
    CHECK(grew < 200LL << 20);  // the file (16 MiB) once, the vocabulary and 50,000 merges
    CHECK(tok.encode(" hello world") == load_tokenizer(kTiny).encode(" hello world"));
}

TEST_CASE("merges.txt, vocab.json and config.json larger than their caps are refused before they are read") {
    TempDir tmp;
    const fs::path dir = tokenizer_dir(tmp / "m", [](std::string&, std::string&) {});
    SECTION("merges.txt: 200 MB") {
        fs::resize_file(dir / "merges.txt", 200'000'000);  // sparse: no disk, and never read
        const long long before = peak_rss();
        const std::string msg = clean_error_of([&] { load_tokenizer(dir); });
        CHECK_THAT(msg, Contains("merges.txt: 200000000 bytes is more than the 64 MiB a merges.txt may have (GPT-2's is 456 KB)"));
        CHECK(peak_rss() - before < 100LL << 20);
    }
    SECTION("vocab.json: 100 MB") {
        fs::resize_file(dir / "vocab.json", 100'000'000);
        CHECK_THAT(clean_error_of([&] { load_tokenizer(dir); }),
                   Contains("vocab.json: 100000000 bytes is more than the 64 MiB a vocab.json may have"));
    }
    SECTION("config.json: 2 MB") {
        write_bytes(tmp / "config.json", read_bytes(kTiny / "config.json"));
        fs::resize_file(tmp / "config.json", 2'000'000);
        CHECK_THAT(clean_error_of([&] { gpt2::load_config(tmp / "config.json"); }),
                   Contains("config.json: 2000000 bytes is more than the 1 MiB a config.json may have"));
    }
}

// ---- JSON with a NUL: nlohmann stops there, we refuse ------------------------------------------

TEST_CASE("JSON input with a NUL byte, anything after it, is refused naming the byte") {
    TempDir tmp;
    const std::string garbage = std::string("\0", 1) + "{\"not\": \"json\"} anything at all";
    SECTION("config.json") {
        std::string config = read_bytes(kTiny / "config.json");
        const std::size_t at = config.size();
        write_bytes(tmp / "config.json", config + garbage);
        CHECK_THAT(clean_error_of([&] { gpt2::load_config(tmp / "config.json"); }),
                   Contains("config.json: JSON with a NUL byte at byte " + std::to_string(at) +
                            " (JSON text cannot hold one); this is not a model's config.json"));
    }
    SECTION("vocab.json") {
        std::size_t at = 0;
        const fs::path dir = tokenizer_dir(tmp / "m", [&](std::string& vocab, std::string&) {
            at = vocab.size();
            vocab += garbage;
        });
        CHECK_THAT(clean_error_of([&] { load_tokenizer(dir); }),
                   Contains("vocab.json: JSON with a NUL byte at byte " + std::to_string(at)));
    }
    SECTION("a safetensors header") {
        const std::string header = R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})";
        write_bytes(tmp / "w.safetensors", safetensors_file(header + garbage, std::string(4, '\0')));
        CHECK_THAT(clean_error_of([&] { gpt2::SafeTensors st(tmp / "w.safetensors"); }),
                   Contains("w.safetensors: header JSON with a NUL byte at byte " + std::to_string(header.size())));
    }
    SECTION("a --jsonl line") {
        const gpt2::Tokenizer tok = load_tokenizer(kTiny);
        std::istringstream in("\"Hello\"\n\"Hi\"" + garbage + "\n");
        std::ostringstream out;
        CHECK_THAT(clean_error_of([&] { gpt2::encode_jsonl(tok, in, out, {}); }),
                   Contains("line 2: not a JSON string (JSON with a NUL byte at byte 4"));
    }
}

// ---- a byte-order mark: skipped at the start of every file, visible anywhere else -------------

TEST_CASE("a leading UTF-8 byte-order mark is skipped in config.json, vocab.json and merges.txt alike") {
    TempDir tmp;
    const fs::path dir = tokenizer_dir(tmp / "m", [](std::string& vocab, std::string& merges) {
        vocab = kBom + vocab;
        merges = kBom + merges;
    });
    CHECK(load_tokenizer(dir).encode(" hello world") == load_tokenizer(kTiny).encode(" hello world"));
    write_bytes(tmp / "config.json", kBom + read_bytes(kTiny / "config.json"));
    CHECK(gpt2::load_config(tmp / "config.json").n_embd == gpt2::load_config(kTiny / "config.json").n_embd);
}

TEST_CASE("a byte-order mark inside merges.txt is shown as \\u{FEFF}, not quoted invisibly") {
    TempDir tmp;
    const fs::path dir = tokenizer_dir(tmp / "m", [](std::string&, std::string& merges) {
        merges.insert(merges.find('\n') + 1, "a b\n" + kBom + "Ġ t\n");
    });
    CHECK_THAT(clean_error_of([&] { load_tokenizer(dir); }), Contains("merges.txt:3: \"\\u{FEFF}Ġ t\" uses or makes a piece missing"));
}

// ---- safetensors: a name twice -----------------------------------------------------------------

TEST_CASE("a tensor named twice in a safetensors header is a duplicate, not an overlap") {
    TempDir tmp;
    const std::string header = R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},)"
                               R"("b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]},)"
                               R"("a":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}})";
    write_bytes(tmp / "w.safetensors", safetensors_file(header, std::string(12, '\0')));
    const std::string msg = clean_error_of([&] { gpt2::SafeTensors st(tmp / "w.safetensors"); });
    CHECK_THAT(msg, Contains("w.safetensors: duplicate tensor name \"a\" in the header; the file is corrupt"));
}

// ---- what a model directory's files are --------------------------------------------------------

TEST_CASE("a FIFO or a directory in a model file's place is said to be one, without blocking") {
    TempDir tmp;
    const fs::path dir = tmp / "m";
    fs::create_directories(dir);
    for (const char* f : {"config.json", "vocab.json", "merges.txt", "model.safetensors"})
        fs::copy_file(kTiny / f, dir / f);
    std::ostringstream notes;
    SECTION("config.json is a FIFO") {
        fs::remove(dir / "config.json");
        REQUIRE(::mkfifo((dir / "config.json").c_str(), 0644) == 0);
        CHECK_THAT(clean_error_of([&] { gpt2::resolve_model(dir.string(), notes); }),
                   Contains("config.json is a FIFO, not a regular file"));
        // and the loaders, reached another way, refuse it without waiting for a writer
        CHECK_THAT(clean_error_of([&] { gpt2::load_config(dir / "config.json"); }),
                   Contains("config.json: is a FIFO, not a regular file"));
    }
    SECTION("model.safetensors is a directory") {
        fs::remove(dir / "model.safetensors");
        fs::create_directory(dir / "model.safetensors");
        CHECK_THAT(clean_error_of([&] { gpt2::resolve_model(dir.string(), notes); }),
                   Contains("model.safetensors is a directory, not a regular file"));
    }
}

TEST_CASE("a model folder whose name is not UTF-8 gets a name that JSON and HTML can hold") {
    TempDir tmp;
    const fs::path dir = tmp / "m\xFFx";
    fs::create_directories(dir);
    for (const char* f : {"config.json", "vocab.json", "merges.txt", "model.safetensors"})
        fs::copy_file(kTiny / f, dir / f);
    std::ostringstream notes;
    const gpt2::ModelFiles files = gpt2::resolve_model(dir.string(), notes);
    CHECK(files.dir == dir);  // the files are still found where they are
    CHECK_THAT(files.name, Contains("m\\xFFx"));
    CHECK_THAT(files.dir_for_display(), Contains("m\\xFFx"));
    CHECK_NOTHROW(nlohmann::json{{"model", files.name}, {"path", files.dir_for_display()}}.dump());
}
