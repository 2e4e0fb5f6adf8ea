// Chapter 8 ("position 0 dissected") against an independent reference.
//
// data/reference/<checkpoint>.position-zero.json is written by
// tools/teaching_model/make_reference.py --position-zero: its own PyTorch forward (with its own
// edit points for the experiments) and its own GPT-2 BPE, sharing no code with common/ (see
// data/reference/README.md). It holds the chapter's "prompt", "text" and "experiments" objects
// (the --json layout), the CLI arguments they correspond to ("args") and, in "oracle.checks",
// where float32 noise could legitimately move a discrete result (gu scores near 0.3, lens
// near-ties that could flip a top-1 agreement).
//
// compare_position_zero() walks the reference and returns every mismatch as "path: ours X,
// reference Y (allowed Z)", so a failure shows what differs and by how much, and the worst
// difference per kind of number. The tests below show it accepts the reference against itself
// and reports a wrong dimension and a missed hook (an experiment's outputs equal to the
// baseline's, what a hook that never ran gives). When ch08_position_zero is built
// (tests/CMakeLists.txt defines CH08_EXE), the chapter is run on both trained models with the
// reference's arguments and must match; without it, ctest reports that comparison SKIPPED.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/data_dir.hpp"
#ifdef CH08_EXE
#include "run_program.hpp"
#endif

using nlohmann::json;

namespace {

// Tolerances (the chapter 8 spec, §6), set above the float32 noise measured on 2026-12-05
// (issue #10: never a cut-off inside it). Two measurements, both models, every field:
//  (1) the reference itself under OpenBLAS's Prescott, Haswell and SkylakeX kernels (the same
//      definitions, other roundings);
//  (2) a scratch C++ program computing the same definitions with common/'s forward, hooks and
//      lm_head (not ch08_position_zero, which did not exist yet), under the same three kernel
//      families, 1 and 2 threads, compared with the reference by compare_position_zero():
//                                      (1) worst          (2) worst
//   value / median_other / ratio        1.9e-5 abs        2.4e-5 abs (a ratio near 10), 2.4e-6 rel
//   share, gu_score                     6.9e-7            8.6e-7
//   KL (lens)                           7.9e-6 (KL 24)    8.1e-6 (KL 24)
//   losses                              1.8e-6            1.8e-6
//   norms                               1.8e-7 rel        1.8e-7 rel
//   dims' order, massive dimension, gu_rate, agreement fractions: identical in every run.
// Each tolerance below is 10 times the worst of these or more (shares: 11x; relative ones 40x+).
struct Tol {
    double abs;
    double rel;  // of the reference value
};
constexpr Tol kDimTol{1e-5, 1e-4};        // value, median_other, ratio (and their means)
constexpr Tol kShareTol{1e-5, 0};         // share, gu_score, mean_share, uniform, agreement fractions
constexpr Tol kLossTol{1e-4, 1e-4};       // KL and losses, in nats
constexpr Tol kNormTol{0, 1e-4};          // norms
constexpr double kTieRel = 1e-4;          // two |values| this close (relative) may come in either order
constexpr double kGuThreshold = 0.3;      // Gu et al.'s epsilon

// What compare_position_zero found: every mismatch, and the worst difference per kind of number
// (llm.c's maxdiff: how close, not just pass/fail).
struct Report {
    std::vector<std::string> mismatches;
    std::map<std::string, std::pair<double, std::string>> worst;  // kind -> (|diff|, path)

    bool mentions(const std::string& s) const {
        return std::any_of(mismatches.begin(), mismatches.end(),
                           [&](const std::string& m) { return m.find(s) != std::string::npos; });
    }
    std::string str() const {
        std::ostringstream o;
        o << mismatches.size() << " mismatch(es)";
        for (std::size_t i = 0; i < mismatches.size() && i < 40; ++i) o << "\n  " << mismatches[i];
        if (mismatches.size() > 40) o << "\n  …";
        return o.str();
    }
};

std::string num_str(double v) {
    std::ostringstream o;
    o.precision(9);
    o << v;
    return o.str();
}

class Comparator {
public:
    explicit Comparator(const json& ref) : ref_(ref), checks_(ref.at("oracle").value("checks", json::object())) {}

