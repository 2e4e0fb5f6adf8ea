// ch05_hidden_states — through the transformer: the notebook's cells In[16] to In[19].
//
//   ch05_hidden_states --model tiny              how many hidden states; lm_head of the first and the last
//   ch05_hidden_states --model tiny --layer 1    lm_head of any one hidden state (-1 is the last, as in Python)
//   ch05_hidden_states --model tiny --norms      the L2 norm of every hidden state at every position
//   ch05_hidden_states --model tiny --batch      ["Hi", prompt] left-padded: default vs from-mask positions
//   ch05_hidden_states --model tiny --json       every hidden state's norms and top-k, on one line
//
// The work is in common/: transformer.hpp (the forward pass, every hidden state),
// lens_top_k.hpp (lm_head's top-k of several states in one pass over wte),
// top_k_table.hpp (the notebook's tables), batch_vs_alone.hpp (--batch).
// Book page: book/05-hidden-states.md.
#include <cmath>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "batch.hpp"
#include "batch_vs_alone.hpp"
#include "checkpoint.hpp"
#include "cli.hpp"
#include "error.hpp"
#include "lens_top_k.hpp"
#include "table.hpp"
#include "token_display.hpp"
#include "top_k_table.hpp"
#include "transformer.hpp"

namespace {

using json = nlohmann::ordered_json;

// ‖h[t]‖ for every position t of a state [T, C].  -> [T]
std::vector<double> norms(const xt::xtensor<float, 2>& h) {
    std::vector<double> out(h.shape(0), 0.0);
    for (std::size_t t = 0; t < h.shape(0); ++t) {
        for (std::size_t c = 0; c < h.shape(1); ++c) out[t] += double(h(t, c)) * h(t, c);
        out[t] = std::sqrt(out[t]);
    }
    return out;
}

std::string fmt(const char* spec, double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, spec, x);
    return buf;
}

std::string ids_text(const xt::xtensor<int, 2>& t) {  // [[1, 2], [3, 4]]
    std::string s = "[";
    for (std::size_t b = 0; b < t.shape(0); ++b) {
        s += b ? ", [" : "[";
        for (std::size_t i = 0; i < t.shape(1); ++i) s += (i ? ", " : "") + std::to_string(t(b, i));
        s += "]";
    }
    return s + "]";
}

// One row "input" of tokens over columns 0 .. T-1, to read the top-k tables against.
std::string input_row(const gpt2::Tokenizer& tok, const std::vector<int>& ids) {
    std::vector<std::string> cols;
    for (std::size_t t = 0; t < ids.size(); ++t) cols.push_back(std::to_string(t));
    gpt2::Table table(cols, {"input"});
    for (std::size_t t = 0; t < ids.size(); ++t) table.set(0, t, gpt2::display_token(tok.token_string(ids[t])));
    return table.render();
}

// What hidden state i is, in transformers' convention (transformer.hpp).
std::string state_name(std::size_t i, std::size_t n_layer) {
    if (i == 0) return "the embeddings wte[ids] + wpe[positions]";
    if (i == n_layer) return "ln_f(output of block " + std::to_string(n_layer - 1) + "), the model's logits";
    return "the output of block " + std::to_string(i - 1);
}

// "0.00012", or "0 (< 1e-5)" for float rounding (the exact digits depend on the BLAS).
std::string difference(double d) { return d < 1e-5 ? "0 (< 1e-5)" : fmt("%.3g", d); }

