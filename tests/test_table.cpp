// test_table.cpp — Table rendering (exact strings), display_width, word_wrap and display_token.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>

#include "display/token_display.hpp"
#include "support/display_width.hpp"
#include "support/error.hpp"
#include "support/table.hpp"

using gpt2::display_token;
using gpt2::display_width;
using gpt2::Table;

namespace {

bool has_trailing_space(const std::string& text) {
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);)
        if (!line.empty() && line.back() == ' ') return true;
    return false;
}

}  // namespace

// ---- display_width ---------------------------------------------------------------

TEST_CASE("display_width: ASCII, CJK, emoji and combining marks") {
    CHECK(display_width("") == 0);
    CHECK(display_width("abc") == 3);
    CHECK(display_width("\xC3\xA9") == 1);           // é precomposed, U+00E9
    CHECK(display_width("e\xCC\x81") == 1);          // e + U+0301 combining acute
    CHECK(display_width("\xE6\x97\xA5\xE6\x9C\xAC") == 4);  // 日本
    CHECK(display_width("\xED\x95\x9C") == 2);       // 한 (Hangul syllable)
    CHECK(display_width("\xEF\xBC\xA8") == 2);       // Ｈ fullwidth
    CHECK(display_width("\xF0\x9F\x91\x8B") == 2);   // 👋
    CHECK(display_width("\xF0\x9F\x91\x8B\xF0\x9F\x8F\xBD") == 2);  // 👋🏽: skin tone is 0
    CHECK(display_width("\xE2\x8C\x9A") == 2);       // ⌚ emoji-presentation symbol
    CHECK(display_width("\xE2\x9D\xA4\xEF\xB8\x8F") == 1);  // ❤ + VS16: approximated as 1
    CHECK(display_width("\xE2\x80\x8D") == 0);       // zero-width joiner
    CHECK(display_width("\xEF\xBF\xBD") == 1);       // U+FFFD
    CHECK(display_width("\xE2\x90\xA3") == 1);       // ␣
    // An emoji ZWJ sequence is approximated: 👩‍💻 = 2 + 0 + 2, not the 2 most terminals use.
    CHECK(display_width("\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x92\xBB") == 4);
}

TEST_CASE("display_width: each invalid byte counts one column") {
    CHECK(display_width("\xFF\xFE") == 2);
    CHECK(display_width("\xE6\x97") == 2);           // truncated 日
    CHECK(display_width("a\xE6\x97" "b") == 4);
    CHECK(display_width("\xC0\xAF") == 2);           // overlong '/'
    CHECK(display_width("\xED\xA0\x80") == 3);       // a UTF-16 surrogate
    CHECK(display_width("\xF4\x90\x80\x80") == 4);   // above U+10FFFF
    CHECK(display_width("\x80" "a") == 2);           // stray continuation byte
}

TEST_CASE("codepoint_width at table edges") {
    CHECK(gpt2::codepoint_width(0x2FF) == 1);
    CHECK(gpt2::codepoint_width(0x300) == 0);
    CHECK(gpt2::codepoint_width(0x36F) == 0);
    CHECK(gpt2::codepoint_width(0x370) == 1);
    CHECK(gpt2::codepoint_width(0xFE0F) == 0);
    CHECK(gpt2::codepoint_width(0x1F3FB) == 0);
    CHECK(gpt2::codepoint_width(0x1F3FF) == 0);
    CHECK(gpt2::codepoint_width(0x1F400) == 2);
    CHECK(gpt2::codepoint_width(0x4E00) == 2);
    CHECK(gpt2::codepoint_width(0x20000) == 2);
    CHECK(gpt2::codepoint_width(0x10FFFF) == 1);
}

// ---- display_token ---------------------------------------------------------------

TEST_CASE("display_token makes spaces and controls visible") {
    CHECK(display_token(" to") == "\xE2\x90\xA3to");  // ␣to
    CHECK(display_token("to") == "to");
    CHECK(display_token("  ") == "\xE2\x90\xA3\xE2\x90\xA3");
    CHECK(display_token("\n") == "\\n");
    CHECK(display_token("\n\n") == "\\n\\n");
    CHECK(display_token("\t") == "\\t");
    CHECK(display_token("\r") == "\\r");
    CHECK(display_token(std::string(1, '\0')) == "\\x00");
    CHECK(display_token("\x1b") == "\\x1B");
    CHECK(display_token("\x7f") == "\\x7F");
    CHECK(display_token("") == "");
    CHECK(display_token(" \xEF\xBF\xBD") == "\xE2\x90\xA3\xEF\xBF\xBD");  // ␣�
    CHECK(display_token("\xE6\x97\xA5\xE6\x9C\xAC") == "\xE6\x97\xA5\xE6\x9C\xAC");
    CHECK(display_token("\xC2\xA0") == "\xC2\xA0");  // no-break space is left alone
    CHECK(display_token("a\\n") == "a\\n");           // backslashes are not escaped
}

// ---- Table -----------------------------------------------------------------------