    Report run(const json& ours) {
        for (const char* section : {"prompt", "text", "experiments"}) {
            const json* o = member(ours, section, section);
            if (o) compare_section(section, *o, ref_.at(section));
        }
        return std::move(report_);
    }

private:
    const json& ref_;
    json checks_;
    Report report_;

    void mismatch(const std::string& path, const std::string& what) { report_.mismatches.push_back(path + ": " + what); }

    // ours[key], or nullptr with a mismatch when it is absent.
    const json* member(const json& o, const std::string& key, const std::string& path) {
        if (!o.is_object() || !o.contains(key)) {
            mismatch(path, "missing in ours");
            return nullptr;
        }
        return &o.at(key);
    }

    void exact(const std::string& path, const json& o, const json& r) {
        if (o != r) mismatch(path, "ours " + o.dump() + ", reference " + r.dump());
    }

    // |o - r| <= tol.abs + tol.rel·|r| + extra; null only against null (a ratio over a zero median).
    void number(const std::string& kind, const std::string& path, const json& o, const json& r, Tol tol,
                double extra = 0) {
        if (r.is_null() || o.is_null()) {
            if (!(r.is_null() && o.is_null())) mismatch(path, "ours " + o.dump() + ", reference " + r.dump());
            return;
        }
        if (!o.is_number()) return mismatch(path, "ours " + o.dump() + " is not a number");
        const double a = o.get<double>(), b = r.get<double>();
        const double diff = std::abs(a - b), allowed = tol.abs + tol.rel * std::abs(b) + extra;
        auto& w = report_.worst[kind];
        if (!(diff <= w.first)) w = {diff, path};  // also records a NaN
        if (!(diff <= allowed))
            mismatch(path, "ours " + num_str(a) + ", reference " + num_str(b) + " (|diff| " + num_str(diff) +
                               " > allowed " + num_str(allowed) + ")");
    }

    // Nested arrays of numbers, same shape.
    void numbers(const std::string& kind, const std::string& path, const json& o, const json& r, Tol tol,
                 double extra = 0) {
        if (!r.is_array()) return number(kind, path, o, r, tol, extra);
        if (!o.is_array() || o.size() != r.size())
            return mismatch(path, "ours has " + (o.is_array() ? std::to_string(o.size()) : o.dump()) +
                                      " entries, reference " + std::to_string(r.size()));
        for (std::size_t i = 0; i < r.size(); ++i)
            numbers(kind, path + "[" + std::to_string(i) + "]", o[i], r[i], tol, extra);
    }

    // gu_rate: exact, unless some gu scores lie within 1e-5 of 0.3 (float32 noise may move them
    // across): then one head each. `near` = how many; `heads` = L·H.
    void gu_rate(const std::string& path, const json& o, const json& r, std::size_t near, std::size_t heads) {
        number("gu_rate", path, o, r, {1e-12, 0}, double(near) / double(heads));
    }

    static std::size_t near_threshold(const json& gu_score) {
        std::size_t n = 0;
        for (const auto& row : gu_score)
            for (const auto& v : row) n += std::abs(v.get<double>() - kGuThreshold) <= 1e-5;
        return n;
    }

    static bool rel_close(double a, double b) { return std::abs(a - b) <= kTieRel * std::max(std::abs(a), std::abs(b)); }

