// number_format.hpp — numbers written for people.
//
//   with_commas(81912576)  ->  "81,912,576"     Python's f"{n:,d}" (the notebook's In[3])
//
// Deliberately not handled: locales, negative numbers, floating point.
#pragma once

#include <cstddef>
#include <string>

namespace gpt2 {

std::string with_commas(std::size_t n);

}  // namespace gpt2
