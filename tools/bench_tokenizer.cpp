// bench_tokenizer.cpp — how fast is our GPT-2 tokenizer? Single thread, one text file.
//
//   bench_tokenizer CORPUS [--runs N] [--ids-out FILE]
//
// Prints the time to load vocab.json + merges.txt, then encode speed (MB/s of UTF-8 input,
// tokens/s) as the median of N runs. Each run starts from a freshly loaded tokenizer, so
// the word cache starts empty every time: we do not time a cache warmed by an earlier run.
// --ids-out writes the ids, one per line, for scripts/bench-tokenizer to compare with
// other tokenizers. The last line is machine-readable ("RESULT ...").
//
// Deliberately not measured: decode, multi-threaded encoding.
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>

#include <CLI/CLI.hpp>

#include "bench_stats.hpp"
#include "support/cli.hpp"
#include "support/data_dir.hpp"
#include "support/error.hpp"
#include "text/tokenizer.hpp"

namespace {

using bench::median;
using bench::seconds_since;

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Benchmark the GPT-2 tokenizer's encode on a text file", "bench_tokenizer"};
    std::string corpus_path, ids_out;
    int runs = 5;
    app.add_option("corpus", corpus_path, "UTF-8 text file to encode")->required();
    app.add_option("--runs", runs, "number of timed runs (the median is reported)")->check(gpt2::whole_number(1, 1000));
    app.add_option("--ids-out", ids_out, "write the ids here, one per line");
    // A malformed flag is one line and exit 2, as in the chapters (CLI11_PARSE exits 105..).
    if (const int rc = gpt2::parse_flags(app, argc, argv); rc >= 0) return rc;

    try {
        std::ifstream in(corpus_path, std::ios::binary);
        if (!in)
            throw gpt2::Error(gpt2::path_for_message(corpus_path) + ": cannot open the corpus (" + std::strerror(errno) +
                              "); run scripts/bench-tokenizer to make one");
        std::stringstream ss;
        ss << in.rdbuf();
        const std::string text = ss.str();
        const auto vocab = gpt2::data_dir() / "gpt2" / "vocab.json";
        const auto merges = gpt2::data_dir() / "gpt2" / "merges.txt";

        std::vector<double> load_s, encode_s;
        std::vector<int> ids;
        for (int r = 0; r < runs; ++r) {
            auto t0 = std::chrono::steady_clock::now();
            const auto tok = gpt2::Tokenizer::load(vocab, merges);
            load_s.push_back(seconds_since(t0));
            t0 = std::chrono::steady_clock::now();
            ids = tok.encode(text);
            encode_s.push_back(seconds_since(t0));
        }
        const double load = median(load_s), enc = median(encode_s);
        const double mb = text.size() / 1e6;
        std::cout << std::fixed << std::setprecision(1)
                  << "load (vocab.json + merges.txt): " << load * 1e3 << " ms (median of " << runs << ")\n"
                  << "encode " << mb << " MB -> " << ids.size() << " tokens: " << enc * 1e3 << " ms, "
                  << mb / enc << " MB/s, " << ids.size() / enc / 1e6 << " M tokens/s (median of " << runs << ")\n";
        std::cout << std::setprecision(3) << "RESULT ours " << load * 1e3 << " " << mb / enc << " "
                  << ids.size() / enc << " " << ids.size() << "\n";

        if (!ids_out.empty()) {
            std::ofstream out(ids_out);
            for (int id : ids) out << id << '\n';
            if (!out.flush())
                throw gpt2::Error("--ids-out " + gpt2::path_for_message(ids_out) + ": cannot write (" + std::strerror(errno) + ")");
        }
    } catch (const std::exception& e) {
        std::cerr << "bench_tokenizer: error: " << gpt2::printable_for_message(e.what(), 1000) << "\n";
        return 1;
    }
    return 0;
}
