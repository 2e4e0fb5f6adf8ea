// ch07_attention — inside one transformer block: layer norm, attention, the MLP.
//
// The notebook's In [16] runs the whole model in one call, and chapter 5 did the same with
// hidden_states(). Here one block is taken apart, each step computed from its formula and
// checked against the library; then the attention patterns every head computes, and how
// much of its attention each head parks on position 0 (chapter 6's open question).
//
//   ch07_attention                          block 0 step by step, head 0, last position
//   ch07_attention --layer 2 --head 1       another block and head
//   ch07_attention --position 1             the vectors at position 1
//   ch07_attention --prepend-bos            <|endoftext|> first
//   ch07_attention --html attention.html    every layer's and head's pattern, with a head picker
//   ch07_attention --json                   every pattern, the sink shares and the checks
//
// The work is in common/: lens/block_walk.hpp (the steps and their checks), display/block_walk_report.hpp
// (their text), display/attention_grid.hpp (a pattern in the terminal), display/attention_html.hpp (the
// page), lens/first_position_attention.hpp (the sink share, from chapter 6).
// Book page: book/07-attention.md.
#include <iostream>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "display/attention_grid.hpp"
#include "display/attention_html.hpp"
#include "display/block_walk_report.hpp"
#include "display/token_display.hpp"
#include "lens/block_walk.hpp"
#include "lens/first_position_attention.hpp"
#include "model/checkpoint.hpp"
#include "model/transformer.hpp"
#include "support/atomic_file.hpp"
#include "support/cli.hpp"
#include "support/error.hpp"
#include "support/number_format.hpp"

