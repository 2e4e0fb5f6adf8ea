// ch04_tied_head — the output head is the embedding table: the notebook's cells In[9], In[10],
// In[13], In[14], In[15].
//
//   ch04_tied_head --model tiny                  lm_head, the tied-weights check, the top tokens
//   ch04_tied_head --model tiny --top-k 5        fewer columns
//   ch04_tied_head --model tiny --json           {"prompt", "input_ids", "tokens", "tied", "top_k_last", "embedding_only"}
//
// The work is in common/: model/lm_head.hpp (logits = h · wteᵀ, streamed top-k), model/embeddings.hpp,
// display/top_k_table.hpp (the pandas-like table), display/torch_repr.hpp / display/py_repr.hpp.
// Book page: book/04-tied-head.md.
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <xtensor/xoperation.hpp>

#include "display/json_fields.hpp"
#include "display/py_repr.hpp"
#include "display/top_k_table.hpp"
#include "display/torch_repr.hpp"
#include "model/checkpoint.hpp"
#include "model/embeddings.hpp"
#include "model/lm_head.hpp"
#include "model/top_k.hpp"
#include "support/cli.hpp"

namespace {

std::vector<std::string> token_strings(const gpt2::Tokenizer& tok, const std::vector<int>& ids) {
    std::vector<std::string> out;
    for (int id : ids) out.push_back(tok.token_string(id));
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Chapter 4: the output head lm_head is the embedding table wte (tied weights);\n"
                 "the tokens closest to each input token by dot product.",
                 "ch04_tied_head"};
    std::string model, prompt = "This weekend I plan to";
    std::size_t k = 10;
    bool json = false;
    gpt2::add_model_option(app, model);
    app.add_option("--prompt", prompt, "text whose tokens we look at")->capture_default_str();
    gpt2::add_top_k_option(app, k, "how many tokens to list per position (1 .. vocabulary size)");
    app.add_flag("--json", json, "print the ids, logits and tokens as one JSON object on one line");

    return gpt2::run_chapter(app, argc, argv, [&] {
        const gpt2::Checkpoint ck = gpt2::Checkpoint::open(model);
        const gpt2::Weights& w = ck.model.weights();
        const std::size_t V = w.lm_head.shape[0], C = w.lm_head.shape[1];
        gpt2::check_top_k(k, V);
        const std::vector<int> ids = ck.encode_prompt(prompt);  // [T]
        const std::vector<std::string> tokens = token_strings(ck.tokenizer, ids);

        // In [10]: (token_embedding_module.weight.data == lm_head_module.weight.data).all()
        // Two questions: is it the same memory (no copy at all), and are the values equal?
        const bool same_memory = w.lm_head.data == w.wte.data;
        const bool equal = w.lm_head.shape == w.wte.shape && xt::all(xt::equal(w.lm_head.view(), w.wte.view()));

        // In [12]-[13]: vec = token_embedding_module(input_ids[0, -1]); logits = lm_head_module(vec)
        const int last = ids.back();
        const xt::xtensor<float, 2> vec = gpt2::token_embeddings(ck.model, {last});  // [1, C]
        const xt::xtensor<float, 2> logits = gpt2::lm_head_logits(ck.model, vec);     // [1, V]
        // In [14]: logits.topk(k=10).indices
        const gpt2::TopK top_last = gpt2::top_k(logits.data(), V, k);

        // In [15]: lm_head_module(token_embedding_module(input_ids)).topk(k=10), every position
        const xt::xtensor<float, 2> embedded = gpt2::token_embeddings(ck.model, ids);  // [T, C], no wpe
        const std::vector<gpt2::HeadRow> rows = gpt2::lm_head_top_k(ck.model, embedded, k);

        if (json) {
            nlohmann::ordered_json out;
            out["prompt"] = prompt;
            out["input_ids"] = ids;
            out["tokens"] = tokens;
            out["tied"] = same_memory && equal;
            out["top_k_last"] = gpt2::top_k_json(ck.tokenizer, top_last);
            out["embedding_only"] = nlohmann::ordered_json::array();
            for (const gpt2::HeadRow& r : rows) out["embedding_only"].push_back(gpt2::top_k_json(ck.tokenizer, r.top));
            std::cout << out.dump() << "\n";
            return;
        }

        // In [9]: lm_head_module = model.lm_head
        std::cout << "lm_head_module: " << gpt2::linear_repr(C, V, /*bias=*/false) << "\n"
                  << "token_embedding_module: " << gpt2::embedding_repr(w.wte.shape[0], w.wte.shape[1]) << "\n\n";

        std::cout << "Tied weights: is lm_head's [" << V << ", " << C << "] weight the embedding table wte?\n"
                  << "  same memory (lm_head.data == wte.data): " << (same_memory ? "yes" : "no") << "\n"
                  << "  (wte.weight == lm_head.weight).all():   " << (equal ? "tensor(True)" : "tensor(False)")
                  << "\n\n";

        std::cout << "The last token id is " << gpt2::tensor_repr(last) << " which corresponds to "
                  << gpt2::py_repr(tokens.back()) << "\n"
                  << "logits = lm_head_module(vec): shape [" << logits.shape(1) << "]\n";
        if (same_memory && equal) {  // the head's row for ' to' is vec itself
            char own[64];
            std::snprintf(own, sizeof own, "%.4f", static_cast<double>(logits(0, static_cast<std::size_t>(last))));
            std::cout << "  its own logit, logits[" << last << "] = vec · vec = |vec|² = " << own << "\n";
        }
        std::cout << "\n";

        std::cout << "[tokenizer.decode(x) for x in logits.topk(k=" << k << ").indices]\n"
                  << gpt2::py_repr(token_strings(ck.tokenizer, top_last.ids)) << "\n\n";

        std::size_t self_first = 0;
        for (std::size_t t = 0; t < ids.size(); ++t) self_first += rows[t].top.ids[0] == ids[t];
        std::cout << "Top-" << k << " of lm_head(wte[input_ids]) for every input token (no position embedding;\n"
                  << "rows = positions, columns = rank; ␣ marks a space that is part of the token):\n"
                  << gpt2::top_k_table(ck.tokenizer, rows, gpt2::TopKLayout::PositionsAsRows).render() << "\n"
                  << "The top-1 is the token itself at " << self_first << " of " << ids.size() << " positions.\n";
    });
}
