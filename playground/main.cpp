// playground/main.cpp — your own program against the library. Edit it, then
//
//   make playground ARGS='--prompt "The cat sat on the"'
//
// (or: cmake --build build --target playground && build/bin/playground --prompt "...").
// It starts as the smallest useful program: the model's top-5 next tokens after a prompt,
// with their probabilities. Ideas: print every layer's guess (common/lens/logit_lens.hpp), the
// attention to position 0 (common/lens/first_position_attention.hpp), or generate a few words
// by appending the top-1 and running again. book/README.md has a map of common/.
#include <cmath>
#include <iostream>
#include <string>

#include "display/token_display.hpp"
#include "model/checkpoint.hpp"
#include "model/lm_head.hpp"
#include "model/transformer.hpp"
#include "support/cli.hpp"

int main(int argc, char** argv) {
    CLI::App app{"Playground: the model's top-5 next tokens after a prompt. Edit playground/main.cpp.", "playground"};
    std::string model, prompt = "This weekend I plan to";
    gpt2::add_model_option(app, model);
    app.add_option("--prompt", prompt, "text to continue")->capture_default_str();

    return gpt2::run_chapter(app, argc, argv, [&] {
        const gpt2::Checkpoint ck = gpt2::Checkpoint::open(model);      // tokenizer + weights
        const std::vector<int> ids = ck.encode_prompt(prompt);          // text -> token ids
        const auto states = gpt2::hidden_states(ck.model, ids);         // the forward pass
        const auto& last = states.back();                               // ln_f(...), [T, C]
        const auto rows = gpt2::lm_head_top_k(ck.model, last, 5, /*with_stats=*/true);
        const gpt2::HeadRow& next = rows.back();                        // the last position
        std::cout << "After \"" << prompt << "\" (" << ids.size() << " tokens), " << ck.files.name << " predicts:\n";
        for (std::size_t r = 0; r < next.top.ids.size(); ++r)
            std::cout << "  " << gpt2::display_token(ck.tokenizer.token_string(next.top.ids[r])) << "  "
                      << std::exp(next.top.values[r] - next.logsumexp) << "\n";  // softmax of one logit
    });
}
