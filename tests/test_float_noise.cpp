// The cut-offs the chapters print sit ten times above float32 rounding, on this CPU's
// OpenBLAS kernels (tests/blas_kernels.cmake runs this under every family of them).
//
// Two figures are float rounding by nature, and printed against a cut-off:
//   * ch05 --batch: max |logit difference| of a row batched vs run alone, "≈ 0" under
//     kBatchEqualWithin × the largest |logit| (display/batch_report.hpp);
//   * ch07's walk: max |diff| of each step to the library, ✓ within kWalkTolerance ×
//     max(1, largest |value|) (display/block_walk_report.hpp).
// For every bundled model, the reference prompts, and every block, the rounding must stay
// under a tenth of its cut-off, and a real difference (a left-padded row at the wrong
// positions) ten times above it. The worst ratios are printed, for the record.
#include <catch2/catch.hpp>

#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include "display/batch_report.hpp"
#include "display/block_walk_report.hpp"
#include "lens/batch_vs_alone.hpp"
#include "lens/block_walk.hpp"
#include "model/checkpoint.hpp"
#include "model/transformer.hpp"
#include "reference_compare.hpp"
#include "support/blas_kernels.hpp"
#include "text/batch.hpp"

namespace {

const std::vector<std::string> kPrompts{
    "This weekend I plan to", "Hi", "Once upon a time, there was a",
    "The weather was cold and grey, so we stayed inside, made a pot of tea and read old books by the fire."};

}  // namespace

TEST_CASE("float rounding stays 10x under the printed cut-offs, real differences 10x above", "[ch05][ch07]") {
    std::cout << "OpenBLAS kernels: " << gpt2::blas_core_name() << "\n";
    for (const auto& c : gpt2::test::kBundledModels) {
        const gpt2::Checkpoint ck = gpt2::Checkpoint::open(c.model);
        double batch_noise = 0, batch_real = 1e300, walk_noise = 0;  // as fractions of the cut-off
        for (const std::string& prompt : kPrompts) {
            INFO(c.model << ", prompt \"" << prompt << "\"");
            const std::vector<int> ids = ck.encode_prompt(prompt), hi = ck.tokenizer.encode("Hi");
            const gpt2::Batch b = gpt2::pad_batch({hi, ids}, ck.tokenizer.eos_id());
            const auto by_default = gpt2::compare_batch_with_alone(ck.model, b, gpt2::PositionScheme::Default, 1);
            const auto from_mask = gpt2::compare_batch_with_alone(ck.model, b, gpt2::PositionScheme::FromMask, 1);
            const double cut = gpt2::kBatchEqualWithin * std::max(by_default[0].max_abs_logit, by_default[1].max_abs_logit);
            REQUIRE(cut > 0);
            // Rounding only: both rows from the mask, and the unpadded row 1 either way.
            for (double d : {from_mask[0].max_abs_diff, from_mask[1].max_abs_diff, by_default[1].max_abs_diff}) {
                CHECK(d <= cut / 10);
                batch_noise = std::max(batch_noise, d / cut);
            }
            if (ids.size() > hi.size()) {  // "Hi" padded, at the wrong positions by default
                CHECK(by_default[0].max_abs_diff >= 10 * cut);
                batch_real = std::min(batch_real, by_default[0].max_abs_diff / cut);
            }

            for (const bool bos : {false, true}) {
                std::vector<int> walked = ids;
                if (bos) walked.insert(walked.begin(), ck.tokenizer.eos_id());
                std::vector<xt::xtensor<float, 3>> attention;
                const auto states = gpt2::hidden_states(ck.model, walked, &attention);
                for (std::size_t l = 0; l < static_cast<std::size_t>(ck.model.config().n_layer); ++l)
                    for (const gpt2::WalkCheck& k : gpt2::walk_block(ck.model, states, attention, l).checks) {
                        INFO("block " << l << (bos ? " with <|endoftext|>" : "") << ", step " << k.step);
                        const double walk_cut = gpt2::kWalkTolerance * std::max(1.0, k.max_abs_value);
                        CHECK(k.max_abs_diff <= walk_cut / 10);
                        walk_noise = std::max(walk_noise, k.max_abs_diff / walk_cut);
                    }
            }
        }
        std::cout << c.model << ": batch rounding " << batch_noise << " of the ≈ 0 cut-off, padded row at default "
                  << "positions " << batch_real << " times it; walk rounding " << walk_noise << " of the ✓ cut-off\n";
    }
}
