#include "support/model_files.hpp"

#include <cerrno>
#include <cstring>
#include <iostream>
#include <sstream>
#include <string_view>
#include <utility>

#include <sys/stat.h>
#include <unistd.h>

#include "support/data_dir.hpp"
#include "support/error.hpp"
#include "support/input_file.hpp"

namespace gpt2 {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kNames = "distilgpt2, gpt2, teaching, teaching-small, tiny, tiny-bf16";
constexpr std::string_view kLayout = "a model needs config.json, model.safetensors, vocab.json, merges.txt";

// A path as shown in messages and outputs: control characters and invalid UTF-8 escaped
// (\n, \xFF), never cut. JSON and HTML outputs can only hold valid UTF-8: a raw folder
// name once made nlohmann::json throw type_error.316 in --json.
std::string displayable(const std::string& path) { return printable_for_message(path, std::string::npos); }

// stat(2), or throws what keeps us from it: "model directory D: cannot read config.json
// (Permission denied)". ENOENT is the caller's to word: returns false.
bool stat_or_throw(const fs::path& f, const ModelFiles& m, struct stat& st) {
    if (::stat(f.c_str(), &st) == 0) return true;
    if (errno == ENOENT) return false;
    throw Error("model directory " + path_for_message(m.dir) + ": cannot read " + path_for_message(f.filename()) + " (" +
                std::strerror(errno) + ")");
}

ModelFiles checked(std::string name, fs::path dir) {
    ModelFiles m{displayable(name), std::move(dir)};
    const std::string where = "model directory " + path_for_message(m.dir);
    struct stat st {};
    if (::stat(m.dir.c_str(), &st) != 0)
        throw Error(where + (errno == ENOENT ? std::string(" does not exist")
                                             : ": cannot open it (" + std::string(std::strerror(errno)) + ")"));
    if (!S_ISDIR(st.st_mode))
        throw Error(where + " is not a directory (a model is a directory in Hugging Face layout)");
    // Without search permission every file in it looks absent: say what it is instead.
    if (::access(m.dir.c_str(), X_OK) != 0)
        throw Error(where + ": cannot open it (" + std::strerror(errno) + "); check its permissions");
    for (const fs::path& f : {m.config(), m.weights(), m.vocab(), m.merges()}) {
        const std::string file = path_for_message(f.filename());
        if (!stat_or_throw(f, m, st)) throw Error(where + " has no " + file + " (" + std::string(kLayout) + ")");
        if (!S_ISREG(st.st_mode))
            throw Error(where + ": " + file + " is " + file_kind(st.st_mode) + ", not a regular file (" +
                        std::string(kLayout) + ", as files)");
        if (::access(f.c_str(), R_OK) != 0)
            throw Error(where + ": cannot read " + file + " (" + std::strerror(errno) + "); check its permissions");
    }
    return m;
}

// The note for a run of the default model without distilgpt2, held until the run succeeds
// (take_model_note): printed first, it made every error two lines.
std::string& pending_note() {
    static std::string note;
    return note;
}

}  // namespace

std::string ModelFiles::dir_for_display() const { return displayable(dir.native()); }

std::string model_names() { return std::string(kNames); }

ModelFiles resolve_model(const std::string& arg, std::ostream& notes) {
    const fs::path models = data_dir() / "models";
    if (arg.empty()) {
        if (fs::is_regular_file(models / "distilgpt2" / "model.safetensors"))
            return checked("distilgpt2", models / "distilgpt2");
        notes << "note: distilgpt2 is not downloaded, so this runs the bundled teaching model "
                 "(6 layers, trained on our corpus); get distilgpt2 with: scripts/download-model distilgpt2\n";
        return checked("teaching", models / "teaching-gpt2");
    }
    if (arg == "teaching") return checked(arg, models / "teaching-gpt2");
    if (arg == "teaching-small") return checked(arg, models / "teaching-small-gpt2");
    if (arg == "tiny") return checked(arg, models / "tiny-gpt2-f32");
    if (arg == "tiny-bf16") return checked(arg, models / "tiny-gpt2-bf16");
    if (arg == "distilgpt2" || arg == "gpt2") {
        if (!fs::is_regular_file(models / arg / "model.safetensors"))
            throw Error(arg + " is not downloaded: run scripts/download-model " + arg +
                        " (needs internet), or use --model teaching");
        return checked(arg, models / arg);
    }
    std::error_code ec;
    if (!fs::exists(arg, ec))
        throw Error("--model " + path_for_message(arg) + ": no such directory (use a Hugging Face model directory, or " +
                    std::string(kNames) + ")");
    if (!fs::is_directory(arg, ec))
        throw Error("--model " + path_for_message(arg) + " is not a directory (use a Hugging Face model directory, or " +
                    std::string(kNames) + ")");
    return checked(arg, arg);
}

ModelFiles resolve_model(const std::string& arg) {
    std::ostringstream notes;
    ModelFiles m = resolve_model(arg, notes);
    pending_note() += notes.str();
    return m;
}

std::string take_model_note() { return std::exchange(pending_note(), {}); }

}  // namespace gpt2
