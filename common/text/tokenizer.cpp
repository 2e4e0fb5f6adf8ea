// text/tokenizer.cpp — GPT-2's byte-level BPE (see text/tokenizer.hpp for the steps).
//
// BPE works on token ids, not strings: a word starts as one id per byte, and merges.txt
// becomes a table (left id, right id) -> (rank, merged id). The lowest-rank adjacent pair is
// merged first, the leftmost among equals, as Hugging Face's tokenizers do. A priority queue
// over a linked list of symbols keeps a long word (say 30,000 letters) O(n log n): the
// textbook loop that rescans all pairs after every merge is O(n^2). Each encode() call keeps a
// small cache of short words, so frequent words are merged once per call.
//
// Deliberately not handled: BPE dropout, vocabularies without the 256 byte tokens.
#include "text/tokenizer.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "support/error.hpp"
#include "support/input_file.hpp"
#include "support/json_input.hpp"
#include "support/memory_limit.hpp"
#include "support/utf8.hpp"
#include "text/byte_unicode.hpp"
#include "text/pretokenizer.hpp"

namespace gpt2 {
namespace {

constexpr std::string_view kEndOfText = "<|endoftext|>";

std::uint64_t pair_key(int left, int right) {
    return (std::uint64_t(std::uint32_t(left)) << 32) | std::uint32_t(right);
}

// GPT-2's vocab.json is 1 MB and its merges.txt 456 KB: 64 MiB leaves room for any
// vocabulary this program accepts, and bounds what a corrupt file can make us allocate.
constexpr std::size_t kMaxVocabBytes = 64 << 20, kMaxMergesBytes = 64 << 20;

// Python's str.replace: every non-overlapping occurrence, left to right.
void replace_all(std::string& s, std::string_view from, std::string_view to) {
    std::string out;
    std::size_t pos = 0, hit;
    while ((hit = s.find(from, pos)) != std::string::npos) {
        out.append(s, pos, hit - pos).append(to);
        pos = hit + from.size();
    }
    if (pos == 0) return;
    out.append(s, pos, std::string::npos);
    s = std::move(out);
}

}  // namespace

// (left id, right id) -> (rank, merged id), as a flat open-addressing table: the lookup in
// BPE's inner loop, where std::unordered_map's linked buckets cost a cache miss each.
class MergeTable {
public:
    struct Merge { int rank, id; };

    void reserve(std::size_t n) {
        bits_ = 4;
        while ((std::size_t(1) << bits_) < 2 * n) ++bits_;  // at most half full
        slots_.assign(std::size_t(1) << bits_, Slot{kEmpty, {}});
    }
    void insert_or_assign(int left, int right, Merge m) {
        const std::uint64_t key = pair_key(left, right);
        slots_[index(key)] = {key, m};
    }
    const Merge* find(int left, int right) const {
        const Slot& s = slots_[index(pair_key(left, right))];
        return s.key == kEmpty ? nullptr : &s.merge;
    }

private:
    static constexpr std::uint64_t kEmpty = ~std::uint64_t(0);  // ids are below 2^31: never a key
    struct Slot { std::uint64_t key; Merge merge; };
    // The slot holding key, or the empty slot where it would go (linear probing).
    std::size_t index(std::uint64_t key) const {
        const std::size_t mask = slots_.size() - 1;
        std::size_t i = (key * 0x9E3779B97F4A7C15ull) >> (64 - bits_);  // Fibonacci hashing
        while (slots_[i].key != key && slots_[i].key != kEmpty) i = (i + 1) & mask;
        return i;
    }
    std::vector<Slot> slots_;
    int bits_ = 0;
};

struct Tokenizer::Impl {
    std::vector<std::string> pieces;              // id -> "Ġto"
    std::vector<std::string> bytes;               // id -> " to" (what decode concatenates)
    std::unordered_map<std::string, int> ids;     // "Ġto" -> id
    MergeTable merges;
    int byte_id[256] = {};                        // byte -> id of its one-character piece
    int eos = -1;                                 // "<|endoftext|>", or -1: the vocabulary has none
    std::string vocab_name;                       // vocab.json's path, for messages
    PreTokenizer pretokenizer;

