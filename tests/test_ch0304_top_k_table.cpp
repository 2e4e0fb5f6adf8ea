// Tests for common/display/top_k_table.hpp: the notebook's top-k tables, both ways round.
#include <catch2/catch.hpp>

#include "display/top_k_table.hpp"
#include "support/error.hpp"
#include "support/model_files.hpp"

using namespace gpt2;

namespace {
const Tokenizer& tiny_tokenizer() {
    static const Tokenizer tok = [] {
        const ModelFiles f = resolve_model("tiny");
        return Tokenizer::load(f.vocab(), f.merges());
    }();
    return tok;
}
}  // namespace

TEST_CASE("top_k_table: positions as rows (Out[15]) and as columns (Out[18])", "[top_k_table]") {
    const Tokenizer& tok = tiny_tokenizer();
    // ' to' = 284, 'to' = 1462, ' To' = 1675; ' plan' = 1410, ' plans' = 3352, 'plan' = 11578
    const std::vector<TopK> tops{{{284, 1462, 1675}, {3.f, 2.f, 1.f}}, {{1410, 3352, 11578}, {3.f, 2.f, 1.f}}};

    const Table rows = top_k_table(tok, tops, TopKLayout::PositionsAsRows);
    CHECK(rows.num_rows() == 2);
    CHECK(rows.num_cols() == 3);
    CHECK(rows.render() ==
          "   0      1       2\n"
          "0  ␣to    to      ␣To\n"
          "1  ␣plan  ␣plans  plan\n");

    const Table cols = top_k_table(tok, tops, TopKLayout::PositionsAsColumns);
    CHECK(cols.num_rows() == 3);
    CHECK(cols.num_cols() == 2);
    CHECK(cols.at(0, 1) == "␣plan");
    CHECK(cols.render() ==
          "   0    1\n"
          "0  ␣to  ␣plan\n"
          "1  to   ␣plans\n"
          "2  ␣To  plan\n");
}

TEST_CASE("top_k_table: position labels, empty input, bad input", "[top_k_table]") {
    const Tokenizer& tok = tiny_tokenizer();
    const std::vector<TopK> tops{{{284}, {1.f}}, {{1410}, {1.f}}};
    const Table labelled = top_k_table(tok, tops, TopKLayout::PositionsAsColumns, {"a", "b"});
    CHECK(labelled.render() == "   a    b\n0  ␣to  ␣plan\n");

    CHECK(top_k_table(tok, std::vector<TopK>{}, TopKLayout::PositionsAsRows).render().empty());

    CHECK_THROWS_AS(top_k_table(tok, tops, TopKLayout::PositionsAsRows, {"only one"}), Error);
    const std::vector<TopK> ragged{{{284, 1462}, {2.f, 1.f}}, {{1410}, {1.f}}};
    CHECK_THROWS_AS(top_k_table(tok, ragged, TopKLayout::PositionsAsRows), Error);

    std::vector<HeadRow> head_rows(2);
    head_rows[0].top = tops[0];
    head_rows[1].top = tops[1];
    CHECK(top_k_table(tok, head_rows, TopKLayout::PositionsAsRows).render() ==
          top_k_table(tok, tops, TopKLayout::PositionsAsRows).render());
}