    // One state's top list: the dims in the reference's order, except that two entries whose
    // |values| are within 1e-4 relative may come in either order (at the last rank the runner-up
    // is not in the file, so a near-equal |value| there is accepted with another dim).
    void top_list(const std::string& path, const json& o, const json& r, const std::string& key,
                  const std::vector<std::string>& fields) {
        if (!o.is_array() || o.size() != r.size())
            return mismatch(path, "ours has " + (o.is_array() ? std::to_string(o.size()) : o.dump()) +
                                      " entries, reference " + std::to_string(r.size()));
        for (std::size_t i = 0; i < r.size(); ++i) {
            const std::string at = path + "[" + std::to_string(i) + "]";
            const json* od = member(o[i], "dim", at + "/dim");
            const json* ov = member(o[i], key, at + "/" + key);
            if (!od || !ov) continue;
            if (!ov->is_number()) {
                mismatch(at + "/" + key, "ours " + ov->dump() + " is not a number");
                continue;
            }
            const json* match = &r[i];
            if (*od != r[i].at("dim")) {
                const double ours_mag = std::abs(ov->get<double>()), ref_mag = std::abs(r[i].at(key).get<double>());
                const auto j = std::find_if(r.begin(), r.end(), [&](const json& e) { return e.at("dim") == *od; });
                const bool tie = rel_close(ours_mag, ref_mag) &&
                                 (j != r.end() ? rel_close(std::abs(j->at(key).get<double>()), ref_mag) : i + 1 == r.size());
                if (!tie) {
                    mismatch(at + "/dim", "ours " + od->dump() + " (|" + key + "| " + num_str(ours_mag) + "), reference " +
                                              r[i].at("dim").dump() + " (" + num_str(ref_mag) + "): not a near-tie");
                    continue;
                }
                if (j == r.end()) continue;  // the reference's runner-up: its numbers are not in the file
                match = &*j;
            }
            for (const std::string& f : fields)
                if (const json* of = member(o[i], f, at + "/" + f)) number("dimensions", at + "/" + f, *of, match->at(f), kDimTol);
        }
    }

    void dimensions(const std::string& path, const json& o, const json& r, const std::string& key,
                    const std::vector<std::string>& fields) {
        if (r.is_null()) return exact(path, o, r);
        if (!o.is_array() || o.size() != r.size()) return exact(path + " (states)", o.is_array() ? json(o.size()) : o, json(r.size()));
        for (std::size_t s = 0; s < r.size(); ++s) {
            const std::string at = path + "[" + std::to_string(s) + "]";
            if (const json* st = member(o[s], "state", at + "/state")) exact(at + "/state", *st, r[s].at("state"));
            if (const json* top = member(o[s], "top", at + "/top")) top_list(at + "/top", *top, r[s].at("top"), key, fields);
        }
    }

    void sink(const std::string& path, const json& o, const json& r) {
        if (r.is_null() || o.is_null()) return exact(path, o, r);
        for (const char* k : {"share", "uniform", "gu_score"})
            if (const json* v = member(o, k, path + "/" + k)) numbers("share", path + "/" + k, *v, r.at(k), kShareTol);
        const std::size_t heads = r.at("share").size() * r.at("share").at(0).size();
        if (const json* v = member(o, "gu_rate", path + "/gu_rate"))
            gu_rate(path + "/gu_rate", *v, r.at("gu_rate"), near_threshold(r.at("gu_score")), heads);
        if (!r.contains("by_context")) return;
        const json* bc = member(o, "by_context", path + "/by_context");
        if (!bc) return;
        const json& rb = r.at("by_context");
        if (!bc->is_array() || bc->size() != rb.size())
            return mismatch(path + "/by_context", "ours has " + std::to_string(bc->size()) + " contexts, reference " +
                                                      std::to_string(rb.size()));
        for (std::size_t i = 0; i < rb.size(); ++i) {
            const std::string at = path + "/by_context[" + std::to_string(i) + "]";
            const json& oi = (*bc)[i];
            for (const char* k : {"context", "windows"})
                if (const json* v = member(oi, k, at + "/" + k)) exact(at + "/" + k, *v, rb[i].at(k));
            if (const json* v = member(oi, "mean_share", at + "/mean_share"))
                number("share", at + "/mean_share", *v, rb[i].at("mean_share"), kShareTol);
            // The window-averaged scores per context are not in the file; the reference records
            // how many lie within 1e-5 of 0.3 (oracle.checks.by_context_gu_near_0.3).
            const std::string T = std::to_string(rb[i].at("context").get<int>());
            const json near = checks_.value("by_context_gu_near_0.3", json::object()).value(T, json::object());
            if (const json* v = member(oi, "gu_rate", at + "/gu_rate"))
                gu_rate(at + "/gu_rate", *v, rb[i].at("gu_rate"), near.value("within_1e-5", std::size_t(0)), heads);
        }
    }

