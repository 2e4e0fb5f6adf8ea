// text/batch.cpp — padding and position ids; see text/batch.hpp.
#include "text/batch.hpp"

#include <algorithm>
#include <string>

#include "support/error.hpp"

namespace gpt2 {
namespace {

// Shapes come from callers who may have built a Batch by hand; a mismatch would make
// the position ids silently wrong, so say so.
void check_shapes(const Batch& batch) {
    if (batch.input_ids.shape() != batch.attention_mask.shape())
        throw Error("batch: input_ids is [" + std::to_string(batch.input_ids.shape(0)) + ", " +
                    std::to_string(batch.input_ids.shape(1)) + "] but attention_mask is [" +
                    std::to_string(batch.attention_mask.shape(0)) + ", " +
                    std::to_string(batch.attention_mask.shape(1)) + "]");
}

}  // namespace

Batch pad_batch(const std::vector<std::vector<int>>& sequences, int pad_id, PadSide side) {
    if (sequences.empty()) throw Error("pad_batch: the batch has no sequences");
    std::size_t longest = 0;
    for (const auto& seq : sequences) longest = std::max(longest, seq.size());
    if (longest == 0) throw Error("pad_batch: every sequence in the batch is empty");

    const std::size_t B = sequences.size(), T = longest;
    Batch batch;
    batch.input_ids = xt::xtensor<int, 2>::from_shape({B, T});       // [B, T]
    batch.attention_mask = xt::xtensor<int, 2>::from_shape({B, T});  // [B, T]
    batch.input_ids.fill(pad_id);
    batch.attention_mask.fill(0);
    for (std::size_t b = 0; b < B; ++b) {
        const auto& seq = sequences[b];
        // Left padding puts the padding first, so the real tokens end at column T-1.
        const std::size_t start = side == PadSide::Left ? T - seq.size() : 0;
        for (std::size_t t = 0; t < seq.size(); ++t) {
            batch.input_ids(b, start + t) = seq[t];
            batch.attention_mask(b, start + t) = 1;
        }
    }
    return batch;
}

xt::xtensor<int, 2> position_ids_default(const Batch& batch) {
    check_shapes(batch);
    const std::size_t B = batch.input_ids.shape(0), T = batch.input_ids.shape(1);
    auto pos = xt::xtensor<int, 2>::from_shape({B, T});  // [B, T]
    for (std::size_t b = 0; b < B; ++b)
        for (std::size_t t = 0; t < T; ++t) pos(b, t) = static_cast<int>(t);
    return pos;
}

xt::xtensor<int, 2> position_ids_from_mask(const Batch& batch) {
    check_shapes(batch);
    const std::size_t B = batch.input_ids.shape(0), T = batch.input_ids.shape(1);
    auto pos = xt::xtensor<int, 2>::from_shape({B, T});  // [B, T]
    for (std::size_t b = 0; b < B; ++b) {
        int running = 0;  // cumsum of the mask so far
        for (std::size_t t = 0; t < T; ++t) {
            running += batch.attention_mask(b, t) != 0 ? 1 : 0;
            pos(b, t) = std::max(running - 1, 0);  // leading padding would be -1
        }
    }
    return pos;
}

}  // namespace gpt2
