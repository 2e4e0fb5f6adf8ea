// replay_main.cpp — a plain main() for a fuzz harness, without libFuzzer: feeds every file
// named on the command line (or found directly in a directory named there, in name order)
// to LLVMFuzzerTestOneInput once. The ordinary build links each harness with it as
// fuzz_NAME_replay, and ctest's fuzz_replay_NAME replays fuzz/corpus/NAME (the seeds) and
// fuzz/regressions/NAME (every crash the fuzzer ever found): with g++, without sanitizers
// (or with them, in the debug preset). A missing directory is skipped (git keeps no empty
// folders); finding no input at all is an error. A crash or an escaping exception fails.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace fs = std::filesystem;

int main(int argc, char** argv) {
    std::vector<fs::path> inputs;
    for (int i = 1; i < argc; ++i) {
        const fs::path arg = argv[i];
        if (fs::is_directory(arg)) {
            std::vector<fs::path> files;
            for (const auto& e : fs::directory_iterator(arg))
                if (e.is_regular_file() && e.path().filename().string().front() != '.') files.push_back(e.path());
            std::sort(files.begin(), files.end());
            inputs.insert(inputs.end(), files.begin(), files.end());
        } else if (fs::is_regular_file(arg)) {
            inputs.push_back(arg);
        } else {
            std::cout << "(no " << arg.string() << ": skipped)\n";
        }
    }
    if (inputs.empty()) {
        std::cerr << "replay: no inputs found\n";
        return 1;
    }
    for (const auto& p : inputs) {
        std::ifstream in(p, std::ios::binary);
        const std::string bytes{std::istreambuf_iterator<char>(in), {}};
        if (!in && !in.eof()) {
            std::cerr << "replay: cannot read " << p.string() << "\n";
            return 1;
        }
        std::cout << "replay " << p.string() << " (" << bytes.size() << " bytes)" << std::endl;
        LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    }
    std::cout << "replayed " << inputs.size() << " inputs: no crash\n";
    return 0;
}
