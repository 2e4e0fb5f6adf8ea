#!/usr/bin/python3
"""Greedy decode speed in PyTorch, with and without a KV cache, beside the memory-bandwidth bound.

The PyTorch side of chapter 9's benchmark: the same work a C++ decode loop does, on the same
weights. Reads a Hugging Face GPT-2 directory (torch_gpt2.load_safetensors: F16/BF16 upcast
to float32 once, at load), then for a prompt of 5 ids (the notebook's "This weekend I plan to") chooses NEW tokens greedily
(argmax, ties to the smaller id; <|endoftext|> does not stop it, so every run does the same
work):

- cached:   the prompt once (every position), then one position per step against the keys and
            values kept from earlier steps (a preallocated [L, H, n_positions, D] cache);
- uncached: every step runs the whole sequence again (what a loop without a cache does).

Both compute logits for the last position only (ln_f, then the tied head), and a single
row goes through matrix-vector products (addmv, mv), PyTorch's fastest path for it here. It prints, per
mode, the median over --runs runs of the total time, tokens/s (NEW / total), decode tokens/s
(tokens after the first / the time after the first, as tools/bench_decode), time to first
token, and for the cached loop the median time of one step after the first. The bound: a
cached step must read every weight once (the blocks, ln_f, the whole of wte for the head, one
row of wpe), so its time is at least weight bytes / read bandwidth, with the bandwidth measured
here by reading a large float32 array three ways (torch.sum and a torch.mv over it at the same
thread count, numpy's one-threaded sum) and taking the fastest: a sum alone reads more slowly
than OpenBLAS's sgemv here, which would put the "bound" above what a decode step achieves. The KV cache's own reads (2 L T C floats at step T) are
reported beside it, not added: at these sizes they are under 1 % of the weights.

Usage: /usr/bin/python3 bench/decode_torch.py MODEL_DIR [--threads N] [--new-tokens 128]
       [--runs 5] [--uncached-runs 3] [--prompt-ids 770,5041,314,1410,284] [--reference FILE] [--json]
--threads defaults to OPENBLAS_NUM_THREADS, else the number of CPUs (what OpenBLAS, and so the
C++ benchmark, uses); it sets PyTorch's threads and OpenBLAS's (torch_gpt2.set_threads).
--reference data/reference/CHECKPOINT.generate.json checks the ids against make_reference.py
--generate's, up to its first near-tie.
Only for benchmarking: the project itself never needs Python.
"""
import argparse
import json
import math
import os
import statistics
import sys
import time

import numpy as np
import torch

from torch_gpt2 import load_safetensors, set_threads


class GPT2:
    """A plain GPT-2 forward (Conv1D weights [in, out], gelu_new, tied head) for one sequence."""

    def __init__(self, w, cfg):
        self.w, self.cfg = w, cfg
        self.L, self.C, self.H = cfg["n_layer"], cfg["n_embd"], cfg["n_head"]
        self.D, self.P = self.C // self.H, cfg["n_positions"]
        self.eps = cfg.get("layer_norm_epsilon", 1e-5)

    def linear(self, x, p):
        """x @ W + b with W stored [in, out] (Conv1D). One row is a matrix-vector product:
        addmv on W's transposed view reads W once without copying it (2026-12-05, 768 x 3072,
        one thread: 0.22 ms against addmm's 0.77)."""
        if x.shape[0] == 1:
            return torch.addmv(self.w[p + ".bias"], self.w[p + ".weight"].t(), x[0])[None]
        return torch.addmm(self.w[p + ".bias"], x, self.w[p + ".weight"])

    def ln(self, x, p):
        return torch.nn.functional.layer_norm(x, (self.C,), self.w[p + ".weight"], self.w[p + ".bias"], self.eps)

    def run(self, ids, start, cache):
        """Positions start .. start + n - 1 for the n new `ids`; with `cache` ([L, 2, H, P, D]) the
        keys and values of positions < start are read from it and the new ones written to it
        (start must be 0 without one). Returns the last position's logits [V]."""
        w, C, H, D = self.w, self.C, self.H, self.D
        n = len(ids)
        end = start + n
        x = w["wte.weight"][torch.tensor(ids)] + w["wpe.weight"][start:end]  # [n, C]
        mask = None
        if n > 1:  # query i sees keys 0 .. start + i
            mask = torch.ones(n, end, dtype=torch.bool).tril(start)
        for l in range(self.L):
            p = f"h.{l}."
            qkv = self.linear(self.ln(x, p + "ln_1"), p + "attn.c_attn")
            q, k, v = (t.view(n, H, D).transpose(0, 1) for t in qkv.split(C, dim=1))  # [H, n, D]
            if cache is not None:
                cache[l, 0, :, start:end] = k
                cache[l, 1, :, start:end] = v
                k, v = cache[l, 0, :, :end], cache[l, 1, :, :end]  # [H, end, D]
            att = (q @ k.transpose(-1, -2)) * (1.0 / math.sqrt(D))  # [H, n, end]
            if mask is not None:
                att = att.masked_fill(~mask, float("-inf"))
            y = (att.softmax(-1) @ v).transpose(0, 1).reshape(n, C)
            x = x + self.linear(y, p + "attn.c_proj")
            h = torch.nn.functional.gelu(self.linear(self.ln(x, p + "ln_2"), p + "mlp.c_fc"), approximate="tanh")
            x = x + self.linear(h, p + "mlp.c_proj")
        # The head on the last position only, as a matrix-vector product with wte as stored
        # [V, C] (mv: 2.4 ms against 5.5 for h @ wte.T at 50257 x 256, one thread).
        return torch.mv(w["wte.weight"], self.ln(x[-1], "ln_f"))  # [V]


