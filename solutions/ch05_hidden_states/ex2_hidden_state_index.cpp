// Reference solution. Try the exercise in homework/ch05_hidden_states/ first!
#include "ch05_hidden_states/exercises.hpp"

#include <string>

#include "support/error.hpp"

namespace homework {

std::size_t num_hidden_states(const gpt2::Config& config) {
    return static_cast<std::size_t>(config.n_layer) + 1;  // the embeddings + one per block
}

std::size_t hidden_state_index(const gpt2::Config& config, int python_index) {
    const int n = static_cast<int>(num_hidden_states(config));
    if (python_index < -n || python_index >= n)
        throw gpt2::Error("hidden_states[" + std::to_string(python_index) + "]: index out of range (" +
                          std::to_string(n) + " hidden states)");
    return static_cast<std::size_t>(python_index < 0 ? python_index + n : python_index);
}

}  // namespace homework
