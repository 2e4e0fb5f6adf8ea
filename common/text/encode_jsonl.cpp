// text/encode_jsonl.cpp — see text/encode_jsonl.hpp.
#include "text/encode_jsonl.hpp"

#include <charconv>
#include <istream>
#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

#include "support/error.hpp"
#include "support/json_input.hpp"

namespace gpt2 {

namespace {

// std::getline with a limit: reads the next line (without its "\n") into line; false at the
// end of the input. Throws when the line, less a final "\r", is longer than max bytes.
bool read_line(std::istream& in, std::string& line, std::size_t max, std::size_t line_no) {
    line.clear();
    std::streambuf* sb = in.rdbuf();
    for (;;) {
        const auto c = sb->sbumpc();
        if (c == std::char_traits<char>::eof()) {
            in.setstate(std::ios::eofbit);
            return !line.empty();
        }
        if (c == '\n') return true;
        if (line.size() > max || (line.size() == max && c != '\r'))
            throw Error("line " + std::to_string(line_no) + " is longer than " + std::to_string(max) +
                        " bytes (1 MiB): give one JSON string per line");
        line.push_back(static_cast<char>(c));
    }
}

}  // namespace

std::size_t encode_jsonl(const Tokenizer& tokenizer, std::istream& in, std::ostream& out,
                         const EncodeOptions& opts) {
    constexpr std::size_t kFlushBytes = 1 << 16;
    std::string line, text, chunk;
    std::vector<int> ids;
    std::size_t n = 0;
    while (read_line(in, line, kMaxJsonlLineBytes, n + 1)) {
        ++n;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        const std::string where = "line " + std::to_string(n) + ": ";
        try {
            if (const std::string problem = json_input_problem(line); !problem.empty())
                throw Error("not a JSON string (" + problem + ")");
            const auto value = nlohmann::json::parse(line);
            if (!value.is_string())
                throw Error("expected a JSON string such as \"Hello\", got " +
                            std::string(value.type_name()));
            value.get_to(text);
            ids = tokenizer.encode(text, opts);
        } catch (const nlohmann::json::exception& e) {
            throw Error(where + "not a JSON string (" + printable_for_message(e.what()) + ")");
        } catch (const Error& e) {
            throw Error(where + e.what());
        }
        chunk += '[';
        char buf[16];
        for (std::size_t i = 0; i < ids.size(); ++i) {
            if (i) chunk += ',';
            const auto res = std::to_chars(buf, buf + sizeof buf, ids[i]);
            chunk.append(buf, res.ptr);
        }
        chunk += "]\n";
        if (chunk.size() >= kFlushBytes) {
            out << chunk;
            chunk.clear();
        }
    }
    if (in.bad()) throw Error("line " + std::to_string(n + 1) + ": read error");
    out << chunk;
    return n;
}

}  // namespace gpt2
