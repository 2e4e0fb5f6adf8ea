// Tests of the chapter 2 homework (homework/ch02_padding/exercises.hpp).
// Run them with `make homework`.
#include <catch2/catch.hpp>

#include <vector>

#include <xtensor/xio.hpp>

#include "ch02_padding/exercises.hpp"
#include "show.hpp"
#include "support/data_dir.hpp"
#include "text/batch.hpp"
#include "text/tokenizer.hpp"

namespace {

using Rows = std::vector<std::vector<int>>;
constexpr int kPad = 50256;  // <|endoftext|>, the notebook's pad token

const gpt2::Tokenizer& gpt2_tokenizer() {
    static const gpt2::Tokenizer tok = gpt2::Tokenizer::load(
        gpt2::data_dir() / "gpt2" / "vocab.json", gpt2::data_dir() / "gpt2" / "merges.txt");
    return tok;
}

// The notebook's batch: ["Hi", "This weekend I plan to"] as ids.
Rows notebook_sequences() {
    const auto& tok = gpt2_tokenizer();
    return {tok.encode("Hi"), tok.encode("This weekend I plan to")};
}

xt::xtensor<int, 2> tensor(const Rows& rows) {
    auto t = xt::xtensor<int, 2>::from_shape({rows.size(), rows.empty() ? 0 : rows[0].size()});
    for (std::size_t b = 0; b < rows.size(); ++b)
        for (std::size_t i = 0; i < rows[b].size(); ++i) t(b, i) = rows[b][i];
    return t;
}

}  // namespace

TEST_CASE("ex1: pad_right pads the notebook's batch on the right", "[homework][ch02]") {
    const gpt2::Batch batch = homework::pad_right(notebook_sequences(), kPad);
    show::value("ch02 ex1", "pad_right(the notebook's batch).input_ids", batch.input_ids, "expected",
                tensor({{15902, kPad, kPad, kPad, kPad}, {770, 5041, 314, 1410, 284}}));
    show::value("ch02 ex1", "  .attention_mask", batch.attention_mask, "expected", tensor({{1, 0, 0, 0, 0}, {1, 1, 1, 1, 1}}));
    INFO("input_ids:\n" << batch.input_ids << "\nattention_mask:\n" << batch.attention_mask);
    REQUIRE(batch.input_ids.shape(0) == 2);  // B: two sequences
    REQUIRE(batch.input_ids.shape(1) == 5);  // T: the longest has five tokens
    REQUIRE(batch.attention_mask.shape() == batch.input_ids.shape());
    CHECK((batch.input_ids == tensor({{15902, kPad, kPad, kPad, kPad}, {770, 5041, 314, 1410, 284}})));
    CHECK((batch.attention_mask == tensor({{1, 0, 0, 0, 0}, {1, 1, 1, 1, 1}})));
}

TEST_CASE("ex1: pad_right agrees with the library on awkward batches", "[homework][ch02]") {
    const std::vector<Rows> batches = {
        {{1, 2, 3}},                 // one sequence: nothing to pad
        {{7}, {}, {8, 9}},           // an empty sequence becomes a row of padding
        {{5, 5}, {6, 6}},            // equal lengths: no padding at all
    };
    for (const Rows& seqs : batches) {
        const gpt2::Batch mine = homework::pad_right(seqs, kPad);
        const gpt2::Batch lib = gpt2::pad_batch(seqs, kPad, gpt2::PadSide::Right);
        show::value("ch02 ex1", "pad_right(" + show::text(seqs) + ").input_ids", mine.input_ids, "library",
                    lib.input_ids);
        INFO("expected input_ids:\n" << lib.input_ids << "\ngot:\n" << mine.input_ids);
        REQUIRE(mine.input_ids.shape() == lib.input_ids.shape());
        REQUIRE(mine.attention_mask.shape() == lib.attention_mask.shape());
        CHECK((mine.input_ids == lib.input_ids));
        CHECK((mine.attention_mask == lib.attention_mask));
    }
}

