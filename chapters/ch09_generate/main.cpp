// ch09_generate — from logits to text: continue a prompt one token at a time.
//
// Chapters 3 to 8 stopped at the logits of the next token. Here, in the order of the story:
//   1. the prompt     tokenized as in every chapter (empty: <|endoftext|> alone, as transformers'
//                     generate() starts with no input)
//   2. choosing       greedy (the largest logit), or a seeded draw after temperature, top-k and
//                     top-p (generate/sampler.hpp): the same flags and seed give the same text on every run
//   3. the loop       the last position's logits -> choose a token -> print it -> append it -> again
//                     (generate/generate.hpp); with the KV cache each step runs the new token only
//   4. the summary    how many tokens, why it stopped, how many positions went through the model
//
//   ch09_generate                                         40 greedy tokens after the notebook's prompt
//   ch09_generate --prompt "Once upon a time"             another prompt
//   ch09_generate --temperature 0.8 --top-k 40 --seed 1   sampled: the same text every run
//   ch09_generate --sample --seed 2                       sampled from the model's own distribution
//   ch09_generate --no-cache                              recompute the whole sequence each step (same text)
//   ch09_generate --steps                                 each step's token, its probability, the top 3
//   ch09_generate --json                                  every id and token, no timings
//
// stdout: the header line, the text streamed as it is chosen, the summary line. stderr, after it:
// time to first token and tokens/s (they vary run to run). The text is written as it comes, so it
// is the one output of this project not held back until the end: flags, model, prompt and the
// first forward pass are checked before anything is written (support/stdout_stream.hpp).
//
// The work is in common/: generate/generate.hpp (the loop), generate/kv_cache.hpp (the cache), generate/sampler.hpp (greedy and
// sampling), text/utf8_stream.hpp (a character split over two tokens), display/generation_report.hpp (the header,
// the summary, --steps, --json and the timing line).
// Book page: book/09-generate.md.
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "display/ansi_grid.hpp"
#include "display/generation_report.hpp"
#include "generate/generate.hpp"
#include "generate/sampler.hpp"
#include "model/checkpoint.hpp"
#include "support/cli.hpp"
#include "support/error.hpp"
#include "support/stdout_stream.hpp"
#include "support/utf8.hpp"
#include "text/utf8_stream.hpp"

namespace {

// A flag that takes a number x with ok(x): anything else is a malformed flag (exit 2) quoting it.
CLI::Validator number_where(bool (*ok)(double), std::string what) {
    return CLI::Validator(
        [ok, what](std::string& s) -> std::string {
            char* end = nullptr;
            const double v = std::strtod(s.c_str(), &end);
            if (s.empty() || end != s.c_str() + s.size() || !ok(v))
                return "'" + gpt2::printable_for_message(s, 40) + "' is not " + what;
            return {};
        },
        "NUMBER");
}

bool positive_finite(double t) { return std::isfinite(t) && t > 0; }
bool in_unit_interval(double p) { return p > 0 && p <= 1; }  // false for NaN

double ms_between(std::chrono::steady_clock::time_point a, std::chrono::steady_clock::time_point b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Chapter 9: from logits to text — greedy decoding, temperature, top-k and top-p sampling, and the "
                 "KV cache.",
                 "ch09_generate"};
    std::string model, prompt = "This weekend I plan to";
    std::size_t max_new = 40, top_k = 0;
    double temperature = 1.0, top_p = 1.0;
    std::uint64_t seed = 0;
    bool sample = false, no_cache = false, ignore_eos = false, steps = false, json = false, no_color = false;
    gpt2::add_model_option(app, model);
    app.add_option("--prompt", prompt, "text to continue (empty: start from <|endoftext|>)")->capture_default_str();
    app.add_option("--max-new-tokens", max_new, "the most tokens to generate")->capture_default_str()
        ->check(gpt2::whole_number(0, std::numeric_limits<std::size_t>::max()).description("0..n_positions-prompt"));
    auto* temperature_opt = app.add_option("--temperature", temperature, "sample, the logits divided by T first "
                                                                         "(T < 1 sharpens, T > 1 flattens)")
        ->check(number_where(positive_finite, "a finite number > 0 (for greedy, leave it out)").description("> 0"));
    auto* top_k_opt = app.add_option("--top-k", top_k, "sample from the K most probable tokens only")
        ->check(gpt2::whole_number(1, std::numeric_limits<std::size_t>::max()).description("1..V"));
    auto* top_p_opt = app.add_option("--top-p", top_p, "sample from the smallest set of most probable tokens whose "
                                                       "probability reaches P (nucleus)")
        ->check(number_where(in_unit_interval, "a number in (0, 1] (1 keeps every token)").description("(0, 1]"));
    app.add_flag("--sample", sample, "sample at temperature 1 from every token (what the other three change)");
    auto* seed_opt = app.add_option("--seed", seed, "seed of the sampler: same flags and seed, same text")
        ->capture_default_str()->check(gpt2::whole_number(0, std::numeric_limits<std::uint64_t>::max()).description("0..2^64-1"));
    app.add_flag("--no-cache", no_cache, "no KV cache: run the whole sequence through the model at every step");
    app.add_flag("--ignore-eos", ignore_eos, "keep going after <|endoftext|> until --max-new-tokens");
    auto* steps_opt = app.add_flag("--steps", steps, "a table of every step: the token chosen, its probability, the top 3");
    app.add_flag("--json", json, "print the ids, tokens and text as one JSON object (no timings)")->excludes(steps_opt);
    app.add_flag("--no-color", no_color, "no colour for the generated text (also off when stdout is not a terminal, "
                                         "or NO_COLOR is set)");

