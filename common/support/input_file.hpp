// support/input_file.hpp — open a file the user names on the command line for reading, say
// `ch01_tokenizer --jsonl FILE`, without the surprises of a plain std::ifstream:
//   "-"          is standard input;
//   a directory  is an error saying so (an ifstream "opens" it, then fails on the first read);
//   a FIFO       waits at most `fifo_wait` (10 s) for a program to open it for writing, then
//                gives up with one line. A FIFO with a writer (`--jsonl <(zcat texts.gz)`,
//                `mkfifo f; producer > f & ch01_tokenizer --jsonl f`) works as before; one
//                that nobody ever opens no longer blocks forever in open(2).
//   anything else readable (a regular file, /dev/stdin, /dev/zero...) is read as it comes;
//                what reads it bounds its lines (text/encode_jsonl.hpp).
// Errors are gpt2::Error naming `what` (how the user gave the file, e.g. "--jsonl texts.jsonl").
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <istream>
#include <memory>
#include <string>
#include <string_view>

namespace gpt2 {

class InputFile {
public:
    InputFile(const std::string& path, const std::string& what,
              std::chrono::milliseconds fifo_wait = std::chrono::seconds(10));
    ~InputFile();
    InputFile(const InputFile&) = delete;
    InputFile& operator=(const InputFile&) = delete;

    std::istream& stream() { return *in_; }

private:
    struct FdBuf;
    std::unique_ptr<FdBuf> buf_;
    std::unique_ptr<std::istream> owned_;
    std::istream* in_ = nullptr;
};

// The whole of a small file a model directory holds (config.json, vocab.json, merges.txt),
// checked before anything is allocated for it: memory follows the file's real size, never
// more than `max_bytes`. Errors are one line naming the file and saying why:
//   "dir/merges.txt: cannot open (Permission denied)"
//   "dir/config.json: is a FIFO, not a regular file; give the file itself"  (never blocks)
//   "dir/merges.txt: 209715200 bytes is more than the 64 MiB a merges.txt may have
//    (<usual_size>); the file is corrupt or not GPT-2's"
std::string read_small_file(const std::filesystem::path& path, std::size_t max_bytes, const std::string& usual_size);

// "a FIFO", "a directory", "a device", "a socket", "a symbolic link": what a path is that
// is not a regular file, for messages (`mode` from stat).
std::string file_kind(unsigned mode);

// One rule for every text file we read (config.json, vocab.json, merges.txt, a safetensors
// header, --jsonl): a leading UTF-8 byte-order mark, which some Windows editors add, is
// skipped. nlohmann::json skips it by itself; merges.txt calls this.
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
std::string_view skip_utf8_bom(std::string_view text);

}  // namespace gpt2