    // What one encode() call keeps from word to word: buffers (saving a malloc or three per word)
    // and a cache of short words. Being per call, encode() needs no lock to run on several threads.
    struct Symbol { int id, prev, next; };  // id -1: merged into its left neighbour
    struct Candidate {
        int rank, pos, left, right;  // merge symbols pos and its right neighbour, ids left+right
        bool operator>(const Candidate& o) const { return rank != o.rank ? rank > o.rank : pos > o.pos; }
    };
    // The word cache is direct-mapped, like a CPU cache: a word has one slot (by hash), and a new
    // word evicts the old. Frequent words ("the", " of", ...) keep coming back to their slot; the
    // memory is fixed and lookups cost one probe. Only short words with few ids are cached.
    struct CacheSlot {
        static constexpr std::size_t kMaxBytes = 15, kMaxIds = 6;
        unsigned char len = 0, n_ids = 0;  // len 0: empty (cached words have at least 2 bytes)
        char word[kMaxBytes];
        int ids[kMaxIds];
    };
    static constexpr std::size_t kCacheSlots = 8192;
    static constexpr std::size_t kCacheMinText = 4096;  // a short text: not worth 8192 empty slots
    struct Scratch {
        std::vector<CacheSlot> cache;  // empty: no caching
        std::vector<Symbol> sym;
        std::vector<Candidate> queue;  // a min-heap (std::push_heap with std::greater)
        std::vector<int> result;
        std::vector<std::string_view> words;
        std::string prefixed;
    };

