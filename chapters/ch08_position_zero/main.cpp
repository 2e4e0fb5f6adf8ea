// ch08_position_zero — what makes position 0 different, measured, then changed.
//
// Chapters 6 and 7 left a question: the logit lens at position 0 is garbage and the heads park
// attention there. Here, in the order of the story:
//   1. the dimension   which residual dimension is huge at position 0 (prompt, then a text)
//   2. the sink        attention on position 0 per layer, Gu et al.'s sink rate, as the context grows
//   3. the lens        chapter 6's KL and top-1 agreement, position 0 against the others
//   4. experiments     the forward pass edited through hooks: zero, mean, scale the dimension at
//                      position 0, transplant position 0 from another token, prepend <|endoftext|>
//
//   ch08_position_zero                             everything, on the teaching model
//   ch08_position_zero --only dimension            one part (dimension, sink, lens, experiments)
//   ch08_position_zero --dim 44 --from-block 2     edit another dimension, from another block
//   ch08_position_zero --text my.txt --window 128  another text, longer windows
//   ch08_position_zero --html dims.html            every state's dimensions as bars (one file)
//   ch08_position_zero --json                      every number
//
// The work is in common/: text/text_windows.hpp, lens/massive_dimension.hpp, lens/attention_sink.hpp,
// lens/position_zero_lens.hpp, lens/next_token_loss.hpp, lens/position_zero_experiments.hpp (the hooks),
// display/position_zero_report.hpp (their tables and sentences), display/position_zero_json.hpp,
// display/dimension_chart.hpp and display/dimension_html.hpp (the pictures).
// Book page: book/08-position-zero.md.
#include <algorithm>
#include <cmath>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "display/ansi_grid.hpp"
#include "display/dimension_chart.hpp"
#include "display/dimension_html.hpp"
#include "display/position_zero_json.hpp"
#include "display/position_zero_report.hpp"
#include "display/token_display.hpp"
#include "lens/attention_sink.hpp"
#include "lens/logit_lens.hpp"
#include "lens/massive_dimension.hpp"
#include "lens/position_zero_experiments.hpp"
#include "lens/position_zero_lens.hpp"
#include "model/checkpoint.hpp"
#include "model/transformer.hpp"
#include "support/atomic_file.hpp"
#include "support/cli.hpp"
#include "support/data_dir.hpp"
#include "support/display_width.hpp"
#include "support/error.hpp"
#include "support/number_format.hpp"
#include "text/text_windows.hpp"