    // Agreement fractions: 1e-5, plus one window (or position) per lens near-tie that float32
    // noise could flip (counted by the reference: oracle.checks.*_fragile).
    double fragile(const char* key, const char* part, std::size_t s) const {
        const json f = checks_.value(key, json::object());
        const json list = part ? f.value(part, json::array()) : f;
        return s < list.size() ? list[s].get<double>() : 0.0;
    }

    void text(const json& o, const json& r) {
        if (const json* f = member(o, "file", "text/file")) {
            // ours may name the file by another path to the same file: compare the tail.
            const std::string a = f->is_string() ? f->get<std::string>() : f->dump(), b = r.at("file").get<std::string>();
            if (a.size() < b.size() || a.compare(a.size() - b.size(), b.size(), b) != 0)
                mismatch("text/file", "ours " + f->dump() + " does not end with " + r.at("file").dump());
        }
        for (const char* k : {"tokens", "window", "windows", "massive_dimension"})
            if (const json* v = member(o, k, std::string("text/") + k)) exact(std::string("text/") + k, *v, r.at(k));
        if (const json* v = member(o, "dimensions", "text/dimensions"))
            dimensions("text/dimensions", *v, r.at("dimensions"), "mean_value", {"mean_value", "mean_median_other", "ratio"});
        if (const json* v = member(o, "sink", "text/sink")) sink("text/sink", *v, r.at("sink"));
        const json* lens = member(o, "lens", "text/lens");
        if (!lens) return;
        const json& rl = r.at("lens");
        if (!lens->is_array() || lens->size() != rl.size()) return mismatch("text/lens", "not one entry per state");
        const double N = r.at("windows").get<double>(), W = r.at("window").get<double>();
        for (std::size_t s = 0; s < rl.size(); ++s) {
            const std::string at = "text/lens[" + std::to_string(s) + "]";
            const json& os = (*lens)[s];
            if (const json* v = member(os, "state", at + "/state")) exact(at + "/state", *v, rl[s].at("state"));
            for (const char* k : {"kl_pos0", "kl_other"})
                if (const json* v = member(os, k, at + "/" + k)) number("kl", at + "/" + k, *v, rl[s].at(k), kLossTol);
            if (const json* v = member(os, "agree_pos0", at + "/agree_pos0"))
                number("agree", at + "/agree_pos0", *v, rl[s].at("agree_pos0"), kShareTol, fragile("text_lens_fragile", "pos0", s) / N);
            if (const json* v = member(os, "agree_other", at + "/agree_other"))
                number("agree", at + "/agree_other", *v, rl[s].at("agree_other"), kShareTol,
                       fragile("text_lens_fragile", "other", s) / (N * (W - 1)));
        }
    }

