// make_random_checkpoint — write a GPT-2 checkpoint of any shape, with random weights.
//
// For benchmarks: by default it has distilgpt2's exact shape (6 layers, n_embd 768,
// 12 heads, 1024 positions, 50257 tokens: 81,912,576 parameters), so timings here are
// the timings of the real model, which cannot be downloaded on every machine. The output
// is a Hugging Face model directory (config.json, model.safetensors in F32 with the hub's
// bare tensor names, vocab.json, merges.txt). Weights ~ N(0, 0.02) like GPT-2's
// initialisation; fixed seed.
//
//   make_random_checkpoint OUT_DIR [--layers 6] [--embd 768] [--heads 12] [--positions 1024] [--seed 1]
//
// OUT_DIR is the user's: it must not exist yet, or be a folder this tool wrote before
// (it holds the marker file .made-by-make_random_checkpoint and nothing but the files
// listed below), which is then replaced. Anything else (a folder of other files, `.`, a
// file, a device) is refused, never removed. The new folder is written as
// OUT_DIR.part-XXXXXX next to it and renamed when complete; a failure, an exception or
// a Ctrl-C (support/atomic_file.hpp's remove_on_signal) leaves no .part folder behind.
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "support/atomic_file.hpp"
#include "support/cli.hpp"
#include "support/data_dir.hpp"
#include "support/error.hpp"

namespace fs = std::filesystem;

