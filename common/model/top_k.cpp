#include "model/top_k.hpp"

#include <algorithm>

namespace gpt2 {

namespace {

// a ranks before b: larger value, or equal value and lower id.
bool better(const std::pair<float, int>& a, const std::pair<float, int>& b) {
    return a.first > b.first || (a.first == b.first && a.second < b.second);
}

}  // namespace

void TopKAccumulator::offer(const float* values, std::size_t n, int first_id) {
    if (k_ == 0) return;
    for (std::size_t i = 0; i < n; ++i) {
        const std::pair<float, int> cand{values[i], first_id + static_cast<int>(i)};
        if (heap_.size() < k_) {
            heap_.push_back(cand);
            std::push_heap(heap_.begin(), heap_.end(), better);  // heap top = worst kept
        } else if (better(cand, heap_.front())) {
            std::pop_heap(heap_.begin(), heap_.end(), better);
            heap_.back() = cand;
            std::push_heap(heap_.begin(), heap_.end(), better);
        }
    }
}

TopK TopKAccumulator::take() {
    std::sort(heap_.begin(), heap_.end(), better);
    TopK out;
    for (const auto& [value, id] : heap_) {
        out.ids.push_back(id);
        out.values.push_back(value);
    }
    heap_.clear();
    return out;
}

TopK top_k(const float* row, std::size_t n, std::size_t k) {
    TopKAccumulator acc(k);
    acc.offer(row, n, 0);
    return acc.take();
}

}  // namespace gpt2
