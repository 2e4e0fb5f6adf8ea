// support/finite.hpp — NaN and ±Inf, found where they enter and never hidden by a max.
//
// A weight that is NaN or ±Inf (a corrupt file, a bad conversion) makes every number
// downstream NaN, and the programs would print them as confident results: entropy 0.00,
// rank 0, "largest difference 0.0e+00". So Model::load scans every weight once
// (first_nonfinite) and refuses the file, naming the tensor and the index (index_text).
// And a "largest difference" must come out NaN when any difference is NaN: std::max(a, NaN)
// returns a, so reductions use max_keep_nan instead.
#pragma once

#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

namespace gpt2 {

// The index of the first NaN or ±Inf among data[0..n), or n when all are finite.
std::size_t first_nonfinite(const float* data, std::size_t n);

// "[12, 40]": the position of flat (row-major) index i in a tensor of this shape.
std::string index_text(std::size_t i, const std::vector<std::size_t>& shape);

// "a NaN", "+Inf" or "-Inf": what a non-finite value is, for a message.
std::string nonfinite_name(float v);

// max(a, b), but NaN if either is NaN (std::max(a, NaN) is a: a NaN would vanish).
inline double max_keep_nan(double a, double b) { return std::isnan(a) || a >= b ? a : b; }

}  // namespace gpt2
