// display/generation_report.cpp — see display/generation_report.hpp.
#include "display/generation_report.hpp"

#include <cmath>

#include "display/token_display.hpp"
#include "support/error.hpp"
#include "support/number_format.hpp"
#include "support/table.hpp"
#include "support/utf8.hpp"

namespace gpt2 {

namespace {

std::string tokens_word(std::size_t n, const std::string& what = "tokens") {
    return with_commas(n) + " " + (n == 1 ? what.substr(0, what.size() - 1) : what);
}

std::string sampling_words(const SamplerOptions& o) {
    return "sampling: temperature " + shortest(o.temperature) + ", " +
           (o.top_k ? "top-k " + std::to_string(*o.top_k) : std::string("no top-k")) + ", top-p " +
           shortest(o.top_p) + ", seed " + std::to_string(o.seed);
}

}  // namespace

std::size_t positions_with_cache(std::size_t prompt_tokens, std::size_t new_tokens) {
    return new_tokens == 0 ? 0 : prompt_tokens + new_tokens - 1;
}

std::size_t positions_without_cache(std::size_t prompt_tokens, std::size_t new_tokens) {
    // Step i (0-based) runs P + i positions: N·P + N(N−1)/2.
    return new_tokens * prompt_tokens + new_tokens * (new_tokens - (new_tokens > 0)) / 2;
}

void check_generation_length(const std::string& model, std::size_t prompt_tokens, std::size_t max_new,
                             std::size_t n_positions) {
    const std::string prompt = "prompt (" + tokens_word(prompt_tokens) + ")";
    const std::string limit = model + "'s " + std::to_string(n_positions) + " positions";
    if (prompt_tokens > n_positions)
        throw Error(prompt + " exceeds " + limit + " on its own: shorten the prompt");
    if (max_new <= n_positions - prompt_tokens) return;
    const std::size_t room = n_positions - prompt_tokens;
    if (room == 0)
        throw Error(prompt + " fills " + limit + ": no room for a new token; shorten the prompt");
    throw Error(prompt + " + " + tokens_word(max_new, "new tokens") + " exceeds " + limit + ": ask for at most " +
                tokens_word(room, "new tokens") + " (--max-new-tokens " + std::to_string(room) + ")");
}

std::string generation_header(const GenerationSetup& s) {
    std::string h = s.model + " · ";
    if (s.sampling) h += sampling_words(s.sampler);
    else h += s.seed_given ? "greedy (--seed " + std::to_string(s.sampler.seed) + " unused: greedy draws nothing)" : "greedy";
    h += s.use_cache ? " · KV cache" : " · no cache (recompute)";
    h += " · at most " + tokens_word(s.max_new_tokens, "new tokens");
    if (!s.stop_at_eos) h += ", past <|endoftext|> (--ignore-eos)";
    if (s.prompt.empty()) h += " · empty prompt: starting from <|endoftext|>";
    return h;
}

std::string generation_summary(const GenerationSetup& s, std::size_t n, bool stopped_at_eos) {
    const std::size_t P = s.prompt_ids.size();
    std::string line = tokens_word(n, "new tokens") + " (";
    if (stopped_at_eos) line += "stopped at <|endoftext|>";
    else line += "stopped: --max-new-tokens " + std::to_string(s.max_new_tokens);
    if (!s.has_eos) line += "; the vocabulary has no <|endoftext|> to stop at";
    return line + ") · positions run through the model: " + with_commas(positions_with_cache(P, n)) +
           " with the cache, " + with_commas(positions_without_cache(P, n)) + " without";
}

StepRow step_row(const std::vector<std::pair<int, double>>& dist, int chosen, const Tokenizer& tok) {
    StepRow row;
    row.id = chosen;
    row.token = tok.token_string(chosen);
    bool found = false;
    for (const auto& [id, q] : dist)
        if (id == chosen) {
            row.p = q;
            found = true;
            break;
        }
    if (!found) throw Error("token " + std::to_string(chosen) + " was chosen but is not in the distribution drawn from");
    for (std::size_t i = 0; i < dist.size() && i < 3; ++i) row.top.emplace_back(tok.token_string(dist[i].first), dist[i].second);
    return row;
}

std::string steps_table(const std::vector<StepRow>& rows) {
    Table t({"step", "id", "token", "p(chosen)", "top 3 (token p)"}, std::vector<std::string>(rows.size()));
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const StepRow& r = rows[i];
        t.set(i, 0, std::to_string(i + 1));
        t.set(i, 1, std::to_string(r.id));
        t.set(i, 2, display_token(r.token));
        t.set(i, 3, fixed(r.p, 4));
        std::string top;
        for (const auto& [token, p] : r.top) top += (top.empty() ? "" : "  ") + display_token(token) + " " + fixed(p, 4);
        t.set(i, 4, top);
    }
    return t.render();
}

nlohmann::ordered_json generation_json(const GenerationSetup& s, const std::vector<int>& new_ids,
                                       const std::vector<std::string>& new_tokens, const std::string& text,
                                       bool stopped_at_eos) {
    nlohmann::ordered_json j, o;
    j["model"] = s.model;
    j["prompt"] = utf8_lossy(s.prompt);  // as typed; JSON needs valid UTF-8
    j["prompt_ids"] = s.prompt_ids;
    o["mode"] = s.sampling ? "sample" : "greedy";
    const nlohmann::ordered_json none;  // null: not used by greedy, or top-k unset
    o["temperature"] = s.sampling ? nlohmann::ordered_json(s.sampler.temperature) : none;
    o["top_k"] = s.sampling && s.sampler.top_k ? nlohmann::ordered_json(*s.sampler.top_k) : none;
    o["top_p"] = s.sampling ? nlohmann::ordered_json(s.sampler.top_p) : none;
    o["seed"] = s.sampling ? nlohmann::ordered_json(s.sampler.seed) : none;
    o["use_cache"] = s.use_cache;
    o["stop_at_eos"] = s.stop_at_eos;
    o["max_new_tokens"] = s.max_new_tokens;
    j["options"] = o;
    j["new_ids"] = new_ids;
    j["new_tokens"] = new_tokens;
    j["text"] = text;
    j["stop"] = stopped_at_eos ? "eos" : "max_new_tokens";
    j["positions_with_cache"] = positions_with_cache(s.prompt_ids.size(), new_ids.size());
    j["positions_without_cache"] = positions_without_cache(s.prompt_ids.size(), new_ids.size());
    return j;
}

std::string timing_line(double first_token_ms, std::size_t prompt_tokens, std::size_t new_tokens, double decode_ms) {
    if (new_tokens == 0) return "no new token asked for: nothing timed";
    std::string line = "time to first token: " + fixed(first_token_ms, 1) + " ms (prefill of " +
                       tokens_word(prompt_tokens) + ") · decode: ";
    if (new_tokens == 1) return line + "none";
    line += tokens_word(new_tokens - 1) + " in " + fixed(decode_ms, 1) + " ms";
    if (!(decode_ms > 0)) return line + " (too fast to time)";
    const double per_s = double(new_tokens - 1) / (decode_ms / 1000);
    return line + " = " + fixed(per_s, per_s < 100 ? 1 : 0) + " tokens/s";
}

}  // namespace gpt2