    void experiments(const json& o, const json& r) {
        for (const char* k : {"dim", "from_block", "scale", "donor", "donor_token"})
            if (const json* v = member(o, k, std::string("experiments/") + k)) exact(std::string("experiments/") + k, *v, r.at(k));
        const json* runs = member(o, "runs", "experiments/runs");
        if (!runs) return;
        const json& rr = r.at("runs");
        if (!runs->is_array() || runs->size() != rr.size())
            return mismatch("experiments/runs", "ours has " + std::to_string(runs->size()) + " runs, reference " +
                                                    std::to_string(rr.size()));
        const double N = ref_.at("text").at("windows").get<double>();
        for (std::size_t i = 0; i < rr.size(); ++i) {
            const json& ri = rr[i];
            const std::string name = ri.at("name").get<std::string>();
            const std::string at = "experiments/runs[" + name + "]";
            const json& oi = (*runs)[i];
            if (const json* v = member(oi, "name", at + "/name")) exact(at + "/name", *v, ri.at("name"));
            if (ri.contains("skipped")) {  // the reason's words are the program's own
                if (!oi.contains("skipped")) mismatch(at, "the reference skipped it (" + ri.at("skipped").dump() + "), ours ran it");
                continue;
            }
            if (oi.contains("skipped")) {
                mismatch(at, "ours skipped it: " + oi.at("skipped").dump());
                continue;
            }
            for (const char* k : {"loss_mean", "loss_rest", "loss_by_position"})
                if (const json* v = member(oi, k, at + "/" + k)) numbers("loss", at + "/" + k, *v, ri.at(k), kLossTol);
            if (const json* v = member(oi, "sink_share_by_layer", at + "/sink_share_by_layer"))
                numbers("share", at + "/sink_share_by_layer", *v, ri.at("sink_share_by_layer"), kShareTol);
            if (const json* v = member(oi, "lens_kl_pos0", at + "/lens_kl_pos0"))
                numbers("kl", at + "/lens_kl_pos0", *v, ri.at("lens_kl_pos0"), kLossTol);
            if (const json* v = member(oi, "norm_pos0", at + "/norm_pos0"))
                numbers("norm", at + "/norm_pos0", *v, ri.at("norm_pos0"), kNormTol);
            const json* ag = member(oi, "lens_agree_pos0", at + "/lens_agree_pos0");
            const json& ra = ri.at("lens_agree_pos0");
            if (!ag) continue;
            if (!ag->is_array() || ag->size() != ra.size()) {
                mismatch(at + "/lens_agree_pos0", "not one entry per state");
                continue;
            }
            const json frag = checks_.value("runs_lens_fragile_pos0", json::object()).value(name, json::array());
            for (std::size_t s = 0; s < ra.size(); ++s)
                number("agree", at + "/lens_agree_pos0[" + std::to_string(s) + "]", (*ag)[s], ra[s], kShareTol,
                       (s < frag.size() ? frag[s].get<double>() : 0.0) / N);
        }
    }

    void compare_section(const std::string& section, const json& o, const json& r) {
        if (section == "prompt") {
            for (const char* k : {"text", "input_ids", "tokens"})
                if (const json* v = member(o, k, std::string("prompt/") + k)) exact(std::string("prompt/") + k, *v, r.at(k));
            if (const json* v = member(o, "dimensions", "prompt/dimensions"))
                dimensions("prompt/dimensions", *v, r.at("dimensions"), "value", {"value", "median_other", "ratio"});
            if (const json* v = member(o, "sink", "prompt/sink")) sink("prompt/sink", *v, r.at("sink"));
        } else if (section == "text") {
            text(o, r);
        } else {
            experiments(o, r);
        }
    }
};

Report compare_position_zero(const json& ours, const json& ref) { return Comparator(ref).run(ours); }

// The two trained models (the random tiny ones have nothing to find at position 0).
struct Case {
    const char* checkpoint;
    const char* model;
};
constexpr Case kCases[] = {{"teaching-gpt2", "teaching"}, {"teaching-small-gpt2", "teaching-small"}};

json load_reference(const std::string& checkpoint) {
    const auto path = gpt2::data_dir() / "reference" / (checkpoint + ".position-zero.json");
    std::ifstream in(path);
    INFO("regenerate with /usr/bin/python3 tools/teaching_model/make_reference.py --position-zero "
         "data/models/" << checkpoint << " " << path.string());
    REQUIRE(in.good());  // a missing reference fails, never passes
    return json::parse(in);
}

json& run_named(json& doc, const std::string& name) {
    for (auto& r : doc.at("experiments").at("runs"))
        if (r.at("name") == name) return r;
    FAIL("no run named " << name);
    throw;  // unreachable: FAIL throws
}

}  // namespace

