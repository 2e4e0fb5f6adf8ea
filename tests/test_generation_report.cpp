// test_generation_report.cpp — common/display/generation_report.hpp: chapter 9's header, summary,
// position counts, the n_positions check, the --steps table, --json and the timing line,
// as exact strings.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "display/generation_report.hpp"
#include "generate/sampler.hpp"
#include "message_checks.hpp"
#include "support/data_dir.hpp"
#include "support/number_format.hpp"
#include "text/tokenizer.hpp"

using Catch::Matchers::Contains;

namespace {

gpt2::GenerationSetup notebook_setup() {
    gpt2::GenerationSetup s;
    s.model = "teaching";
    s.prompt = "This weekend I plan to";
    s.prompt_ids = {770, 5041, 314, 1410, 284};
    return s;
}

}  // namespace

TEST_CASE("generation_report: positions run through the model, with and without the cache", "[generation]") {
    CHECK(gpt2::positions_with_cache(5, 40) == 44);      // prefill 5, then 39 single steps
    CHECK(gpt2::positions_without_cache(5, 40) == 980);  // 5 + 6 + … + 44
    CHECK(gpt2::positions_with_cache(5, 1) == 5);
    CHECK(gpt2::positions_without_cache(5, 1) == 5);
    CHECK(gpt2::positions_with_cache(5, 0) == 0);
    CHECK(gpt2::positions_without_cache(5, 0) == 0);
    std::size_t sum = 0;
    for (std::size_t i = 0; i < 507; ++i) sum += 5 + i;
    CHECK(gpt2::positions_without_cache(5, 507) == sum);
}

TEST_CASE("generation_report: the header says the model, the choice, the cache and the limit", "[generation]") {
    gpt2::GenerationSetup s = notebook_setup();
    CHECK(gpt2::generation_header(s) == "teaching · greedy · KV cache · at most 40 new tokens");
    s.seed_given = true;
    s.sampler.seed = 7;
    s.use_cache = false;
    CHECK(gpt2::generation_header(s) ==
          "teaching · greedy (--seed 7 unused: greedy draws nothing) · no cache (recompute) · at most 40 new tokens");
    s.sampling = true;
    s.sampler.temperature = 0.8;
    s.sampler.top_k = 40;
    s.sampler.top_p = 0.95;
    s.sampler.seed = 0;
    s.use_cache = true;
    s.max_new_tokens = 1;
    s.stop_at_eos = false;
    CHECK(gpt2::generation_header(s) == "teaching · sampling: temperature 0.8, top-k 40, top-p 0.95, seed 0 · KV cache · "
                                        "at most 1 new token, past <|endoftext|> (--ignore-eos)");
    s.sampler = gpt2::SamplerOptions{};
    s.stop_at_eos = true;
    s.prompt = "";
    s.prompt_ids = {50256};
    CHECK(gpt2::generation_header(s) == "teaching · sampling: temperature 1, no top-k, top-p 1, seed 0 · KV cache · "
                                        "at most 1 new token · empty prompt: starting from <|endoftext|>");
}

TEST_CASE("generation_report: the summary says why it stopped and what the cache saved", "[generation]") {
    gpt2::GenerationSetup s = notebook_setup();
    CHECK(gpt2::generation_summary(s, 40, false) == "40 new tokens (stopped: --max-new-tokens 40) · positions run "
                                                    "through the model: 44 with the cache, 980 without");
    CHECK(gpt2::generation_summary(s, 12, true) == "12 new tokens (stopped at <|endoftext|>) · positions run through the "
                                                   "model: 16 with the cache, 126 without");
    s.max_new_tokens = 200;
    CHECK_THAT(gpt2::generation_summary(s, 200, false), Contains("204 with the cache, 20,900 without"));
    s.has_eos = false;
    s.max_new_tokens = 1;
    CHECK(gpt2::generation_summary(s, 1, false) == "1 new token (stopped: --max-new-tokens 1; the vocabulary has no "
                                                   "<|endoftext|> to stop at) · positions run through the model: 5 with "
                                                   "the cache, 5 without");
}

TEST_CASE("generation_report: past n_positions is refused, naming both numbers and what fits", "[generation]") {
    CHECK_NOTHROW(gpt2::check_generation_length("teaching", 6, 506, 512));
    CHECK(fixtures::clean_error_of([] { gpt2::check_generation_length("teaching", 6, 600, 512); }) ==
          "prompt (6 tokens) + 600 new tokens exceeds teaching's 512 positions: ask for at most 506 new tokens "
          "(--max-new-tokens 506)");
    CHECK(fixtures::clean_error_of([] { gpt2::check_generation_length("tiny", 1, 64, 64); }) ==
          "prompt (1 token) + 64 new tokens exceeds tiny's 64 positions: ask for at most 63 new tokens (--max-new-tokens 63)");
    CHECK(fixtures::clean_error_of([] { gpt2::check_generation_length("teaching", 512, 1, 512); }) ==
          "prompt (512 tokens) fills teaching's 512 positions: no room for a new token; shorten the prompt");
    CHECK(fixtures::clean_error_of([] { gpt2::check_generation_length("teaching", 600, 0, 512); }) ==
          "prompt (600 tokens) exceeds teaching's 512 positions on its own: shorten the prompt");
    CHECK_NOTHROW(gpt2::check_generation_length("teaching", 512, 0, 512));
}

