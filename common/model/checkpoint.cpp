#include "model/checkpoint.hpp"

#include "support/error.hpp"

namespace gpt2 {

Checkpoint Checkpoint::open(const std::string& model_arg) {
    ModelFiles files = resolve_model(model_arg);
    Tokenizer tokenizer = Tokenizer::load(files.vocab(), files.merges());
    Model model = Model::load(files);
    if (tokenizer.vocab_size() != static_cast<std::size_t>(model.config().vocab_size))
        throw Error(path_for_message(files.dir) + ": vocab.json has " + std::to_string(tokenizer.vocab_size()) +
                    " tokens but config.json says vocab_size " + std::to_string(model.config().vocab_size));
    return Checkpoint{std::move(files), std::move(tokenizer), std::move(model)};
}

std::vector<int> Checkpoint::encode_prompt(const std::string& prompt, const EncodeOptions& opts) const {
    std::vector<int> ids = tokenizer.encode(prompt, opts);
    if (ids.empty()) throw Error("the prompt is empty: give some text with --prompt");
    const auto limit = static_cast<std::size_t>(model.config().n_positions);
    if (ids.size() > limit)
        throw Error("the prompt has " + std::to_string(ids.size()) + " tokens but " + path_for_message(files.name) +
                    " reads at most " + std::to_string(limit) + " (n_positions); shorten it");
    return ids;
}

}  // namespace gpt2
