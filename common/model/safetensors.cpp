#include "model/safetensors.hpp"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstring>
#include <limits>
#include <mutex>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "support/error.hpp"
#include "support/json_input.hpp"
#include "support/memory_limit.hpp"

namespace gpt2 {

namespace {

struct DTypeEntry {
    std::string_view name;
    DType type;
    std::size_t size;
};
constexpr DTypeEntry kDTypes[] = {
    {"BOOL", DType::BOOL, 1}, {"U8", DType::U8, 1},     {"I8", DType::I8, 1},
    {"I16", DType::I16, 2},   {"U16", DType::U16, 2},   {"F16", DType::F16, 2},
    {"BF16", DType::BF16, 2}, {"I32", DType::I32, 4},   {"U32", DType::U32, 4},
    {"F32", DType::F32, 4},   {"F64", DType::F64, 8},   {"I64", DType::I64, 8},
    {"U64", DType::U64, 8},   {"F8_E4M3", DType::F8_E4M3, 1}, {"F8_E5M2", DType::F8_E5M2, 1},
};

const DTypeEntry& entry(DType t) {
    for (const auto& e : kDTypes)
        if (e.type == t) return e;
    throw std::logic_error("unknown DType");
}

std::string shape_string(const std::vector<std::size_t>& shape) {
    std::string s = "[";
    for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

// A tensor name in double quotes, escaped and shortened: a name may contain any bytes,
// but an error message must stay one short line.
std::string quoted(const std::string& name) { return quote_for_message(name); }

}  // namespace

std::size_t dtype_size(DType t) { return entry(t).size; }
std::string_view dtype_name(DType t) { return entry(t).name; }

std::size_t TensorInfo::numel() const {
    std::size_t n = 1;
    for (auto d : shape) n *= d;
    return n;
}

// ---- SIGBUS: a mapped file that shrank under us ------------------------------------
//
// Reading a page of a mapping past the end of its file (another process truncated or
// rewrote model.safetensors while we run) raises SIGBUS, which would kill us without a
// word. Each MappedFile registers its address range with a ready-made one-line message; the
// handler finds the range holding the faulting address, writes the message and exits 1,
// using only async-signal-safe calls (atomic loads, write, _exit). A SIGBUS anywhere else
// goes to the previous disposition (by default: die with SIGBUS, as before).

namespace {

struct MappedRange {
    std::atomic<std::uintptr_t> begin{0};  // 0: free slot
    std::atomic<std::size_t> size{0};
    std::atomic<std::size_t> length{0};    // of message
    char message[1024];
};
constexpr std::size_t kMaxMappedRanges = 32;  // more maps than this still work, without the message
MappedRange g_ranges[kMaxMappedRanges];
std::mutex g_ranges_mutex;
struct sigaction g_previous_sigbus;

extern "C" void on_sigbus(int sig, siginfo_t* info, void* context) {
    const auto addr = reinterpret_cast<std::uintptr_t>(info->si_addr);
    for (auto& r : g_ranges) {
        const std::uintptr_t b = r.begin.load(std::memory_order_acquire);
        if (b != 0 && addr >= b && addr - b < r.size.load(std::memory_order_relaxed)) {
            const ssize_t ignored = ::write(STDERR_FILENO, r.message, r.length.load(std::memory_order_relaxed));
            (void)ignored;
            ::_exit(1);
        }
    }
    // Not one of ours: hand over to what was there before.
    if (g_previous_sigbus.sa_flags & SA_SIGINFO) {
        if (g_previous_sigbus.sa_sigaction) return g_previous_sigbus.sa_sigaction(sig, info, context);
    } else if (g_previous_sigbus.sa_handler != SIG_DFL && g_previous_sigbus.sa_handler != SIG_IGN) {
        return g_previous_sigbus.sa_handler(sig);
    }
    ::signal(SIGBUS, SIG_DFL);
    if (info->si_code <= 0) ::raise(SIGBUS);  // sent by kill()/raise(): send it again
    // a real fault: returning runs the instruction again, which now kills us
}

void register_mapping(const std::byte* data, std::size_t size, const std::filesystem::path& path) {
    static std::once_flag installed;
    std::call_once(installed, [] {
        struct sigaction sa {};
        sa.sa_sigaction = on_sigbus;
        sa.sa_flags = SA_SIGINFO;
        sigemptyset(&sa.sa_mask);
        ::sigaction(SIGBUS, &sa, &g_previous_sigbus);
    });
    std::string msg = std::string(program_invocation_short_name) + ": error: " + path_for_message(path) +
                      ": the file changed or was truncated while in use (bus error reading it); "
                      "run again once nothing is rewriting it";
    std::lock_guard<std::mutex> lock(g_ranges_mutex);
    for (auto& r : g_ranges) {
        if (r.begin.load(std::memory_order_relaxed) != 0) continue;
        msg.resize(std::min(msg.size(), sizeof r.message - 1));
        msg += '\n';
        std::memcpy(r.message, msg.data(), msg.size());
        r.length.store(msg.size(), std::memory_order_relaxed);
        r.size.store(size, std::memory_order_relaxed);
        r.begin.store(reinterpret_cast<std::uintptr_t>(data), std::memory_order_release);
        return;
    }
}

void unregister_mapping(const std::byte* data) {
    std::lock_guard<std::mutex> lock(g_ranges_mutex);
    for (auto& r : g_ranges)
        if (r.begin.load(std::memory_order_relaxed) == reinterpret_cast<std::uintptr_t>(data)) {
            r.begin.store(0, std::memory_order_release);
            return;
        }
}

}  // namespace

// ---- MappedFile ------------------------------------------------------------------

MappedFile::MappedFile(const std::filesystem::path& path) {
    // O_NONBLOCK: a FIFO in the file's place is refused below, instead of blocking in open().
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) throw Error(path_for_message(path) + ": cannot open (" + std::strerror(errno) + ")");
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        throw Error(path_for_message(path) + ": not a regular file");
    }
    size_ = static_cast<std::size_t>(st.st_size);
    if (size_ > 0) {
        void* p = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
        if (p == MAP_FAILED) {
            const int err = errno;
            ::close(fd);
            // ENOMEM: no room for the mapping, most often under an address-space limit.
            if (err == ENOMEM)
                throw Error("out of memory while mapping " + path_for_message(path) + " (" +
                            std::to_string((size_ + (1u << 20) - 1) >> 20) + " MB)" + out_of_memory_advice());
            throw Error(path_for_message(path) + ": cannot memory-map (" + std::strerror(err) + ")");
        }
        data_ = static_cast<const std::byte*>(p);
        register_mapping(data_, size_, path);
    }
    ::close(fd);  // the mapping keeps the file alive
}

