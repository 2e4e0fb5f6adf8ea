// The forward pass's hooks (common/model/forward_hooks.hpp): unused, they change nothing, bit for
// bit; used, each is called at its point, the number of times the model's shape says, and
// what it writes is what the rest of the forward — and the returned tensors — see.
#include <catch2/catch.hpp>

#include <cstring>
#include <string>
#include <vector>

#include <xtensor/xview.hpp>

#include "model/checkpoint.hpp"
#include "model/layer_norm.hpp"
#include "model/transformer.hpp"
#include "reference_compare.hpp"
#include "support/error.hpp"

namespace {

bool same_bits(const xt::xtensor<float, 2>& a, const xt::xtensor<float, 2>& b) {
    return a.shape() == b.shape() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}
bool same_bits(const xt::xtensor<float, 3>& a, const xt::xtensor<float, 3>& b) {
    return a.shape() == b.shape() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

const std::vector<int> kIds = {1212, 5041, 314, 1410, 284, 2822, 257};  // "This weekend I plan to buy a"

}  // namespace

TEST_CASE("no hooks, empty hooks and reading hooks give bit-identical states and attention", "[hooks]") {
    for (const auto& m : gpt2::test::kBundledModels) {
        DYNAMIC_SECTION(m.model) {
            const gpt2::Checkpoint ck = gpt2::Checkpoint::open(m.model);
            const int V = ck.model.config().vocab_size;
            std::vector<int> ids;
            for (int id : kIds) ids.push_back(id % V);
            std::vector<xt::xtensor<float, 3>> att_plain, att_empty, att_read;
            const auto plain = gpt2::hidden_states(ck.model, ids, &att_plain);
            const gpt2::ForwardHooks empty;
            const auto with_empty = gpt2::hidden_states(ck.model, ids, &att_empty, &empty);

            std::size_t embeddings = 0, blocks = 0, heads = 0;
            double sink = 0;  // read something, so the hooks are not optimised away
            gpt2::ForwardHooks read;
            read.embeddings = [&](xt::xtensor<float, 2>& x) { ++embeddings; sink += x(0, 0); };
            read.block_output = [&](std::size_t, xt::xtensor<float, 2>& x) { ++blocks; sink += x(0, 0); };
            read.attention = [&](std::size_t, std::size_t, std::size_t, xt::xtensor<float, 2>& p) { ++heads; sink += p(0, 0); };
            const auto with_read = gpt2::hidden_states(ck.model, ids, &att_read, &read);

            const std::size_t L = std::size_t(ck.model.config().n_layer), H = std::size_t(ck.model.config().n_head);
            CHECK(embeddings == 1);
            CHECK(blocks == L);
            CHECK(heads == L * H);
            CHECK(sink != 0);
            REQUIRE(plain.size() == L + 1);
            for (std::size_t s = 0; s < plain.size(); ++s) {
                CHECK(same_bits(plain[s], with_empty[s]));
                CHECK(same_bits(plain[s], with_read[s]));
            }
            for (std::size_t l = 0; l < L; ++l) {
                CHECK(same_bits(att_plain[l], att_empty[l]));
                CHECK(same_bits(att_plain[l], att_read[l]));
            }
        }
    }
}

TEST_CASE("a hook sees the tensor the forward returns, and its edits flow on", "[hooks]") {
    const gpt2::Checkpoint ck = gpt2::Checkpoint::open("teaching");
    const gpt2::Config& cfg = ck.model.config();
    const std::size_t L = std::size_t(cfg.n_layer);
    const auto plain = gpt2::hidden_states(ck.model, kIds);

    SECTION("block_output(l) sees hidden_states[l + 1]; after the last block, the residual before ln_f") {
        std::vector<xt::xtensor<float, 2>> seen(L);
        gpt2::ForwardHooks hooks;
        hooks.embeddings = [&](xt::xtensor<float, 2>& x) { CHECK(same_bits(x, plain[0])); };
        hooks.block_output = [&](std::size_t l, xt::xtensor<float, 2>& x) { seen[l] = x; };
        gpt2::hidden_states(ck.model, kIds, nullptr, &hooks);
        for (std::size_t l = 0; l + 1 < L; ++l) CHECK(same_bits(seen[l], plain[l + 1]));
        CHECK(same_bits(gpt2::layer_norm(seen[L - 1], ck.model.weights().ln_f, cfg.layer_norm_epsilon), plain[L]));
    }
    SECTION("an edit after block 1 is in hidden_states[2] and changes every later state, but not earlier ones") {
        gpt2::ForwardHooks hooks;
        hooks.block_output = [&](std::size_t l, xt::xtensor<float, 2>& x) {
            if (l == 1) xt::view(x, 0, xt::all()) = 0.0f;  // position 0's residual, zeroed
        };
        const auto edited = gpt2::hidden_states(ck.model, kIds, nullptr, &hooks);
        CHECK(same_bits(edited[0], plain[0]));
        CHECK(same_bits(edited[1], plain[1]));
        for (std::size_t c = 0; c < std::size_t(cfg.n_embd); ++c) REQUIRE(edited[2](0, c) == 0.0f);
        for (std::size_t s = 3; s <= L; ++s) CHECK_FALSE(same_bits(edited[s], plain[s]));
    }
    SECTION("edited attention probabilities are the ones returned and the ones used") {
        gpt2::ForwardHooks hooks;
        hooks.attention = [&](std::size_t l, std::size_t, std::size_t h, xt::xtensor<float, 2>& p) {
            if (l != 2 || h != 3) return;
            p = xt::zeros<float>(p.shape());
            xt::view(p, xt::all(), 0) = 1.0f;  // every query looks only at position 0
        };
        std::vector<xt::xtensor<float, 3>> attention;
        const auto edited = gpt2::hidden_states(ck.model, kIds, &attention, &hooks);
        for (std::size_t i = 0; i < kIds.size(); ++i) {
            CHECK(attention[2](3, i, 0) == 1.0f);
            if (i > 0) CHECK(attention[2](3, i, i) == 0.0f);
        }
        CHECK(same_bits(edited[2], plain[2]));        // block 2's input is untouched
        CHECK_FALSE(same_bits(edited[3], plain[3]));  // its output is not
        // Position 0 only ever attends to itself, so a head moved onto position 0 leaves it alone.
        for (std::size_t c = 0; c < std::size_t(cfg.n_embd); ++c) REQUIRE(edited[3](0, c) == plain[3](0, c));
    }
    SECTION("a hook that reshapes its tensor is refused with one line") {
        gpt2::ForwardHooks hooks;
        hooks.block_output = [](std::size_t, xt::xtensor<float, 2>& x) { x = xt::zeros<float>({std::size_t(1), std::size_t(1)}); };
        CHECK_THROWS_AS(gpt2::hidden_states(ck.model, kIds, nullptr, &hooks), gpt2::Error);
        gpt2::ForwardHooks probs;
        probs.attention = [](std::size_t, std::size_t, std::size_t, xt::xtensor<float, 2>& p) { p = xt::zeros<float>({std::size_t(2), std::size_t(2)}); };
        CHECK_THROWS_AS(gpt2::hidden_states(ck.model, kIds, nullptr, &probs), gpt2::Error);
    }
}
