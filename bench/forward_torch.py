#!/usr/bin/python3
"""The same work as tools/bench_forward, in PyTorch, on the same weights and ids.

Reads a Hugging Face GPT-2 directory (torch_gpt2.load_safetensors), runs a plain PyTorch
GPT-2 forward returning all hidden states (transformers' convention: the last one is
ln_f(...)), then top-10 of h @ wte.T for every state and position. Prints JSON with median times, and the top-1
ids so the two implementations can be checked against each other.

Usage: /usr/bin/python3 bench/forward_torch.py MODEL_DIR OURS.json   (ids come from OURS.json)
Only for benchmarking: the project itself never needs Python.
"""
import json
import math
import statistics
import sys
import time

import torch

from torch_gpt2 import load_safetensors, set_threads


def forward(w, cfg, ids):
    T, C, H = len(ids), cfg["n_embd"], cfg["n_head"]
    eps = cfg.get("layer_norm_epsilon", 1e-5)
    ln = lambda x, p: torch.nn.functional.layer_norm(x, (C,), w[p + ".weight"], w[p + ".bias"], eps)
    idx = torch.tensor(ids)
    x = w["wte.weight"][idx] + w["wpe.weight"][:T]
    states = [x]
    mask = torch.ones(T, T, dtype=torch.bool).tril()
    for l in range(cfg["n_layer"]):
        p = f"h.{l}."
        qkv = torch.addmm(w[p + "attn.c_attn.bias"], ln(x, p + "ln_1"), w[p + "attn.c_attn.weight"])
        q, k, v = (t.view(T, H, C // H).transpose(0, 1) for t in qkv.split(C, dim=1))
        att = (q @ k.transpose(-1, -2)) / math.sqrt(C // H)
        att = att.masked_fill(~mask, torch.finfo(att.dtype).min).softmax(-1)
        y = (att @ v).transpose(0, 1).reshape(T, C)
        x = x + torch.addmm(w[p + "attn.c_proj.bias"], y, w[p + "attn.c_proj.weight"])
        h = torch.addmm(w[p + "mlp.c_fc.bias"], ln(x, p + "ln_2"), w[p + "mlp.c_fc.weight"])
        h = torch.nn.functional.gelu(h, approximate="tanh")
        x = x + torch.addmm(w[p + "mlp.c_proj.bias"], h, w[p + "mlp.c_proj.weight"])
        if l < cfg["n_layer"] - 1:
            states.append(x)
    states.append(ln(x, "ln_f"))
    return states


def main():
    model_dir, ours_path = sys.argv[1], sys.argv[2]
    set_threads(int(sys.argv[3]) if len(sys.argv) > 3 else 2)
    ours = json.load(open(ours_path))
    t0 = time.perf_counter()
    cfg = json.load(open(f"{model_dir}/config.json"))
    w, _ = load_safetensors(f"{model_dir}/model.safetensors")
    load_s = time.perf_counter() - t0
    wte = w["wte.weight"]
    report = {"torch": torch.__version__, "threads": torch.get_num_threads(), "load_s": load_s, "runs": []}
    with torch.no_grad():
        for run in ours["runs"]:
            ids, n = run["ids"], run["n"]
            fwd, lens, total, top1 = [], [], [], None
            for r in range(n + 1):
                a = time.perf_counter()
                states = forward(w, cfg, ids)
                b = time.perf_counter()
                logits = torch.cat(states) @ wte.T
                top = logits.topk(10, dim=-1)
                c = time.perf_counter()
                if r == 0:
                    top1 = top.indices[:, 0].tolist()
                    continue
                fwd.append(b - a), lens.append(c - b), total.append(c - a)
            agree = sum(x == y for x, y in zip(top1, run["top1"])) / len(top1)
            report["runs"].append({"T": run["T"], "n": n, "forward_s": statistics.median(fwd),
                                   "lens_s": statistics.median(lens), "total_s": statistics.median(total),
                                   "top1_agreement": agree})
    print(json.dumps(report))


if __name__ == "__main__":
    main()