namespace {

// [layer][head][query][key], the shape In [16] would give with output_attentions=True.
nlohmann::ordered_json patterns_json(const std::vector<xt::xtensor<float, 3>>& attention) {
    nlohmann::ordered_json layers = nlohmann::ordered_json::array();
    for (const auto& a : attention) {
        nlohmann::ordered_json heads = nlohmann::ordered_json::array();
        for (std::size_t h = 0; h < a.shape(0); ++h) {
            nlohmann::ordered_json rows = nlohmann::ordered_json::array();
            for (std::size_t i = 0; i < a.shape(1); ++i)
                rows.push_back(std::vector<float>(&a(h, i, 0), &a(h, i, 0) + a.shape(2)));
            heads.push_back(rows);
        }
        layers.push_back(heads);
    }
    return layers;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Chapter 7: inside a transformer block — layer norm, attention heads, the MLP.", "ch07_attention"};
    std::string model, prompt = "This weekend I plan to", html;
    std::size_t layer = 0, width = 0;
    int head = -1, position = -1;
    bool json = false, prepend_bos = false, no_color = false;
    gpt2::add_model_option(app, model);
    app.add_option("--prompt", prompt, "text to look at")->capture_default_str();
    app.add_option("--layer", layer, "the block to open (0 = the first)")->capture_default_str()
        ->check(gpt2::whole_number(0, 10000));
    app.add_option("--head", head, "the head whose numbers and pattern are shown (default: numbers of head 0, "
                                   "patterns of every head)")
        ->check(gpt2::whole_number(0, 10000));
    app.add_option("--position", position, "whose vectors are shown (negative counts from the end, as in Python)")
        ->capture_default_str()->check(gpt2::integer());
    app.add_flag("--prepend-bos", prepend_bos, "put the vocabulary's <|endoftext|> (50256 in GPT-2's) before the prompt's tokens");
    gpt2::add_grid_options(app, no_color, width);
    app.add_option("--html", html, "write every layer's and head's pattern to this file (self-contained HTML)")
        ->check(gpt2::file_name());
    app.add_flag("--json", json, "print the patterns, the sink shares and the checks as one JSON object");
    std::string only;
    app.add_option("--only", only, "print one part: walk (the steps), patterns, or sink (the share on position 0)")
        ->check(CLI::IsMember({"walk", "patterns", "sink"}))->excludes("--json");

    return gpt2::run_chapter(app, argc, argv, [&] {
        // In [2] and In [7]: the model, the tokenizer, the prompt's ids.
        const gpt2::Checkpoint ck = gpt2::Checkpoint::open(model);
        const gpt2::Tokenizer& tok = ck.tokenizer;
        const std::vector<int> prompt_ids = ck.encode_prompt(prompt);
        const gpt2::Config& cfg = ck.model.config();
        // <|endoftext|> in front takes one of the model's n_positions (and needs the vocabulary to have it).
        const int bos_id = prepend_bos ? tok.require_eos("--prepend-bos") : tok.eos_id();
        const bool bos_fits = long(prompt_ids.size()) < cfg.n_positions;
        if (prepend_bos && !bos_fits)
            throw gpt2::Error("the input has " + std::to_string(prompt_ids.size() + 1) + " tokens (<|endoftext|> " +
                              "included) but the model reads at most " + std::to_string(cfg.n_positions) +
                              " (n_positions); shorten the prompt");
        std::vector<int> ids = prompt_ids;
        if (prepend_bos) ids.insert(ids.begin(), bos_id);
        const std::size_t T = ids.size(), p = gpt2::python_index(position, T);
        // --json holds every head's T × T pattern, as --html does, and is capped the same way
        // (1,024 tokens on distilgpt2 made 970 MB of JSON and 4.1 GB of memory).
        if (json && T > gpt2::kMaxAttentionPageTokens)
            throw gpt2::Error("--json prints every head's " + std::to_string(T) + " × " + std::to_string(T) +
                              " attention pattern: at most " + std::to_string(gpt2::kMaxAttentionPageTokens) +
                              " tokens, and this input has " + std::to_string(T) + "; shorten the prompt");
        if (layer >= std::size_t(cfg.n_layer))
            throw gpt2::Error("--layer " + std::to_string(layer) + " is not a block of " + ck.files.name + ": it has " +
                              std::to_string(cfg.n_layer) + " (0 .. " + std::to_string(cfg.n_layer - 1) + ")");
        if (head >= cfg.n_head)
            throw gpt2::Error("--head " + std::to_string(head) + " is not a head of " + ck.files.name + ": it has " +
                              std::to_string(cfg.n_head) + " per layer (0 .. " + std::to_string(cfg.n_head - 1) + ")");
        std::vector<std::string> tokens;
        for (int id : ids) tokens.push_back(gpt2::display_token(tok.token_string(id)));

        // In [16] once, keeping every layer's attention; then block `layer` opened, one step at a
        // time, each checked against this forward and the library's functions.
        std::vector<xt::xtensor<float, 3>> attention;  // per layer [H, T, T]
        const std::vector<xt::xtensor<float, 2>> states = gpt2::hidden_states(ck.model, ids, &attention);
        const gpt2::BlockWalk walk = gpt2::walk_block(ck.model, states, attention, layer);
        // The share on position 0 with and without <|endoftext|> in front: one of the two is the
        // input above, the other needs one more forward. (One token has no query but position 0
        // itself; a full context has no room for <|endoftext|>.)
        std::vector<int> with_bos = prompt_ids;
        if (bos_id >= 0) with_bos.insert(with_bos.begin(), bos_id);
        std::optional<gpt2::FirstPositionAttention> sink_plain, sink_bos;
        if (prompt_ids.size() >= 2)
            sink_plain = prepend_bos ? gpt2::first_position_attention(ck.model, prompt_ids)
                                     : gpt2::first_position_attention(attention);
        if (bos_fits && bos_id >= 0)
            sink_bos = prepend_bos ? gpt2::first_position_attention(attention)
                                   : gpt2::first_position_attention(ck.model, with_bos);

        if (!html.empty()) {
            gpt2::AtomicWrites files;
            files.add(html, gpt2::attention_html({ck.files.name, prompt, tokens, attention, layer, head < 0 ? 0 : std::size_t(head)}),
                      "--html " + html);
            files.commit();
        }
        if (json) {
            nlohmann::ordered_json out;
            out["model"] = ck.files.name;
            out["prompt"] = prompt;
            out["prepend_bos"] = prepend_bos;
            out["input_ids"] = ids;
            out["tokens"] = nlohmann::ordered_json::array();
            for (int id : ids) out["tokens"].push_back(tok.token_string(id));
            out["attention"] = patterns_json(attention);
            auto share = [](const auto& a) { return a ? gpt2::first_position_attention_json(*a) : nlohmann::ordered_json(); };
            out["sink_share"] = {{"prompt", share(sink_plain)}, {"with_bos", share(sink_bos)}};
            out["walk"] = gpt2::block_walk_json(walk);
            std::cout << out.dump() << "\n";
            return;
        }

        const bool all = only.empty();
        if (all || only == "walk") {  // In [16], opened
            std::cout << "Block " << layer << " of " << ck.files.name << " (" << cfg.n_layer << " blocks, n_embd "
                      << cfg.n_embd << ", " << cfg.n_head << " heads of " << cfg.head_dim()
                      << "), one step at a time, on " << T << " tokens:";
            for (const std::string& t : tokens) std::cout << " " << t;
            std::cout << "\nVectors: position " << p << " (" << tokens[p] << "), the first 6 of their "
                      << "numbers. Each step is computed here from its formula; where the library computes it too, "
                      << "the largest difference is shown.\n\n";
            gpt2::WalkView view;
            view.position = p;
            view.head = head < 0 ? 0 : std::size_t(head);
            std::cout << gpt2::block_walk_text(walk, tokens, view) << (all ? "\n" : "");
        }
        if (all || only == "patterns") {
            const gpt2::GridStyle style = gpt2::terminal_grid_style(no_color, width);
            for (int h = 0; h < cfg.n_head; ++h)
                if (head < 0 || h == head)
                    std::cout << "Attention pattern, layer " << layer << ", head " << h
                              << " (row: query, column: key; each row sums to 1):\n"
                              << gpt2::attention_grid(attention[layer], std::size_t(h), tokens, style) << "\n";
        }
        if (all || only == "sink") {  // chapter 6's question: do the heads park attention on position 0?
            if (sink_plain)
                std::cout << "Share of attention on position 0 (" << tokens[prepend_bos ? 1 : 0]
                          << "), mean over queries 1.." << prompt_ids.size() - 1 << ", the prompt alone:\n"
                          << gpt2::first_position_attention_table(*sink_plain) << "(uniform attention would give "
                          << gpt2::fixed(sink_plain->uniform, 2) << ")\n\n";
            if (sink_bos)
                std::cout << "The same with <|endoftext|> prepended (position 0 is <|endoftext|>), mean over queries 1.."
                          << with_bos.size() - 1 << ":\n"
                          << gpt2::first_position_attention_table(*sink_bos) << "(uniform attention would give "
                          << gpt2::fixed(sink_bos->uniform, 2) << ")\n";
            else if (bos_id < 0)
                std::cout << "(No table with <|endoftext|> prepended: " << ck.files.name
                          << "'s vocabulary has no <|endoftext|>.)\n";
            else
                std::cout << "(No table with <|endoftext|> prepended: the prompt already fills the model's "
                          << cfg.n_positions << " positions.)\n";
        }
    });
}
