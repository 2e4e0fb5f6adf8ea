// Tests of the chapter 4 homework (homework/ch04_tied_head/exercises.hpp).
// Run them with `make homework`.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "ch04_tied_head/exercises.hpp"
#include "show.hpp"
#include "support/model_files.hpp"

namespace {

const gpt2::Model& tiny_model() {
    static const gpt2::Model model = gpt2::Model::load(gpt2::resolve_model("tiny"));
    return model;
}

// cos(wte[a], wte[b]) in double precision, computed the slow, obvious way.
double cosine(const gpt2::Model& model, int a, int b) {
    const gpt2::Param<2>& wte = model.weights().wte;
    const std::size_t C = wte.shape[1];
    const float* x = wte.data + std::size_t(a) * C;
    const float* y = wte.data + std::size_t(b) * C;
    double xy = 0, xx = 0, yy = 0;
    for (std::size_t c = 0; c < C; ++c) {
        xy += double(x[c]) * y[c];
        xx += double(x[c]) * x[c];
        yy += double(y[c]) * y[c];
    }
    return xy / std::sqrt(xx * yy);
}

}  // namespace

TEST_CASE("ex1: nearest_by_cosine puts the token itself first", "[homework][ch04]") {
    const gpt2::Model& model = tiny_model();
    for (int id : {284, 770, 3191}) {
        const std::vector<int> near = homework::nearest_by_cosine(model, id, 5);
        show::value("ch04 ex1", "nearest_by_cosine(tiny, " + std::to_string(id) + ", 5)", near, "expected first", id);
        INFO("token " << id);
        REQUIRE(near.size() == 5);
        CHECK(near[0] == id);
    }
}

TEST_CASE("ex1: nearest_by_cosine finds the k largest cosines", "[homework][ch04]") {
    const gpt2::Model& model = tiny_model();
    const int id = 284;  // ' to'
    const std::size_t k = 10;
    std::vector<double> cos(50257);
    for (int v = 0; v < 50257; ++v) cos[v] = cosine(model, id, v);
    std::vector<double> best = cos;
    std::partial_sort(best.begin(), best.begin() + k, best.end(), std::greater<>());

    const std::vector<int> near = homework::nearest_by_cosine(model, id, k);
    std::vector<double> near_cos;
    for (int v : near) near_cos.push_back(v >= 0 && v < 50257 ? cos[v] : NAN);
    show::value("ch04 ex1", "  cosines of nearest_by_cosine(tiny, 284, 10)", near_cos, "the 10 largest",
                std::vector<double>(best.begin(), best.begin() + k));
    REQUIRE(near.size() == k);
    for (std::size_t r = 0; r < k; ++r) {
        INFO("rank " << r << ": token " << near[r] << " has cosine " << cos[near[r]] << ", expected " << best[r]);
        CHECK(std::abs(cos[near[r]] - best[r]) < 1e-5);  // near-ties may swap
    }
}

TEST_CASE("ex2: not_own_top1 on the prompt's tokens: none", "[homework][ch04]") {
    // On the tiny model every token of the notebook's prompt is its own top-1 (Out[15]'s
    // first column), as with distilgpt2.
    const std::vector<int> prompt{770, 5041, 314, 1410, 284};
    const std::vector<int> found = homework::not_own_top1(tiny_model(), prompt);
    show::value("ch04 ex2", "not_own_top1(tiny, the prompt's 5 tokens)", found, "expected", std::vector<int>{});
    CHECK(found.empty());
}

TEST_CASE("ex2: not_own_top1 finds the exceptions among the first 5000 tokens", "[homework][ch04]") {
    const gpt2::Model& model = tiny_model();
    std::vector<int> ids(5000);
    std::iota(ids.begin(), ids.end(), 0);
    const std::vector<int> found = homework::not_own_top1(model, ids);
    show::value("ch04 ex2", "not_own_top1(tiny, tokens 0 … 4999)", found, "expected", std::vector<int>{3191, 4794});
    // Exactly two of them on the tiny model: tokens 3191 and 4794 have another token
    // whose embedding, longer, gives a bigger dot product than their own.
    CHECK(found == std::vector<int>{3191, 4794});
    // ...and yet by cosine each is still nearest to itself (exercise 1 ignores lengths).
    for (int id : found) CHECK(cosine(model, id, id) == Approx(1.0));
}
