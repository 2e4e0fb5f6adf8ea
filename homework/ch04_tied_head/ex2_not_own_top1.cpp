#include "ch04_tied_head/exercises.hpp"

namespace homework {

std::vector<int> not_own_top1(const gpt2::Model& model, const std::vector<int>& ids) {
    // TODO(you): embed all the ids at once (gpt2::token_embeddings, [N, C]), then ask the
    // head for each row's top-1 with gpt2::lm_head_top_k(model, h, 1) (lm_head.hpp): it
    // streams wte once for all rows instead of making N rows of 50257 logits. Keep the
    // ids whose top.ids[0] differs from themselves.
    (void)model;
    (void)ids;
    return {0};
}

}  // namespace homework