TEST_CASE("Table: ASCII alignment, pandas-style labels") {
    const Table t = Table::from_rows({{display_token(" This"), display_token("This"), display_token(" These")},
                                      {display_token(" plan"), display_token(" plans"), display_token("plan")}});
    CHECK(t.num_rows() == 2);
    CHECK(t.num_cols() == 3);
    CHECK(t.render() ==
          "   0      1       2\n"
          "0  ␣This  This    ␣These\n"
          "1  ␣plan  ␣plans  plan\n");
}

TEST_CASE("Table: the row-label column is right-aligned, cells left-aligned") {
    Table t({"a", "bb"}, {"x", "long"});
    t.set(0, 0, "1");
    t.set(0, 1, "22");
    t.set(1, 0, "333");
    t.set(1, 1, "4");
    CHECK(t.at(1, 0) == "333");
    CHECK(t.render() ==
          "      a    bb\n"
          "   x  1    22\n"
          "long  333  4\n");
}

TEST_CASE("Table: labels 0..10 right-align like pandas' index") {
    std::vector<std::vector<std::string>> rows(11, std::vector<std::string>{"t"});
    rows[10][0] = "end";
    const std::string out = Table::from_rows(rows).render();
    CHECK(out.rfind("    0\n", 0) == 0);                 // header: 2 + 2 spaces, then "0"
    CHECK(out.find("\n 9  t\n10  end\n") != std::string::npos);
}

TEST_CASE("Table: CJK cells are two columns per character") {
    const Table t = Table::from_rows({{"日本", "x"}, {"a", "y"}});
    CHECK(t.render() ==
          "   0     1\n"
          "0  日本  x\n"
          "1  a     y\n");
}

TEST_CASE("Table: an emoji with a skin tone is two columns") {
    const Table t = Table::from_rows({{"👋🏽", "z"}, {"abc", "w"}});
    CHECK(t.render() ==
          "   0    1\n"
          "0  👋🏽   z\n"
          "1  abc  w\n");
}

TEST_CASE("Table: a combining mark takes no column") {
    const Table t = Table::from_rows({{"e\xCC\x81", "q"}, {"ab", "r"}});  // é = e + U+0301
    CHECK(t.render() ==
          "   0   1\n"
          "0  e\xCC\x81   q\n"
          "1  ab  r\n");
}

TEST_CASE("Table: no line ends in spaces") {
    const Table t = Table::from_rows({{"a", ""}, {"bbbb", "c"}, {"", ""}});
    const std::string out = t.render();
    CHECK(out ==
          "   0     1\n"
          "0  a\n"
          "1  bbbb  c\n"
          "2\n");
    CHECK_FALSE(has_trailing_space(out));
}

TEST_CASE("word_wrap: words filled to a width in terminal columns") {
    CHECK(gpt2::word_wrap("one two three", 8) == "one two\nthree\n");
    CHECK(gpt2::word_wrap("one two three", 7) == "one two\nthree\n");  // 7 columns fit exactly
    CHECK(gpt2::word_wrap("one two three", 6, "  ") == "one\n  two\n  three\n");
    CHECK(gpt2::word_wrap("  spaces\n collapse  ", 80) == "spaces collapse\n");
    CHECK(gpt2::word_wrap("", 80) == "\n");
    CHECK(gpt2::word_wrap("a unbreakable b", 3) == "a\nunbreakable\nb\n");  // too wide: a line of its own
    // Columns, not bytes: 日本 is 6 bytes but 4 columns.
    CHECK(gpt2::word_wrap("\xE6\x97\xA5\xE6\x9C\xAC ab", 7) == "\xE6\x97\xA5\xE6\x9C\xAC ab\n");
}

TEST_CASE("Table: transpose swaps rows and columns, as DataFrame.T") {
    const Table t = Table::from_rows({{"␣This", "␣weekend"}, {"This", "␣weekends"}, {"␣These", "Weekend"}});
    const Table tt = t.transpose();
    CHECK(tt.num_rows() == 2);
    CHECK(tt.num_cols() == 3);
    CHECK(tt.at(1, 2) == "Weekend");
    CHECK(tt.render() ==
          "   0         1          2\n"
          "0  ␣This     This       ␣These\n"
          "1  ␣weekend  ␣weekends  Weekend\n");
    CHECK(tt.transpose().render() == t.render());
}

TEST_CASE("Table: empty tables") {
    CHECK(Table({}, {}).render() == "");
    CHECK(Table::from_rows({}).render() == "");
    CHECK(Table({"a", "b"}, {}).render() == "a  b\n");  // no rows: no row-label column
    CHECK(Table({}, {"r"}).render() == "r\n");
    CHECK(Table({"c"}, {"", ""}).render() == "c\n\n\n");  // empty labels and cells
}

TEST_CASE("Table: out-of-range cells and ragged rows are errors") {
    Table t({"a", "b"}, {"x", "y"});
    CHECK_THROWS_AS(t.set(2, 0, "v"), gpt2::Error);
    CHECK_THROWS_AS(t.set(0, 2, "v"), gpt2::Error);
    CHECK_THROWS_AS(t.at(5, 5), gpt2::Error);
    CHECK_THROWS_AS(Table({}, {}).set(0, 0, "v"), gpt2::Error);
    CHECK_THROWS_AS(Table::from_rows({{"a", "b"}, {"c"}}), gpt2::Error);
    CHECK_NOTHROW(t.set(1, 1, "v"));
}