    void bpe(std::string_view word, Scratch& s, std::vector<int>& out) const;
    void merge_word(std::string_view word, Scratch& s) const;
    void encode_segment(std::string_view segment, bool add_prefix_space, Scratch& s, std::vector<int>& out) const;
};

// Leaves the ids of word in s.result.
void Tokenizer::Impl::merge_word(std::string_view word, Scratch& s) const {
    const int n = static_cast<int>(word.size());
    auto& sym = s.sym;
    auto& queue = s.queue;
    sym.resize(n);
    queue.clear();
    for (int i = 0; i < n; ++i)
        sym[i] = {byte_id[static_cast<unsigned char>(word[i])], i - 1, i + 1 < n ? i + 1 : -1};

    const auto consider = [&](int pos) {
        const int next = sym[pos].next;
        if (next < 0) return;
        if (const auto* m = merges.find(sym[pos].id, sym[next].id)) {
            queue.push_back({m->rank, pos, sym[pos].id, sym[next].id});
            std::push_heap(queue.begin(), queue.end(), std::greater<>());
        }
    };
    for (int i = 0; i + 1 < n; ++i) consider(i);

    while (!queue.empty()) {
        std::pop_heap(queue.begin(), queue.end(), std::greater<>());
        const Candidate c = queue.back();
        queue.pop_back();
        Symbol& left = sym[c.pos];
        // The queue may hold stale entries: a neighbour has merged since. The entry is current
        // exactly when the two symbols still have the ids it was made for.
        if (left.id != c.left || left.next < 0 || sym[left.next].id != c.right) continue;
        const int right = left.next;
        left.id = merges.find(c.left, c.right)->id;
        left.next = sym[right].next;
        if (left.next >= 0) sym[left.next].prev = c.pos;
        sym[right].id = -1;
        if (left.prev >= 0) consider(left.prev);
        consider(c.pos);
    }
    s.result.clear();
    for (int i = 0; i >= 0; i = sym[i].next) s.result.push_back(sym[i].id);  // symbol 0 never merges away
}

void Tokenizer::Impl::bpe(std::string_view word, Scratch& s, std::vector<int>& out) const {
    if (word.size() == 1) {
        out.push_back(byte_id[static_cast<unsigned char>(word[0])]);
        return;
    }
    CacheSlot* slot = nullptr;
    if (!s.cache.empty() && word.size() <= CacheSlot::kMaxBytes) {
        std::uint32_t h = 2166136261u;  // FNV-1a
        for (unsigned char c : word) h = (h ^ c) * 16777619u;
        slot = &s.cache[h % kCacheSlots];
        if (slot->len == word.size() && std::memcmp(slot->word, word.data(), word.size()) == 0) {
            out.insert(out.end(), slot->ids, slot->ids + slot->n_ids);
            return;
        }
    }
    merge_word(word, s);
    out.insert(out.end(), s.result.begin(), s.result.end());
    if (slot && s.result.size() <= CacheSlot::kMaxIds) {
        slot->len = static_cast<unsigned char>(word.size());
        slot->n_ids = static_cast<unsigned char>(s.result.size());
        std::memcpy(slot->word, word.data(), word.size());
        std::copy(s.result.begin(), s.result.end(), slot->ids);
    }
}

void Tokenizer::Impl::encode_segment(std::string_view segment, bool add_prefix_space, Scratch& s,
                                     std::vector<int>& out) const {
    if (segment.empty()) return;
    if (add_prefix_space && segment.front() != ' ') {
        s.prefixed.assign(" ").append(segment);
        segment = s.prefixed;
    }
    s.words.clear();
    pretokenizer.split(segment, s.words);
    for (std::string_view w : s.words) bpe(w, s, out);
}

Tokenizer Tokenizer::load(const std::filesystem::path& vocab_json,
                          const std::filesystem::path& merges_txt) {
    AllocationLabel label("the tokenizer's vocabulary and merges");  // names it if memory runs out
    auto impl = std::make_unique<Impl>();
    const std::string vname = path_for_message(vocab_json), mname = path_for_message(merges_txt);

    // vocab.json: {"piece": id, ...} with ids exactly 0..N-1.
    nlohmann::json vocab;
    const std::string vocab_text = read_small_file(vocab_json, kMaxVocabBytes, "GPT-2's is 1 MB");
    if (const std::string problem = json_input_problem(vocab_text); !problem.empty())
        throw Error(vname + ": " + problem + "; restore the file from the repository");
    try {
        vocab = nlohmann::json::parse(vocab_text);
    } catch (const nlohmann::json::exception& e) {
        throw Error(vname + ": not valid JSON (" + printable_for_message(e.what()) + "); restore the file from the repository");
    }
    if (!vocab.is_object() || vocab.empty())
        throw Error(vname + ": expected a JSON object mapping pieces to ids; is this GPT-2's vocab.json?");
    const std::size_t n = vocab.size();
    impl->pieces.assign(n, {});
    std::vector<bool> seen(n, false);
    for (const auto& [piece, value] : vocab.items()) {
        if (!value.is_number_integer() || value.get<long long>() < 0 ||
            value.get<unsigned long long>() >= n || seen[value.get<std::size_t>()])
            throw Error(vname + ": the id of " + quote_for_message(piece) + " is " + json_for_message(value) + ", but ids must be 0.." +
                        std::to_string(n - 1) + ", each used once; restore the file from the repository");
        const int id = value.get<int>();
        seen[id] = true;
        impl->pieces[id] = piece;
        impl->ids.emplace(piece, id);
    }
    impl->bytes.resize(n);
    for (std::size_t id = 0; id < n; ++id)
        if (!piece_to_bytes(impl->pieces[id], impl->bytes[id]))
            impl->bytes[id] = impl->pieces[id];  // not in the byte table: shown as written
    for (int b = 0; b < 256; ++b) {
        const std::string piece = bytes_to_piece(std::string(1, char(b)));
        const auto it = impl->ids.find(piece);
        if (it == impl->ids.end())
            throw Error(vname + ": no entry for byte " + std::to_string(b) + " (" + quote_for_message(piece) +
                        "); a byte-level BPE vocabulary needs all 256, is this GPT-2's vocab.json?");
        impl->byte_id[b] = it->second;
    }
    // Looked up, never assumed to be 50256; a vocabulary without it still tokenizes (the text
    // "<|endoftext|>" is then plain text), and what needs it says so (require_eos).
    if (const auto it = impl->ids.find(std::string(kEndOfText)); it != impl->ids.end()) impl->eos = it->second;
    impl->vocab_name = vname;

    // merges.txt: an optional "#version" line, then one "left right" pair per line, by rank.
    // The table is sized by the pairs actually read, not by the lines: a file of blank lines
    // once made a table of 8 GB.
    const std::string merges_text = read_small_file(merges_txt, kMaxMergesBytes, "GPT-2's is 456 KB");
    struct Pair { int left, right, merged; };
    std::vector<Pair> pairs;
    std::string_view rest = skip_utf8_bom(merges_text);  // a leading BOM, as in vocab.json
    for (int line_no = 1; !rest.empty(); ++line_no) {
        const std::size_t eol = rest.find('\n');
        std::string line(rest.substr(0, eol));
        rest.remove_prefix(eol == std::string_view::npos ? rest.size() : eol + 1);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || (line_no == 1 && line.rfind("#version", 0) == 0)) continue;
        const auto where = mname + ":" + std::to_string(line_no) + ": ";
        const std::size_t sp = line.find(' ');
        if (sp == 0 || sp == std::string::npos || sp + 1 == line.size() ||
            line.find(' ', sp + 1) != std::string::npos)
            throw Error(where + "expected two pieces separated by one space, got " + quote_for_message(line) + "; is this GPT-2's merges.txt?");
        const std::string left = line.substr(0, sp), right = line.substr(sp + 1);
        const auto l = impl->ids.find(left), r = impl->ids.find(right), m = impl->ids.find(left + right);
        if (l == impl->ids.end() || r == impl->ids.end() || m == impl->ids.end())
            throw Error(where + quote_for_message(line) + " uses or makes a piece missing from " + vname +
                        "; use the vocab.json and merges.txt of the same model");
        pairs.push_back({l->second, r->second, m->second});
    }
    impl->merges.reserve(pairs.size());
    int rank = 0;
    // A repeated pair takes its last rank, as Hugging Face's map does.
    for (const Pair& p : pairs) impl->merges.insert_or_assign(p.left, p.right, {rank++, p.merged});
    return Tokenizer(std::move(impl));
}

