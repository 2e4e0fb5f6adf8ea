// display/hidden_states_json.cpp — see display/hidden_states_json.hpp.
#include "display/hidden_states_json.hpp"

#include "display/json_fields.hpp"
#include "lens/lens_top_k.hpp"
#include "lens/state_norms.hpp"

namespace gpt2 {

nlohmann::ordered_json hidden_states_json(const Checkpoint& ck, const std::string& prompt,
                                          const std::vector<int>& ids,
                                          const std::vector<xt::xtensor<float, 2>>& states, std::size_t k) {
    using json = nlohmann::ordered_json;
    std::vector<std::size_t> all;
    for (std::size_t i = 0; i < states.size(); ++i) all.push_back(i);
    const auto tops = lens_top_k(ck.model, states, all, k, LnF::None);  // [state][position]
    json out;
    out["model"] = model_json(ck);
    out["prompt"] = prompt;
    out["input_ids"] = ids;
    out["tokens"] = json::array();
    for (int id : ids) out["tokens"].push_back(ck.tokenizer.token_string(id));
    out["hidden_states"] = json::array();
    for (std::size_t i = 0; i < states.size(); ++i) {
        json per_position = json::array();
        for (const TopK& top : tops[i]) per_position.push_back(top_k_json(ck.tokenizer, top));
        out["hidden_states"].push_back({{"index", i}, {"norm", position_norms(states[i])}, {"top_k", per_position}});
    }
    return out;
}

}  // namespace gpt2
