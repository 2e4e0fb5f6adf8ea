// Reference solution. Try the exercise in homework/ch04_tied_head/ first!
#include "ch04_tied_head/exercises.hpp"

#include <cmath>

#include "model/embeddings.hpp"
#include "model/lm_head.hpp"
#include "model/top_k.hpp"

namespace homework {

std::vector<int> nearest_by_cosine(const gpt2::Model& model, int id, std::size_t k) {
    const gpt2::Param<2>& wte = model.weights().wte;  // [V, C]
    const std::size_t V = wte.shape[0], C = wte.shape[1];
    xt::xtensor<float, 2> logits = gpt2::lm_head_logits(model, gpt2::token_embeddings(model, {id}));  // [1, V]
    const auto norm = [&](std::size_t v) {
        double sum = 0;
        for (std::size_t c = 0; c < C; ++c) sum += double(wte.data[v * C + c]) * wte.data[v * C + c];
        return std::sqrt(sum);
    };
    const double own = norm(static_cast<std::size_t>(id));
    for (std::size_t v = 0; v < V; ++v) {
        const double denom = own * norm(v);
        logits(0, v) = denom > 0 ? static_cast<float>(logits(0, v) / denom) : 0.0f;
    }
    return gpt2::top_k(logits.data(), V, k).ids;
}

}  // namespace homework