int main(int argc, char** argv) {
    CLI::App app{"Chapter 8: position 0 dissected — the massive dimension, the attention sink, and experiments "
                 "that edit the forward pass.",
                 "ch08_position_zero"};
    std::string model, prompt = "This weekend I plan to", text, donor = "Yesterday", html, only;
    std::size_t window = 64, num_windows = 16, top = 5, width = 0;
    int dim_arg = -1, block_arg = -1;
    double scale = 0.5;
    bool json = false, no_color = false;
    gpt2::add_model_option(app, model);
    app.add_option("--prompt", prompt, "text whose own numbers are shown first")->capture_default_str();
    app.add_option("--text", text, "UTF-8 text file cut into windows [default: data/text/heldout-sample.txt]")
        ->check(gpt2::file_name());
    app.add_option("--window", window, "tokens per window (at most the model's n_positions)")->capture_default_str()
        ->check(gpt2::whole_number(2, 1000000));
    app.add_option("--windows", num_windows, "how many consecutive windows of the text (fewer if it is short)")
        ->capture_default_str()->check(gpt2::whole_number(1, 1000000));
    app.add_option("--top", top, "dimensions listed per hidden state")->capture_default_str()
        ->check(gpt2::whole_number(1, 100000));
    app.add_option("--dim", dim_arg, "the dimension the experiments edit [default: the massive dimension found]")
        ->check(gpt2::integer());
    app.add_option("--from-block", block_arg, "the block from whose input it is edited [default: where it first "
                                              "is the largest]")
        ->check(gpt2::integer());
    app.add_option("--scale", scale, "factor of the scale experiment")->capture_default_str()->check(gpt2::finite_number());
    app.add_option("--donor", donor, "text whose first token's residual is transplanted to position 0")
        ->capture_default_str();
    gpt2::add_grid_options(app, no_color, width);
    app.add_option("--html", html, "write every state's dimensions as bars to this file (self-contained HTML)")
        ->check(gpt2::file_name());
    app.add_flag("--json", json, "print every number as one JSON object");
    app.add_option("--only", only, "print one part: dimension, sink, lens or experiments")
        ->check(CLI::IsMember({"dimension", "sink", "lens", "experiments"}))->excludes("--json");

    return gpt2::run_chapter(app, argc, argv, [&] {
        const gpt2::Checkpoint ck = gpt2::Checkpoint::open(model);
        const gpt2::Tokenizer& tok = ck.tokenizer;
        const gpt2::Config& cfg = ck.model.config();
        const std::size_t L = std::size_t(cfg.n_layer), C = std::size_t(cfg.n_embd);
        const std::string& name = ck.files.name;
        if (app.get_option("--dim")->count() && (dim_arg < 0 || std::size_t(dim_arg) >= C))
            throw gpt2::Error("--dim " + std::to_string(dim_arg) + " is not a dimension of " + name + ": its residual has " +
                                  std::to_string(C) + " (0 .. " + std::to_string(C - 1) + ")");
        if (app.get_option("--from-block")->count() && (block_arg < 0 || std::size_t(block_arg) >= L))
            throw gpt2::Error("--from-block " + std::to_string(block_arg) + " is not a block of " + name + ": it has " +
                              std::to_string(L) + " (0 .. " + std::to_string(L - 1) + ")");
        std::vector<int> donor_ids = tok.encode(donor);  // as the prompt: the notebook's prefix space
        if (donor_ids.empty()) throw gpt2::Error("--donor is empty: give a word whose first token is transplanted to position 0");

        // The prompt, then the text's windows.
        gpt2::PositionZeroPrompt on_prompt;
        on_prompt.text = prompt;
        on_prompt.ids = ck.encode_prompt(prompt);
        for (int id : on_prompt.ids) on_prompt.tokens.push_back(tok.token_string(id));
        const std::string shown = text.empty() ? "data/text/heldout-sample.txt" : gpt2::path_for_message(text);
        const std::string path = text.empty() ? (gpt2::data_dir() / "text" / "heldout-sample.txt").string() : text;
        const gpt2::TextWindows tw = gpt2::text_windows(path, shown, tok, window, num_windows,
                                                        std::size_t(cfg.n_positions), name);
        const std::size_t N = tw.windows.size();
        gpt2::PositionZeroText on_text;
        on_text.file = shown;
        on_text.tokens = tw.ids.size();
        on_text.window = window;
        on_text.windows = N;

        const bool all = only.empty() || json;
        const bool need_lens = all || only == "lens", need_sink = all || only == "sink";

        // The prompt's own numbers (one token has no other position to compare with).
        if (on_prompt.ids.size() >= 2) {
            std::vector<xt::xtensor<float, 3>> attention;
            const auto states = gpt2::hidden_states(ck.model, on_prompt.ids, &attention);
            for (const auto& h : states) on_prompt.dimensions.push_back(gpt2::position_zero_dimensions(h));
            gpt2::AttentionSinkAverage one;
            one.add(attention);
            on_prompt.sink = one.mean();
        }

        // The windows, each run once: the dimensions, the sink and the lens from the same forward.
        gpt2::DimensionAverage dims;
        gpt2::AttentionSinkAverage sink;
        gpt2::PositionZeroLensAverage lens;
        for (const std::vector<int>& w : tw.windows) {
            std::vector<xt::xtensor<float, 3>> attention;  // per layer [H, W, W]
            const auto states = gpt2::hidden_states(ck.model, w, &attention);
            dims.add(states);
            sink.add(attention);
            if (need_lens) lens.add(gpt2::logit_lens(ck.model, states, w, gpt2::LensOptions{gpt2::LnF::Intermediate, 1}));
        }
        on_text.dimensions = dims.mean();
        on_text.massive = gpt2::find_massive_dimension(on_text.dimensions);
        on_text.sink = sink.mean();
        if (need_sink) on_text.by_context = gpt2::sink_by_context(ck.model, tw.ids, num_windows);
        if (need_lens) on_text.lens = lens.mean();

        // The experiments, on the same windows.
        gpt2::PositionZeroExperiments edited;
        gpt2::ExperimentSettings& settings = edited.settings;
        settings.dim = dim_arg >= 0 ? std::size_t(dim_arg) : on_text.massive.dim;
        settings.from_block = block_arg >= 0 ? std::size_t(block_arg) : std::min(on_text.massive.first_state, L - 1);
        settings.scale = float(scale);
        settings.donor_row = gpt2::donor_residual(ck.model, donor_ids[0], settings.from_block);
        settings.eot_id = tok.eos_id();
        edited.scale = scale;
        edited.donor = donor;
        edited.donor_token = tok.token_string(donor_ids[0]);
        if (all || only == "experiments")
            for (const gpt2::Experiment& e : gpt2::position_zero_experiments(settings))
                edited.runs.push_back(gpt2::measure_experiment(ck.model, e, tw.windows, settings.eot_id));

        // The picture: |mean value| at position 0 against the mean median of the others.
        gpt2::DimensionChart chart;
        chart.model = name;
        chart.title = std::to_string(N) + " windows of " + std::to_string(window) + " tokens of " + shown;
        for (std::size_t s = 0; s <= L; ++s) {
            chart.state_labels.push_back(gpt2::state_label(s, L + 1));
            std::vector<double> pos0;
            for (double v : on_text.dimensions[s].value) pos0.push_back(std::abs(v));
            chart.pos0.push_back(pos0);
            chart.median_other.push_back(on_text.dimensions[s].median_other);
        }
        if (!html.empty()) {
            gpt2::AtomicWrites files;
            files.add(html, gpt2::dimension_html(chart), "--html " + html);
            files.commit();
        }
        if (json) {
            std::cout << gpt2::position_zero_json(name, cfg, top, on_prompt, on_text, edited).dump() << "\n";
            return;
        }

        const std::size_t mid = L / 2;  // the middle state, for the lens and the norm in the experiments
        const gpt2::GridStyle style = gpt2::terminal_grid_style(no_color, width);
        const auto say = [&](const std::string& text) { std::cout << gpt2::word_wrap(text, style.width); };
        std::string tokens;
        for (const std::string& t : on_prompt.tokens) tokens += " " + gpt2::display_token(t);
        say("Position 0 in " + name + " (" + std::to_string(L) + " blocks, n_embd " + std::to_string(C) + ", " +
            std::to_string(cfg.n_head) + " heads, " + std::to_string(cfg.n_positions) + " positions).");
        say("The prompt, " + std::to_string(on_prompt.ids.size()) + " tokens:" + tokens);
        say("The text: " + shown + ", " + gpt2::with_commas(tw.ids.size()) + " tokens; " + std::to_string(N) +
            " windows of " + std::to_string(window) + " tokens, each run alone (its first token at position 0).");
        std::cout << "\n";

        if (all || only == "dimension") {
            say("1. The dimension. Per hidden state, the dimension largest at position 0 (|value|), the median "
                "|value| of the other positions, their ratio" + std::string(top > 1 ? "; then the next ones." : "."));
            if (on_prompt.dimensions.empty()) std::cout << "The prompt has one token: nothing to compare position 0 with.\n";
            else std::cout << "The prompt:\n" << gpt2::dimensions_table(on_prompt.dimensions, top);
            std::cout << "The text, the mean over " << N << " windows:\n" << gpt2::dimensions_table(on_text.dimensions, top);
            say(gpt2::massive_sentence(on_text.massive, on_text.dimensions));
            std::cout << "\n";
            const std::size_t shown_state = on_text.massive.states[on_text.massive.states.size() / 2];
            std::cout << gpt2::dimension_bars(chart, shown_state, std::min<std::size_t>(top, C), style)
                      << (html.empty() ? "(--html FILE draws every state and every dimension.)\n" : "") << "\n";
        }
        if (all || only == "sink") {
            const std::optional<gpt2::AttentionSink>& p = on_prompt.sink;
            say("2. The sink. Per layer: chapter 7's share of attention on position 0 (queries 1 … T−1), the mean "
                "over the " + std::to_string(cfg.n_head) + " heads; Gu et al.'s score (all queries, query 0 "
                "included); the heads whose score is above 0.3.");
            std::cout << gpt2::sink_table(p ? &*p : nullptr, on_text.sink);
            std::string rate = "Uniform attention would give a share of ";
            if (p) rate += gpt2::fixed(p->share.uniform, 2) + " (prompt) and ";
            rate += gpt2::fixed(on_text.sink.share.uniform, 2) + " (text). Sink rate, the heads above 0.3: ";
            if (p) rate += gpt2::fixed(p->gu_rate, 2) + " on the prompt, ";
            say(rate + gpt2::fixed(on_text.sink.gu_rate, 2) + " on the text. As the context grows (windows of T tokens):");
            std::cout << gpt2::sink_by_context_table(on_text.by_context) << "\n";
        }
        if (all || only == "lens") {
            say("3. The lens (chapter 6's, ln_f on every state): KL(final ‖ state) in nats, and how often the "
                "state's top-1 is the final top-1, at position 0 and at positions 1 … " + std::to_string(window - 1) +
                ", over " + std::to_string(N) + " windows.");
            std::cout << gpt2::position_zero_lens_table(on_text.lens) << "\n";
        }
        if (all || only == "experiments") {
            const std::string d = std::to_string(settings.dim), b = std::to_string(settings.from_block);
            say("4. Experiments: the forward edited through hooks, on the same " + std::to_string(N) +
                " windows; dimension " + d + " of position 0 from the input of block " + b + " on (--dim, "
                "--from-block). Loss: on the next token, in nats, at window positions t; share: attention on "
                "position 0, the mean over layers and heads; KL and norm at window position 0.");
            std::cout << gpt2::experiments_table(edited.runs, mid);
            // What each run did, in the order of position_zero_experiments().
            const std::vector<std::string> what = {
                "", "holding dimension " + d + " of position 0 at 0 from block " + b + " on",
                "setting it to the other positions' mean from block " + b + " on",
                "multiplying it by " + gpt2::fixed(scale, 2) + " from block " + b + " on",
                "putting " + gpt2::display_token(edited.donor_token) + "'s residual at position 0 at the input of block " + b,
                "putting <|endoftext|> first (the window's first token moves to position 1)"};
            for (std::size_t i = 0; i < edited.runs.size(); ++i)
                say(gpt2::experiment_sentence(edited.runs[i], edited.runs[0], what[i], window));
        }
    });
}
