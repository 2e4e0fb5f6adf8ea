// model/model.hpp — a GPT-2 checkpoint loaded for inference: its config and its weights.
//
// The weights stay where they are: for an F32 file every Param points straight into the
// memory-mapped model.safetensors (distilgpt2's 353 MB are never copied). F16 and BF16
// tensors are upcast once into float32 buffers owned by the Model.
//
// Tensor names are GPT-2's, with or without the "transformer." prefix that
// save_pretrained() writes. The causal-mask buffers h.N.attn.bias / h.N.attn.masked_bias
// are ignored (we build the mask ourselves), and so is lm_head.weight when the head is
// tied: as in transformers, the output head *is* wte. Conv1D weights (c_attn, c_proj,
// c_fc) are stored [in_features, out_features], so x · W needs no transpose.
// Every weight used is checked finite at load (support/finite.hpp): a NaN or ±Inf is a gpt2::Error
// naming the tensor and the index.
#pragma once

#include <array>
#include <cstddef>
#include <memory>
#include <vector>

#include <xtensor/xadapt.hpp>

#include "model/config.hpp"
#include "support/model_files.hpp"

namespace gpt2 {

class SafeTensors;

// One weight tensor: float32 data somewhere in memory we do not own, and its shape.
template <std::size_t N>
struct Param {
    const float* data = nullptr;
    std::array<std::size_t, N> shape{};

    std::size_t size() const {
        std::size_t n = 1;
        for (auto d : shape) n *= d;
        return n;
    }
    // A zero-copy xtensor view. (The pointer is passed by value on purpose: xt::adapt
    // given an lvalue pointer keeps a *reference* to that variable.)
    auto view() const { return xt::adapt(static_cast<const float*>(data), size(), xt::no_ownership(), shape); }
};

struct LinearParams {      // Conv1D: y = x · weight + bias
    Param<2> weight;       // [in, out]
    Param<1> bias;         // [out]
};
struct LayerNormParams {
    Param<1> weight;       // [C] (gamma)
    Param<1> bias;         // [C] (beta)
};
struct BlockParams {
    LayerNormParams ln_1;
    LinearParams c_attn;   // [C, 3C]: q, k, v side by side
    LinearParams attn_proj;// [C, C]
    LayerNormParams ln_2;
    LinearParams c_fc;     // [C, n_inner]
    LinearParams mlp_proj; // [n_inner, C]
};
struct Weights {
    Param<2> wte;          // [V, C] token embeddings; also the output head when tied
    Param<2> wpe;          // [n_positions, C] position embeddings
    std::vector<BlockParams> h;
    LayerNormParams ln_f;
    Param<2> lm_head;      // [V, C]: wte itself (same pointer) when tied
};

class Model {
public:
    // Throws gpt2::Error naming the file and tensor for a missing tensor or wrong shape.
    static Model load(const ModelFiles& files);

    const ModelFiles& files() const { return files_; }
    const Config& config() const { return config_; }
    const Weights& weights() const { return weights_; }
    const SafeTensors& safetensors() const { return *file_; }

    // Parameters counted as transformers' num_parameters(): the tied matrix once.
    std::size_t num_parameters() const;
    // True when weights point into the mapped file (F32): nothing was copied.
    bool zero_copy() const { return upcast_.empty(); }

    Model(Model&&) noexcept;
    Model& operator=(Model&&) noexcept;
    ~Model();

private:
    Model();
    ModelFiles files_;
    Config config_;
    std::unique_ptr<SafeTensors> file_;
    std::vector<std::vector<float>> upcast_;  // float32 copies of F16/BF16 tensors
    Weights weights_;
};

}  // namespace gpt2