TEST_CASE("generation_report: a --steps row is the chosen token's probability and the top 3", "[generation]") {
    const gpt2::Tokenizer tok = gpt2::Tokenizer::load(gpt2::data_dir() / "gpt2" / "vocab.json",
                                                      gpt2::data_dir() / "gpt2" / "merges.txt");
    const std::vector<std::pair<int, double>> dist = {{284, 0.5}, {257, 0.25}, {13, 0.125}, {11, 0.125}};
    const gpt2::StepRow row = gpt2::step_row(dist, 11, tok);
    CHECK(row.id == 11);
    CHECK(row.token == ",");
    CHECK(row.p == 0.125);
    REQUIRE(row.top.size() == 3);
    CHECK(row.top[0] == std::pair<std::string, double>{" to", 0.5});
    CHECK(row.top[2] == std::pair<std::string, double>{".", 0.125});
    CHECK_THAT(fixtures::clean_error_of([&] { gpt2::step_row(dist, 5, tok); }), Contains("not in the distribution"));
    CHECK(gpt2::steps_table({row, gpt2::step_row(dist, 284, tok)}) ==
          "step  id   token  p(chosen)  top 3 (token p)\n"
          "1     11   ,      0.1250     ␣to 0.5000  ␣a 0.2500  . 0.1250\n"
          "2     284  ␣to    0.5000     ␣to 0.5000  ␣a 0.2500  . 0.1250\n");
}

TEST_CASE("generation_report: --json has the spec's keys, in order, and no timings", "[generation]") {
    gpt2::GenerationSetup s = notebook_setup();
    const auto greedy = gpt2::generation_json(s, {1064, 262}, {" find", " the"}, "This weekend I plan to find the", false);
    CHECK(greedy.dump() ==
          "{\"model\":\"teaching\",\"prompt\":\"This weekend I plan to\",\"prompt_ids\":[770,5041,314,1410,284],"
          "\"options\":{\"mode\":\"greedy\",\"temperature\":null,\"top_k\":null,\"top_p\":null,\"seed\":null,"
          "\"use_cache\":true,\"stop_at_eos\":true,\"max_new_tokens\":40},\"new_ids\":[1064,262],"
          "\"new_tokens\":[\" find\",\" the\"],\"text\":\"This weekend I plan to find the\",\"stop\":\"max_new_tokens\","
          "\"positions_with_cache\":6,\"positions_without_cache\":11}");
    s.sampling = true;
    s.sampler.temperature = 0.5;
    s.sampler.seed = 18446744073709551615ull;
    s.prompt = "\xFF";  // as typed, not UTF-8: JSON gets U+FFFD
    const auto sampled = gpt2::generation_json(s, {50256}, {"<|endoftext|>"}, "x", true);
    CHECK(sampled["prompt"] == "\xEF\xBF\xBD");
    CHECK(sampled["options"]["mode"] == "sample");
    CHECK(sampled["options"]["temperature"] == 0.5);
    CHECK(sampled["options"]["top_k"].is_null());
    CHECK(sampled["options"]["top_p"] == 1.0);
    CHECK(sampled["options"]["seed"] == 18446744073709551615ull);
    CHECK(sampled["stop"] == "eos");
}

TEST_CASE("generation_report: the timing line and the numbers the header shows", "[generation]") {
    CHECK(gpt2::timing_line(4.12, 6, 40, 190.2) ==
          "time to first token: 4.1 ms (prefill of 6 tokens) · decode: 39 tokens in 190.2 ms = 205 tokens/s");
    CHECK(gpt2::timing_line(4.12, 1, 2, 200) ==
          "time to first token: 4.1 ms (prefill of 1 token) · decode: 1 token in 200.0 ms = 5.0 tokens/s");
    CHECK(gpt2::timing_line(3, 6, 1, 0) == "time to first token: 3.0 ms (prefill of 6 tokens) · decode: none");
    CHECK(gpt2::timing_line(0, 6, 0, 0) == "no new token asked for: nothing timed");
    CHECK(gpt2::shortest(0.8) == "0.8");
    CHECK(gpt2::shortest(1) == "1");
    CHECK(gpt2::shortest(0.95) == "0.95");
    CHECK(gpt2::shortest(1e-5) == "1e-05");
    CHECK(gpt2::shortest(0.1 + 0.2) == "0.30000000000000004");
}
