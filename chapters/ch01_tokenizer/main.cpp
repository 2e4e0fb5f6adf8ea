// ch01_tokenizer — from text to token ids: the notebook's cells In[2], In[3] and In[7].
//
//   ch01_tokenizer --model tiny                          the vocabulary, then the prompt's tokens
//   ch01_tokenizer --model tiny --prompt "Hello world"   another prompt
//   ch01_tokenizer --model tiny --decode 770 5041        ids back to text
//   ch01_tokenizer --model tiny --json                   {"input_ids":[...],"tokens":[...],"pieces":[...]}
//   ch01_tokenizer --model tiny --jsonl texts.jsonl      one JSON string per line in, one id array per line out
//
// The work is in common/: text/tokenizer.hpp (byte-level BPE), display/token_display.hpp (␣ for spaces),
// support/table.hpp, text/encode_jsonl.hpp. The book page is book/01-tokenizer.md.
#include <iostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "display/token_display.hpp"
#include "model/model.hpp"
#include "support/cli.hpp"
#include "support/error.hpp"
#include "support/input_file.hpp"
#include "support/model_files.hpp"
#include "support/number_format.hpp"
#include "support/table.hpp"
#include "text/encode_jsonl.hpp"
#include "text/tokenizer.hpp"

namespace {

// "[770, 5041, 314]"
std::string id_list(const std::vector<int>& ids) {
    std::string s = "[";
    for (std::size_t i = 0; i < ids.size(); ++i) s += (i ? ", " : "") + std::to_string(ids[i]);
    return s + "]";
}

// One row per token: its id, its vocabulary entry (Ġ = space byte), its text (␣ = space).
std::string token_table(const gpt2::Tokenizer& tok, const std::vector<int>& ids) {
    std::vector<std::string> rows;
    for (std::size_t i = 0; i < ids.size(); ++i) rows.push_back(std::to_string(i));
    gpt2::Table table({"id", "piece", "token"}, rows);
    for (std::size_t i = 0; i < ids.size(); ++i) {
        table.set(i, 0, std::to_string(ids[i]));
        table.set(i, 1, tok.piece(ids[i]));
        table.set(i, 2, gpt2::display_token(tok.token_string(ids[i])));
    }
    return table.render();
}

}  // namespace

int main(int argc, char** argv) {
    std::ios::sync_with_stdio(false);  // --jsonl - reads stdin line by line: keep it fast

    CLI::App app{"Chapter 1: text -> token ids with GPT-2's byte-level BPE tokenizer.\n"
                 "An empty --prompt is valid and gives no tokens (an empty list).",
                 "ch01_tokenizer"};
    std::string model, prompt = "This weekend I plan to", jsonl;
    std::vector<int> decode_ids;
    bool no_prefix_space = false, special_as_text = false, json = false;
    gpt2::add_model_option(app, model);
    auto* prompt_opt = app.add_option("--prompt", prompt, "text to tokenize")->capture_default_str();
    app.add_flag("--no-prefix-space", no_prefix_space,
                 "do not put a space before the text (the notebook's add_prefix_space=True does)");
    app.add_flag("--special-as-text", special_as_text,
                 "treat \"<|endoftext|>\" as plain text instead of the special token (50256 in GPT-2's vocabulary)");
    auto* decode_opt = app.add_option("--decode", decode_ids, "token ids to turn back into text")
                           ->expected(1, -1)->excludes(prompt_opt)
                           ->check(gpt2::whole_number(0, 2147483647, "a token id (a whole number >= 0)"));
    auto* json_opt = app.add_flag("--json", json,
                                  "print {\"input_ids\":[...],\"tokens\":[...],\"pieces\":[...]} on one line");
    app.add_option("--jsonl", jsonl,
                   "FILE (or - for stdin) of one JSON string per line: print one JSON array of ids per line")
        ->check(gpt2::file_name())
        ->excludes(prompt_opt)->excludes(decode_opt)->excludes(json_opt);

    return gpt2::run_chapter(app, argc, argv, [&] {
        // In [2]: tokenizer = AutoTokenizer.from_pretrained("distilgpt2", add_prefix_space=True)
        const gpt2::ModelFiles files = gpt2::resolve_model(model);
        const auto tok = gpt2::Tokenizer::load(files.vocab(), files.merges());
        gpt2::EncodeOptions opts;
        opts.add_prefix_space = !no_prefix_space;
        opts.special_as_text = special_as_text;

        if (!jsonl.empty()) {  // a whole file, no chatter: only the ids
            // "-" is stdin; a directory is an error; a FIFO nobody writes to gives up after 10 s
            gpt2::InputFile file(jsonl, "--jsonl " + gpt2::path_for_message(jsonl));
            gpt2::encode_jsonl(tok, file.stream(), std::cout, opts);
            return;
        }

        // In [7]: input_ids = tokenizer(phrase, return_tensors='pt')['input_ids']
        // (or, with --decode, the other way round: tokenizer.decode(ids))
        const bool decoding = decode_opt->count() > 0;
        const std::vector<int> ids = decoding ? decode_ids : tok.encode(prompt, opts);
        for (int id : ids) tok.piece(id);  // throws a one-line error for an id out of range
        const std::string text = decoding ? tok.decode(ids) : prompt;
        const nlohmann::ordered_json quoted = text;

        if (json) {
            nlohmann::ordered_json out;
            if (decoding) out["text"] = text;
            out["input_ids"] = ids;
            out["tokens"] = nlohmann::ordered_json::array();
            out["pieces"] = nlohmann::ordered_json::array();
            for (int id : ids) {
                out["tokens"].push_back(tok.token_string(id));
                out["pieces"].push_back(tok.piece(id));
            }
            std::cout << out.dump() << "\n";
            return;
        }

        // In [3]: print(f"The tokenizer has {len(tokenizer.get_vocab())} strings in its vocabulary.")
        //         print(f"The model has {model.num_parameters():,d} parameters.")
        std::cout << "The tokenizer has " << tok.vocab_size() << " strings in its vocabulary.\n";
        const auto net = gpt2::Model::load(files);
        std::cout << "The model (" << files.name << ") has " << gpt2::with_commas(net.num_parameters())
                  << " parameters.\n\n";

        if (decoding) {
            std::cout << "decode(" << id_list(ids) << ") = " << quoted.dump() << "\n\n";
        } else {
            std::cout << "prompt:    " << quoted.dump() << "\n"
                      << "input_ids: [" << id_list(ids) << "]  shape [1, " << ids.size() << "]\n\n";
        }
        if (ids.empty()) {
            std::cout << "(no tokens: an empty text is an empty list of ids)\n";
            return;
        }
        std::cout << token_table(tok, ids) << "\n"
                  << "piece: the vocabulary's spelling (Ġ stands for the space byte)\n"
                  << "token: decode([id]), with ␣ marking a space that is part of the token\n";
    });
}
