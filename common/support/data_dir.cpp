#include "support/data_dir.hpp"

#include <cstdlib>

namespace gpt2 {

std::filesystem::path data_dir() {
    if (const char* env = std::getenv("GPT2_DATA_DIR"); env && *env) return env;
    return GPT2_DATA_DIR;
}

}  // namespace gpt2
