// Tests for common/display/py_repr.hpp and common/display/torch_repr.hpp: our text must read exactly as
// Python and PyTorch print the same values (expected strings written from Python 3.9 /
// torch 1.13 behaviour; the notebook's own outputs where it has them).
#include <catch2/catch.hpp>

#include <numeric>

#include "display/py_repr.hpp"
#include "display/torch_repr.hpp"
#include "support/error.hpp"

using gpt2::py_repr;
using gpt2::tensor_repr;

TEST_CASE("py_repr: quotes as Python chooses them", "[py_repr]") {
    CHECK(py_repr(" to") == "' to'");                         // Out[11]
    CHECK(py_repr("") == "''");
    CHECK(py_repr("don't") == "\"don't\"");                   // ' and no ": double quotes
    CHECK(py_repr("say \"hi\"") == "'say \"hi\"'");
    CHECK(py_repr("\"don't\"") == "'\"don\\'t\"'");            // both: single, \' escaped
    CHECK(py_repr("'") == "\"'\"");
}

TEST_CASE("py_repr: escapes", "[py_repr]") {
    CHECK(py_repr("a\nb\tc\rd") == "'a\\nb\\tc\\rd'");
    CHECK(py_repr("back\\slash") == "'back\\\\slash'");
    CHECK(py_repr(std::string("\0\x1b\x7f", 3)) == "'\\x00\\x1b\\x7f'");
    CHECK(py_repr("\xC2\xA0") == "'\\xa0'");                  // NO-BREAK SPACE (Zs)
    CHECK(py_repr("\xC2\xAD") == "'\\xad'");                  // SOFT HYPHEN (Cf)
    CHECK(py_repr("\xE2\x80\x8B") == "'\\u200b'");            // ZERO WIDTH SPACE (Cf)
    CHECK(py_repr("\xE3\x80\x80") == "'\\u3000'");            // IDEOGRAPHIC SPACE (Zs)
    CHECK(py_repr("\xEE\x80\x80") == "'\\ue000'");            // private use (Co)
    CHECK(py_repr("\xF3\xA0\x80\x81") == "'\\U000e0001'");    // LANGUAGE TAG (Cf)
    CHECK(py_repr("\xFF") == "'\\xff'");                      // not UTF-8 at all: the byte
}

TEST_CASE("py_repr: printable characters stay as they are", "[py_repr]") {
    CHECK(py_repr("caf\xC3\xA9") == "'caf\xC3\xA9'");         // é
    CHECK(py_repr("\xEF\xBF\xBD") == "'\xEF\xBF\xBD'");       // U+FFFD, half a character's token
    CHECK(py_repr("\xE6\x97\xA5\xE6\x9C\xAC") == "'\xE6\x97\xA5\xE6\x9C\xAC'");  // 日本
    CHECK(py_repr("\xF0\x9F\x98\x80") == "'\xF0\x9F\x98\x80'");  // 😀
}

TEST_CASE("py_repr: a list, as Out[14]", "[py_repr]") {
    CHECK(py_repr(std::vector<std::string>{" to", "to", " To", "don't"}) == "[' to', 'to', ' To', \"don't\"]");
    CHECK(py_repr(std::vector<std::string>{}) == "[]");
}

TEST_CASE("tensor_repr: the notebook's tensors", "[torch_repr]") {
    CHECK(tensor_repr(284) == "tensor(284)");                                                  // Out[11]
    CHECK(tensor_repr({{770, 5041, 314, 1410, 284}}) == "tensor([[ 770, 5041,  314, 1410,  284]])");  // Out[7]
    CHECK(tensor_repr({{50256, 50256, 50256, 50256, 15902}, {770, 5041, 314, 1410, 284}}) ==          // Out[5]
          "tensor([[50256, 50256, 50256, 50256, 15902],\n"
          "        [  770,  5041,   314,  1410,   284]])");
    CHECK(tensor_repr({{-1, 2}}) == "tensor([[-1,  2]])");
}

TEST_CASE("tensor_repr: long rows wrap at 80 columns, huge tensors are summarised", "[torch_repr]") {
    std::vector<int> row(13);
    std::iota(row.begin(), row.end(), 1000);
    CHECK(tensor_repr({row}) ==
          "tensor([[1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008, 1009, 1010, 1011,\n"
          "         1012]])");
    std::vector<int> big(1001);
    std::iota(big.begin(), big.end(), 0);
    CHECK(tensor_repr({big}) == "tensor([[   0,    1,    2,  ...,  998,  999, 1000]])");
    std::vector<std::vector<int>> tall(501, std::vector<int>{1, 2});
    CHECK(tensor_repr(tall) ==
          "tensor([[1, 2],\n"
          "        [1, 2],\n"
          "        [1, 2],\n"
          "        ...,\n"
          "        [1, 2],\n"
          "        [1, 2],\n"
          "        [1, 2]])");
    CHECK_THROWS_AS(tensor_repr(std::vector<std::vector<int>>{}), gpt2::Error);
}

TEST_CASE("module reprs: Out[8] and Out[9]", "[torch_repr]") {
    CHECK(gpt2::embedding_repr(50257, 768) == "Embedding(50257, 768)");
    CHECK(gpt2::linear_repr(768, 50257, false) == "Linear(in_features=768, out_features=50257, bias=False)");
    CHECK(gpt2::linear_repr(3, 4, true) == "Linear(in_features=3, out_features=4, bias=True)");
}
