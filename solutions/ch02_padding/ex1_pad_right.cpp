// Reference solution. Try the exercise in homework/ch02_padding/ first!
#include "ch02_padding/exercises.hpp"

#include <algorithm>

namespace homework {

gpt2::Batch pad_right(const std::vector<std::vector<int>>& sequences, int pad_id) {
    std::size_t T = 0;
    for (const auto& seq : sequences) T = std::max(T, seq.size());
    const std::size_t B = sequences.size();

    gpt2::Batch batch;
    batch.input_ids = xt::xtensor<int, 2>::from_shape({B, T});       // [B, T]
    batch.attention_mask = xt::xtensor<int, 2>::from_shape({B, T});  // [B, T]
    batch.input_ids.fill(pad_id);
    batch.attention_mask.fill(0);
    for (std::size_t b = 0; b < B; ++b)
        for (std::size_t t = 0; t < sequences[b].size(); ++t) {  // real tokens first
            batch.input_ids(b, t) = sequences[b][t];
            batch.attention_mask(b, t) = 1;
        }
    return batch;
}

}  // namespace homework
