// number_format.hpp — numbers written for people.
//
//   with_commas(81912576)  ->  "81,912,576"     Python's f"{n:,d}" (the notebook's In[3])
//   fixed(0.4163, 2)       ->  "0.42"           Python's f"{x:.2f}"
//
// Deliberately not handled: locales, negative numbers in with_commas.
#pragma once

#include <cstddef>
#include <string>

namespace gpt2 {

std::string with_commas(std::size_t n);
std::string fixed(double x, int decimals);

}  // namespace gpt2
