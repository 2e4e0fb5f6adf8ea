// input_file.hpp — open a file the user names on the command line for reading, say
// `ch01_tokenizer --jsonl FILE`, without the surprises of a plain std::ifstream:
//   "-"          is standard input;
//   a directory  is an error saying so (an ifstream "opens" it, then fails on the first read);
//   a FIFO       waits at most `fifo_wait` (10 s) for a program to open it for writing, then
//                gives up with one line. A FIFO with a writer (`--jsonl <(zcat texts.gz)`,
//                `mkfifo f; producer > f & ch01_tokenizer --jsonl f`) works as before; one
//                that nobody ever opens no longer blocks forever in open(2).
//   anything else readable (a regular file, /dev/stdin, /dev/zero...) is read as it comes;
//                what reads it bounds its lines (encode_jsonl.hpp).
// Errors are gpt2::Error naming `what` (how the user gave the file, e.g. "--jsonl texts.jsonl").
#pragma once

#include <chrono>
#include <istream>
#include <memory>
#include <string>

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

}  // namespace gpt2
