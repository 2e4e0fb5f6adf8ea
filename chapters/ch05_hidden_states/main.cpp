// ch05_hidden_states — through the transformer: the notebook's cells In[16] to In[19].
//
//   ch05_hidden_states --model tiny              how many hidden states; lm_head of the first and the last
//   ch05_hidden_states --model tiny --layer 1    lm_head of any one hidden state (-1 is the last, as in Python)
//   ch05_hidden_states --model tiny --norms      the L2 norm of every hidden state at every position
//   ch05_hidden_states --model tiny --batch      ["Hi", prompt] left-padded: default vs from-mask positions
//   ch05_hidden_states --model tiny --json       every hidden state's norms and top-k, on one line
//
// The work is in common/: model/transformer.hpp (the forward pass, every hidden state),
// lens/lens_top_k.hpp (lm_head's top-k of several states in one pass over wte),
// display/top_k_table.hpp (the notebook's tables), lens/state_norms.hpp (--norms),
// display/batch_report.hpp (--batch), display/hidden_states_json.hpp (--json).
// Book page: book/05-hidden-states.md.
#include <iostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "display/batch_report.hpp"
#include "display/hidden_states_json.hpp"
#include "display/token_display.hpp"
#include "display/top_k_table.hpp"
#include "lens/lens_top_k.hpp"
#include "lens/state_norms.hpp"
#include "model/checkpoint.hpp"
#include "model/transformer.hpp"
#include "support/cli.hpp"
#include "support/error.hpp"
#include "support/table.hpp"
#include "text/batch.hpp"

namespace {

using json = nlohmann::ordered_json;

// One row "input" of tokens over columns 0 .. T-1, to read the top-k tables against.
std::string input_row(const gpt2::Tokenizer& tok, const std::vector<int>& ids) {
    std::vector<std::string> cols;
    for (std::size_t t = 0; t < ids.size(); ++t) cols.push_back(std::to_string(t));
    gpt2::Table table(cols, {"input"});
    for (std::size_t t = 0; t < ids.size(); ++t) table.set(0, t, gpt2::display_token(tok.token_string(ids[t])));
    return table.render();
}

// What hidden state i is, in transformers' convention (model/transformer.hpp).
std::string state_name(std::size_t i, std::size_t n_layer) {
    if (i == 0) return "the embeddings wte[ids] + wpe[positions]";
    if (i == n_layer) return "ln_f(output of block " + std::to_string(n_layer - 1) + "), the model's logits";
    return "the output of block " + std::to_string(i - 1);
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Chapter 5: run the transformer and look at every hidden state through the output head.",
                 "ch05_hidden_states"};
    std::string model, prompt = "This weekend I plan to", positions = "default";
    std::size_t k = 10;
    int layer = 0;
    bool batch = false, json_out = false, show_norms = false;
    gpt2::add_model_option(app, model);
    app.add_option("--prompt", prompt, "the text to run through the model")->capture_default_str();
    gpt2::add_top_k_option(app, k, "how many tokens to show per position (1 .. vocabulary size)");
    auto* layer_opt = app.add_option("--layer", layer,
                                     "show only lm_head(hidden_states[N]), N in 0 .. n_layer; negative counts "
                                     "from the end as in Python (-1 is the last)")
                          ->check(gpt2::integer());
    auto* norms_opt = app.add_flag("--norms", show_norms, "also print the L2 norm of every hidden state at every position");
    auto* batch_opt = app.add_flag("--batch", batch,
                                   "run the notebook's padded batch [\"Hi\", prompt] and compare it with each "
                                   "prompt run alone, under both position schemes");
    app.add_option("--positions", positions, "with --batch: the position ids whose table is shown")
        ->check(CLI::IsMember({"default", "from-mask"}))->needs(batch_opt)->capture_default_str();
    app.add_flag("--json", json_out,
                 "print {\"model\",\"prompt\",\"input_ids\",\"tokens\",\"hidden_states\":[{\"index\",\"norm\","
                 "\"top_k\"}]} on one line")
        ->excludes(layer_opt)->excludes(norms_opt)->excludes(batch_opt);

