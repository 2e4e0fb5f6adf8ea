#include "model/embeddings.hpp"

#include <algorithm>
#include <string>

#include "support/error.hpp"

namespace gpt2 {

namespace {

const float* row(const Param<2>& table, int index, const char* what) {
    if (index < 0 || static_cast<std::size_t>(index) >= table.shape[0])
        throw Error(std::string(what) + " " + std::to_string(index) + " is out of range (the table has " +
                    std::to_string(table.shape[0]) + " rows)");
    return table.data + static_cast<std::size_t>(index) * table.shape[1];
}

}  // namespace

xt::xtensor<float, 2> token_embeddings(const Model& model, const std::vector<int>& ids) {
    const Param<2>& wte = model.weights().wte;
    const std::size_t C = wte.shape[1];
    xt::xtensor<float, 2> out = xt::empty<float>({ids.size(), C});  // [N, C]
    for (std::size_t n = 0; n < ids.size(); ++n) {
        const float* e = row(wte, ids[n], "token id");
        std::copy(e, e + C, out.data() + n * C);
    }
    return out;
}

xt::xtensor<float, 2> embed(const Model& model, const xt::xtensor<int, 2>& ids,
                            const xt::xtensor<int, 2>& positions) {
    const Weights& w = model.weights();
    const std::size_t B = ids.shape(0), T = ids.shape(1), C = w.wte.shape[1];
    xt::xtensor<float, 2> out = xt::empty<float>({B * T, C});  // [B·T, C]
    for (std::size_t b = 0; b < B; ++b)
        for (std::size_t t = 0; t < T; ++t) {
            const float* tok = row(w.wte, ids(b, t), "token id");
            const float* pos = row(w.wpe, positions(b, t), "position");
            float* o = out.data() + (b * T + t) * C;
            for (std::size_t c = 0; c < C; ++c) o[c] = tok[c] + pos[c];
        }
    return out;
}

}  // namespace gpt2
