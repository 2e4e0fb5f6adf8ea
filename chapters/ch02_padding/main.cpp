// ch02_padding — several prompts as one [B, T] batch: the notebook's cells In[2], In[5], In[6].
//
//   ch02_padding --model tiny                            ["Hi", "This weekend I plan to"], left-padded
//   ch02_padding --model tiny --right                    the same, padded on the right
//   ch02_padding --model tiny --prompt a --prompt "b c"  your own batch
//   ch02_padding --model tiny --json                     {"input_ids":[[...]],"attention_mask":[[...]]}
//
// The work is in common/text/batch.hpp (pad_batch, position ids). Book page: book/02-padding.md.
#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <xtensor/xio.hpp>

#include "display/token_display.hpp"
#include "support/cli.hpp"
#include "support/error.hpp"
#include "support/model_files.hpp"
#include "support/table.hpp"
#include "text/batch.hpp"
#include "text/tokenizer.hpp"

namespace {

std::vector<std::vector<int>> to_rows(const xt::xtensor<int, 2>& t) {
    std::vector<std::vector<int>> rows(t.shape(0));
    for (std::size_t b = 0; b < t.shape(0); ++b) rows[b].assign(&t(b, 0), &t(b, 0) + t.shape(1));
    return rows;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Chapter 2: pad several prompts into one [B, T] batch with an attention mask.\n"
                 "An empty --prompt becomes a row of padding; a batch of only empty prompts is an error.",
                 "ch02_padding"};
    std::string model;
    std::vector<std::string> prompts{"Hi", "This weekend I plan to"};
    bool right = false, json = false;
    gpt2::add_model_option(app, model);
    app.add_option("--prompt", prompts, "a prompt of the batch; repeat it: --prompt Hi --prompt \"Good day\"")
        ->capture_default_str();
    app.add_flag("--right", right, "pad on the right (the notebook pads on the left)");
    app.add_flag("--json", json, "print {\"input_ids\":[[...]],\"attention_mask\":[[...]]} on one line");

    return gpt2::run_chapter(app, argc, argv, [&] {
        // In [2]: tokenizer.pad_token = tokenizer.eos_token; tokenizer.padding_side = 'left'
        const gpt2::ModelFiles files = gpt2::resolve_model(model);
        const auto tok = gpt2::Tokenizer::load(files.vocab(), files.merges());
        const int pad_id = tok.require_eos("padding");  // <|endoftext|>, 50256 in GPT-2's vocabulary
        const gpt2::PadSide side = right ? gpt2::PadSide::Right : gpt2::PadSide::Left;

        // In [5]: batch = tokenizer(["Hi", phrase], padding=True, return_tensors='pt')
        std::vector<std::vector<int>> sequences;
        for (const std::string& p : prompts) sequences.push_back(tok.encode(p));
        if (std::all_of(sequences.begin(), sequences.end(), [](const auto& s) { return s.empty(); }))
            throw gpt2::Error(prompts.size() == 1 ? "the prompt is empty: give some text with --prompt"
                                                  : "every prompt is empty: give some text with at least one --prompt");
        const gpt2::Batch batch = gpt2::pad_batch(sequences, pad_id, side);
        const std::size_t B = batch.input_ids.shape(0), T = batch.input_ids.shape(1);

        if (json) {
            nlohmann::ordered_json out;
            out["input_ids"] = to_rows(batch.input_ids);
            out["attention_mask"] = to_rows(batch.attention_mask);
            std::cout << out.dump() << "\n";
            return;
        }

        std::cout << B << " prompts, padded on the " << (right ? "right" : "left") << " with "
                  << pad_id << " (" << tok.token_string(pad_id) << ") to the longest one.\n\n";
        // In [6]: batch['input_ids'].shape  ->  torch.Size([2, 5])
        std::cout << "input_ids.shape: [" << B << ", " << T << "]  (" << B << " sequences x " << T
                  << " tokens)\n\n";
        std::cout << "input_ids:\n" << batch.input_ids << "\n\n";
        std::cout << "attention_mask:  (1 = real token, 0 = padding)\n" << batch.attention_mask << "\n\n";

        // The same batch as tokens (␣ marks a space that is part of the token).
        std::vector<std::string> cols, rows;
        for (std::size_t t = 0; t < T; ++t) cols.push_back(std::to_string(t));
        for (std::size_t b = 0; b < B; ++b) rows.push_back(std::to_string(b));
        gpt2::Table table(cols, rows);
        for (std::size_t b = 0; b < B; ++b)
            for (std::size_t t = 0; t < T; ++t)
                table.set(b, t, gpt2::display_token(tok.token_string(batch.input_ids(b, t))));
        std::cout << "tokens:\n" << table.render() << "\n";

        // Where each row's next token is predicted: at its last real token.
        std::cout << "last real token (where the next token is predicted):\n";
        for (std::size_t b = 0; b < B; ++b) {
            std::size_t last = T;
            for (std::size_t t = 0; t < T; ++t)
                if (batch.attention_mask(b, t)) last = t;
            std::cout << "  row " << b << ": ";
            if (last == T) std::cout << "none (the row is all padding)\n";
            else std::cout << "column " << last << " of " << T - 1 << ", "
                           << gpt2::display_token(tok.token_string(batch.input_ids(b, last))) << "\n";
        }

        // A teaser for chapter 5: which position each token gets.
        std::cout << "\nposition_ids, default (0..T-1, what transformers uses when given none):\n"
                  << gpt2::position_ids_default(batch) << "\n\n"
                  << "position_ids from the mask (cumsum(mask) - 1, clipped at 0):\n"
                  << gpt2::position_ids_from_mask(batch) << "\n";
    });
}
