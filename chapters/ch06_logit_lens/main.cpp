// ch06_logit_lens — the logit lens at every hidden state: what each layer would predict.
//
// The notebook looked at lm_head(hidden_states[0]) (In[18]) and lm_head(hidden_states[-1])
// (In[19]) only. Here every state gets the head, every position is shown, and each cell
// carries numbers: the probability and rank of the model's final answer, the entropy, the
// KL divergence to the final distribution, the hidden state's norm.
//
//   ch06_logit_lens --model tiny                         grid of top-1 tokens, coloured by prob
//   ch06_logit_lens --model tiny --metric kl             … coloured by KL(final ‖ state)
//   ch06_logit_lens --model tiny --ln-f none             the notebook's raw lens
//   ch06_logit_lens --model tiny --prepend-bos           <|endoftext|> first
//   ch06_logit_lens --model tiny --position 0            the top-k table at position 0 (default: last)
//   ch06_logit_lens --model tiny --html lens.html        interactive heatmap (one file)
//   ch06_logit_lens --model tiny --csv lens.csv --json   every number, for your own plots
//   ch06_logit_lens --attention-to-first                 how much each head attends to position 0
//
// The work is in common/: lens/logit_lens.hpp (the numbers), lens/lens_metric.hpp (metric -> colour),
// display/lens_grid.hpp (terminal), display/heatmap_html.hpp (HTML), display/logit_lens_export.hpp (JSON, CSV),
// lens/first_position_attention.hpp (--attention-to-first).
// Book page: book/06-logit-lens.md.
#include <iostream>
#include <string>

#include "display/ansi_grid.hpp"
#include "display/heatmap_html.hpp"
#include "display/lens_grid.hpp"
#include "display/logit_lens_export.hpp"
#include "display/token_display.hpp"
#include "lens/first_position_attention.hpp"
#include "lens/lens_metric.hpp"
#include "lens/logit_lens.hpp"
#include "model/checkpoint.hpp"
#include "support/atomic_file.hpp"
#include "support/cli.hpp"
#include "support/error.hpp"
#include "support/number_format.hpp"
#include "support/table.hpp"

