#include "ch08_position_zero/exercises.hpp"

namespace homework {

SinkMetric sink_metric(const std::vector<xt::xtensor<float, 3>>& attention) {
    // TODO(you): exercise 3 in exercises.hpp says what to compute. Stuck? HINTS.md,
    // exercise 3 (folded).
    (void)attention;
    return {};
}

}  // namespace homework
