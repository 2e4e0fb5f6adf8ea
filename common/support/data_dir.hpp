// support/data_dir.hpp — where the repository's data/ folder is.
//
// The build bakes in the source tree's data/ path; the environment variable
// GPT2_DATA_DIR overrides it (useful when the binaries are moved).
#pragma once

#include <filesystem>

namespace gpt2 {

std::filesystem::path data_dir();

}  // namespace gpt2