std::vector<int> Tokenizer::encode(std::string_view text, const EncodeOptions& opts) const {
    // Checked here too so the byte offset is in the caller's text, not in a segment.
    if (const auto bad = utf8_find_invalid(text); bad != std::string_view::npos)
        throw Error("input is not valid UTF-8 at byte " + std::to_string(bad) +
                    ": pass UTF-8 text (e.g. re-save the file as UTF-8)");
    std::vector<int> out;
    out.reserve(text.size() / 3);
    Impl::Scratch scratch;
    if (text.size() >= Impl::kCacheMinText) scratch.cache.resize(Impl::kCacheSlots);
    std::size_t pos = 0;
    for (;;) {
        const bool special = !opts.special_as_text && impl_->eos >= 0;
        const std::size_t hit = special ? text.find(kEndOfText, pos) : std::string_view::npos;
        impl_->encode_segment(text.substr(pos, hit == std::string_view::npos ? hit : hit - pos),
                              opts.add_prefix_space, scratch, out);
        if (hit == std::string_view::npos) break;
        out.push_back(impl_->eos);
        pos = hit + kEndOfText.size();
    }
    return out;
}

std::string Tokenizer::decode(const std::vector<int>& ids, bool clean_up_spaces) const {
    std::string raw;
    for (int id : ids) raw += impl_->bytes[&piece(id) - impl_->pieces.data()];  // piece() checks id
    std::string text = utf8_lossy(raw);
    if (clean_up_spaces) {
        // transformers 4.27's clean_up_tokenization, replacements in its order.
        static const std::pair<std::string_view, std::string_view> rules[] = {
            {" .", "."}, {" ?", "?"}, {" !", "!"}, {" ,", ","}, {" ' ", "'"}, {" n't", "n't"},
            {" 'm", "'m"}, {" 's", "'s"}, {" 've", "'ve"}, {" 're", "'re"}};
        for (const auto& [from, to] : rules) replace_all(text, from, to);
    }
    return text;
}

std::string Tokenizer::token_string(int id) const { return decode({id}); }

const std::string& Tokenizer::token_bytes(int id) const { return impl_->bytes[&piece(id) - impl_->pieces.data()]; }

const std::string& Tokenizer::piece(int id) const {
    if (id < 0 || static_cast<std::size_t>(id) >= impl_->pieces.size())
        throw Error("token id " + std::to_string(id) + " is out of range: this vocabulary has ids 0.." +
                    std::to_string(impl_->pieces.size() - 1));
    return impl_->pieces[id];
}

int Tokenizer::piece_id(std::string_view piece) const {
    const auto it = impl_->ids.find(std::string(piece));
    return it == impl_->ids.end() ? -1 : it->second;
}

std::size_t Tokenizer::vocab_size() const { return impl_->pieces.size(); }

int Tokenizer::eos_id() const { return impl_->eos; }

int Tokenizer::require_eos(const std::string& what) const {
    if (impl_->eos < 0)
        throw Error(impl_->vocab_name + " has no \"<|endoftext|>\" entry, which " + what +
                    " needs; use a model whose vocabulary has it (GPT-2's has, id 50256)");
    return impl_->eos;
}

Tokenizer::Tokenizer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Tokenizer::Tokenizer(Tokenizer&&) noexcept = default;
Tokenizer& Tokenizer::operator=(Tokenizer&&) noexcept = default;
Tokenizer::~Tokenizer() = default;

}  // namespace gpt2
