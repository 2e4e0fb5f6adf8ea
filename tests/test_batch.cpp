// test_batch.cpp — pad_batch and the two kinds of position ids, against the notebook's
// Out[5] and the transformers reference (data/reference/tiny-gpt2-f32.reference.json).
#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/data_dir.hpp"
#include "support/error.hpp"
#include "text/batch.hpp"

using gpt2::Batch;
using gpt2::PadSide;
using gpt2::pad_batch;
using Rows = std::vector<std::vector<int>>;

namespace {

constexpr int kEos = 50256;

Rows to_rows(const xt::xtensor<int, 2>& t) {
    Rows rows(t.shape(0), std::vector<int>(t.shape(1)));
    for (std::size_t b = 0; b < t.shape(0); ++b)
        for (std::size_t i = 0; i < t.shape(1); ++i) rows[b][i] = t(b, i);
    return rows;
}

nlohmann::json load_reference() {
    const auto path = gpt2::data_dir() / "reference" / "tiny-gpt2-f32.reference.json";
    std::ifstream in(path);
    REQUIRE(in.good());
    return nlohmann::json::parse(in);
}

}  // namespace

TEST_CASE("pad_batch reproduces the notebook's Out[5] (left padding with eos)") {
    const Batch batch = pad_batch({{15902}, {770, 5041, 314, 1410, 284}}, kEos);
    CHECK(to_rows(batch.input_ids) == Rows{{50256, 50256, 50256, 50256, 15902},
                                           {770, 5041, 314, 1410, 284}});
    CHECK(to_rows(batch.attention_mask) == Rows{{0, 0, 0, 0, 1}, {1, 1, 1, 1, 1}});
    CHECK(batch.input_ids.shape(0) == 2);  // Out[6]: torch.Size([2, 5])
    CHECK(batch.input_ids.shape(1) == 5);
}

TEST_CASE("pad_batch matches the reference batch of every prompt") {
    const auto ref = load_reference();
    // Ids of each text, from the prompt with that text.
    std::map<std::string, std::vector<int>> ids_of;
    for (const auto& p : ref.at("prompts"))
        ids_of[p.at("prompt").get<std::string>()] = p.at("input_ids").get<std::vector<int>>();
    REQUIRE(ids_of.at("Hi") == std::vector<int>{15902});

    for (const auto& p : ref.at("prompts")) {
        const auto& b = p.at("batch");
        INFO("prompt: " << p.at("prompt").get<std::string>());
        Rows sequences;
        for (const auto& text : b.at("texts")) sequences.push_back(ids_of.at(text.get<std::string>()));

        const Batch batch = pad_batch(sequences, kEos);
        CHECK(to_rows(batch.input_ids) == b.at("input_ids").get<Rows>());
        CHECK(to_rows(batch.attention_mask) == b.at("attention_mask").get<Rows>());
        CHECK(to_rows(position_ids_default(batch)) == b.at("position_ids_default").get<Rows>());
        CHECK(to_rows(position_ids_from_mask(batch)) == b.at("position_ids_cumsum").get<Rows>());
    }
}

TEST_CASE("right padding puts the pad ids after the real tokens") {
    const Batch batch = pad_batch({{1, 2, 3}, {4}, {5, 6}}, kEos, PadSide::Right);
    CHECK(to_rows(batch.input_ids) == Rows{{1, 2, 3}, {4, kEos, kEos}, {5, 6, kEos}});
    CHECK(to_rows(batch.attention_mask) == Rows{{1, 1, 1}, {1, 0, 0}, {1, 1, 0}});
}

TEST_CASE("position ids, left and right padding") {
    const Rows seqs = {{1, 2, 3}, {4}, {5, 6}};
    SECTION("left") {
        const Batch batch = pad_batch(seqs, 0, PadSide::Left);
        CHECK(to_rows(batch.input_ids) == Rows{{1, 2, 3}, {0, 0, 4}, {0, 5, 6}});
        CHECK(to_rows(position_ids_default(batch)) == Rows{{0, 1, 2}, {0, 1, 2}, {0, 1, 2}});
        // Real tokens count from 0; leading padding is clipped to 0.
        CHECK(to_rows(position_ids_from_mask(batch)) == Rows{{0, 1, 2}, {0, 0, 0}, {0, 0, 1}});
    }
    SECTION("right") {
        const Batch batch = pad_batch(seqs, 0, PadSide::Right);
        CHECK(to_rows(position_ids_default(batch)) == Rows{{0, 1, 2}, {0, 1, 2}, {0, 1, 2}});
        // With right padding the real tokens already start at 0: both kinds agree on them.
        CHECK(to_rows(position_ids_from_mask(batch)) == Rows{{0, 1, 2}, {0, 0, 0}, {0, 1, 1}});
    }
}

TEST_CASE("an empty sequence among others becomes a row of padding") {
    const Batch batch = pad_batch({{7, 8}, {}}, kEos);
    CHECK(to_rows(batch.input_ids) == Rows{{7, 8}, {kEos, kEos}});
    CHECK(to_rows(batch.attention_mask) == Rows{{1, 1}, {0, 0}});
    CHECK(to_rows(position_ids_from_mask(batch)) == Rows{{0, 1}, {0, 0}});
}

TEST_CASE("pad_batch rejects an empty batch and a batch of empty sequences") {
    CHECK_THROWS_AS(pad_batch({}, kEos), gpt2::Error);
    CHECK_THROWS_AS(pad_batch({{}, {}}, kEos), gpt2::Error);
    CHECK_THROWS_AS(pad_batch({{}}, kEos, PadSide::Right), gpt2::Error);
}

TEST_CASE("position ids reject a batch whose mask and ids disagree in shape") {
    Batch batch = pad_batch({{1, 2}}, kEos);
    batch.attention_mask = xt::xtensor<int, 2>::from_shape({1, 3});
    CHECK_THROWS_AS(position_ids_default(batch), gpt2::Error);
    CHECK_THROWS_AS(position_ids_from_mask(batch), gpt2::Error);
}
