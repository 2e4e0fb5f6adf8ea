#include "model_files.hpp"

#include <iostream>

#include "data_dir.hpp"
#include "error.hpp"

namespace gpt2 {

namespace fs = std::filesystem;

namespace {

ModelFiles checked(std::string name, fs::path dir) {
    ModelFiles m{std::move(name), std::move(dir)};
    std::error_code ec;  // the error_code forms: a path we may not stat is "not there", never an exception
    if (!fs::is_directory(m.dir, ec))
        throw Error("model directory " + path_for_message(m.dir) +
                    (fs::exists(m.dir, ec) ? " is not a directory (a model is a directory in Hugging Face layout)"
                                           : " does not exist"));
    for (const fs::path& f : {m.config(), m.weights(), m.vocab(), m.merges()})
        if (!fs::is_regular_file(f, ec))
            throw Error("model directory " + path_for_message(m.dir) + " has no " + f.filename().string() +
                        " (a model needs config.json, model.safetensors, vocab.json, merges.txt)");
    return m;
}

}  // namespace

ModelFiles resolve_model(const std::string& arg, std::ostream& notes) {
    const fs::path models = data_dir() / "models";
    if (arg.empty()) {
        if (fs::is_regular_file(models / "distilgpt2" / "model.safetensors"))
            return checked("distilgpt2", models / "distilgpt2");
        notes << "note: distilgpt2 is not downloaded, so this runs the bundled teaching model "
                 "(4 layers, trained here); get distilgpt2 with: scripts/download-model distilgpt2\n";
        return checked("teaching", models / "teaching-gpt2");
    }
    if (arg == "teaching") return checked(arg, models / "teaching-gpt2");
    if (arg == "tiny") return checked(arg, models / "tiny-gpt2-f32");
    if (arg == "tiny-bf16") return checked(arg, models / "tiny-gpt2-bf16");
    if (arg == "distilgpt2" || arg == "gpt2") {
        if (!fs::is_regular_file(models / arg / "model.safetensors"))
            throw Error(arg + " is not downloaded: run scripts/download-model " + arg +
                        " (needs internet), or use --model tiny");
        return checked(arg, models / arg);
    }
    std::error_code ec;
    if (!fs::exists(arg, ec))
        throw Error("--model " + path_for_message(arg) +
                    ": no such directory (use a Hugging Face model directory, or distilgpt2, gpt2, teaching, tiny)");
    if (!fs::is_directory(arg, ec))
        throw Error("--model " + path_for_message(arg) +
                    " is not a directory (use a Hugging Face model directory, or distilgpt2, gpt2, teaching, tiny)");
    return checked(arg, arg);
}

ModelFiles resolve_model(const std::string& arg) { return resolve_model(arg, std::cerr); }

}  // namespace gpt2
