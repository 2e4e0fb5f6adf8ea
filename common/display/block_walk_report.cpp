#include "display/block_walk_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include <xtensor/xview.hpp>

#include "support/error.hpp"
#include "support/finite.hpp"
#include "support/number_format.hpp"
#include "support/table.hpp"

namespace gpt2 {

namespace {

std::string sci(double x) {  // 4.8e-07
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1e", x);
    return buf;
}

std::string signed_fixed(double x, int decimals) {  // " 0.184" / "-0.062": columns line up
    return (x < 0 ? "" : " ") + fixed(x, decimals);
}

// [ 0.184, -0.062, …,  1.020 ]: the first n numbers of a row, then … when there are more.
template <class Row>
std::string vec(const Row& row, std::size_t n) {
    std::string s = "[";
    const std::size_t N = row.size(), shown = std::min(n, N);
    for (std::size_t c = 0; c < shown; ++c) s += (c ? ", " : "") + signed_fixed(row(c), 3);
    if (shown < N) s += ", …";
    return s + " ]  (" + std::to_string(N) + " numbers)";
}

std::string check_line(const WalkCheck& c) {
    return "   max |diff| to " + c.library + ": " + sci(c.max_abs_diff) + (walk_check_passes(c) ? " ✓" : " ✗ (too large)") + "\n";
}

// One head's [T, T] matrix as a table: rows = queries, columns = keys, at most n of each.
// cell(i, j) gives the text.
template <class Cell>
std::string matrix(const std::vector<std::string>& tokens, std::size_t n, Cell cell) {
    const std::size_t T = std::min(n, tokens.size());
    std::vector<std::string> rows, cols;
    for (std::size_t t = 0; t < T; ++t) {
        rows.push_back(std::to_string(t) + " " + tokens[t]);
        cols.push_back(tokens[t]);
    }
    Table table(cols, rows);
    for (std::size_t i = 0; i < T; ++i)
        for (std::size_t j = 0; j < T; ++j) table.set(i, j, cell(i, j));
    std::string out = table.render();
    if (T < tokens.size())
        out += "   (the first " + std::to_string(T) + " of " + std::to_string(tokens.size()) + " positions)\n";
    return out;
}

}  // namespace

bool walk_check_passes(const WalkCheck& check) {
    return check.max_abs_diff <= kWalkTolerance * std::max(1.0, check.max_abs_value);
}

std::string block_walk_text(const BlockWalk& w, const std::vector<std::string>& tokens, const WalkView& view) {
    const std::size_t T = w.x.shape(0), C = w.x.shape(1), H = w.q.shape(0), D = w.q.shape(2);
    const std::size_t p = view.position, h = view.head, n = view.components, F = w.fc.shape(1);
    if (p >= T) throw Error("position " + std::to_string(p) + " is out of range (0 .. " + std::to_string(T - 1) + ")");
    if (h >= H) throw Error("--head " + std::to_string(h) + " is not a head of this model (0 .. " + std::to_string(H - 1) + ")");
    auto row = [&](const auto& m) { return vec(xt::view(m, p, xt::all()), n); };
    auto head_row = [&](const auto& m) { return vec(xt::view(m, h, p, xt::all()), n); };
    auto check = [&](const std::string& step) {
        for (const WalkCheck& c : w.checks)
            if (c.step == step) return check_line(c);
        return std::string();
    };
    const std::string at = "[" + std::to_string(p) + "]", L = std::to_string(w.layer), Ts = std::to_string(T),
                      Cs = std::to_string(C), Ds = std::to_string(D);
    std::ostringstream o;

    o << "1. ln_1: layer norm of the block's input x, each position on its own\n"
      << "   x" << at << "                      " << row(w.x) << "\n"
      << "   μ = mean(x" << at << ")            " << signed_fixed(w.mean(p), 4) << "\n"
      << "   σ² = mean((x" << at << " − μ)²)    " << signed_fixed(w.var(p), 4) << "    ε = " << sci(w.eps) << "\n"
      << "   (x" << at << " − μ) / √(σ² + ε)    " << row(w.normalized) << "\n"
      << "   ln_1" << at << " = that · γ + β    " << row(w.ln_1) << "\n"
      << check("ln_1") << "\n";

    o << "2. q | k | v = ln_1 · c_attn + b:  [" << Ts << ", " << Cs << "] · [" << Cs << ", " << 3 * C << "] → ["
      << Ts << ", " << 3 * C << "]\n"
      << "   head " << h << " of " << H << " owns " << D << " columns of each: q " << h * D << "–" << h * D + D - 1
      << ", k " << C + h * D << "–" << C + h * D + D - 1 << ", v " << 2 * C + h * D << "–" << 2 * C + h * D + D - 1
      << "\n"
      << "   q" << at << "   " << head_row(w.q) << "\n"
      << "   k" << at << "   " << head_row(w.k) << "\n"
      << "   v" << at << "   " << head_row(w.v) << "\n\n";

    o << "3. scores = q · kᵀ / √" << Ds << " (head " << h << "; row = query, column = key)\n"
      << matrix(tokens, view.max_positions, [&](std::size_t i, std::size_t j) { return signed_fixed(w.scores(h, i, j), 2); })
      << "\n";

    o << "4. causal mask: a query must not see later keys, so s[i][j] = −∞ for j > i\n"
      << matrix(tokens, view.max_positions, [&](std::size_t i, std::size_t j) {
             return j > i ? std::string(" −∞") : signed_fixed(w.masked(h, i, j), 2);
         })
      << "\n";

    o << "5. softmax of each row: p[i][j] = exp(s[i][j] − max_j s[i]) / Σ_j exp(s[i][j] − max_j s[i])\n"
      << "   (exp(−∞) = 0; every row sums to 1) — head " << h << "'s attention pattern\n"
      << matrix(tokens, view.max_positions, [&](std::size_t i, std::size_t j) { return fixed(w.probs(h, i, j), 2); })
      << check("attention pattern") << "\n";

    o << "6. each query's weighted sum of the values: out = p · v  ([" << Ts << ", " << Ts << "] · [" << Ts << ", " << Ds
      << "] per head)\n"
      << "   out" << at << "  " << head_row(w.head_out) << "\n"
      << "   the " << H << " heads' outputs side by side: [" << Ts << ", " << Cs << "]\n\n";

    o << "7. attention output = heads · c_proj + b:  [" << Ts << ", " << Cs << "] · [" << Cs << ", " << Cs << "]\n"
      << "   attn" << at << "  " << row(w.attn) << "\n"
      << check("attention output") << "\n";

    o << "8. first residual add: x + attn\n"
      << "   (x + attn)" << at << "  " << row(w.mid) << "\n"
      << check("x + attention") << "\n";

    o << "9. ln_2: the same layer norm, with its own γ and β, of x + attn\n"
      << "   ln_2" << at << "  " << row(w.ln_2) << "\n"
      << check("ln_2") << "\n";

    o << "10. MLP: ln_2 · c_fc + b → gelu_new → · c_proj + b:  [" << Ts << ", " << Cs << "] → [" << Ts << ", " << F
      << "] → [" << Ts << ", " << Cs << "]\n"
      << "   gelu_new(f) = 0.5 · f · (1 + tanh(√(2/π) · (f + 0.044715 · f³)))\n"
      << "   f" << at << "           " << row(w.fc) << "\n"
      << "   gelu_new(f)" << at << " " << row(w.gelu) << "\n"
      << "   mlp" << at << "         " << row(w.mlp) << "\n"
      << check("MLP output") << "\n";

    const WalkCheck& last = w.checks.back();
    const bool before_ln_f = last.step.rfind("ln_f", 0) == 0;  // the last block: hidden_states[L+1] = ln_f(out)
    o << "11. second residual add: block output = (x + attn) + mlp"
      << (before_ln_f ? "; ln_f of it is hidden_states[" : " = hidden_states[") << w.layer + 1 << "]\n"
      << "   out" << at << "  " << row(w.out) << "\n";
    o << check_line(last);

    double worst = 0;
    bool all_pass = true;
    for (const WalkCheck& c : w.checks) {
        worst = max_keep_nan(worst, c.max_abs_diff);  // std::max would drop a NaN and show 0
        all_pass = all_pass && walk_check_passes(c);
    }
    o << "\nBlock " << L << ": " << w.checks.size() << " checks, largest difference " << sci(worst)
      << (all_pass ? " — every step agrees with the library" : " — SOME STEPS DISAGREE with the library") << ".\n";
    return o.str();
}

nlohmann::ordered_json block_walk_json(const BlockWalk& walk) {
    nlohmann::ordered_json checks = nlohmann::ordered_json::array();
    for (const WalkCheck& c : walk.checks)
        checks.push_back({{"step", c.step}, {"compared_with", c.library}, {"max_abs_diff", c.max_abs_diff},
                          {"max_abs_value", c.max_abs_value}, {"passes", walk_check_passes(c)}});
    return {{"layer", walk.layer}, {"tolerance", kWalkTolerance}, {"checks", checks}};
}

}  // namespace gpt2