def argmax_first(logits):
    return int(np.argmax(logits.numpy().ravel()))  # the first maximum: ties to the smaller id


def decode(model, prompt, new_tokens, cached):
    """Greedy decode; returns (ids, seconds per step)."""
    ids, steps = list(prompt), []
    cache = torch.empty(model.L, 2, model.H, model.P, model.D) if cached else None
    for s in range(new_tokens):
        t0 = time.perf_counter()
        if cached:
            logits = model.run(ids if s == 0 else ids[-1:], 0 if s == 0 else len(ids) - 1, cache)
        else:
            logits = model.run(ids, 0, None)
        ids.append(argmax_first(logits))
        steps.append(time.perf_counter() - t0)
    return ids[len(prompt):], steps


def read_bandwidth(mb, runs=5):
    """GB/s reading a float32 array far larger than the caches, three ways: torch.sum (at the set
    threads), numpy's sum (one thread), and a matrix-vector product over the same array viewed
    as rows of 4096 (torch.mv, OpenBLAS's sgemv: it reads several rows at once); the fastest
    counts, since any one method may read below what a decode step achieves. On the build
    machine (2026-12-05, 1 GiB, one thread in both PyTorch's and OpenBLAS's pools) torch.sum read
    40 GB/s, torch.mv 34, numpy 24; at two threads torch.sum and torch.mv 47. (The 65 GB/s once
    noted here for torch.mv "at one thread" was OpenBLAS on two: torch.set_num_threads does not
    reach its pool, torch_gpt2.set_threads does.)"""
    x = torch.ones(mb * (1 << 20) // 4)
    a, rows, v = x.numpy(), x.view(-1, 4096), torch.ones(4096)
    out = {}
    for name, fn in (("torch_sum", lambda: float(x.sum())), ("numpy_sum", lambda: float(a.sum())),
                     ("torch_mv", lambda: torch.mv(rows, v))):
        fn()
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
        out[name] = x.numel() * 4 / statistics.median(times) / 1e9
    out["best"] = max(out.values())
    return out


def plural(n, word):
    return f"{n} {word}" + ("" if n == 1 else "s")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("model_dir")
    ap.add_argument("--threads", type=int,
                    default=int(os.environ.get("OPENBLAS_NUM_THREADS") or 0) or os.cpu_count())
    ap.add_argument("--new-tokens", type=int, default=128)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--uncached-runs", type=int, default=3, help="0: skip the loop without a cache")
    ap.add_argument("--prompt-ids", default="770,5041,314,1410,284")
    ap.add_argument("--bandwidth-mb", type=int, default=1024, help="size of the array summed (MiB)")
    ap.add_argument("--reference", help="a make_reference.py --generate file to check the ids against")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    openblas_threads = set_threads(a.threads)
    cfg = json.load(open(os.path.join(a.model_dir, "config.json")))
    t0 = time.perf_counter()
    w, dtypes = load_safetensors(os.path.join(a.model_dir, "model.safetensors"))
    load_s = time.perf_counter() - t0
    model = GPT2(w, cfg)
    prompt = [int(t) for t in a.prompt_ids.split(",")]
    if not prompt or len(prompt) + a.new_tokens > model.P:
        sys.exit(f"prompt {len(prompt)} + {a.new_tokens} new tokens must be 1 .. n_positions ({model.P})")

    # Bytes a cached step reads: every weight once (wte whole, for the head), one wpe row.
    weight_bytes = 4 * (sum(t.numel() for t in w.values()) - w["wpe.weight"].numel() + model.C)
    T_mean = len(prompt) + (a.new_tokens - 1) / 2
    kv_bytes_mean = 4 * 2 * model.L * T_mean * model.C

    report = {"torch": torch.__version__, "threads": torch.get_num_threads(), "openblas_threads": openblas_threads,
              "model": os.path.normpath(a.model_dir),
              "shape": {k: cfg[k] for k in ("n_layer", "n_embd", "n_head", "n_positions", "vocab_size")},
              "stored_dtypes": dtypes, "compute_dtype": "float32", "load_s": load_s,
              "prompt_ids": prompt, "new_tokens": a.new_tokens, "loadavg_before": os.getloadavg()}
    with torch.no_grad():
        modes = {}
        for name, cached, runs in (("cached", True, a.runs), ("uncached", False, a.uncached_runs)):
            if runs < 1:
                continue
            first, _ = decode(model, prompt, a.new_tokens, cached)  # warm-up; its ids are the ones checked
            totals, ttft, step_med, decode_tps = [], [], [], []
            for _ in range(runs):
                ids, steps = decode(model, prompt, a.new_tokens, cached)
                assert ids == first, f"{name}: the ids changed from run to run"
                totals.append(sum(steps))
                ttft.append(steps[0])
                step_med.append(statistics.median(steps[1:]) if len(steps) > 1 else steps[0])
                if len(steps) > 1:  # as tools/bench_decode and ch09_generate: tokens after the first
                    decode_tps.append((len(steps) - 1) / sum(steps[1:]))
            total = statistics.median(totals)
            modes[name] = {"runs": runs, "total_s": total, "tokens_per_s": a.new_tokens / total,
                           "ttft_s": statistics.median(ttft), "step_after_first_s": statistics.median(step_med),
                           "ids": first}
            if decode_tps:
                modes[name].update({"decode_tokens_per_s": statistics.median(decode_tps),
                                    "decode_tokens_per_s_range": [min(decode_tps), max(decode_tps)]})
        report["modes"] = {k: {x: y for x, y in v.items() if x != "ids"} for k, v in modes.items()}
        ids = [v["ids"] for v in modes.values()]
        report["ids"] = ids[0]
        report["cached_uncached_ids_identical"] = all(i == ids[0] for i in ids) if len(ids) > 1 else None

    if a.reference:
        ref = json.load(open(a.reference))
        match = [p for p in ref["prompts"] if p["input_ids"] == prompt]
        if not match:
            sys.exit(f"{a.reference}: no prompt with ids {prompt}")
        p = match[0]
        n = len(p["generated"]["ids"]) if p["first_near_tie"] is None else p["first_near_tie"]
        report["reference"] = {"file": a.reference, "compared": n,
                               "identical": report["ids"][:n] == p["generated"]["ids"][:n]}

    bw = read_bandwidth(a.bandwidth_mb)
    bound_s = weight_bytes / (bw["best"] * 1e9)
    report.update({"bandwidth_gb_s": bw, "weight_bytes_per_step": weight_bytes,
                   "kv_bytes_per_step_mean": kv_bytes_mean, "bound_step_s": bound_s,
                   "bound_tokens_per_s": 1 / bound_s, "loadavg_after": os.getloadavg()})
    if "cached" in modes:
        report["cached_step_over_bound"] = report["modes"]["cached"]["step_after_first_s"] / bound_s

    if a.json:
        print(json.dumps(report))
        return
    s = report["shape"]
    print(f"{os.path.basename(report['model'])}: {s['n_layer']} x {s['n_embd']}, {s['n_head']} heads, V {s['vocab_size']}, "
          f"stored {'/'.join(dtypes)}, float32 compute; PyTorch {report['torch']}, {plural(report['threads'], 'thread')}; "
          f"prompt {len(prompt)} ids, {a.new_tokens} new tokens (greedy)")
    print(f"{'':<22} {'tokens/s':>9} {'total':>9} {'first token':>12} {'step after':>11}")
    for name, m in report["modes"].items():
        print(f"{'PyTorch ' + name + ' (' + str(m['runs']) + ')':<22} {m['tokens_per_s']:>9.1f} {m['total_s']:>8.3f}s "
              f"{m['ttft_s'] * 1e3:>10.2f}ms {m['step_after_first_s'] * 1e3:>9.2f}ms")
    print(f"{'bandwidth bound':<22} {1 / bound_s:>9.1f} {'':>9} {'':>12} {bound_s * 1e3:>9.2f}ms")
    print(f"bound = {weight_bytes / 1e6:.1f} MB of float32 weights per step / {bw['best']:.1f} GB/s, the best of "
          f"reading {a.bandwidth_mb} MiB by torch.mv {bw['torch_mv']:.1f}, torch.sum {bw['torch_sum']:.1f} "
          f"({plural(report['threads'], 'thread')}), numpy sum {bw['numpy_sum']:.1f} (1 thread); "
          f"KV cache reads {kv_bytes_mean / 1e6:.2f} MB per step on average, not included")
    if "cached_step_over_bound" in report:
        print(f"cached step / bound: {report['cached_step_over_bound']:.2f}x")
    if report["cached_uncached_ids_identical"] is not None:
        print(f"cached and uncached ids identical: {report['cached_uncached_ids_identical']}")
    if "reference" in report:
        r = report["reference"]
        print(f"ids vs {r['file']} (first {r['compared']}): {'identical' if r['identical'] else 'DIFFERENT'}")
    print(f"load average before/after: {report['loadavg_before'][0]:.2f} / {report['loadavg_after'][0]:.2f}")


if __name__ == "__main__":
    main()
