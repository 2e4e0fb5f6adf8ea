// fuzz/safetensors.cpp — the safetensors reader (common/model/safetensors.hpp).
//
// Input: the bytes of a .safetensors file (8-byte little-endian header length, JSON header,
// tensor data). SafeTensors maps a path, so the bytes go to a file in the scratch folder.
// Expected: a gpt2::Error for anything malformed. On success the tensor table must be what
// the header promised: every tensor inside the data section, its byte span exactly
// numel × dtype size, sorted by offset, no two non-empty tensors overlapping, each found
// by its name, no name twice, and no NUL byte in the header (nlohmann stops reading at one).
#include <cstdint>
#include <cstring>

#include "fuzz_util.hpp"
#include "model/safetensors.hpp"
#include "support/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto path = fuzz::scratch().write("model.safetensors", fuzz::as_view(data, size));
    try {
        const gpt2::SafeTensors st(path);
        FUZZ_CHECK(size >= 8 && st.file_size() == size);
        std::uint64_t header_len = 0;
        for (int i = 7; i >= 0; --i) header_len = (header_len << 8) | data[i];
        FUZZ_CHECK(header_len <= size - 8);
        // JSON text holds no NUL: one means something after it went unread (json_input.hpp).
        FUZZ_CHECK(std::memchr(data + 8, 0, header_len) == nullptr);
        const std::size_t data_size = size - 8 - header_len;

        const gpt2::TensorInfo* prev = nullptr;
        for (const auto& t : st.tensors()) {
            FUZZ_CHECK(t.begin <= t.end && t.end <= data_size);
            FUZZ_CHECK(t.end - t.begin == t.numel() * gpt2::dtype_size(t.dtype));
            FUZZ_CHECK(!gpt2::dtype_name(t.dtype).empty());
            const gpt2::TensorInfo* found = st.find(t.name);
            FUZZ_CHECK(found && found->name == t.name);
            std::size_t named = 0;
            for (const auto& u : st.tensors()) named += u.name == t.name;
            FUZZ_CHECK(named == 1);
            if (prev) FUZZ_CHECK(prev->begin <= t.begin);
            if (t.begin != t.end) {
                // The tensor's bytes are the input's bytes at the same place.
                FUZZ_CHECK(std::memcmp(st.bytes(t), data + 8 + header_len + t.begin, t.end - t.begin) == 0);
            }
            prev = &t;
        }
        // Non-empty tensors do not overlap.
        const gpt2::TensorInfo* last = nullptr;
        for (const auto& t : st.tensors()) {
            if (t.begin == t.end) continue;
            if (last) FUZZ_CHECK(t.begin >= last->end);
            last = &t;
        }
    } catch (const gpt2::Error& e) {
        fuzz::expected_error(e);  // expected for malformed files
    }
    return 0;
}
