// make_random_checkpoint — write a GPT-2 checkpoint of any shape, with random weights.
//
// For benchmarks: by default it has distilgpt2's exact shape (6 layers, n_embd 768,
// 12 heads, 1024 positions, 50257 tokens: 81,912,576 parameters), so timings here are
// the timings of the real model, which cannot be downloaded on every machine. The output
// is a Hugging Face model directory (config.json, model.safetensors in F32 with the hub's
// bare tensor names, vocab.json, merges.txt), written under a temporary name and renamed
// when complete. Weights ~ N(0, 0.02) like GPT-2's initialisation; fixed seed.
//
//   make_random_checkpoint OUT_DIR [--layers 6] [--embd 768] [--heads 12] [--positions 1024] [--seed 1]
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli.hpp"
#include "data_dir.hpp"
#include "error.hpp"

namespace fs = std::filesystem;

namespace {

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
};

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Write a random GPT-2 checkpoint (distilgpt2's shape by default)", "make_random_checkpoint"};
    std::string out;
    int layers = 6, embd = 768, heads = 12, positions = 1024, vocab = 50257;
    std::uint64_t seed = 1;
    app.add_option("out", out, "output model directory")->required();
    app.add_option("--layers", layers);
    app.add_option("--embd", embd);
    app.add_option("--heads", heads);
    app.add_option("--positions", positions);
    app.add_option("--seed", seed);
    return gpt2::run_chapter(app, argc, argv, [&] {
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
            std::size_t n = 1;
            for (auto d : t.shape) n *= d;
            header[t.name] = {{"dtype", "F32"}, {"shape", t.shape}, {"data_offsets", {offset, offset + 4 * n}}};
            offset += 4 * n;
            params += n;
        }
        std::string text = header.dump();
        text.append((8 - text.size() % 8) % 8, ' ');

        const fs::path dir = out, tmp = out + ".part";
        fs::remove_all(tmp);
        fs::create_directories(tmp);
        {
            std::ofstream f(tmp / "model.safetensors", std::ios::binary);
            const std::uint64_t len = text.size();
            for (int i = 0; i < 8; ++i) f.put(char((len >> (8 * i)) & 0xff));
            f << text;
            Rng rng{seed * 0x9E3779B97F4A7C15ULL + 1};
            std::vector<float> buf;
            for (const Tensor& t : tensors) {
                std::size_t n = 1;
                for (auto d : t.shape) n *= d;
                buf.resize(n);
                for (float& v : buf) v = t.mean + rng.normal(t.std);
                f.write(reinterpret_cast<const char*>(buf.data()), std::streamsize(4 * n));
            }
            if (!f) throw gpt2::Error("cannot write " + (tmp / "model.safetensors").string());
        }
        const nlohmann::json config = {
            {"model_type", "gpt2"}, {"architectures", {"GPT2LMHeadModel"}}, {"activation_function", "gelu_new"},
            {"n_layer", layers}, {"n_head", heads}, {"n_embd", embd}, {"n_positions", positions},
            {"n_ctx", positions}, {"n_inner", nullptr}, {"vocab_size", vocab}, {"layer_norm_epsilon", 1e-5},
            {"bos_token_id", 50256}, {"eos_token_id", 50256}, {"tie_word_embeddings", true},
            {"generated_by", "tools/make_random_checkpoint seed " + std::to_string(seed)}};
        std::ofstream(tmp / "config.json") << config.dump(2) << "\n";
        for (const char* f : {"vocab.json", "merges.txt"}) fs::copy_file(gpt2::data_dir() / "gpt2" / f, tmp / f);
        fs::remove_all(dir);
        fs::rename(tmp, dir);
        std::cout << "wrote " << dir.string() << ": " << params << " parameters, "
                  << fs::file_size(dir / "model.safetensors") << " bytes\n";
    });
}