TEST_CASE("position-zero references: the comparator accepts each against itself, and teaching's massive dimension is 44") {
    for (const Case& c : kCases) {
        INFO(c.checkpoint);
        const json ref = load_reference(c.checkpoint);
        const Report rep = compare_position_zero(ref, ref);
        INFO(rep.str());
        CHECK(rep.mismatches.empty());
        CHECK(rep.worst.at("loss").first == 0);
        const json& args = ref.at("args");
        CHECK(args.at("dim") == ref.at("experiments").at("dim"));
        CHECK(args.at("from_block") == ref.at("experiments").at("from_block"));
        CHECK(ref.at("text").at("tokens").get<int>() >= 16 * 512);  // the context sweep reaches 512
    }
    // data/models/teaching-gpt2/training-log.json: dimension 44 in every block output.
    const json t = load_reference("teaching-gpt2");
    CHECK(t.at("text").at("massive_dimension") == json::parse(R"({"dim": 44, "states": [1, 2, 3, 4, 5], "first_state": 1})"));
}

TEST_CASE("position-zero comparison fails on a wrong dimension") {
    for (const Case& c : kCases) {
        INFO(c.checkpoint);
        const json ref = load_reference(c.checkpoint);
        const int massive = ref.at("text").at("massive_dimension").at("dim");
        const int other = massive + 1;

        json ours = ref;  // the chapter found another massive dimension
        ours["text"]["massive_dimension"]["dim"] = other;
        CHECK(compare_position_zero(ours, ref).mentions("text/massive_dimension"));

        ours = ref;  // the experiments edited another dimension
        ours["experiments"]["dim"] = other;
        CHECK(compare_position_zero(ours, ref).mentions("experiments/dim"));

        // A state's top-1 named by another index, its numbers unchanged (an off-by-one index).
        const std::size_t s = ref.at("text").at("massive_dimension").at("first_state");
        ours = ref;
        ours["text"]["dimensions"][s]["top"][0]["dim"] = other;
        const Report rep = compare_position_zero(ours, ref);
        INFO(rep.str());
        CHECK(rep.mentions("text/dimensions[" + std::to_string(s) + "]/top[0]/dim"));

        // The top two in the wrong order (they are far from a tie).
        ours = ref;
        std::swap(ours["prompt"]["dimensions"][s]["top"][0], ours["prompt"]["dimensions"][s]["top"][1]);
        CHECK(compare_position_zero(ours, ref).mentions("prompt/dimensions[" + std::to_string(s) + "]/top[0]/dim"));
    }
}

TEST_CASE("position-zero comparison fails on a missed hook: an experiment that equals the baseline") {
    for (const Case& c : kCases) {
        const json ref = load_reference(c.checkpoint);
        for (const char* name : {"zero", "mean", "scale", "transplant"}) {
            INFO(c.checkpoint << ", " << name << " replaced by the baseline's outputs");
            json ours = ref;
            json& run = run_named(ours, name);
            run = run_named(ours, "baseline");
            run["name"] = name;
            const Report rep = compare_position_zero(ours, ref);
            INFO(rep.str());
            CHECK(rep.mentions(std::string("experiments/runs[") + name + "]"));
            // Only that run differs: the comparison points at it, not elsewhere.
            CHECK(std::all_of(rep.mismatches.begin(), rep.mismatches.end(), [&](const std::string& m) {
                return m.find(std::string("experiments/runs[") + name + "]") == 0;
            }));
        }
        json ours = ref;  // a run left out altogether
        ours["experiments"]["runs"].erase(3);
        CHECK(compare_position_zero(ours, ref).mentions("experiments/runs"));
    }
}

