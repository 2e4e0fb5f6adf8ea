// Reference solution. Try the exercise in homework/ch09_generate/ first!
#include "ch09_generate/exercises.hpp"

namespace homework {

TokenProbs nucleus(const TokenProbs& sorted_probs, double top_p) {
    TokenProbs kept;
    double cumulative = 0;
    for (const auto& [id, p] : sorted_probs) {
        kept.emplace_back(id, p);
        cumulative += p;
        if (cumulative >= top_p) break;  // ≥: a prefix summing to exactly top_p is enough
    }
    // Renormalise over the nucleus: what was left out now has probability 0.
    for (auto& [id, q] : kept) q /= cumulative;
    return kept;
}

}  // namespace homework
