// support/number_format.hpp — numbers written for people.
//
//   with_commas(81912576)  ->  "81,912,576"     Python's f"{n:,d}" (the notebook's In[3])
//   fixed(0.4163, 2)       ->  "0.42"           Python's f"{x:.2f}"
//   shortest(0.9)          ->  "0.9"            the shortest text that reads back as x
//                                               ("1e-07", "nan", "-inf"), as Python's repr()
//
// Deliberately not handled: locales, negative numbers in with_commas.
#pragma once

#include <cstddef>
#include <string>

namespace gpt2 {

std::string with_commas(std::size_t n);
std::string fixed(double x, int decimals);
std::string shortest(double x);

}  // namespace gpt2