namespace {

const char* const kMarker = ".made-by-make_random_checkpoint";
const std::set<std::string> kFiles = {kMarker, "config.json", "model.safetensors", "vocab.json", "merges.txt"};
// gpt2-xl has 1,557,611,200 parameters (6.2 GB in F32); more is a typo, not a benchmark.
constexpr std::uint64_t kMaxParameters = 2'000'000'000;

struct Rng {  // xorshift64* + Box–Muller: fast enough for 80 M normals
    std::uint64_t s;
    double uniform() {
        s ^= s >> 12, s ^= s << 25, s ^= s >> 27;
        return double((s * 2685821657736338717ULL) >> 11) * 0x1.0p-53;
    }
    float normal(float std) {
        const double u = std::max(uniform(), 1e-300), v = uniform();
        return float(std * std::sqrt(-2 * std::log(u)) * std::cos(6.283185307179586 * v));
    }
};

struct Tensor {
    std::string name;
    std::vector<std::size_t> shape;
    float mean, std;  // initialisation
    std::size_t size() const {
        std::size_t n = 1;
        for (auto d : shape) n *= d;
        return n;
    }
};

using gpt2::path_for_message;

// Refuses (gpt2::Error) an OUT that is neither absent nor a folder this tool wrote.
// Returns whether there is an earlier checkpoint to replace.
bool check_output(const fs::path& out) {
    struct stat st {};
    if (::lstat(out.c_str(), &st) != 0) {
        if (errno == ENOENT) return false;
        throw gpt2::Error(path_for_message(out) + ": " + std::strerror(errno));
    }
    const std::string give_new = "; give a new folder name (this tool replaces only a folder it made itself)";
    if (S_ISLNK(st.st_mode)) throw gpt2::Error(path_for_message(out) + " is a symbolic link" + give_new);
    if (!S_ISDIR(st.st_mode)) throw gpt2::Error(path_for_message(out) + " exists and is not a folder" + give_new);
    if (!fs::exists(out / kMarker))
        throw gpt2::Error(path_for_message(out) + " exists and was not made by make_random_checkpoint (no " + kMarker +
                          " in it)" + give_new);
    for (const fs::directory_entry& e : fs::directory_iterator(out)) {
        const std::string name = e.path().filename().string();
        if (!kFiles.count(name) || !e.is_regular_file() || e.is_symlink())
            throw gpt2::Error(path_for_message(out) + " holds " + path_for_message(name) +
                              ", which make_random_checkpoint did not write; move it away or give a new folder name");
    }
    return true;
}

// A file of ours, written with every error checked: "cannot write PATH (No space left on device)".
class OutFile {
public:
    explicit OutFile(const fs::path& p) : path_(p) {
        fd_ = ::open(p.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        if (fd_ < 0) fail(errno);
    }
    ~OutFile() {
        if (fd_ >= 0) ::close(fd_);
    }
    void write(const void* data, std::size_t n) {
        for (std::size_t done = 0; done < n;) {
            const ssize_t k = ::write(fd_, static_cast<const char*>(data) + done, n - done);
            if (k < 0 && errno == EINTR) continue;
            if (k <= 0) fail(k < 0 ? errno : EIO);
            done += std::size_t(k);
        }
    }
    void write(const std::string& s) { write(s.data(), s.size()); }
    void close() {
        const int fd = fd_;
        fd_ = -1;
        if (::fsync(fd) != 0 || ::close(fd) != 0) fail(errno);
    }

private:
    [[noreturn]] void fail(int err) {
        throw gpt2::Error("cannot write " + path_for_message(path_) + " (" + std::strerror(err) + ")");
    }
    fs::path path_;
    int fd_ = -1;
};

std::string read_whole(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::string s{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (!in.good() && !in.eof()) throw gpt2::Error("cannot read " + path_for_message(p));
    if (s.empty()) throw gpt2::Error(path_for_message(p) + " is missing or empty; restore it from the repository");
    return s;
}

// OUT.part-XXXXXX: removed (files, then the folder) on an exception and on a fatal signal,
// unless keep() was called once it is renamed into place.
class PartDir {
public:
    explicit PartDir(const fs::path& out) {
        std::string pattern = out.string() + ".part-XXXXXX";
        if (!::mkdtemp(pattern.data()))
            throw gpt2::Error("cannot create a folder next to " + path_for_message(out) + " (" + std::strerror(errno) +
                              ")");
        path_ = pattern;
        ids_.push_back(gpt2::remove_on_signal(path_.string()));
        const mode_t mask = ::umask(0);  // mkdtemp made it 0700; a folder made by mkdir gets 0777 less the umask
        ::umask(mask);
        ::chmod(path_.c_str(), 0777 & ~mask);
    }
    ~PartDir() {
        if (path_.empty()) return;
        std::error_code ec;
        fs::remove_all(path_, ec);  // our own mkdtemp folder: nothing else is in it
        for (int id : ids_) gpt2::forget_on_signal(id);
    }
    // The path of a new file in it, listed for removal on a signal before it is created.
    fs::path file(const std::string& name) {
        ids_.push_back(gpt2::remove_on_signal((path_ / name).string()));
        return path_ / name;
    }
    const fs::path& path() const { return path_; }
    void keep() {
        for (int id : ids_) gpt2::forget_on_signal(id);
        ids_.clear();
        path_.clear();
    }

private:
    fs::path path_;
    std::vector<int> ids_;
};

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Write a random GPT-2 checkpoint (distilgpt2's shape by default)", "make_random_checkpoint"};
    std::string out;
    int layers = 6, embd = 768, heads = 12, positions = 1024;
    const int vocab = 50257;
    std::uint64_t seed = 1;
    app.add_option("out", out, "output model directory (must not exist, or be one this tool made)")->required()
        ->check(CLI::Validator([](std::string& s) { return s.empty() ? std::string("the folder name is empty") : ""; },
                               "DIR"));
    // The limits of model/config.cpp's loader, so that whatever is written can be read back.
    app.add_option("--layers", layers, "blocks (n_layer)")->capture_default_str()->check(gpt2::whole_number(1, 1024));
    app.add_option("--embd", embd, "width of the hidden states (n_embd)")->capture_default_str()->check(gpt2::whole_number(1, 65536));
    app.add_option("--heads", heads, "attention heads per block (n_head); must divide --embd")->capture_default_str()->check(gpt2::whole_number(1, 1024));
    app.add_option("--positions", positions, "longest input (n_positions)")->capture_default_str()->check(gpt2::whole_number(1, 1 << 20));
    app.add_option("--seed", seed, "the same seed writes the same bytes")->capture_default_str()
        ->check(gpt2::whole_number(0, std::numeric_limits<std::uint64_t>::max()));
    // Checks of several flags together are usage errors too (exit 2), so they run in the parse.
    app.final_callback([&] {
        if (embd % heads != 0)
            throw CLI::ValidationError("--heads", std::to_string(heads) + " does not divide --embd " +
                                                      std::to_string(embd) + " (each head gets n_embd / n_head numbers)");
        const std::uint64_t C = std::uint64_t(embd), params = std::uint64_t(vocab) * C + std::uint64_t(positions) * C +
                                                               std::uint64_t(layers) * (12 * C * C + 13 * C) + 2 * C;
        if (params > kMaxParameters)
            throw CLI::ValidationError("--layers/--embd/--positions",
                                       "this shape has " + std::to_string(params) + " parameters (" +
                                           std::to_string(params * 4 / 1'000'000) + " MB); at most " +
                                           std::to_string(kMaxParameters) + " are written (gpt2-xl has 1557611200)");
    });
    return gpt2::run_chapter(app, argc, argv, [&] {
        // "out/" names the folder out; ".", ".." and "/" name no folder we could replace.
        fs::path dir = fs::path(out).lexically_normal();
        if (dir.filename().empty() && dir.has_parent_path()) dir = dir.parent_path();
        if (dir.filename().empty() || dir.filename() == "." || dir.filename() == ".." || dir == dir.root_path())
            throw gpt2::Error(path_for_message(out) + " is not a new folder's name; give one, e.g. build/random-model");
        const bool replace = check_output(dir);

        const std::size_t C = embd, V = vocab, P = positions, I = 4 * C;
        std::vector<Tensor> tensors = {{"wte.weight", {V, C}, 0, 0.02f}, {"wpe.weight", {P, C}, 0, 0.01f}};
        for (int l = 0; l < layers; ++l) {
            const std::string p = "h." + std::to_string(l) + ".";
            tensors.insert(tensors.end(), {
                {p + "ln_1.weight", {C}, 1, 0.05f}, {p + "ln_1.bias", {C}, 0, 0.02f},
                {p + "attn.c_attn.weight", {C, 3 * C}, 0, 0.02f}, {p + "attn.c_attn.bias", {3 * C}, 0, 0.02f},
                {p + "attn.c_proj.weight", {C, C}, 0, 0.02f}, {p + "attn.c_proj.bias", {C}, 0, 0.02f},
                {p + "ln_2.weight", {C}, 1, 0.05f}, {p + "ln_2.bias", {C}, 0, 0.02f},
                {p + "mlp.c_fc.weight", {C, I}, 0, 0.02f}, {p + "mlp.c_fc.bias", {I}, 0, 0.02f},
                {p + "mlp.c_proj.weight", {I, C}, 0, 0.02f}, {p + "mlp.c_proj.bias", {C}, 0, 0.02f},
            });
        }
        tensors.insert(tensors.end(), {{"ln_f.weight", {C}, 1, 0.05f}, {"ln_f.bias", {C}, 0, 0.02f}});

        // Header: name -> dtype, shape, byte offsets; padded with spaces to 8 bytes.
        nlohmann::json header = {{"__metadata__", {{"format", "pt"}}}};
        std::size_t offset = 0, params = 0;
        for (const Tensor& t : tensors) {
            const std::size_t n = t.size();
            header[t.name] = {{"dtype", "F32"}, {"shape", t.shape}, {"data_offsets", {offset, offset + 4 * n}}};
            offset += 4 * n;
            params += n;
        }
        std::string text = header.dump();
        text.append((8 - text.size() % 8) % 8, ' ');

        // Before minutes of writing: is there room for it?
        std::error_code ec;
        const fs::path parent = dir.has_parent_path() ? dir.parent_path() : fs::path(".");
        const fs::space_info space = fs::space(parent, ec);
        const std::uintmax_t needed = 8 + text.size() + offset + (2u << 20);
        if (!ec && space.available < needed)
            throw gpt2::Error("the checkpoint needs " + std::to_string(needed / 1'000'000 + 1) + " MB, and " +
                              path_for_message(parent) + " has " + std::to_string(space.available / 1'000'000) +
                              " MB free; free some space or choose a smaller shape");

        const std::string vocab_json = read_whole(gpt2::data_dir() / "gpt2" / "vocab.json");
        const std::string merges_txt = read_whole(gpt2::data_dir() / "gpt2" / "merges.txt");

        PartDir tmp(dir);
        {
            OutFile f(tmp.file("model.safetensors"));
            std::string len(8, '\0');
            for (int i = 0; i < 8; ++i) len[i] = char((std::uint64_t(text.size()) >> (8 * i)) & 0xff);
            f.write(len);
            f.write(text);
            Rng rng{seed * 0x9E3779B97F4A7C15ULL + 1};
            std::vector<float> buf;
            for (const Tensor& t : tensors) {  // in chunks of 1 M numbers: memory stays at 4 MB whatever the shape
                for (std::size_t left = t.size(); left > 0;) {
                    buf.resize(std::min<std::size_t>(left, 1 << 20));
                    for (float& v : buf) v = t.mean + rng.normal(t.std);
                    f.write(buf.data(), 4 * buf.size());
                    left -= buf.size();
                }
            }
            f.close();
        }
        const nlohmann::json config = {
            {"model_type", "gpt2"}, {"architectures", {"GPT2LMHeadModel"}}, {"activation_function", "gelu_new"},
            {"n_layer", layers}, {"n_head", heads}, {"n_embd", embd}, {"n_positions", positions},
            {"n_ctx", positions}, {"n_inner", nullptr}, {"vocab_size", vocab}, {"layer_norm_epsilon", 1e-5},
            {"bos_token_id", 50256}, {"eos_token_id", 50256}, {"tie_word_embeddings", true},
            {"generated_by", "tools/make_random_checkpoint seed " + std::to_string(seed)}};
        for (const auto& [name, content] : std::vector<std::pair<std::string, std::string>>{
                 {"config.json", config.dump(2) + "\n"},
                 {"vocab.json", vocab_json},
                 {"merges.txt", merges_txt},
                 {kMarker, "Written by tools/make_random_checkpoint, which may replace this folder.\n"}}) {
            OutFile f(tmp.file(name));
            f.write(content);
            f.close();
        }

        if (replace) {  // checked again: it must still be ours. Only its known files are removed.
            check_output(dir);
            for (const std::string& name : kFiles) fs::remove(dir / name);
            fs::remove(dir);  // fails (and says so) if anything appeared in it meanwhile
        }
        if (::rename(tmp.path().c_str(), dir.c_str()) != 0)
            throw gpt2::Error("cannot rename " + path_for_message(tmp.path()) + " to " + path_for_message(dir) + " (" +
                              std::strerror(errno) + ")");
        tmp.keep();
        std::cout << "wrote " << dir.string() << ": " << params << " parameters, "
                  << fs::file_size(dir / "model.safetensors") << " bytes\n";
    });
}