    return gpt2::run_chapter(app, argc, argv, [&] {
        const gpt2::Checkpoint ck = gpt2::Checkpoint::open(model);
        const gpt2::Tokenizer& tok = ck.tokenizer;
        const gpt2::Config& cfg = ck.model.config();
        if (top_k_opt->count()) gpt2::check_top_k(top_k, std::size_t(cfg.vocab_size));

        gpt2::GenerationSetup setup;
        setup.model = ck.files.name;
        setup.prompt = prompt;
        setup.sampling = sample || temperature_opt->count() || top_k_opt->count() || top_p_opt->count();
        setup.sampler.temperature = temperature;
        if (top_k_opt->count()) setup.sampler.top_k = top_k;
        setup.sampler.top_p = top_p;
        setup.sampler.seed = seed;
        setup.seed_given = seed_opt->count() > 0;
        setup.use_cache = !no_cache;
        setup.stop_at_eos = !ignore_eos;
        setup.has_eos = tok.eos_id() >= 0;
        setup.max_new_tokens = max_new;

        // 1. The prompt, as ids. Nothing at all to continue: <|endoftext|>, the start of a document.
        setup.prompt_ids = tok.encode(prompt);
        if (setup.prompt_ids.empty()) {
            if (!setup.has_eos)
                throw gpt2::Error("the prompt is empty and " + setup.model + "'s vocabulary has no <|endoftext|> to "
                                  "start from: give a non-empty --prompt");
            setup.prompt_ids = {tok.eos_id()};
        }
        gpt2::check_generation_length(setup.model, setup.prompt_ids.size(), max_new, std::size_t(cfg.n_positions));

        // 2. Choosing: greedy, or one seeded draw per step. --steps keeps the distribution drawn from.
        std::optional<gpt2::Sampler> sampler;
        if (setup.sampling) sampler.emplace(setup.sampler);
        std::vector<gpt2::StepRow> rows;
        gpt2::GenerateOptions opts;
        opts.use_cache = setup.use_cache;
        opts.eos_id = tok.eos_id();
        opts.stop_at_eos = setup.stop_at_eos;
        opts.choose = [&](const float* logits, std::size_t V) {
            const int id = sampler ? sampler->next(logits, V) : gpt2::greedy(logits, V);
            if (steps) {
                // Greedy draws nothing; its row shows the model's own distribution (softmax, T = 1).
                const gpt2::SamplerOptions drawn_from = sampler ? setup.sampler : gpt2::SamplerOptions{};
                rows.push_back(gpt2::step_row(gpt2::sampling_distribution(logits, V, drawn_from), id, tok));
            }
            return id;
        };

        // 3. The loop, each token printed as soon as it is chosen (a character split over two
        // tokens waits for its second half). Nothing is written before the first token: by then
        // the first forward pass has worked.
        const bool stream = !json && !steps;
        const bool color = !json && gpt2::terminal_colors_wanted(no_color);
        const auto paint = [&](const std::string& s) { return color && !s.empty() ? "\x1b[36m" + s + "\x1b[0m" : s; };
        const std::string header = gpt2::generation_header(setup);
        std::string pending = header + "\n" + prompt;  // what is written with the first token
        gpt2::Utf8Stream utf8;
        std::string continuation;
        using clock = std::chrono::steady_clock;
        clock::time_point first, last;
        std::size_t n = 0;
        const clock::time_point start = clock::now();
        const std::vector<int> new_ids = gpt2::generate(ck.model, setup.prompt_ids, max_new, opts, [&](int id) {
            last = clock::now();
            if (n++ == 0) first = last;
            const std::string text = utf8.push(tok.token_bytes(id));
            continuation += text;
            if (stream) {
                gpt2::stream_to_stdout(pending + paint(text));
                pending.clear();
            }
        });
        const std::string rest = utf8.finish();  // bytes of an unfinished character: U+FFFD
        continuation += rest;
        const bool stopped_at_eos = setup.stop_at_eos && setup.has_eos && !new_ids.empty() && new_ids.back() == tok.eos_id();

        // 4. The summary.
        const std::string summary = gpt2::generation_summary(setup, new_ids.size(), stopped_at_eos);
        if (json) {
            std::vector<std::string> tokens;
            for (int id : new_ids) tokens.push_back(tok.token_string(id));
            std::cout << gpt2::generation_json(setup, new_ids, tokens, gpt2::utf8_lossy(prompt) + continuation,
                                               stopped_at_eos).dump() << "\n";
            return;
        }
        if (stream) gpt2::stream_to_stdout(pending + paint(rest) + "\n" + summary + "\n");
        else gpt2::stream_to_stdout(header + "\n" + gpt2::steps_table(rows) + "\n" + prompt + paint(continuation) + "\n" +
                                    summary + "\n");
        std::cerr << gpt2::timing_line(n ? ms_between(start, first) : 0, setup.prompt_ids.size(), n,
                                       n ? ms_between(first, last) : 0)
                  << "\n";
    });
}
