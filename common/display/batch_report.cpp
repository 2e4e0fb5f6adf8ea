// display/batch_report.cpp — see display/batch_report.hpp.
#include "display/batch_report.hpp"

#include <algorithm>
#include <cstdio>
#include <sstream>
#include <vector>

#include "display/top_k_table.hpp"
#include "lens/batch_vs_alone.hpp"
#include "support/error.hpp"
#include "support/table.hpp"

namespace gpt2 {
namespace {

std::string ids_text(const xt::xtensor<int, 2>& t) {  // [[1, 2], [3, 4]]
    std::string s = "[";
    for (std::size_t b = 0; b < t.shape(0); ++b) {
        s += b ? ", [" : "[";
        for (std::size_t i = 0; i < t.shape(1); ++i) s += (i ? ", " : "") + std::to_string(t(b, i));
        s += "]";
    }
    return s + "]";
}

std::string difference(double d, double scale) {  // "1.39", or "≈ 0"
    if (d <= kBatchEqualWithin * scale) return "≈ 0";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3g", d);
    return buf;
}

}  // namespace

std::string batch_report(const Model& model, const Tokenizer& tok, const Batch& b, std::size_t k,
                         PositionScheme shown) {
    if (b.input_ids.shape(0) != 2) throw Error("batch_report: the batch must be [\"Hi\", prompt]");
    const int pad_id = tok.require_eos("padding the batch");  // what pad_batch was given
    std::ostringstream out;
    out << "In [5]: batch = tokenizer([\"Hi\", prompt], padding=True)  (left padding with " << pad_id
        << ", " << tok.token_string(pad_id) << ")\n"
        << "input_ids       " << ids_text(b.input_ids) << "\n"
        << "attention_mask  " << ids_text(b.attention_mask) << "\n"
        << "position_ids    default:   " << ids_text(position_ids_default(b)) << "\n"
        << "                from-mask: " << ids_text(position_ids_from_mask(b)) << "\n\n";

    // The same final logits as each prompt run alone? At real positions only.
    const std::vector<std::string> schemes{"default", "from-mask"};
    const std::vector<std::vector<RowVsAlone>> runs{compare_batch_with_alone(model, b, PositionScheme::Default, k),
                                                    compare_batch_with_alone(model, b, PositionScheme::FromMask, k)};
    double scale = 0;  // the largest |logit| of the rows run alone
    for (const RowVsAlone& row : runs[0]) scale = std::max(scale, row.max_abs_logit);
    Table diffs({"row 0 (\"Hi\")", "row 1 (the prompt)", "row 0's top " + std::to_string(k)}, schemes);
    bool rounding = false;
    for (std::size_t s = 0; s < schemes.size(); ++s) {
        for (std::size_t row = 0; row < 2; ++row) {
            diffs.set(s, row, difference(runs[s][row].max_abs_diff, scale));
            rounding = rounding || runs[s][row].max_abs_diff <= kBatchEqualWithin * scale;
        }
        diffs.set(s, 2, runs[s][0].batched_last.ids == runs[s][0].alone_last.ids ? "same as alone"
                                                                               : "differs from alone");
    }
    out << "max |logit difference|, batched vs each prompt run alone (real positions, all " << tok.vocab_size()
        << " logits):\n"
        << diffs.render();
    if (rounding) {
        char scale_text[32];
        std::snprintf(scale_text, sizeof scale_text, "%.3g", scale);
        out << "≈ 0: less than " << kBatchEqualWithinText << " × " << scale_text
            << ", the largest |logit| (float32 rounding: its last digits depend on the CPU)\n";
    }
    out << "\n";

    const std::vector<RowVsAlone>& r = runs[shown == PositionScheme::Default ? 0 : 1];
    out << "position_ids " << schemes[shown == PositionScheme::Default ? 0 : 1] << ": top " << k
        << " at each row's last position (where the next token is predicted):\n"
        << top_k_table(tok, {r[0].batched_last, r[0].alone_last, r[1].batched_last, r[1].alone_last},
                       TopKLayout::PositionsAsColumns,
                       {"Hi, batched", "Hi, alone", "prompt, batched", "prompt, alone"})
               .render();
    return out.str();
}

}  // namespace gpt2
