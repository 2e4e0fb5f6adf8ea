#include "model/model.hpp"

#include <cstdint>
#include <cstring>
#include <string>

#include "model/half_float.hpp"
#include "model/safetensors.hpp"
#include "support/error.hpp"
#include "support/finite.hpp"
#include "support/memory_limit.hpp"

namespace gpt2 {

namespace {

std::string shape_str(const std::vector<std::size_t>& s) {
    std::string r = "[";
    for (std::size_t i = 0; i < s.size(); ++i) r += (i ? ", " : "") + std::to_string(s[i]);
    return r + "]";
}

// Finds tensors by GPT-2 name, with or without the "transformer." prefix, checks their
// shapes, and hands out float32 pointers (into the map, or into upcast copies).
class Loader {
public:
    Loader(const SafeTensors& st, std::vector<std::vector<float>>& upcast) : st_(st), upcast_(upcast) {}

    const TensorInfo* find(const std::string& name) const {
        if (auto* t = st_.find(name)) return t;
        return st_.find("transformer." + name);
    }

    template <std::size_t N>
    Param<N> get(const std::string& name, std::array<std::size_t, N> shape) {
        const TensorInfo* t = find(name);
        if (!t)
            throw Error(path_for_message(st_.path()) + ": tensor \"" + name +
                        "\" is missing; is this a GPT-2 checkpoint for this config.json?");
        std::vector<std::size_t> want(shape.begin(), shape.end());
        if (t->shape != want)
            throw Error(path_for_message(st_.path()) + ": tensor \"" + t->name + "\" has shape " +
                        printable_for_message(shape_str(t->shape), 120) + ", expected " + shape_str(want) + " from config.json");
        const float* data = floats(*t);
        // NaN or ±Inf would flow through every layer into confident-looking results: refuse it here.
        if (const std::size_t i = first_nonfinite(data, t->numel()); i != t->numel())
            throw Error(path_for_message(st_.path()) + ": tensor " + quote_for_message(t->name) + " has " +
                        nonfinite_name(data[i]) + " at " + index_text(i, t->shape) +
                        "; the file is corrupt (download it again, or restore it)");
        return Param<N>{data, shape};
    }

private:
    const float* floats(const TensorInfo& t) {
        const std::byte* src = st_.bytes(t);
        if (t.dtype == DType::F32 && reinterpret_cast<std::uintptr_t>(src) % alignof(float) == 0)
            return reinterpret_cast<const float*>(src);  // zero copy
        AllocationLabel label("tensor %s as float32 (%s)", printable_for_message(t.name, 60).c_str(),
                              shape_str(t.shape).c_str());  // names it if memory runs out
        if (t.dtype != DType::F32 && t.dtype != DType::F16 && t.dtype != DType::BF16)
            throw Error(path_for_message(st_.path()) + ": tensor \"" + t.name + "\" has dtype " +
                        std::string(dtype_name(t.dtype)) + "; only F32, F16 and BF16 weights are supported");
        std::vector<float> out(t.numel());
        if (t.dtype == DType::F32) std::memcpy(out.data(), src, 4 * out.size());  // misaligned F32 (rare): copy
        else if (t.dtype == DType::F16) f16_to_f32(src, out.data(), out.size());
        else bf16_to_f32(src, out.data(), out.size());
        upcast_.push_back(std::move(out));
        return upcast_.back().data();
    }

    const SafeTensors& st_;
    std::vector<std::vector<float>>& upcast_;
};

}  // namespace

Model::Model() = default;
Model::Model(Model&&) noexcept = default;
Model& Model::operator=(Model&&) noexcept = default;
Model::~Model() = default;

Model Model::load(const ModelFiles& files) {
    Model m;
    m.files_ = files;
    m.config_ = load_config(files.config());
    m.file_ = std::make_unique<SafeTensors>(files.weights());

    const Config& c = m.config_;
    const std::size_t C = c.n_embd, V = c.vocab_size, P = c.n_positions, I = c.n_inner;
    Loader L(*m.file_, m.upcast_);
    Weights& w = m.weights_;

    w.wte = L.get<2>("wte.weight", {V, C});
    w.wpe = L.get<2>("wpe.weight", {P, C});
    for (int i = 0; i < c.n_layer; ++i) {
        const std::string p = "h." + std::to_string(i) + ".";
        BlockParams b;
        b.ln_1 = {L.get<1>(p + "ln_1.weight", {C}), L.get<1>(p + "ln_1.bias", {C})};
        b.c_attn = {L.get<2>(p + "attn.c_attn.weight", {C, 3 * C}), L.get<1>(p + "attn.c_attn.bias", {3 * C})};
        b.attn_proj = {L.get<2>(p + "attn.c_proj.weight", {C, C}), L.get<1>(p + "attn.c_proj.bias", {C})};
        b.ln_2 = {L.get<1>(p + "ln_2.weight", {C}), L.get<1>(p + "ln_2.bias", {C})};
        b.c_fc = {L.get<2>(p + "mlp.c_fc.weight", {C, I}), L.get<1>(p + "mlp.c_fc.bias", {I})};
        b.mlp_proj = {L.get<2>(p + "mlp.c_proj.weight", {I, C}), L.get<1>(p + "mlp.c_proj.bias", {C})};
        w.h.push_back(b);
    }
    w.ln_f = {L.get<1>("ln_f.weight", {C}), L.get<1>("ln_f.bias", {C})};

    // Weight tying, as transformers does: lm_head.weight = wte.weight (a stored
    // lm_head.weight is ignored). An untied checkpoint must bring its own head.
    if (c.tie_word_embeddings) {
        w.lm_head = w.wte;
    } else {
        const TensorInfo* t = m.file_->find("lm_head.weight");
        if (!t)
            throw Error(path_for_message(files.weights()) +
                        ": tie_word_embeddings is false but there is no lm_head.weight");
        w.lm_head = L.get<2>("lm_head.weight", {V, C});
    }
    return m;
}

std::size_t Model::num_parameters() const {
    const Weights& w = weights_;
    std::size_t n = w.wte.size() + w.wpe.size() + w.ln_f.weight.size() + w.ln_f.bias.size();
    for (const auto& b : w.h) {
        for (const auto* ln : {&b.ln_1, &b.ln_2}) n += ln->weight.size() + ln->bias.size();
        for (const auto* lin : {&b.c_attn, &b.attn_proj, &b.c_fc, &b.mlp_proj})
            n += lin->weight.size() + lin->bias.size();
    }
    if (!config_.tie_word_embeddings) n += w.lm_head.size();
    return n;
}

}  // namespace gpt2
