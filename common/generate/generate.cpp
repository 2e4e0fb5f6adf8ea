#include "generate/generate.hpp"

#include <optional>
#include <string>

#include "generate/kv_cache.hpp"
#include "generate/sampler.hpp"
#include "model/lm_head.hpp"
#include "model/transformer.hpp"
#include "support/error.hpp"

namespace gpt2 {

namespace {

// Without a cache: the whole sequence through the model, then the head on its last state only.
std::vector<float> last_logits_uncached(const Model& model, const std::vector<int>& ids) {
    const xt::xtensor<float, 2> h = hidden_states(model, ids).back();  // [T, C], after ln_f
    std::vector<float> logits(model.weights().lm_head.shape[0]);        // [V]
    lm_head_row(model, h.data() + (h.shape(0) - 1) * h.shape(1), logits.data());  // as the cached path's head
    return logits;
}

}  // namespace

std::vector<int> generate(const Model& model, const std::vector<int>& prompt_ids, std::size_t max_new,
                          const GenerateOptions& options, const OnToken& on_token) {
    const std::size_t n_positions = static_cast<std::size_t>(model.config().n_positions);
    const std::size_t V = static_cast<std::size_t>(model.config().vocab_size);
    if (prompt_ids.empty()) throw Error("the prompt is empty: give at least one token to continue");
    if (prompt_ids.size() > n_positions)
        throw Error("the prompt has " + std::to_string(prompt_ids.size()) + " tokens but this model reads at most " +
                    std::to_string(n_positions) + " (n_positions); shorten the prompt");
    if (max_new > n_positions - prompt_ids.size())
        throw Error("the prompt's " + std::to_string(prompt_ids.size()) + " tokens and " + std::to_string(max_new) +
                    " new ones are more than the " + std::to_string(n_positions) +
                    " this model reads (n_positions); ask for at most " +
                    std::to_string(n_positions - prompt_ids.size()) + " new tokens");
    std::vector<int> out;
    if (max_new == 0) return out;

    std::vector<int> sequence = prompt_ids;  // the uncached path reruns all of it
    std::optional<KVCache> cache;
    // The last token chosen is never run through the model: room for prompt + max_new - 1.
    if (options.use_cache) cache.emplace(model.config(), prompt_ids.size() + max_new - 1);
    std::vector<float> logits =
        cache ? next_token_logits(model, *cache, prompt_ids) : last_logits_uncached(model, sequence);
    while (true) {
        const int id = options.choose ? options.choose(logits.data(), V) : greedy(logits.data(), V);
        if (id < 0 || static_cast<std::size_t>(id) >= V)
            throw Error("the token chooser returned " + std::to_string(id) + ", outside the vocabulary (0 .. " +
                        std::to_string(V - 1) + ")");
        out.push_back(id);
        if (on_token) on_token(id);
        if (out.size() == max_new || (options.stop_at_eos && id == options.eos_id)) break;
        if (cache) {
            logits = next_token_logits(model, *cache, {id});
        } else {
            sequence.push_back(id);
            logits = last_logits_uncached(model, sequence);
        }
    }
    return out;
}

}  // namespace gpt2
