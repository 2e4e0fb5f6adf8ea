// model/top_k.hpp — the k largest entries of a row, by partial selection.
//
// One pass over the row keeping the best k seen so far (a small min-heap): O(V log k)
// instead of sorting all 50257 logits. Order: larger value first; equal values put the
// lower id first, so results are deterministic.
#pragma once

#include <cstddef>
#include <vector>

namespace gpt2 {

struct TopK {
    std::vector<int> ids;       // best first
    std::vector<float> values;  // values[i] belongs to ids[i]
};

TopK top_k(const float* row, std::size_t n, std::size_t k);

// Streaming form, for a row that arrives in pieces (vocabulary blocks): offer() each
// piece with the id of its first entry, then take() the result.
class TopKAccumulator {
public:
    explicit TopKAccumulator(std::size_t k) : k_(k) {}
    void offer(const float* values, std::size_t n, int first_id);
    TopK take();

private:
    std::size_t k_;
    std::vector<std::pair<float, int>> heap_;  // min-heap on (value, -id): worst on top
};

}  // namespace gpt2
