// model/safetensors.hpp — read a .safetensors file without copying it.
//
// The format: 8 bytes (little-endian u64) = N, then N bytes of JSON header
// {"name": {"dtype": "F32", "shape": [r, c], "data_offsets": [begin, end]}, ...,
//  "__metadata__": {...}}, then the raw tensor bytes (offsets relative to their start).
//
// We memory-map the file (the OS pages weights in on demand and shares them between
// processes) and validate the whole header up front, so that a truncated or corrupt
// file is one clear gpt2::Error naming the file and the tensor, never a crash later.
// Not handled: writing files, big-endian machines.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace gpt2 {

enum class DType { BOOL, U8, I8, I16, U16, F16, BF16, I32, U32, F32, F64, I64, U64, F8_E4M3, F8_E5M2 };

std::size_t dtype_size(DType t);
std::string_view dtype_name(DType t);

struct TensorInfo {
    std::string name;
    DType dtype;
    std::vector<std::size_t> shape;
    std::size_t begin = 0, end = 0;  // byte offsets into the data section

    std::size_t numel() const;
};

// A read-only memory map of a whole file. Move-only; unmaps on destruction.
// If the file shrinks while mapped (another process truncates or rewrites it), reading the
// lost pages raises SIGBUS: the first MappedFile installs a SIGBUS handler that then prints
// one line "prog: error: PATH: the file changed or was truncated while in use ..." and
// exits with status 1, instead of a silent crash (see model/safetensors.cpp).
class MappedFile {
public:
    explicit MappedFile(const std::filesystem::path& path);
    MappedFile(MappedFile&& other) noexcept;
    MappedFile& operator=(MappedFile&& other) noexcept;
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    ~MappedFile();

    const std::byte* data() const { return data_; }
    std::size_t size() const { return size_; }

private:
    const std::byte* data_ = nullptr;
    std::size_t size_ = 0;
};

class SafeTensors {
public:
    static constexpr std::uint64_t max_header_bytes = 100'000'000;

    // Maps and validates; throws gpt2::Error on any problem.
    explicit SafeTensors(const std::filesystem::path& path);

    const std::filesystem::path& path() const { return path_; }
    std::size_t file_size() const { return file_.size(); }
    const std::vector<TensorInfo>& tensors() const { return tensors_; }  // sorted by offset
    const TensorInfo* find(std::string_view name) const;                 // nullptr if absent
    const std::byte* bytes(const TensorInfo& t) const { return data_ + t.begin; }

private:
    std::filesystem::path path_;
    MappedFile file_;
    const std::byte* data_ = nullptr;  // start of the data section inside file_
    std::vector<TensorInfo> tensors_;
};

}  // namespace gpt2
