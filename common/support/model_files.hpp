// support/model_files.hpp — find a model on disk from what the learner typed after --model.
//
// A model is a directory in Hugging Face layout: config.json, model.safetensors,
// vocab.json, merges.txt. --model accepts such a directory, or a short name:
//   distilgpt2, gpt2  -> data/models/NAME (fetched by scripts/download-model NAME)
//   teaching          -> data/models/teaching-gpt2 (bundled: 6 layers x 256, trained on a GPU
//                        on English from Debian packages: the book's model)
//   teaching-small    -> data/models/teaching-small-gpt2 (bundled: 4 layers x 128, trained
//                        on a CPU on the same corpus, too briefly to show position 0's spike)
//   tiny              -> data/models/tiny-gpt2-f32 (bundled: smaller, random weights: tests)
//   tiny-bf16         -> data/models/tiny-gpt2-bf16 (bundled test fixture)
// With no --model: distilgpt2 when it has been downloaded, else teaching, with one line on
// stderr saying so and how to get distilgpt2 — once the run has succeeded (run_chapter prints
// take_model_note() last), so that an error stays one line.
//
// What is wrong with a directory is said as such: "does not exist", "has no vocab.json",
// "cannot read merges.txt (Permission denied)", "config.json is a FIFO, not a regular file".
#pragma once

#include <filesystem>
#include <iosfwd>
#include <string>

namespace gpt2 {

struct ModelFiles {
    std::string name;            // "distilgpt2", "teaching", "tiny", or the directory as given, with
                                 // control characters and invalid UTF-8 escaped (\n, \xFF): safe
                                 // to print, and to put in JSON or HTML
    std::filesystem::path dir;

    // dir, escaped as name is: for outputs ("path" in --json), which must be valid UTF-8.
    std::string dir_for_display() const;

    std::filesystem::path config() const { return dir / "config.json"; }
    std::filesystem::path weights() const { return dir / "model.safetensors"; }
    std::filesystem::path vocab() const { return dir / "vocab.json"; }
    std::filesystem::path merges() const { return dir / "merges.txt"; }
};

// Throws gpt2::Error (what is missing, and what to run) when the model cannot be found.
// `notes` receives the one-line notice when the default falls back to the tiny model.
ModelFiles resolve_model(const std::string& arg, std::ostream& notes);
ModelFiles resolve_model(const std::string& arg);  // notes wait for take_model_note()

// The notes resolve_model(arg) held back ("" when none), emptied: run_chapter prints them on
// stderr after a successful run.
std::string take_model_note();

// "distilgpt2, gpt2, teaching, teaching-small, tiny, tiny-bf16": the short names --model accepts, for help texts.
std::string model_names();

}  // namespace gpt2
