// Tests of the chapter 6 homework (homework/ch06_logit_lens/exercises.hpp).
// Run them with `make homework`.
//
// Each exercise is checked on small lenses made by hand (3 or 4 states, numbers you can
// follow on paper) and on the real lens of the bundled tiny model.
#include <catch2/catch.hpp>

#include <vector>

#include "ch06_logit_lens/exercises.hpp"
#include "lens/logit_lens.hpp"
#include "model/checkpoint.hpp"
#include "show.hpp"

namespace {

// A lens of `ranks.size()` states × ranks[0].size() positions: ranks[i][t] is the rank of
// the final answer (token 7) at state i, kl[i][t] the KL; a cell's top-1 is token 7 when
// its rank is 0, else token 100 + i.
gpt2::LensResult hand_made(const std::vector<std::vector<std::size_t>>& ranks,
                           const std::vector<std::vector<double>>& kl) {
    gpt2::LensResult lens;
    lens.num_states = ranks.size();
    lens.ids.assign(ranks[0].size(), 1);
    for (std::size_t i = 0; i < ranks.size(); ++i)
        for (std::size_t t = 0; t < ranks[i].size(); ++t) {
            gpt2::LensCell c;
            c.final_top1_rank = ranks[i][t];
            c.kl_to_final = kl.empty() ? 0.0 : kl[i][t];
            c.top.ids = {ranks[i][t] == 0 ? 7 : int(100 + i)};
            c.top.values = {1.0f};
            c.probs = {0.5f};
            lens.cells.push_back(c);
        }
    return lens;
}

const gpt2::Checkpoint& tiny() {
    static const gpt2::Checkpoint ck = gpt2::Checkpoint::open("tiny");
    return ck;
}

gpt2::LensResult tiny_lens(const std::string& prompt, gpt2::LnF mode) {
    gpt2::LensOptions o;
    o.ln_f = mode;
    return gpt2::logit_lens(tiny().model, tiny().encode_prompt(prompt), o);
}

// f(lens, t) for every position t, to print on one line.
template <class F>
std::vector<std::size_t> per_position(const gpt2::LensResult& lens, F f) {
    std::vector<std::size_t> out;
    for (std::size_t t = 0; t < lens.num_positions(); ++t) out.push_back(f(lens, t));
    return out;
}

}  // namespace

TEST_CASE("ex1: first_settled_state on hand-made lenses", "[homework][ch06]") {
    // States 0..3 (rows) at 3 positions (columns).
    const auto lens = hand_made({{5, 0, 0},    // state 0
                                 {0, 2, 0},    // state 1
                                 {0, 0, 0},    // state 2
                                 {0, 0, 0}},   // state 3 = last: always 0
                                {});
    show::value("ch06 ex1", "first_settled_state(hand-made lens, t = 0, 1, 2)",
                per_position(lens, homework::first_settled_state), "expected", std::vector<int>{1, 2, 0});
    CHECK(homework::first_settled_state(lens, 0) == 1);  // top-1 from state 1 on
    CHECK(homework::first_settled_state(lens, 1) == 2);  // state 0 had it, state 1 lost it
    CHECK(homework::first_settled_state(lens, 2) == 0);  // already the embedding's top-1
    const auto late = hand_made({{3}, {1}, {0}}, {});
    CHECK(homework::first_settled_state(late, 0) == 2);  // only the last state
}

TEST_CASE("ex1: first_settled_state on the tiny model", "[homework][ch06]") {
    const auto lens = tiny_lens("This weekend I plan to", gpt2::LnF::Intermediate);
    const auto settled_from = [](const gpt2::LensResult& l, std::size_t t) {  // the ranks, read here
        std::size_t i = l.last_state();
        while (i > 0 && l.at(i - 1, t).final_top1_rank == 0) --i;
        return i;
    };
    show::value("ch06 ex1", "first_settled_state(tiny lens, t = 0 … 4)",
                per_position(lens, homework::first_settled_state), "from the ranks", per_position(lens, settled_from));
    for (std::size_t t = 0; t < lens.num_positions(); ++t) {
        const std::size_t i = homework::first_settled_state(lens, t);
        INFO("position " << t << ": answer " << i);
        REQUIRE(i <= lens.last_state());
        for (std::size_t j = i; j <= lens.last_state(); ++j) CHECK(lens.at(j, t).final_top1_rank == 0);
        if (i > 0) CHECK(lens.at(i - 1, t).final_top1_rank != 0);
    }
    // Random weights: the answer only appears at the output, everywhere.
    CHECK(homework::first_settled_state(lens, 4) == 2);
}

