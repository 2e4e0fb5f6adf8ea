// text/text_windows.hpp — a text file cut into windows of W tokens, for statistics over many contexts.
//
// Chapter 8 measures position 0 on a prompt and then on a held-out text, so that what it finds is
// not one sentence's accident. The text is read whole (a leading byte-order mark skipped),
// tokenized as the prompt is (the notebook's add_prefix_space; <|endoftext|> in the text is the
// special token; nothing added around it), and cut into consecutive, non-overlapping windows
// starting at token 0:
//
//   window k = ids[k·W … k·W + W − 1],   k = 0 … N − 1,   N = min(max_windows, ⌊len(ids) / W⌋)
//
// Each window is run as its own sequence: its first token sits at position 0.
// Errors (gpt2::Error, one line): the file cannot be read (support/input_file.hpp), is empty, or is shorter
// than one window; a window longer than the model's n_positions.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "text/tokenizer.hpp"

namespace gpt2 {

struct TextWindows {
    std::string file;                        // as shown to the user (data/text/heldout-sample.txt)
    std::vector<int> ids;                    // the whole text's tokens
    std::size_t window = 0;                  // W
    std::vector<std::vector<int>> windows;   // N windows of W ids
};

// The whole file's ids. `shown` names the file in messages and in TextWindows::file.
std::vector<int> read_text_ids(const std::string& path, const std::string& shown, const Tokenizer& tok);

// The first min(max_windows, ⌊ids.size() / window⌋) consecutive windows (none when the text is shorter).
std::vector<std::vector<int>> consecutive_windows(const std::vector<int>& ids, std::size_t window,
                                                  std::size_t max_windows);

// read_text_ids + consecutive_windows with chapter 8's checks: window ≤ n_positions, a text of
// at least one window. `model_name` names the model in the message about n_positions.
TextWindows text_windows(const std::string& path, const std::string& shown, const Tokenizer& tok,
                         std::size_t window, std::size_t max_windows, std::size_t n_positions,
                         const std::string& model_name);

}  // namespace gpt2
