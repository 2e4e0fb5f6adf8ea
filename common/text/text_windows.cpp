// text/text_windows.cpp — see text/text_windows.hpp.
#include "text/text_windows.hpp"

#include <algorithm>
#include <iterator>

#include "support/error.hpp"
#include "support/input_file.hpp"

namespace gpt2 {

namespace {
// A text for statistics, not a corpus: 16 MiB is ~4 million tokens, far more than any window count needs.
constexpr std::size_t kMaxTextBytes = std::size_t(16) << 20;
}  // namespace

std::vector<int> read_text_ids(const std::string& path, const std::string& shown, const Tokenizer& tok) {
    const std::string what = "--text " + shown;
    InputFile file(path, what);
    std::string text;
    char buf[1 << 16];
    while (file.stream().read(buf, sizeof buf) || file.stream().gcount() > 0) {
        text.append(buf, std::size_t(file.stream().gcount()));
        if (text.size() > kMaxTextBytes)
            throw Error(what + ": more than " + std::to_string(kMaxTextBytes >> 20) +
                        " MiB; give a shorter text (a few hundred KB is plenty)");
    }
    return tok.encode(skip_utf8_bom(text));  // as the prompt: the notebook's add_prefix_space
}

std::vector<std::vector<int>> consecutive_windows(const std::vector<int>& ids, std::size_t window,
                                                  std::size_t max_windows) {
    std::vector<std::vector<int>> windows;
    if (window == 0) return windows;
    const std::size_t n = std::min(max_windows, ids.size() / window);
    for (std::size_t k = 0; k < n; ++k)
        windows.emplace_back(ids.begin() + std::ptrdiff_t(k * window), ids.begin() + std::ptrdiff_t((k + 1) * window));
    return windows;
}

TextWindows text_windows(const std::string& path, const std::string& shown, const Tokenizer& tok,
                         std::size_t window, std::size_t max_windows, std::size_t n_positions,
                         const std::string& model_name) {
    if (window > n_positions)
        throw Error("--window " + std::to_string(window) + ": " + model_name + " reads at most " +
                    std::to_string(n_positions) + " tokens (n_positions); give a smaller --window");
    const std::vector<int> ids = read_text_ids(path, shown, tok);
    const std::string w = std::to_string(window);
    if (ids.empty())
        throw Error("--text " + shown + " is empty; give a text of at least " + w + " tokens (one --window)");
    if (ids.size() < window)
        throw Error("--text " + shown + " has " + std::to_string(ids.size()) + " tokens, fewer than one window of " +
                    w + "; give a longer text or a smaller --window");
    std::vector<std::vector<int>> windows = consecutive_windows(ids, window, max_windows);
    return TextWindows{shown, ids, window, std::move(windows)};
}

}  // namespace gpt2
