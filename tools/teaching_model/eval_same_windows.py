#!/usr/bin/python3
"""Held-out loss of GPT-2 model directories on the same held-out windows, and the add-one unigram:

    /usr/bin/python3 tools/teaching_model/eval_same_windows.py --docs DOCS.npz [--windows 128] MODEL_DIR...
    (or --corpus CORPUS_DIR --tokenizer BUILD/bin/ch01_tokenizer instead of --docs)

The windows are those of train.py's natural recipe: the held-out documents in a fixed order
(RandomState(7)), each followed by <|endoftext|>, cut into consecutive windows of --positions + 1
tokens; the first --windows of them. Every model scores the same tokens (fp32 forward of its stored
weights), so models of different shapes and training runs compare directly. CPU; nats per token.
"""
import argparse, math, os, sys, time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import train

ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
ap.add_argument("--docs", help="DOCS.npz from prep.py")
ap.add_argument("--corpus", help="CORPUS_DIR from build_corpus.py (with --tokenizer)")
ap.add_argument("--tokenizer", help="path to the built ch01_tokenizer")
ap.add_argument("--windows", type=int, default=128)
ap.add_argument("--positions", type=int, default=256, help="window length T (the models need n_positions >= T)")
ap.add_argument("--threads", type=int, default=2)
ap.add_argument("models", nargs="+", metavar="MODEL_DIR")
a = ap.parse_args()
torch.set_num_threads(a.threads)
ids, offsets, sources = train.load_corpus(a)
hw = train.natural_heldout(ids, offsets, sources, a.positions, a.windows)  # [N, T + 1]
x, y = hw[:, :-1], hw[:, 1:]
print(f"{len(hw)} held-out windows of {a.positions} + 1 tokens ({y.numel()} scored)", flush=True)
for d in a.models:
    t0, m, total = time.time(), train.load_model(d), 0.0
    for b in range(0, len(hw), 16):
        total += m.nll(x[b:b + 16], y[b:b + 16])
    loss = total / y.numel()
    print(f"{d}: {loss:.4f} nats/token, perplexity {math.exp(loss):.1f} ({time.time() - t0:.0f} s)", flush=True)
# add-one unigram, fitted on every training document once (with its <|endoftext|>)
train_docs = [i for i, (_, split) in enumerate(sources) if split == "train"]
counts = np.bincount(np.concatenate([ids[offsets[i]:offsets[i + 1]] for i in train_docs]), minlength=train.VOCAB).astype(np.float64)
counts[train.EOT] += len(train_docs)
lp = np.log((counts + 1) / (counts.sum() + train.VOCAB))
loss = -lp[y.reshape(-1).numpy()].mean()
print(f"add-one unigram: {loss:.4f} nats/token, perplexity {math.exp(loss):.1f}")
