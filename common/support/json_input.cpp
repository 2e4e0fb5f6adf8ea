// support/json_input.cpp — see support/json_input.hpp.
#include "support/json_input.hpp"

#include <nlohmann/json.hpp>

#include "support/error.hpp"

namespace gpt2 {

std::size_t json_too_deep_at(std::string_view text) {
    std::size_t depth = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (c == '\\') ++i;  // skip the escaped character (\" does not end the string)
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > kMaxJsonDepth) return i;
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return std::string_view::npos;
}

std::string json_too_deep_message(std::size_t offset) {
    return "JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels (at byte " +
           std::to_string(offset) + ")";
}

std::size_t json_nul_at(std::string_view text) { return text.find('\0'); }

std::string json_input_problem(std::string_view text) {
    if (const std::size_t at = json_too_deep_at(text); at != std::string_view::npos) return json_too_deep_message(at);
    if (const std::size_t at = json_nul_at(text); at != std::string_view::npos)
        return "JSON with a NUL byte at byte " + std::to_string(at) + " (JSON text cannot hold one)";
    return {};
}

std::string json_for_message(const nlohmann::json& value) {
    const auto count = [](std::size_t n, const char* one, const char* many) {
        return std::to_string(n) + " " + (n == 1 ? one : many);
    };
    switch (value.type()) {
        case nlohmann::json::value_t::string: return quote_for_message(value.get_ref<const std::string&>());
        case nlohmann::json::value_t::array: return "an array of " + count(value.size(), "item", "items");
        case nlohmann::json::value_t::object: return "an object of " + count(value.size(), "key", "keys");
        case nlohmann::json::value_t::binary: return "binary data";
        case nlohmann::json::value_t::discarded: return "nothing";
        default: return value.dump();  // a number, true, false or null: short
    }
}

}  // namespace gpt2
