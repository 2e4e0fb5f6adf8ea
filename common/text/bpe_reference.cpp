#include "text/bpe_reference.hpp"

#include <fstream>
#include <sstream>

#include "support/error.hpp"
#include "text/byte_unicode.hpp"

namespace gpt2 {

BpeReference BpeReference::load(const std::filesystem::path& merges_txt) {
    std::ifstream in(merges_txt, std::ios::binary);
    if (!in) throw Error("cannot read " + path_for_message(merges_txt));
    BpeReference bpe;
    std::string line;
    int rank = 0;
    while (std::getline(in, line)) {
        if (rank == 0 && bpe.ranks_.empty() && line.rfind("#version", 0) == 0) continue;
        if (line.empty()) continue;
        const std::size_t space = line.find(' ');
        if (space == std::string::npos || line.find(' ', space + 1) != std::string::npos)
            throw Error(path_for_message(merges_txt) + ": expected \"left right\", got " + quote_for_message(line));
        bpe.ranks_.emplace(std::make_pair(line.substr(0, space), line.substr(space + 1)), rank++);
    }
    return bpe;
}

std::vector<std::string> BpeReference::merge(std::string_view word) const {
    // One piece per byte, each byte spelled as its printable character (text/byte_unicode.hpp).
    std::vector<std::string> pieces;
    for (unsigned char b : word) pieces.push_back(bytes_to_piece(std::string_view(reinterpret_cast<const char*>(&b), 1)));

    for (;;) {
        int best_rank = -1;
        std::size_t best = 0;
        for (std::size_t i = 0; i + 1 < pieces.size(); ++i) {  // every adjacent pair, every time
            const auto it = ranks_.find({pieces[i], pieces[i + 1]});
            if (it != ranks_.end() && (best_rank < 0 || it->second < best_rank)) {
                best_rank = it->second;  // strictly lower: the leftmost pair wins a tie
                best = i;
            }
        }
        if (best_rank < 0) return pieces;  // no pair is in merges.txt: done
        pieces[best] += pieces[best + 1];
        pieces.erase(pieces.begin() + static_cast<std::ptrdiff_t>(best) + 1);
    }
}

}  // namespace gpt2
