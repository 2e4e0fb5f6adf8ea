// Reference solution. Try the exercise in homework/ch03_embeddings/ first!
#include "ch03_embeddings/exercises.hpp"

#include <cmath>

namespace homework {

std::vector<float> embedding_norms(const gpt2::Model& model) {
    const gpt2::Param<2>& wte = model.weights().wte;  // [V, C]
    const std::size_t V = wte.shape[0], C = wte.shape[1];
    std::vector<float> norms(V);  // [V]
    for (std::size_t v = 0; v < V; ++v) {
        const float* row = wte.data + v * C;
        double sum = 0;
        for (std::size_t c = 0; c < C; ++c) sum += double(row[c]) * row[c];
        norms[v] = static_cast<float>(std::sqrt(sum));
    }
    return norms;
}

}  // namespace homework
