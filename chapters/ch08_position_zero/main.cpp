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
// The work is in common/: text_windows.hpp, massive_dimension.hpp, attention_sink.hpp,
// position_zero_lens.hpp, next_token_loss.hpp, position_zero_experiments.hpp (the hooks),
// position_zero_json.hpp, dimension_chart.hpp and dimension_html.hpp (the pictures).
// Book page: book/08-position-zero.md.
#include <algorithm>
#include <cmath>
#include <optional>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ansi_grid.hpp"
#include "atomic_file.hpp"
#include "attention_sink.hpp"
#include "checkpoint.hpp"
#include "cli.hpp"
#include "data_dir.hpp"
#include "display_width.hpp"
#include "dimension_chart.hpp"
#include "dimension_html.hpp"
#include "error.hpp"
#include "logit_lens.hpp"
#include "massive_dimension.hpp"
#include "number_format.hpp"
#include "position_zero_experiments.hpp"
#include "position_zero_json.hpp"
#include "position_zero_lens.hpp"
#include "table.hpp"
#include "text_windows.hpp"
#include "token_display.hpp"
#include "transformer.hpp"

namespace {

// --scale F: a finite number (anything else is a malformed flag, exit 2).
CLI::Validator finite_number() {
    return CLI::Validator(
        [](std::string& s) -> std::string {
            char* end = nullptr;
            const double v = std::strtod(s.c_str(), &end);
            if (s.empty() || end != s.c_str() + s.size() || !std::isfinite(v))
                return "'" + gpt2::printable_for_message(s, 40) + "' is not a finite number";
            return {};
        },
        "NUMBER");
}

// Words filled into lines of at most `width` terminal columns; later lines indented by `indent`.
std::string wrap(const std::string& text, std::size_t width, const std::string& indent = "") {
    std::istringstream words(text);
    std::string out, line, word;
    while (words >> word) {
        if (!line.empty() && gpt2::display_width(line) + 1 + gpt2::display_width(word) > width) {
            out += line + "\n";
            line = indent;
        }
        line += (line.empty() || line == indent ? "" : " ") + word;
    }
    return out + line + "\n";
}

std::string ratio_text(double r) { return std::isfinite(r) ? gpt2::fixed(r, 1) : "inf"; }

// One row per state: the top dimension with value, median of the others, ratio; then the next ones.
std::string dimensions_table(const std::vector<gpt2::DimensionStats>& per_state, std::size_t k) {
    std::vector<std::string> rows;
    for (std::size_t s = 0; s < per_state.size(); ++s) rows.push_back(gpt2::state_label(s, per_state.size()));
    std::vector<std::string> cols = {"dim", "value", "median", "ratio"};
    if (k > 1) cols.push_back("next: dim value ×ratio");
    gpt2::Table table(cols, rows);
    for (std::size_t s = 0; s < per_state.size(); ++s) {
        const gpt2::DimensionStats& st = per_state[s];
        const std::vector<std::size_t> top = gpt2::top_dimensions(st.value, k);
        table.set(s, 0, std::to_string(top[0]));
        table.set(s, 1, gpt2::fixed(st.value[top[0]], 2));
        table.set(s, 2, gpt2::fixed(st.median_other[top[0]], 2));
        table.set(s, 3, ratio_text(st.ratio(top[0])));
        std::string next;
        for (std::size_t i = 1; i < top.size(); ++i)
            next += (i > 1 ? "  " : "") + std::to_string(top[i]) + " " + gpt2::fixed(st.value[top[i]], 1) + " ×" +
                    ratio_text(st.ratio(top[i]));
        if (k > 1) table.set(s, 4, next);
    }
    return table.render();
}

// The sentence naming the massive dimension, from the numbers: where it is the largest at position 0,
// how large, how many times its own median at the other positions, and how many times the typical
// (median) dimension at position 0 — Sun et al.'s sense of "massive".
std::string massive_sentence(const gpt2::MassiveDimension& m, const std::vector<gpt2::DimensionStats>& text) {
    double v_lo = INFINITY, v_hi = 0, r_lo = INFINITY, r_hi = 0, t_lo = INFINITY, t_hi = 0;
    for (std::size_t s : m.states) {
        const double v = std::abs(text[s].value[m.dim]);
        std::vector<double> all;
        for (double x : text[s].value) all.push_back(std::abs(x));
        const double typical = v / gpt2::median(all);
        v_lo = std::min(v_lo, v), v_hi = std::max(v_hi, v);
        r_lo = std::min(r_lo, text[s].ratio(m.dim)), r_hi = std::max(r_hi, text[s].ratio(m.dim));
        t_lo = std::min(t_lo, typical), t_hi = std::max(t_hi, typical);
    }
    std::string where;
    for (std::size_t s : m.states) where += (where.empty() ? "h" : ", h") + std::to_string(s);
    const std::size_t block_outputs = text.size() <= 2 ? 1 : text.size() - 2;  // states 1 … L−1
    const auto span = [](double lo, double hi, int dec) {
        const std::string a = gpt2::fixed(lo, dec), b = gpt2::fixed(hi, dec);
        return a == b ? a : a + " … " + b;
    };
    return "Dimension " + std::to_string(m.dim) + " is the largest at position 0 in " +
           (m.states.size() == block_outputs ? "every block output (" + where + ")" : where + " only, of h1 … h" +
                                                                                      std::to_string(block_outputs)) +
           ": |value| " + span(v_lo, v_hi, 1) + ", " + span(r_lo, r_hi, 1) + " × its median at the other positions, " +
           span(t_lo, t_hi, 0) + " × the median dimension at position 0.";
}

double layer_mean(const xt::xtensor<double, 2>& m, std::size_t l) {
    double sum = 0;
    for (std::size_t h = 0; h < m.shape(1); ++h) sum += m(l, h);
    return sum / double(m.shape(1));
}

std::string sink_table(const gpt2::AttentionSink* prompt, const gpt2::AttentionSink& text) {
    const std::size_t L = text.gu_score.shape(0), H = text.gu_score.shape(1);
    std::vector<std::string> rows, cols;
    for (std::size_t l = 0; l < L; ++l) rows.push_back("layer " + std::to_string(l));
    if (prompt) cols = {"prompt share", "prompt heads > 0.3"};
    for (const char* c : {"text share", "text gu_score", "text heads > 0.3"}) cols.push_back(c);
    gpt2::Table table(cols, rows);
    const auto heads_above = [H](const xt::xtensor<double, 2>& score, std::size_t l) {
        std::size_t n = 0;
        for (std::size_t h = 0; h < H; ++h) n += score(l, h) > gpt2::kSinkThreshold;
        return std::to_string(n) + " of " + std::to_string(H);
    };
    for (std::size_t l = 0; l < L; ++l) {
        std::size_t c = 0;
        if (prompt) {
            table.set(l, c++, gpt2::fixed(layer_mean(prompt->share.share, l), 2));
            table.set(l, c++, heads_above(prompt->gu_score, l));
        }
        table.set(l, c++, gpt2::fixed(layer_mean(text.share.share, l), 2));
        table.set(l, c++, gpt2::fixed(layer_mean(text.gu_score, l), 2));
        table.set(l, c++, heads_above(text.gu_score, l));
    }
    return table.render();
}

std::string by_context_table(const std::vector<gpt2::SinkAtContext>& rows) {
    std::vector<std::string> cols;
    for (const auto& r : rows) cols.push_back(std::to_string(r.context));
    gpt2::Table table(cols, {"windows", "gu_rate", "mean share", "uniform"});
    for (std::size_t i = 0; i < rows.size(); ++i) {
        double uniform = 0;  // chapter 7's share under uniform attention, for T = context
        for (std::size_t t = 1; t < rows[i].context; ++t) uniform += 1.0 / double(t + 1);
        uniform /= double(rows[i].context - 1);
        table.set(0, i, std::to_string(rows[i].windows));
        table.set(1, i, gpt2::fixed(rows[i].gu_rate, 2));
        table.set(2, i, gpt2::fixed(rows[i].mean_share, 2));
        table.set(3, i, gpt2::fixed(uniform, 2));
    }
    return "context " + table.render().substr(8);  // the corner cell names the columns
}

std::string lens_table(const std::vector<gpt2::LensAtPositionZero>& lens) {
    std::vector<std::string> rows;
    for (std::size_t s = 0; s < lens.size(); ++s) rows.push_back(gpt2::state_label(s, lens.size()));
    gpt2::Table table({"KL pos 0", "KL others", "top-1 = final, pos 0", "others"}, rows);
    for (std::size_t s = 0; s < lens.size(); ++s) {
        table.set(s, 0, gpt2::fixed(lens[s].kl_pos0, 2));
        table.set(s, 1, gpt2::fixed(lens[s].kl_other, 2));
        table.set(s, 2, gpt2::fixed(lens[s].agree_pos0, 2));
        table.set(s, 3, gpt2::fixed(lens[s].agree_other, 2));
    }
    return table.render();
}

double mean_of(const std::vector<double>& v) {
    double sum = 0;
    for (double x : v) sum += x;
    return v.empty() ? 0 : sum / double(v.size());
}

// Mean and standard error of the per-window difference run − baseline of the loss on positions ≥ 1.
struct Paired {
    double mean = 0, se = 0;
};
Paired paired_difference(const gpt2::ExperimentResult& run, const gpt2::ExperimentResult& base) {
    const std::size_t n = run.loss_rest_by_window.size();
    std::vector<double> d(n);
    for (std::size_t i = 0; i < n; ++i) d[i] = run.loss_rest_by_window[i] - base.loss_rest_by_window[i];
    Paired p;
    p.mean = mean_of(d);
    if (n >= 2) {
        double ss = 0;
        for (double x : d) ss += (x - p.mean) * (x - p.mean);
        p.se = std::sqrt(ss / double(n - 1) / double(n));
    }
    return p;
}

std::string signed_fixed(double x, int dec) { return (x >= 0 ? "+" : "") + gpt2::fixed(x, dec); }

// One sentence per experiment, worded from its numbers (the loss change against twice its standard
// error over the windows, and against 0.01 nats).
std::string experiment_sentence(const gpt2::ExperimentResult& run, const gpt2::ExperimentResult& base,
                                const std::string& what, std::size_t W) {
    if (!run.skipped.empty()) return run.name + ": skipped (" + run.skipped + ").";
    const std::string rest = "positions 1 … " + std::to_string(W - 2);
    const double share0 = mean_of(base.sink_share_by_layer), share1 = mean_of(run.sink_share_by_layer);
    std::ostringstream out;
    if (run.name == "baseline") {
        out << "baseline: the forward as it is; the loss is " << gpt2::fixed(run.loss_by_position[0], 2)
            << " at position 0 against " << gpt2::fixed(run.loss_rest, 2) << " on " << rest
            << ", and the heads give position 0 " << gpt2::fixed(share0, 2) << " of their attention on average.";
        return out.str();
    }
    const Paired d = paired_difference(run, base);
    const std::size_t n = run.loss_rest_by_window.size();
    // Beyond twice its standard error the change is more than the windows' disagreement; 0.01 nats
    // (1% in perplexity) is where it starts to matter.
    const bool beyond_noise = n >= 2 && std::abs(d.mean) > 2 * d.se, large = std::abs(d.mean) >= 0.01;
    out << run.name << ": " << what << (beyond_noise && large ? (d.mean > 0 ? " raises" : " lowers") : " changes")
        << " the loss on " << rest << " by " << signed_fixed(d.mean, 3) << " ± " << gpt2::fixed(d.se, 3)
        << " nats (mean ± standard error over " << n << " windows)";
    if (!beyond_noise)
        out << ": within twice its standard error, so these windows cannot tell it from no change";
    else if (!large)
        out << ": beyond twice its standard error but under 0.01 nats, a small effect";
    else
        out << ": beyond twice its standard error, so on these windows the other positions depend on what was changed";
    if (gpt2::fixed(share0, 2) == gpt2::fixed(share1, 2))
        out << "; attention on position 0 stays at " << gpt2::fixed(share0, 2);
    else
        out << "; attention on position 0 goes from " << gpt2::fixed(share0, 2) << " to " << gpt2::fixed(share1, 2);
    out << ", and the loss at position 0 from " << gpt2::fixed(base.loss_by_position[0], 2) << " to "
        << gpt2::fixed(run.loss_by_position[0], 2) << ".";
    return out.str();
}

std::string experiments_table(const std::vector<gpt2::ExperimentResult>& runs, std::size_t mid) {
    std::vector<std::string> rows;
    for (const auto& r : runs) rows.push_back(r.name);
    const std::string h = "h" + std::to_string(mid);
    gpt2::Table table({"loss", "t ≥ 1", "Δ t ≥ 1", "t = 0", "share on 0", "KL " + h + " at 0", "‖" + h + "‖ at 0"}, rows);
    for (std::size_t i = 0; i < runs.size(); ++i) {
        const auto& r = runs[i];
        if (!r.skipped.empty()) {
            table.set(i, 0, "skipped");
            continue;
        }
        table.set(i, 0, gpt2::fixed(r.loss_mean, 3));
        table.set(i, 1, gpt2::fixed(r.loss_rest, 3));
        table.set(i, 2, i == 0 ? "—" : signed_fixed(r.loss_rest - runs[0].loss_rest, 3));
        table.set(i, 3, gpt2::fixed(r.loss_by_position[0], 2));
        table.set(i, 4, gpt2::fixed(mean_of(r.sink_share_by_layer), 3));
        table.set(i, 5, gpt2::fixed(r.lens_kl_pos0[mid], 2));
        table.set(i, 6, gpt2::fixed(r.norm_pos0[mid], 1));
    }
    return table.render();
}

}  // namespace

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
    app.add_option("--scale", scale, "factor of the scale experiment")->capture_default_str()->check(finite_number());
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
        const std::vector<int> prompt_ids = ck.encode_prompt(prompt);
        const std::string shown = text.empty() ? "data/text/heldout-sample.txt" : gpt2::path_for_message(text);
        const std::string path = text.empty() ? (gpt2::data_dir() / "text" / "heldout-sample.txt").string() : text;
        const gpt2::TextWindows tw = gpt2::text_windows(path, shown, tok, window, num_windows,
                                                        std::size_t(cfg.n_positions), name);
        const std::size_t N = tw.windows.size();

        const bool all = only.empty() || json;
        const bool need_lens = all || only == "lens", need_sink = all || only == "sink";

        // The prompt's own numbers (one token has no other position to compare with).
        std::vector<gpt2::DimensionStats> prompt_dims;
        std::optional<gpt2::AttentionSink> prompt_sink;
        if (prompt_ids.size() >= 2) {
            std::vector<xt::xtensor<float, 3>> attention;
            const auto states = gpt2::hidden_states(ck.model, prompt_ids, &attention);
            for (const auto& h : states) prompt_dims.push_back(gpt2::position_zero_dimensions(h));
            gpt2::AttentionSinkAverage one;
            one.add(attention);
            prompt_sink = one.mean();
        }

        // The windows, each run once: the dimensions, the sink and the lens from the same forward.
        gpt2::DimensionAverage dims;
        gpt2::AttentionSinkAverage sink_avg;
        gpt2::PositionZeroLensAverage lens_avg;
        for (const std::vector<int>& w : tw.windows) {
            std::vector<xt::xtensor<float, 3>> attention;  // per layer [H, W, W]
            const auto states = gpt2::hidden_states(ck.model, w, &attention);
            dims.add(states);
            sink_avg.add(attention);
            if (need_lens) lens_avg.add(gpt2::logit_lens(ck.model, states, w, gpt2::LensOptions{gpt2::LnF::Intermediate, 1}));
        }
        const std::vector<gpt2::DimensionStats> text_dims = dims.mean();
        const gpt2::MassiveDimension massive = gpt2::find_massive_dimension(text_dims);
        const gpt2::AttentionSink text_sink = sink_avg.mean();
        std::vector<gpt2::SinkAtContext> by_context;
        if (need_sink) by_context = gpt2::sink_by_context(ck.model, tw.ids, num_windows);
        std::vector<gpt2::LensAtPositionZero> lens;
        if (need_lens) lens = lens_avg.mean();

        // The experiments, on the same windows.
        gpt2::ExperimentSettings settings;
        settings.dim = dim_arg >= 0 ? std::size_t(dim_arg) : massive.dim;
        settings.from_block = block_arg >= 0 ? std::size_t(block_arg) : std::min(massive.first_state, L - 1);
        settings.scale = float(scale);
        settings.donor_row = gpt2::donor_residual(ck.model, donor_ids[0], settings.from_block);
        settings.eot_id = tok.eos_id();
        std::vector<gpt2::ExperimentResult> runs;
        if (all || only == "experiments")
            for (const gpt2::Experiment& e : gpt2::position_zero_experiments(settings))
                runs.push_back(gpt2::measure_experiment(ck.model, e, tw.windows, settings.eot_id));

        // The picture: |mean value| at position 0 against the mean median of the others.
        gpt2::DimensionChart chart;
        chart.model = name;
        chart.title = std::to_string(N) + " windows of " + std::to_string(window) + " tokens of " + shown;
        for (std::size_t s = 0; s <= L; ++s) {
            chart.state_labels.push_back(gpt2::state_label(s, L + 1));
            std::vector<double> pos0;
            for (double v : text_dims[s].value) pos0.push_back(std::abs(v));
            chart.pos0.push_back(pos0);
            chart.median_other.push_back(text_dims[s].median_other);
        }
        if (!html.empty()) {
            gpt2::AtomicWrites files;
            files.add(html, gpt2::dimension_html(chart), "--html " + html);
            files.commit();
        }

        if (json) {
            nlohmann::ordered_json out;
            out["model"] = name;
            out["n_layer"] = cfg.n_layer;
            out["n_embd"] = cfg.n_embd;
            out["n_head"] = cfg.n_head;
            out["n_positions"] = cfg.n_positions;
            nlohmann::ordered_json p;
            p["text"] = prompt;
            p["input_ids"] = prompt_ids;
            p["tokens"] = nlohmann::ordered_json::array();
            for (int id : prompt_ids) p["tokens"].push_back(tok.token_string(id));
            p["dimensions"] = prompt_dims.empty() ? nlohmann::ordered_json() : gpt2::dimensions_json(prompt_dims, top, false);
            p["sink"] = prompt_sink ? gpt2::attention_sink_json(*prompt_sink) : nlohmann::ordered_json();
            out["prompt"] = p;
            nlohmann::ordered_json t;
            t["file"] = shown;
            t["tokens"] = tw.ids.size();
            t["window"] = window;
            t["windows"] = N;
            t["dimensions"] = gpt2::dimensions_json(text_dims, top, true);
            t["massive_dimension"] = gpt2::massive_dimension_json(massive);
            t["sink"] = gpt2::attention_sink_json(text_sink);
            t["sink"]["by_context"] = gpt2::sink_by_context_json(by_context);
            t["lens"] = gpt2::position_zero_lens_json(lens);
            out["text"] = t;
            nlohmann::ordered_json e;
            e["dim"] = settings.dim;
            e["from_block"] = settings.from_block;
            e["scale"] = scale;
            e["donor"] = donor;
            e["donor_token"] = tok.token_string(donor_ids[0]);
            e["runs"] = nlohmann::ordered_json::array();
            for (const auto& r : runs) e["runs"].push_back(gpt2::experiment_json(r));
            out["experiments"] = e;
            std::cout << out.dump() << "\n";
            return;
        }

        const std::size_t mid = L / 2;  // the middle state, for the lens and the norm in the experiments
        const gpt2::GridStyle style = gpt2::terminal_grid_style(no_color, width);
        const auto say = [&](const std::string& text) { std::cout << wrap(text, style.width); };
        std::string tokens;
        for (int id : prompt_ids) tokens += " " + gpt2::display_token(tok.token_string(id));
        say("Position 0 in " + name + " (" + std::to_string(L) + " blocks, n_embd " + std::to_string(C) + ", " +
            std::to_string(cfg.n_head) + " heads, " + std::to_string(cfg.n_positions) + " positions).");
        say("The prompt, " + std::to_string(prompt_ids.size()) + " tokens:" + tokens);
        say("The text: " + shown + ", " + gpt2::with_commas(tw.ids.size()) + " tokens; " + std::to_string(N) +
            " windows of " + std::to_string(window) + " tokens, each run alone (its first token at position 0).");
        std::cout << "\n";

        if (all || only == "dimension") {
            say("1. The dimension. Per hidden state, the dimension largest at position 0 (|value|), the median "
                "|value| of the other positions, their ratio" + std::string(top > 1 ? "; then the next ones." : "."));
            if (prompt_dims.empty()) std::cout << "The prompt has one token: nothing to compare position 0 with.\n";
            else std::cout << "The prompt:\n" << dimensions_table(prompt_dims, top);
            std::cout << "The text, the mean over " << N << " windows:\n" << dimensions_table(text_dims, top);
            say(massive_sentence(massive, text_dims));
            std::cout << "\n";
            const std::size_t shown_state = massive.states[massive.states.size() / 2];
            std::cout << gpt2::dimension_bars(chart, shown_state, std::min<std::size_t>(top, C), style)
                      << (html.empty() ? "(--html FILE draws every state and every dimension.)\n" : "") << "\n";
        }
        if (all || only == "sink") {
            say("2. The sink. Per layer: chapter 7's share of attention on position 0 (queries 1 … T−1), the mean "
                "over the " + std::to_string(cfg.n_head) + " heads; Gu et al.'s score (all queries, query 0 "
                "included); the heads whose score is above 0.3.");
            std::cout << sink_table(prompt_sink ? &*prompt_sink : nullptr, text_sink);
            std::string rate = "Uniform attention would give a share of ";
            if (prompt_sink) rate += gpt2::fixed(prompt_sink->share.uniform, 2) + " (prompt) and ";
            rate += gpt2::fixed(text_sink.share.uniform, 2) + " (text). Sink rate, the heads above 0.3: ";
            if (prompt_sink) rate += gpt2::fixed(prompt_sink->gu_rate, 2) + " on the prompt, ";
            say(rate + gpt2::fixed(text_sink.gu_rate, 2) + " on the text. As the context grows (windows of T tokens):");
            std::cout << by_context_table(by_context) << "\n";
        }
        if (all || only == "lens") {
            say("3. The lens (chapter 6's, ln_f on every state): KL(final ‖ state) in nats, and how often the "
                "state's top-1 is the final top-1, at position 0 and at positions 1 … " + std::to_string(window - 1) +
                ", over " + std::to_string(N) + " windows.");
            std::cout << lens_table(lens) << "\n";
        }
        if (all || only == "experiments") {
            const std::string d = std::to_string(settings.dim), b = std::to_string(settings.from_block);
            say("4. Experiments: the forward edited through hooks, on the same " + std::to_string(N) +
                " windows; dimension " + d + " of position 0 from the input of block " + b + " on (--dim, "
                "--from-block). Loss: on the next token, in nats, at window positions t; share: attention on "
                "position 0, the mean over layers and heads; KL and norm at window position 0.");
            std::cout << experiments_table(runs, mid);
            const std::string donor_shown = gpt2::display_token(tok.token_string(donor_ids[0]));
            const std::vector<std::string> what = {
                "", "holding dimension " + d + " of position 0 at 0 from block " + b + " on",
                "setting it to the other positions' mean from block " + b + " on",
                "multiplying it by " + gpt2::fixed(scale, 2) + " from block " + b + " on",
                "putting " + donor_shown + "'s residual at position 0 at the input of block " + b,
                "putting <|endoftext|> first (the window's first token moves to position 1)"};
            for (std::size_t i = 0; i < runs.size(); ++i)
                say(experiment_sentence(runs[i], runs[0], what[i], window));
        }
    });
}