TEST_CASE("ex2: top1_disagreements between two lenses", "[homework][ch06]") {
    const auto a = hand_made({{1, 0}, {0, 0}}, {});
    const auto b = hand_made({{0, 0}, {0, 0}}, {});
    show::value("ch06 ex2", "top1_disagreements(hand-made a, b)", homework::top1_disagreements(a, b), "expected", 1);
    CHECK(homework::top1_disagreements(a, b) == 1);
    CHECK(homework::top1_disagreements(a, a) == 0);

    const auto raw = tiny_lens("This weekend I plan to", gpt2::LnF::None);
    const auto normed = tiny_lens("This weekend I plan to", gpt2::LnF::Intermediate);
    const std::size_t n = homework::top1_disagreements(raw, normed);
    show::value("ch06 ex2", "top1_disagreements(tiny, LnF::None vs Intermediate)", n, "expected", 5);
    // The last state is the same vector in both modes (it already went through ln_f), so
    // at most the 2 intermediate rows × 5 positions can differ. For the tiny model, ln_f
    // changes the top-1 of 5 of them (compare the two default grids in
    // tests/golden/ch06_logit_lens.md).
    CHECK(n <= 10);
    CHECK(n == 5);
}

TEST_CASE("ex3: steepest_kl_drop on hand-made lenses", "[homework][ch06]") {
    const auto lens = hand_made({{0, 0, 0}, {0, 0, 0}, {0, 0, 0}, {0, 0, 0}},
                                {{5.0, 1.0, 2.0},    // state 0
                                 {4.5, 2.0, 1.0},    // state 1: drops 0.5, -1, 1
                                 {1.0, 1.5, 0.5},    // state 2: drops 3.5, 0.5, 0.5
                                 {0.0, 0.0, 0.0}});  // state 3: drops 1, 1.5, 0.5
    show::value("ch06 ex3", "steepest_kl_drop(hand-made lens, t = 0, 1, 2)", per_position(lens, homework::steepest_kl_drop),
                "expected", std::vector<int>{2, 3, 1});
    CHECK(homework::steepest_kl_drop(lens, 0) == 2);
    CHECK(homework::steepest_kl_drop(lens, 1) == 3);
    CHECK(homework::steepest_kl_drop(lens, 2) == 1);  // a tie with later states: the first
}

TEST_CASE("ex3: steepest_kl_drop on the tiny model", "[homework][ch06]") {
    const auto lens = tiny_lens("This weekend I plan to", gpt2::LnF::Intermediate);
    const auto steepest = [](const gpt2::LensResult& l, std::size_t t) {  // the KLs, read here
        std::size_t best = 1;
        for (std::size_t j = 2; j <= l.last_state(); ++j)
            if (l.at(j - 1, t).kl_to_final - l.at(j, t).kl_to_final >
                l.at(best - 1, t).kl_to_final - l.at(best, t).kl_to_final)
                best = j;
        return best;
    };
    show::value("ch06 ex3", "steepest_kl_drop(tiny lens, t = 0 … 4)", per_position(lens, homework::steepest_kl_drop),
                "from the KLs", per_position(lens, steepest));
    for (std::size_t t = 0; t < lens.num_positions(); ++t) {
        const std::size_t i = homework::steepest_kl_drop(lens, t);
        INFO("position " << t << ": answer " << i);
        REQUIRE(i >= 1);
        REQUIRE(i <= lens.last_state());
        const double drop = lens.at(i - 1, t).kl_to_final - lens.at(i, t).kl_to_final;
        for (std::size_t j = 1; j <= lens.last_state(); ++j)
            CHECK(lens.at(j - 1, t).kl_to_final - lens.at(j, t).kl_to_final <= drop);
    }
}
