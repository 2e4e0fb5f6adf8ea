#include "lens/first_position_attention.hpp"

#include "model/transformer.hpp"
#include "support/error.hpp"
#include "support/number_format.hpp"
#include "support/table.hpp"

namespace gpt2 {

FirstPositionAttention first_position_attention(const Model& model, const std::vector<int>& ids) {
    std::vector<xt::xtensor<float, 3>> probs;  // per layer [H, T, T]
    hidden_states(model, ids, &probs);
    return first_position_attention(probs);
}

FirstPositionAttention first_position_attention(const std::vector<xt::xtensor<float, 3>>& probs) {
    const std::size_t L = probs.size(), H = probs.empty() ? 0 : probs[0].shape(0), T = probs.empty() ? 0 : probs[0].shape(1);
    if (T < 2)
        throw Error("attention to position 0 needs at least 2 tokens (position 0 can only attend to itself)");
    FirstPositionAttention a;
    a.num_positions = T;
    a.share = xt::zeros<double>({L, H});
    for (std::size_t l = 0; l < L; ++l)
        for (std::size_t h = 0; h < H; ++h) {
            double sum = 0;
            for (std::size_t t = 1; t < T; ++t) sum += probs[l](h, t, 0);
            a.share(l, h) = sum / double(T - 1);
        }
    for (std::size_t t = 1; t < T; ++t) a.uniform += 1.0 / double(t + 1);
    a.uniform /= double(T - 1);
    return a;
}

std::string first_position_attention_table(const FirstPositionAttention& a) {
    const std::size_t L = a.share.shape(0), H = a.share.shape(1);
    std::vector<std::string> cols, rows;
    for (std::size_t h = 0; h < H; ++h) cols.push_back("head " + std::to_string(h));
    cols.push_back("mean");
    for (std::size_t l = 0; l < L; ++l) rows.push_back("layer " + std::to_string(l));
    Table table(cols, rows);
    for (std::size_t l = 0; l < L; ++l) {
        double mean = 0;
        for (std::size_t h = 0; h < H; ++h) {
            table.set(l, h, fixed(a.share(l, h), 2));
            mean += a.share(l, h) / double(H);
        }
        table.set(l, H, fixed(mean, 2));
    }
    return table.render();
}

nlohmann::ordered_json first_position_attention_json(const FirstPositionAttention& a) {
    nlohmann::ordered_json rows = nlohmann::ordered_json::array();
    for (std::size_t l = 0; l < a.share.shape(0); ++l) {
        rows.push_back(nlohmann::ordered_json::array());
        for (std::size_t h = 0; h < a.share.shape(1); ++h) rows.back().push_back(a.share(l, h));
    }
    return {{"share", rows}, {"uniform", a.uniform}};
}

}  // namespace gpt2