TEST_CASE("ex2: positions_from_mask restarts every row at 0", "[homework][ch02]") {
    // The notebook's left-padded batch: "Hi" is at position 0, not 4.
    const auto left = tensor({{0, 0, 0, 0, 1}, {1, 1, 1, 1, 1}});
    const auto pos = homework::positions_from_mask(left);
    show::value("ch02 ex2", "positions_from_mask(left-padded)", pos, "expected", tensor({{0, 0, 0, 0, 0}, {0, 1, 2, 3, 4}}));
    INFO("got:\n" << pos);
    REQUIRE(pos.shape() == left.shape());
    CHECK((pos == tensor({{0, 0, 0, 0, 0}, {0, 1, 2, 3, 4}})));

    // Right padding: the real tokens already start at 0; padding gets some valid position.
    const auto right = tensor({{1, 1, 0, 0}, {1, 1, 1, 1}});
    const auto pos_right = homework::positions_from_mask(right);
    show::value("ch02 ex2", "positions_from_mask(right-padded)", pos_right, "expected", tensor({{0, 1, 1, 1}, {0, 1, 2, 3}}));
    CHECK((pos_right == tensor({{0, 1, 1, 1}, {0, 1, 2, 3}})));
}

TEST_CASE("ex2: positions_from_mask agrees with the library", "[homework][ch02]") {
    for (const auto side : {gpt2::PadSide::Left, gpt2::PadSide::Right}) {
        const gpt2::Batch batch = gpt2::pad_batch({{1}, {2, 3, 4}, {}, {5, 6}}, kPad, side);
        const auto mine = homework::positions_from_mask(batch.attention_mask);
        const auto lib = gpt2::position_ids_from_mask(batch);
        show::value("ch02 ex2", std::string("positions_from_mask(") + (side == gpt2::PadSide::Left ? "left" : "right") +
                                    " mask of 4 rows)", mine, "library", lib);
        INFO("mask:\n" << batch.attention_mask << "\nexpected:\n" << lib << "\ngot:\n" << mine);
        REQUIRE(mine.shape() == lib.shape());
        CHECK((mine == lib));
    }
}

TEST_CASE("ex3: last_real_columns: left padding ends every row at T-1", "[homework][ch02]") {
    const gpt2::Batch batch = gpt2::pad_batch(notebook_sequences(), kPad, gpt2::PadSide::Left);
    const std::vector<int> last = homework::last_real_columns(batch.attention_mask);
    show::value("ch02 ex3", "last_real_columns(left-padded)", last, "expected", std::vector<int>{4, 4});
    CHECK(last == std::vector<int>{4, 4});
}

TEST_CASE("ex3: last_real_columns: right padding does not", "[homework][ch02]") {
    const gpt2::Batch batch = gpt2::pad_batch(notebook_sequences(), kPad, gpt2::PadSide::Right);
    const std::vector<int> last = homework::last_real_columns(batch.attention_mask);
    show::value("ch02 ex3", "last_real_columns(right-padded)", last, "expected", std::vector<int>{0, 4});
    REQUIRE(last == std::vector<int>{0, 4});
    // Reading column T-1 for every row would predict what follows "Hi<|endoftext|>..."
    // instead of what follows "Hi": the right column holds " Hi" itself.
    CHECK(batch.input_ids(0, 4) == kPad);
    CHECK(batch.input_ids(0, std::size_t(last[0])) == 15902);
}

TEST_CASE("ex3: last_real_columns: a row of padding has no last token", "[homework][ch02]") {
    const std::vector<int> last = homework::last_real_columns(tensor({{0, 0, 0}, {0, 1, 0}, {1, 1, 1}}));
    show::value("ch02 ex3", "last_real_columns({{0, 0, 0}, {0, 1, 0}, {1, 1, 1}})", last, "expected",
                std::vector<int>{-1, 1, 2});
    CHECK(last == std::vector<int>{-1, 1, 2});
}
