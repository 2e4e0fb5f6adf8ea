#include "lens/logit_lens_input.hpp"

#include "model/layer_norm.hpp"

namespace gpt2 {

xt::xtensor<float, 2> lens_input(const Model& model, const std::vector<xt::xtensor<float, 2>>& states,
                                 std::size_t i, LnF mode) {
    const bool is_last = i + 1 == states.size();
    if (mode == LnF::None || is_last) return states.at(i);
    return layer_norm(states.at(i), model.weights().ln_f, model.config().layer_norm_epsilon);
}

}  // namespace gpt2
