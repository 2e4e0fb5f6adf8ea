// lens/attention_sink.cpp — see lens/attention_sink.hpp.
#include "lens/attention_sink.hpp"

#include "model/transformer.hpp"
#include "support/error.hpp"
#include "text/text_windows.hpp"

namespace gpt2 {

xt::xtensor<double, 2> first_token_score(const std::vector<xt::xtensor<float, 3>>& attention) {
    const std::size_t L = attention.size(), H = L ? attention[0].shape(0) : 0, T = L ? attention[0].shape(1) : 0;
    if (T == 0) throw Error("the first-token score needs at least 1 token");
    xt::xtensor<double, 2> score = xt::zeros<double>({L, H});
    for (std::size_t l = 0; l < L; ++l)
        for (std::size_t h = 0; h < H; ++h) {
            double sum = 0;
            for (std::size_t t = 0; t < T; ++t) sum += attention[l](h, t, 0);  // query 0 included: it is 1
            score(l, h) = sum / double(T);
        }
    return score;
}

double sink_rate(const xt::xtensor<double, 2>& score, double threshold) {
    if (score.size() == 0) return 0;
    std::size_t above = 0;
    for (double s : score) above += s > threshold;
    return double(above) / double(score.size());
}

double AttentionSink::mean_share() const {
    double sum = 0;
    for (double s : share.share) sum += s;
    return share.share.size() ? sum / double(share.share.size()) : 0;
}

std::vector<xt::xtensor<float, 3>> first_key_attention(const Model& model, const std::vector<int>& ids) {
    const std::size_t L = std::size_t(model.config().n_layer), H = std::size_t(model.config().n_head), T = ids.size();
    std::vector<xt::xtensor<float, 3>> column(L, xt::xtensor<float, 3>::from_shape({H, T, 1}));
    ForwardHooks hooks;
    hooks.attention = [&](std::size_t layer, std::size_t, std::size_t head, xt::xtensor<float, 2>& p) {
        for (std::size_t t = 0; t < T; ++t) column[layer](head, t, 0) = p(t, 0);
    };
    hidden_states(model, ids, nullptr, &hooks);
    return column;
}

void AttentionSinkAverage::add(const std::vector<xt::xtensor<float, 3>>& attention) {
    const FirstPositionAttention share = first_position_attention(attention);
    const xt::xtensor<double, 2> score = first_token_score(attention);
    if (sum_.windows == 0) {
        sum_.share = share;
        sum_.gu_score = score;
    } else {
        if (share.share.shape() != sum_.share.share.shape() || share.num_positions != sum_.share.num_positions)
            throw Error("AttentionSinkAverage: sequences of different shapes");
        sum_.share.share += share.share;
        sum_.gu_score += score;
    }
    ++sum_.windows;
}

AttentionSink AttentionSinkAverage::mean() const {
    if (sum_.windows == 0) throw Error("AttentionSinkAverage: no sequences added");
    AttentionSink m = sum_;
    m.share.share /= double(m.windows);
    m.gu_score /= double(m.windows);
    m.gu_rate = sink_rate(m.gu_score);
    return m;
}

std::vector<SinkAtContext> sink_by_context(const Model& model, const std::vector<int>& ids, std::size_t max_windows) {
    std::vector<SinkAtContext> out;
    for (std::size_t T = 4; T <= 1024; T *= 2) {
        if (T > std::size_t(model.config().n_positions) || T > ids.size()) break;
        AttentionSinkAverage avg;
        for (const std::vector<int>& window : consecutive_windows(ids, T, max_windows)) {
            avg.add(first_key_attention(model, window));
        }
        const AttentionSink sink = avg.mean();
        out.push_back({T, sink.windows, sink.gu_rate, sink.mean_share()});
    }
    return out;
}

}  // namespace gpt2
