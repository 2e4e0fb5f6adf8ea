// ch03_embeddings — token id -> vector: the notebook's cells In[3], In[7], In[8], In[11], In[12].
//
//   ch03_embeddings --model tiny                      the embedding table, and the last token's vector
//   ch03_embeddings --model tiny --prompt "Hello"     another prompt
//   ch03_embeddings --model tiny --json               the same facts as one JSON object
//
// The work is in common/: model/checkpoint.hpp (tokenizer + weights), model/embeddings.hpp (the
// lookup), display/torch_repr.hpp / display/py_repr.hpp (printing as PyTorch and Python do).
// Book page: book/03-embeddings.md.
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "display/json_fields.hpp"
#include "display/py_repr.hpp"
#include "display/torch_repr.hpp"
#include "model/checkpoint.hpp"
#include "model/embeddings.hpp"
#include "support/cli.hpp"
#include "support/number_format.hpp"

int main(int argc, char** argv) {
    CLI::App app{"Chapter 3: the token embedding table wte, and the vector of the prompt's last token.\n"
                 "(No --top-k here: nothing is ranked in this chapter; chapter 4 ranks tokens.)",
                 "ch03_embeddings"};
    std::string model, prompt = "This weekend I plan to";
    bool json = false;
    gpt2::add_model_option(app, model);
    app.add_option("--prompt", prompt, "text whose last token we look up")->capture_default_str();
    app.add_flag("--json", json, "print the same facts as one JSON object on one line");

    return gpt2::run_chapter(app, argc, argv, [&] {
        // In [2]: tokenizer = AutoTokenizer.from_pretrained(...); model = AutoModelForCausalLM...
        const gpt2::Checkpoint ck = gpt2::Checkpoint::open(model);
        const gpt2::Config& cfg = ck.model.config();
        const gpt2::Param<2>& wte = ck.model.weights().wte;  // [V, C]
        const std::size_t V = wte.shape[0], C = wte.shape[1];

        // In [7]: input_ids = tokenizer(phrase, return_tensors='pt')['input_ids']
        const std::vector<int> ids = ck.encode_prompt(prompt);  // [T]
        std::vector<std::string> tokens;
        for (int id : ids) tokens.push_back(ck.tokenizer.token_string(id));

        // In [11]: input_ids[0, -1]        In [12]: vec = token_embedding_module(input_ids[0, -1])
        const int last = ids.back();
        const xt::xtensor<float, 2> vec = gpt2::token_embeddings(ck.model, {last});  // [1, C]

        if (json) {
            nlohmann::ordered_json out;
            out["model"] = gpt2::model_json(ck);
            out["prompt"] = prompt;
            out["vocab_size_tokenizer"] = ck.tokenizer.vocab_size();
            out["input_ids"] = ids;
            out["tokens"] = tokens;
            out["wte_shape"] = nlohmann::ordered_json::array({V, C});
            out["last_token"] = {{"id", last}, {"token", tokens.back()}};
            out["vector_shape"] = nlohmann::ordered_json::array({vec.shape(1)});
            std::cout << out.dump() << "\n";
            return;
        }

        std::cout << "Model " << ck.files.name << ": n_layer " << cfg.n_layer << ", n_head " << cfg.n_head
                  << ", n_embd " << cfg.n_embd << ", n_positions " << cfg.n_positions << ".\n\n";

        // In [3]: len(tokenizer.get_vocab()), model.num_parameters()
        std::cout << "The tokenizer has " << ck.tokenizer.vocab_size() << " strings in its vocabulary.\n"
                  << "The model has " << gpt2::with_commas(ck.model.num_parameters()) << " parameters.\n";
        if (cfg.tie_word_embeddings)
            std::cout << "  (the [" << V << ", " << C << "] matrix shared by wte and lm_head counted once: "
                      << gpt2::with_commas(V * C) << " of them)\n";
        std::cout << "\n";

        // In [7]: input_ids  ->  tensor([[ 770, 5041,  314, 1410,  284]])
        std::cout << "prompt:    " << gpt2::py_repr(prompt) << "\n"
                  << "input_ids: " << gpt2::tensor_repr({ids}) << "\n"
                  << "tokens:    " << gpt2::py_repr(tokens) << "\n\n";

        // In [8]: token_embedding_module = model.transformer.wte
        std::cout << "token_embedding_module = wte: " << gpt2::embedding_repr(V, C) << "\n"
                  << "  a [" << V << ", " << C << "] table: row i is the vector of token i.\n\n";

        // In [11]: print(input_ids[0, -1], "which corresponds to", repr(tokenizer.decode(input_ids[0, -1])))
        std::cout << "The last token id is:\n"
                  << gpt2::tensor_repr(last) << " which corresponds to " << gpt2::py_repr(tokens.back()) << "\n\n";

        // In [12]: vec.shape  ->  torch.Size([768])
        std::cout << "It has vector vec = wte[" << last << "], of shape [" << vec.shape(1) << "].\n"
                  << "Its first numbers (the notebook hides them: they are illegible):\n  [";
        for (std::size_t c = 0; c < std::min<std::size_t>(4, C); ++c) {
            char buf[32];
            std::snprintf(buf, sizeof buf, "%s%.4f", c ? ", " : "", static_cast<double>(vec(0, c)));
            std::cout << buf;
        }
        std::cout << (C > 4 ? ", ...]" : "]") << "\n";
    });
}