    return gpt2::run_chapter(app, argc, argv, [&] {
        // In [2]: tokenizer = ...; model = AutoModelForCausalLM.from_pretrained("distilgpt2")
        const gpt2::Checkpoint ck = gpt2::Checkpoint::open(model);
        const gpt2::Tokenizer& tok = ck.tokenizer;
        const gpt2::Config& cfg = ck.model.config();
        const std::size_t n_layer = cfg.n_layer;
        gpt2::check_top_k(k, tok.vocab_size());
        // In [7]: input_ids = tokenizer(phrase, return_tensors='pt')['input_ids']
        const std::vector<int> ids = ck.encode_prompt(prompt);  // [T]

        if (batch) {
            // In [5]: batch = tokenizer(["Hi", phrase], padding=True, return_tensors='pt')
            const gpt2::Batch b = gpt2::pad_batch({tok.encode("Hi"), ids}, tok.require_eos("--batch (its padding)"));
            const auto shown = positions == "default" ? gpt2::PositionScheme::Default : gpt2::PositionScheme::FromMask;
            std::cout << gpt2::batch_report(ck.model, tok, b, k, shown);  // and each prompt run alone
            return;
        }

        // In [16]: model_output = model(input_ids, output_hidden_states=True)
        const std::vector<xt::xtensor<float, 2>> states = gpt2::hidden_states(ck.model, ids);  // n_layer + 1 × [T, C]

        if (json_out) {
            // every state's norms and top-k, all states in one pass over wte
            std::cout << gpt2::hidden_states_json(ck, prompt, ids, states, k).dump() << "\n";
            return;
        }

        std::cout << "prompt: " << json(prompt).dump() << "  (" << ids.size() << " tokens)\n"
                  << input_row(tok, ids) << "\n";
        // In [17]: len(hidden_states)  # model.config.n_layer + 1, to include the input embeddings
        std::cout << "In [17]: len(hidden_states) = " << states.size() << "  (n_layer + 1 = " << n_layer
                  << " + 1: the embeddings, then one per block; distilgpt2: 6 + 1 = 7)\n\n";

        if (show_norms)  // ‖hidden_states[i][t]‖: how long each vector of the residual stream is
            std::cout << "L2 norm of each hidden state at each position:\n" << gpt2::norms_table(states).render() << "\n";

        // Which states to show: In [18] hidden_states[0] and In [19] hidden_states[-1], or --layer N.
        std::vector<std::size_t> which{0, n_layer};
        if (layer_opt->count()) {
            const int n = static_cast<int>(states.size());
            if (layer < -n || layer >= n)
                throw gpt2::Error("--layer " + std::to_string(layer) + " is out of range: this model has " +
                                  std::to_string(n) + " hidden states, 0 .. " + std::to_string(n - 1) +
                                  " (or -" + std::to_string(n) + " .. -1 from the end)");
            which = {static_cast<std::size_t>(layer < 0 ? layer + n : layer)};
        }
        // In [18]: logits = lm_head_module(hidden_states[0]); pd.DataFrame([...]).T
        // In [19]: logits = lm_head_module(hidden_states[-1]); ...
        const auto tops = gpt2::lens_top_k(ck.model, states, which, k, gpt2::LnF::None);  // one pass over wte
        for (std::size_t s = 0; s < which.size(); ++s) {
            const std::size_t i = which[s];
            const std::string cell = layer_opt->count() ? "" : i == 0 ? "In [18]: " : "In [19]: ";
            const std::string index = layer_opt->count() ? std::to_string(layer) : i == 0 ? "0" : "-1";
            const std::string alias = index == std::to_string(i) ? "" : "[" + std::to_string(i) + "] = ";
            std::cout << cell << "lm_head(hidden_states[" << index << "]): " << alias << state_name(i, n_layer)
                      << "; top " << k << " (rows = rank, columns = position)\n"
                      << gpt2::top_k_table(tok, tops[s], gpt2::TopKLayout::PositionsAsColumns).render()
                      << (s + 1 < which.size() ? "\n" : "");
        }
    });
}
