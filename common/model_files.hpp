// model_files.hpp — find a model on disk from what the learner typed after --model.
//
// A model is a directory in Hugging Face layout: config.json, model.safetensors,
// vocab.json, merges.txt. --model accepts such a directory, or a short name:
//   distilgpt2, gpt2  -> data/models/NAME (fetched by scripts/download-model NAME)
//   teaching          -> data/models/teaching-gpt2 (bundled: 4 layers, trained here on
//                        English from Debian packages: the book's model)
//   tiny              -> data/models/tiny-gpt2-f32 (bundled: smaller, random weights: tests)
//   tiny-bf16         -> data/models/tiny-gpt2-bf16 (bundled test fixture)
// With no --model: distilgpt2 when it has been downloaded, else teaching, with one line on
// stderr saying so and how to get distilgpt2.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <string>

namespace gpt2 {

struct ModelFiles {
    std::string name;            // "distilgpt2", "teaching", "tiny", or the directory as given
    std::filesystem::path dir;

    std::filesystem::path config() const { return dir / "config.json"; }
    std::filesystem::path weights() const { return dir / "model.safetensors"; }
    std::filesystem::path vocab() const { return dir / "vocab.json"; }
    std::filesystem::path merges() const { return dir / "merges.txt"; }
};

// Throws gpt2::Error (what is missing, and what to run) when the model cannot be found.
// `notes` receives the one-line notice when the default falls back to the tiny model.
ModelFiles resolve_model(const std::string& arg, std::ostream& notes);
ModelFiles resolve_model(const std::string& arg);  // notes go to std::cerr

}  // namespace gpt2