json top_k_json(const gpt2::Tokenizer& tok, const gpt2::TopK& top) {
    json tokens = json::array();
    for (int id : top.ids) tokens.push_back(tok.token_string(id));
    return {{"ids", top.ids}, {"logits", top.values}, {"tokens", tokens}};
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
    app.add_option("--top-k", k, "how many tokens to show per position (1 .. vocabulary size)")
        ->capture_default_str()->check(CLI::PositiveNumber);
    auto* layer_opt = app.add_option("--layer", layer,
                                     "show only lm_head(hidden_states[N]), N in 0 .. n_layer; negative counts "
                                     "from the end as in Python (-1 is the last)");
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
        if (k > tok.vocab_size())
            throw gpt2::Error("--top-k " + std::to_string(k) + " is more than the vocabulary's " +
                              std::to_string(tok.vocab_size()) + " tokens");
        // In [7]: input_ids = tokenizer(phrase, return_tensors='pt')['input_ids']
        const std::vector<int> ids = ck.encode_prompt(prompt);  // [T]

        if (batch) {
            // In [5]: batch = tokenizer(["Hi", phrase], padding=True, return_tensors='pt')
            const gpt2::Batch b = gpt2::pad_batch({tok.encode("Hi"), ids}, gpt2::Tokenizer::eos_id);
            std::cout << "In [5]: batch = tokenizer([\"Hi\", prompt], padding=True)  (left padding with "
                      << gpt2::Tokenizer::eos_id << ", " << tok.token_string(gpt2::Tokenizer::eos_id) << ")\n"
                      << "input_ids       " << ids_text(b.input_ids) << "\n"
                      << "attention_mask  " << ids_text(b.attention_mask) << "\n"
                      << "position_ids    default:   " << ids_text(gpt2::position_ids_default(b)) << "\n"
                      << "                from-mask: " << ids_text(gpt2::position_ids_from_mask(b)) << "\n\n";

            // The same final logits as each prompt run alone? At real positions only.
            const std::vector<std::string> schemes{"default", "from-mask"};
            std::vector<std::vector<gpt2::RowVsAlone>> runs;
            for (const std::string& s : schemes)
                runs.push_back(gpt2::compare_batch_with_alone(
                    ck.model, b, s == "default" ? gpt2::PositionScheme::Default : gpt2::PositionScheme::FromMask, k));
            gpt2::Table diffs({"row 0 (\"Hi\")", "row 1 (the prompt)", "row 0's top " + std::to_string(k)}, schemes);
            for (std::size_t s = 0; s < schemes.size(); ++s) {
                diffs.set(s, 0, difference(runs[s][0].max_abs_diff));
                diffs.set(s, 1, difference(runs[s][1].max_abs_diff));
                diffs.set(s, 2, runs[s][0].batched_last.ids == runs[s][0].alone_last.ids ? "same as alone"
                                                                                       : "differs from alone");
            }
            std::cout << "max |logit difference|, batched vs each prompt run alone (real positions, all "
                      << tok.vocab_size() << " logits):\n"
                      << diffs.render() << "\n";

            const std::vector<gpt2::RowVsAlone>& shown = runs[positions == "default" ? 0 : 1];
            std::cout << "position_ids " << positions << ": top " << k
                      << " at each row's last position (where the next token is predicted):\n"
                      << gpt2::top_k_table(tok,
                                           {shown[0].batched_last, shown[0].alone_last, shown[1].batched_last,
                                            shown[1].alone_last},
                                           gpt2::TopKLayout::PositionsAsColumns,
                                           {"Hi, batched", "Hi, alone", "prompt, batched", "prompt, alone"})
                             .render();
            return;
        }

        // In [16]: model_output = model(input_ids, output_hidden_states=True)
        const std::vector<xt::xtensor<float, 2>> states = gpt2::hidden_states(ck.model, ids);  // n_layer + 1 × [T, C]

        if (json_out) {
            std::vector<std::size_t> all;
            for (std::size_t i = 0; i < states.size(); ++i) all.push_back(i);
            const auto tops = gpt2::lens_top_k(ck.model, states, all, k, gpt2::LnF::None);  // [state][position]
            json out;
            out["model"] = {{"path", ck.files.dir.string()}, {"n_layer", cfg.n_layer}, {"n_head", cfg.n_head},
                            {"n_embd", cfg.n_embd},          {"n_positions", cfg.n_positions},
                            {"vocab_size", cfg.vocab_size},   {"parameters", ck.model.num_parameters()}};
            out["prompt"] = prompt;
            out["input_ids"] = ids;
            out["tokens"] = json::array();
            for (int id : ids) out["tokens"].push_back(tok.token_string(id));
            out["hidden_states"] = json::array();
            for (std::size_t i = 0; i < states.size(); ++i) {
                json per_position = json::array();
                for (const gpt2::TopK& top : tops[i]) per_position.push_back(top_k_json(tok, top));
                out["hidden_states"].push_back({{"index", i}, {"norm", norms(states[i])}, {"top_k", per_position}});
            }
            std::cout << out.dump() << "\n";
            return;
        }

        std::cout << "prompt: " << json(prompt).dump() << "  (" << ids.size() << " tokens)\n"
                  << input_row(tok, ids) << "\n";
        // In [17]: len(hidden_states)  # model.config.n_layer + 1, to include the input embeddings
        std::cout << "In [17]: len(hidden_states) = " << states.size() << "  (n_layer + 1 = " << n_layer
                  << " + 1: the embeddings, then one per block; distilgpt2: 6 + 1 = 7)\n\n";

        if (show_norms) {  // ‖hidden_states[i][t]‖: how long each vector of the residual stream is
            std::vector<std::string> cols, rows;
            for (std::size_t t = 0; t < ids.size(); ++t) cols.push_back(std::to_string(t));
            for (std::size_t i = 0; i < states.size(); ++i) rows.push_back("hidden_states[" + std::to_string(i) + "]");
            gpt2::Table table(cols, rows);
            for (std::size_t i = 0; i < states.size(); ++i) {
                const std::vector<double> n = norms(states[i]);
                for (std::size_t t = 0; t < n.size(); ++t) table.set(i, t, fmt("%.2f", n[t]));
            }
            std::cout << "L2 norm of each hidden state at each position:\n" << table.render() << "\n";
        }

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
