// show.hpp — print what your code computed, one line per checked call, pass or fail.
//
// A failed CHECK says "0 == 5"; a passing one says nothing. `make homework` should also
// show the numbers you got right, so each test calls show::value for its main values:
//
//   show::value("ch01 ex1", "count_tokens(\"unbelievable\", with space)", n, "expected", 1);
//
// prints (to stdout, where Catch2's console reporter writes too, so the order is kept)
//
//   ch01 ex1  count_tokens("unbelievable", with space) = 1         (expected 1)
//
// Call it BEFORE the CHECKs on the same value: if a REQUIRE stops the test, or your code
// crashes on a later call, the line is already on the screen. show::note prints a free line
// (a table row, a measured figure) in the same format.
//
// Only for the reporters people read (console, compact): homework_main.cpp turns the
// lines off for xml, junit, … (`--reporter xml` must stay well-formed XML).
#pragma once

#include <cstdint>
#include <cstdio>
#include <iostream>
#include <string>
#include <type_traits>
#include <vector>

#include <xtensor/xtensor.hpp>

#include "support/display_width.hpp"
#include "support/utf8.hpp"

namespace show {

inline bool enabled = true;

// The value as a line of text: numbers with 6 significant digits, strings quoted (control
// characters escaped, invalid UTF-8 as U+FFFD, long ones cut), vectors as {a, b, …}.
inline std::string text(const std::string& s) {
    constexpr std::size_t kMaxBytes = 48;
    std::string body;
    for (char c : gpt2::utf8_lossy(s.size() > kMaxBytes ? s.substr(0, kMaxBytes) : s)) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            body += '\\';
            body += c;
        } else if (c == '\n') {
            body += "\\n";
        } else if (u < 0x20 || u == 0x7f) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", u);
            body += buf;
        } else {
            body += c;
        }
    }
    std::string out = "\"" + body + "\"";
    if (s.size() > kMaxBytes) out += "… (" + std::to_string(s.size()) + " bytes)";
    return out;
}
inline std::string text(const char* s) { return text(std::string(s)); }
inline std::string text(bool b) { return b ? "true" : "false"; }
inline std::string text(double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", x);
    return buf;
}
inline std::string text(float x) { return text(double(x)); }
template <class T, std::enable_if_t<std::is_integral_v<T>, int> = 0>
std::string text(T n) {
    return std::to_string(n);
}
template <class T>
std::string text(const std::vector<T>& v) {
    constexpr std::size_t kMaxItems = 8;  // a vocabulary-sized vector stays one line
    std::string out = "{";
    for (std::size_t i = 0; i < v.size() && i < kMaxItems; ++i) out += (i ? ", " : "") + text(T(v[i]));
    if (v.size() > kMaxItems) out += ", … (" + std::to_string(v.size()) + " in all)";
    return out + "}";
}

// A matrix as {{row 0}, {row 1}, …}; an empty one (a starter's {}) as {}.
template <class T>
std::string text(const xt::xtensor<T, 2>& m) {
    std::vector<std::vector<T>> rows;
    for (std::size_t i = 0; i < m.shape(0); ++i)
        rows.emplace_back(m.data() + i * m.shape(1), m.data() + (i + 1) * m.shape(1));
    return text(rows);
}
template <class T>
std::string text(const xt::xtensor<T, 1>& v) {
    return text(std::vector<T>(v.begin(), v.end()));
}

// "ch01 ex1  <what>", flushed at once: the line is out before a later call can crash.
inline void note(const std::string& exercise, const std::string& what) {
    if (!enabled) return;
    std::cout << exercise << "  " << what << std::endl;
}

// "ch01 ex1  <call> = <got>   (<label> <want>)" on one line when it fits in kWidth
// columns (brackets lined up from line to line), else the reference under the value:
//   ch02 ex1  pad_right("Hi", "This weekend I plan to").input_ids = {{15902, 50256, …}, …}
//                                                        expected   {{15902, 50256, …}, …}
template <class Got, class Want>
void value(const std::string& exercise, const std::string& call, const Got& got, const std::string& label,
           const Want& want) {
    constexpr std::size_t kColumn = 56, kWidth = 100;
    const auto pad = [](std::string s, std::size_t width) {  // to `width` columns, on the right
        const std::size_t w = gpt2::display_width(s);
        return s + std::string(w < width ? width - w : 0, ' ');
    };
    const std::string left = call + " = " + text(got), right = "(" + label + " " + text(want) + ")";
    const std::size_t indent = gpt2::display_width(exercise) + 2;
    if (indent + std::max(gpt2::display_width(left), kColumn) + 3 + gpt2::display_width(right) <= kWidth) {
        note(exercise, pad(left, kColumn) + "   " + right);
        return;
    }
    // Two lines, the values starting in the same column: "call = " above, "label   " below.
    const std::string head = call + " = ", under = label + "   ";
    const std::size_t w = std::max(gpt2::display_width(head), gpt2::display_width(under));
    const auto pad_left = [](const std::string& s, std::size_t width) {
        const std::size_t n = gpt2::display_width(s);
        return std::string(n < width ? width - n : 0, ' ') + s;
    };
    note(exercise, pad_left(head, w) + text(got));
    note(std::string(exercise.size(), ' '), pad_left(under, w) + text(want));
}

}  // namespace show
