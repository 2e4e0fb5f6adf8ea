#include "display/logit_lens_export.hpp"

#include <charconv>
#include <cstdlib>
#include <sstream>

#include "support/number_format.hpp"

namespace gpt2 {
namespace {

// The double whose shortest text is the float's shortest text: 0.1f -> 0.1, not 0.10000000149.
double tidy(float f) {
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf - 1, f);
    *r.ptr = '\0';
    return std::strtod(buf, nullptr);
}

std::string csv_quote(const std::string& s) {
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

}  // namespace

std::string ln_f_name(LnF mode) { return mode == LnF::None ? "none" : "intermediate"; }

nlohmann::ordered_json lens_json(const LensResult& lens, const Tokenizer& tok) {
    using json = nlohmann::ordered_json;
    const std::size_t T = lens.num_positions();
    json out;
    out["ln_f"] = ln_f_name(lens.ln_f);
    out["prepend_bos"] = lens.prepend_bos;
    out["input_ids"] = lens.ids;
    out["tokens"] = json::array();
    for (int id : lens.ids) out["tokens"].push_back(tok.token_string(id));
    out["hidden_states"] = json::array();
    for (std::size_t i = 0; i < lens.num_states; ++i) {
        json state;
        state["index"] = i;
        json top_k = json::array(), prob = json::array(), rank = json::array(), entropy = json::array(),
             kl = json::array(), norm = json::array(), match = json::array();
        for (std::size_t t = 0; t < T; ++t) {
            const LensCell& c = lens.at(i, t);
            json row;
            row["ids"] = c.top.ids;
            row["logits"] = json::array();
            row["probs"] = json::array();
            row["tokens"] = json::array();
            for (std::size_t r = 0; r < c.top.ids.size(); ++r) {
                row["logits"].push_back(tidy(c.top.values[r]));
                row["probs"].push_back(tidy(c.probs[r]));
                row["tokens"].push_back(tok.token_string(c.top.ids[r]));
            }
            top_k.push_back(std::move(row));
            prob.push_back(tidy(float(c.final_top1_prob)));
            rank.push_back(c.final_top1_rank);
            entropy.push_back(tidy(float(c.entropy)));
            kl.push_back(tidy(float(c.kl_to_final)));
            norm.push_back(tidy(float(c.norm)));
            match.push_back(lens.predicts_next(i, t));
        }
        state["top_k"] = std::move(top_k);
        state["final_top1_prob"] = std::move(prob);
        state["final_top1_rank"] = std::move(rank);
        state["entropy"] = std::move(entropy);
        state["kl_to_final"] = std::move(kl);
        state["norm"] = std::move(norm);
        state["next_token_match"] = std::move(match);
        out["hidden_states"].push_back(std::move(state));
    }
    out["final_top1"] = json::array();
    for (std::size_t t = 0; t < T; ++t) out["final_top1"].push_back(lens.final_top1(t));
    return out;
}

std::string lens_csv(const LensResult& lens, const Tokenizer& tok) {
    std::ostringstream out;
    out << "state,position,input_id,input_token,top1_id,top1_token,top1_logit,top1_prob,final_top1_id,"
           "final_top1_token,final_top1_prob,final_top1_rank,entropy,kl_to_final,norm,next_token_match\n";
    for (std::size_t i = 0; i < lens.num_states; ++i) {
        for (std::size_t t = 0; t < lens.num_positions(); ++t) {
            const LensCell& c = lens.at(i, t);
            const int f = lens.final_top1(t);
            out << i << ',' << t << ',' << lens.ids[t] << ',' << csv_quote(tok.token_string(lens.ids[t])) << ','
                << c.top.ids[0] << ',' << csv_quote(tok.token_string(c.top.ids[0])) << ',' << shortest(tidy(c.top.values[0]))
                << ',' << shortest(tidy(c.probs[0])) << ',' << f << ',' << csv_quote(tok.token_string(f)) << ','
                << shortest(c.final_top1_prob) << ',' << c.final_top1_rank << ',' << shortest(c.entropy) << ','
                << shortest(c.kl_to_final) << ',' << shortest(c.norm) << ',' << (lens.predicts_next(i, t) ? "true" : "false")
                << '\n';
        }
    }
    return out.str();
}

}  // namespace gpt2