MappedFile::MappedFile(MappedFile&& o) noexcept
    : data_(std::exchange(o.data_, nullptr)), size_(std::exchange(o.size_, 0)) {}

MappedFile& MappedFile::operator=(MappedFile&& o) noexcept {
    if (this != &o) {
        this->~MappedFile();
        data_ = std::exchange(o.data_, nullptr);
        size_ = std::exchange(o.size_, 0);
    }
    return *this;
}

MappedFile::~MappedFile() {
    if (data_) {
        unregister_mapping(data_);
        ::munmap(const_cast<std::byte*>(data_), size_);
    }
}

// ---- SafeTensors -----------------------------------------------------------------

SafeTensors::SafeTensors(const std::filesystem::path& path) : path_(path), file_(path) {
    const std::string where = path_for_message(path);
    if (file_.size() < 8)
        throw Error(where + ": too short to be a safetensors file (" + std::to_string(file_.size()) +
                    " bytes); re-download the model");

    std::uint64_t header_len = 0;
    for (int i = 7; i >= 0; --i)  // little-endian, whatever the machine
        header_len = (header_len << 8) | std::to_integer<std::uint8_t>(file_.data()[i]);
    if (header_len > max_header_bytes)
        throw Error(where + ": header length " + std::to_string(header_len) +
                    " bytes is implausible (limit 100 MB); the file is corrupt or not safetensors");
    if (header_len > file_.size() - 8)
        throw Error(where + ": header length " + std::to_string(header_len) +
                    " runs past the end of the file (" + std::to_string(file_.size()) +
                    " bytes); the file is truncated");

    const char* header_begin = reinterpret_cast<const char*>(file_.data() + 8);
    if (const std::string problem = json_input_problem({header_begin, header_len}); !problem.empty())
        throw Error(where + ": header " + problem + "; the file is corrupt or not safetensors");
    nlohmann::json header;
    // nlohmann::json keeps the last of two equal keys without a word; a tensor named twice is
    // refused here, as the safetensors library does.
    std::vector<std::string> names;
    const auto no_duplicates = [&](int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
        if (depth == 1 && event == nlohmann::json::parse_event_t::key) names.push_back(parsed.get<std::string>());
        return true;
    };
    try {
        header = nlohmann::json::parse(header_begin, header_begin + header_len, no_duplicates);
    } catch (const nlohmann::json::exception& e) {
        throw Error(where + ": header is not valid JSON (" + printable_for_message(e.what()) + ")");
    }
    if (!header.is_object()) throw Error(where + ": header is not a JSON object");
    std::sort(names.begin(), names.end());
    if (const auto dup = std::adjacent_find(names.begin(), names.end()); dup != names.end())
        throw Error(where + ": duplicate tensor name " + quote_for_message(*dup) + " in the header; the file is corrupt");

    data_ = file_.data() + 8 + header_len;
    const std::size_t data_size = file_.size() - 8 - header_len;

    for (const auto& [name, desc] : header.items()) {
        if (name == "__metadata__") continue;
        const std::string t = where + ": tensor " + quoted(name) + ": ";
        if (!desc.is_object() || !desc.contains("dtype") || !desc.contains("shape") ||
            !desc.contains("data_offsets"))
            throw Error(t + "needs \"dtype\", \"shape\" and \"data_offsets\"");

        TensorInfo info;
        info.name = name;
        const auto& dt = desc["dtype"];
        auto it = std::find_if(std::begin(kDTypes), std::end(kDTypes), [&](const DTypeEntry& e) {
            return dt.is_string() && e.name == dt.get<std::string>();
        });
        if (it == std::end(kDTypes)) throw Error(t + "unknown dtype " + json_for_message(dt));
        info.dtype = it->type;

        const auto& shape = desc["shape"];
        if (!shape.is_array()) throw Error(t + "\"shape\" must be an array");
        std::size_t numel = 1;
        for (const auto& d : shape) {
            if (!d.is_number_unsigned()) throw Error(t + "shape entries must be non-negative integers");
            const auto dim = d.get<std::uint64_t>();
            info.shape.push_back(dim);
            if (dim != 0 && numel > std::numeric_limits<std::size_t>::max() / 16 / dim)
                throw Error(t + "shape " + printable_for_message(shape_string(info.shape), 120) +
                            (info.shape.size() < shape.size() ? "..." : "") + " is too large");
            numel *= dim;
        }

        const auto& off = desc["data_offsets"];
        if (!off.is_array() || off.size() != 2 || !off[0].is_number_unsigned() ||
            !off[1].is_number_unsigned())
            throw Error(t + "\"data_offsets\" must be [begin, end]");
        info.begin = off[0].get<std::uint64_t>();
        info.end = off[1].get<std::uint64_t>();
        if (info.begin > info.end || info.end > data_size)
            throw Error(t + "data_offsets [" + std::to_string(info.begin) + ", " +
                        std::to_string(info.end) + "] fall outside the " + std::to_string(data_size) +
                        " bytes of tensor data; the file is truncated or corrupt");
        if (info.end - info.begin != numel * it->size)
            throw Error(t + "shape " + printable_for_message(shape_string(info.shape), 120) + " of " + std::string(it->name) +
                        " needs " + std::to_string(numel * it->size) + " bytes but data_offsets span " +
                        std::to_string(info.end - info.begin));
        tensors_.push_back(std::move(info));
    }

    std::sort(tensors_.begin(), tensors_.end(), [](const TensorInfo& a, const TensorInfo& b) {
        return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
    });
    // Zero-length tensors occupy no bytes, so they overlap nothing (a writer may put one
    // at the offset where the next tensor starts); among the others, sorted by begin,
    // comparing neighbours finds any overlap.
    const TensorInfo* prev = nullptr;
    for (const auto& t : tensors_) {
        if (t.begin == t.end) continue;
        if (prev && t.begin < prev->end)
            throw Error(where + ": tensors " + quoted(prev->name) + " and " + quoted(t.name) +
                        " overlap; the file is corrupt");
        prev = &t;
    }
}

const TensorInfo* SafeTensors::find(std::string_view name) const {
    for (const auto& t : tensors_)
        if (t.name == name) return &t;
    return nullptr;
}

}  // namespace gpt2
