// Reference solution. Try the exercise in homework/ch04_tied_head/ first!
#include "ch04_tied_head/exercises.hpp"

#include "model/embeddings.hpp"
#include "model/lm_head.hpp"

namespace homework {

std::vector<int> not_own_top1(const gpt2::Model& model, const std::vector<int>& ids) {
    const auto h = gpt2::token_embeddings(model, ids);  // [N, C]
    const auto rows = gpt2::lm_head_top_k(model, h, 1);
    std::vector<int> out;
    for (std::size_t i = 0; i < ids.size(); ++i)
        if (rows[i].top.ids[0] != ids[i]) out.push_back(ids[i]);
    return out;
}

}  // namespace homework