TEST_CASE("position-zero comparison: inside a tolerance passes, outside fails, near-ties may swap") {
    const json ref = load_reference("teaching-gpt2");
    const double l = ref.at("experiments").at("runs")[1].at("loss_by_position")[0].get<double>();
    const double allowed = kLossTol.abs + kLossTol.rel * std::abs(l);
    json ours = ref;
    json& loss0 = ours["experiments"]["runs"][1]["loss_by_position"][0];
    loss0 = l + 0.5 * allowed;
    CHECK(compare_position_zero(ours, ref).mismatches.empty());
    loss0 = l + 2 * allowed;
    CHECK(compare_position_zero(ours, ref).mentions("experiments/runs[zero]/loss_by_position[0]"));

    ours = ref;  // a sink share off by 2e-5 (tolerance 1e-5)
    ours["text"]["sink"]["share"][2][3] = ref.at("text").at("sink").at("share")[2][3].get<double>() + 2e-5;
    CHECK(compare_position_zero(ours, ref).mentions("text/sink/share[2][3]"));

    ours = ref;  // one head more above 0.3 than the reference, with no score near 0.3
    ours["text"]["sink"]["gu_rate"] = ref.at("text").at("sink").at("gu_rate").get<double>() + 1.0 / 48;
    CHECK(compare_position_zero(ours, ref).mentions("text/sink/gu_rate"));

    ours = ref;  // a top entry's value missing its number
    ours["text"]["dimensions"][1]["top"][0]["mean_value"] = nullptr;
    CHECK(compare_position_zero(ours, ref).mentions("text/dimensions[1]/top[0]/mean_value"));

    ours = ref;  // a ratio over a zero median is null, and only null matches it
    ours["prompt"]["dimensions"][1]["top"][0]["ratio"] = nullptr;
    CHECK(compare_position_zero(ours, ref).mentions("prompt/dimensions[1]/top[0]/ratio"));

    // Make ranks 3 and 4 of a state a near-tie in the reference (|values| 1e-6 apart): ours may
    // list them in either order.
    json tied = ref;
    json& top = tied["text"]["dimensions"][2]["top"];
    const double v3 = top[3]["mean_value"].get<double>();
    top[4]["mean_value"] = (v3 < 0 ? -1 : 1) * std::abs(v3) * (1 - 1e-6);
    top[4]["ratio"] = std::abs(top[4]["mean_value"].get<double>()) / top[4]["mean_median_other"].get<double>();
    ours = tied;
    std::swap(ours["text"]["dimensions"][2]["top"][3], ours["text"]["dimensions"][2]["top"][4]);
    const Report rep = compare_position_zero(ours, tied);
    INFO(rep.str());
    CHECK(rep.mismatches.empty());
}

#ifdef CH08_EXE
TEST_CASE("ch08_position_zero --json matches the reference on teaching and teaching-small") {
    for (const Case& c : kCases) {
        INFO(c.checkpoint);
        const json ref = load_reference(c.checkpoint);
        const json& a = ref.at("args");
        const auto text = (gpt2::data_dir().parent_path() / a.at("text").get<std::string>()).string();
        const std::string out = gpt2::test::run_program(
            CH08_EXE, {"--model", c.model, "--json", "--prompt", a.at("prompt").get<std::string>(), "--text", text,
                       "--window", std::to_string(a.at("window").get<int>()), "--windows",
                       std::to_string(a.at("windows").get<int>()), "--top", std::to_string(a.at("top").get<int>()),
                       "--dim", std::to_string(a.at("dim").get<int>()), "--from-block",
                       std::to_string(a.at("from_block").get<int>()), "--scale", num_str(a.at("scale").get<double>()),
                       "--donor", a.at("donor").get<std::string>()});
        const json ours = json::parse(out);
        const json& cfg = ref.at("oracle").at("config");
        for (const char* k : {"n_layer", "n_embd", "n_head", "n_positions"}) CHECK(ours.at(k) == cfg.at(k));
        const Report rep = compare_position_zero(ours, ref);
        std::cout << c.model << ": worst |ours - reference| by kind:";
        for (const auto& [kind, w] : rep.worst)
            std::cout << "\n  " << kind << " " << w.first << (w.second.empty() ? " (all equal)" : " at " + w.second);
        std::cout << "\n";
        INFO(rep.str());
        CHECK(rep.mismatches.empty());
    }
}
#endif