int main(int argc, char** argv) {
    CLI::App app{"Chapter 6: the logit lens at every layer — lm_head applied to every hidden state.",
                 "ch06_logit_lens"};
    std::string model, prompt = "This weekend I plan to", metric_arg = "prob", ln_f_arg = "intermediate", html, csv;
    std::size_t top_k = 10, width = 0;
    int position = -1;
    bool json = false, prepend_bos = false, no_color = false, attention_to_first = false;
    gpt2::add_model_option(app, model);
    app.add_option("--prompt", prompt, "text to look at")->capture_default_str();
    gpt2::add_top_k_option(app, top_k, "tokens kept per cell (JSON, HTML, the --position table)");
    app.add_option("--position", position,
                   "position of the per-state top-k table (negative counts from the end, as in Python)")
        ->capture_default_str()->check(gpt2::integer());
    app.add_option("--metric", metric_arg, "colour and number per cell: prob, rank, kl, entropy or norm")
        ->capture_default_str()
        ->check(CLI::Validator(
            [](std::string& s) {  // an unknown metric is a malformed flag (exit 2), with parse_metric's message
                try {
                    gpt2::parse_metric(s);
                    return std::string();
                } catch (const gpt2::Error& e) {
                    return std::string(e.what());
                }
            },
            "METRIC"));
    app.add_option("--ln-f", ln_f_arg,
                   "intermediate: ln_f on every state before the head (the last has it already); "
                   "none: the head on the raw states, as the notebook")
        ->check(CLI::IsMember({"none", "intermediate"}))->capture_default_str();
    app.add_flag("--prepend-bos", prepend_bos, "put the vocabulary's <|endoftext|> (50256 in GPT-2's) before the prompt's tokens");
    gpt2::add_grid_options(app, no_color, width);
    app.add_option("--html", html, "write an interactive heatmap to this file (self-contained HTML)")
        ->check(gpt2::file_name());
    app.add_option("--csv", csv, "write one CSV row per hidden state × position to this file")->check(gpt2::file_name());
    gpt2::distinct_output_files(app, {"--html", "--csv"});
    app.add_flag("--json", json, "print every number as one JSON object instead of the grids");
    app.add_flag("--attention-to-first", attention_to_first,
                 "instead of the grids: the share of attention each layer's heads give to position 0")
        ->excludes("--json");

    return gpt2::run_chapter(app, argc, argv, [&] {
        const gpt2::LensMetric metric = gpt2::parse_metric(metric_arg);
        // In [2]: tokenizer = AutoTokenizer.from_pretrained(...); model = AutoModelForCausalLM...
        const gpt2::Checkpoint ck = gpt2::Checkpoint::open(model);
        const gpt2::Tokenizer& tok = ck.tokenizer;
        gpt2::check_top_k(top_k, tok.vocab_size());

        // In [7]: input_ids = tokenizer(phrase, return_tensors='pt')['input_ids']
        const std::vector<int> ids = ck.encode_prompt(prompt);
        const int bos_id = prepend_bos ? tok.require_eos("--prepend-bos") : -1;
        const std::size_t p = gpt2::python_index(position, ids.size() + (prepend_bos ? 1 : 0));
        if (attention_to_first) {  // the notebook's question, one more piece of evidence (book 06)
            std::vector<int> input = ids;
            if (prepend_bos) input.insert(input.begin(), bos_id);
            const gpt2::FirstPositionAttention a = gpt2::first_position_attention(ck.model, input);
            std::cout << "Attention to position 0 (" << gpt2::display_token(tok.token_string(input[0])) << ") on "
                      << ck.files.name << ": for each layer and head, the mean over queries 1.." << input.size() - 1
                      << " of the attention weight on position 0.\n"
                      << gpt2::first_position_attention_table(a) << "Attending uniformly to every visible position "
                      << "would give " << gpt2::fixed(a.uniform, 2) << ".\n";
            return;
        }
        // In [16]-[19]: hidden_states = model(input_ids, output_hidden_states=True).hidden_states,
        // then lm_head(hidden_states[i]) — for every i and every position, with the metrics.
        gpt2::LensOptions opts;
        opts.ln_f = ln_f_arg == "none" ? gpt2::LnF::None : gpt2::LnF::Intermediate;
        opts.k = top_k;
        opts.prepend_bos = prepend_bos;
        opts.bos_id = bos_id;
        const gpt2::LensResult lens = gpt2::logit_lens(ck.model, ids, opts);

        // --html and --csv together: both files, or (one cannot be written) neither.
        gpt2::AtomicWrites files;
        if (!html.empty()) files.add(html, gpt2::lens_heatmap_html(lens, tok, {ck.files.name, prompt, metric}), "--html " + html);
        if (!csv.empty()) files.add(csv, gpt2::lens_csv(lens, tok), "--csv " + csv);
        files.commit();
        if (json) {
            nlohmann::ordered_json out = gpt2::lens_json(lens, tok);
            out["model"] = ck.files.name;
            out["prompt"] = prompt;
            std::cout << out.dump() << "\n";
            return;
        }

        const std::size_t S = lens.num_states, T = lens.num_positions();
        const gpt2::GridStyle style = gpt2::terminal_grid_style(no_color, width);

        std::cout << "Logit lens on " << ck.files.name << ": " << S << " hidden states x " << T << " positions"
                  << (prepend_bos ? " (<|endoftext|> prepended)" : "") << ", ln_f " << ln_f_arg
                  << (opts.ln_f == gpt2::LnF::None ? " (lm_head on the raw states, as the notebook)"
                                                   : " (ln_f on every state but the last, which has it already)")
                  << ".\nRows: hidden states, the final one (the model's output) at the top. "
                  << "Columns: positions, headed by the input token.\n\n";

        std::cout << "Top-1 token of each state (✓ = it is the next input token):\n"
                  << gpt2::lens_top1_grid(lens, tok, metric, style) << "\n";
        const gpt2::MetricScale scale = gpt2::metric_scale(metric, lens, tok.vocab_size());
        std::cout << gpt2::metric_description(metric) << ":\n"
                  << gpt2::lens_metric_grid(lens, tok, metric, style);
        std::cout << "Colour: " << metric_arg << " " << scale.dark_label() << " (dark) to " << scale.bright_label()
                  << " (bright)" << (style.color ? "" : " [colours off]") << ". Other views: --metric "
                  << "prob|rank|kl|entropy|norm, --ln-f none|intermediate, --prepend-bos, --html FILE.\n\n";

        // In [18] and [19] again, but at one position for every state: the answer forming layer by layer.
        std::vector<std::string> cols, rows;
        for (std::size_t k = 0; k < S; ++k) cols.push_back(gpt2::state_label(S - 1 - k, S));
        for (std::size_t r = 0; r < top_k; ++r) rows.push_back(std::to_string(r));
        gpt2::Table table(cols, rows);
        for (std::size_t k = 0; k < S; ++k)
            for (std::size_t r = 0; r < top_k; ++r) {
                const gpt2::LensCell& c = lens.at(S - 1 - k, p);
                table.set(r, k, gpt2::display_token(tok.token_string(c.top.ids[r])) + " " +
                                    gpt2::format_metric(c.probs[r], gpt2::LensMetric::Prob));
            }
        std::cout << "Top-" << top_k << " of each state at position " << p << " (after "
                  << gpt2::display_token(tok.token_string(lens.ids[p])) << "), with probabilities:\n"
                  << table.render();
    });
}
