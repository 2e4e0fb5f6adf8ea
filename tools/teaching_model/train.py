#!/usr/bin/python3
"""Train the teaching model: a small GPT-2 that has learned some English, on 2 CPU cores.

    /usr/bin/python3 tools/teaching_model/train.py --corpus CORPUS_DIR --tokenizer BUILD/ch01_tokenizer \
        --out OUT_DIR [--steps N] [--threads 1] [--seed 1234]

CORPUS_DIR comes from build_corpus.py. The model is plain GPT-2 with Hugging Face's layout and
semantics (Conv1D weights stored [in, out], gelu_new, learned positions, ln_f, lm_head tied to wte),
trained with AdamW and a cosine schedule from fixed seeds, on 256-token windows of a stream of
documents separated by <|endoftext|> (as GPT-2 was). OUT_DIR receives a Hugging Face model directory
(config.json, model.safetensors in F16, vocab.json, merges.txt) and GENERATED_BY.json (command, seeds,
corpus manifest, steps, time, loss curve, held-out loss and the unigram / add-one bigram baselines).

Needs Debian's python3-torch and python3-numpy (run with /usr/bin/python3). A tool: the project never
needs Python to build or test. Speed notes are in tools/teaching_model/README.md.
"""
import argparse, hashlib, json, math, os, shutil, subprocess, sys, time

import numpy as np
import torch

EOT = 50256
VOCAB = 50257
# Share of training tokens per source. GCIDE is the largest source but 1913 dictionary English,
# so it gets a small share; WordNet's glosses and example sentences, the fortunes and the Python
# documentation are closer to the everyday English the notebook's prompts use.
WEIGHTS = {"python-docs": 0.28, "wordnet": 0.22, "fortunes": 0.22, "gcide": 0.13, "jargon": 0.10, "devil": 0.05}


def tokenize(corpus, tokenizer):
    """ids per document via the project's own tokenizer (ch01_tokenizer --jsonl); cached."""
    cache = os.path.join(corpus, "tokens.npz")
    docs = os.path.join(corpus, "documents.jsonl")
    digest = hashlib.sha256(open(docs, "rb").read()).hexdigest()
    if os.path.exists(cache):
        z = np.load(cache)
        if str(z["digest"]) == digest:
            return z["ids"], z["offsets"]
    t0 = time.time()
    with open(docs) as f:
        out = subprocess.run([tokenizer, "--model", "tiny", "--jsonl", "-"], stdin=f, check=True,
                             capture_output=True, text=True).stdout
    rows = [json.loads(line) for line in out.splitlines()]
    offsets = np.zeros(len(rows) + 1, dtype=np.int64)
    offsets[1:] = np.cumsum([len(r) for r in rows])
    ids = np.fromiter((i for r in rows for i in r), dtype=np.int32, count=int(offsets[-1]))
    np.savez(cache, ids=ids, offsets=offsets, digest=digest)
    print(f"tokenized {len(rows)} documents, {len(ids)} tokens in {time.time() - t0:.1f} s", flush=True)
    return ids, offsets


def stream(ids, offsets, sources, split, n_tokens, seed):
    """A stream of n_tokens: documents drawn source by source with WEIGHTS, each followed by
    <|endoftext|>; within a source, documents in a seeded random order (reshuffled when used up)."""
    rng = np.random.RandomState(seed)
    pools = {s: np.array([i for i, (src, sp) in enumerate(sources) if src == s and sp == split]) for s in WEIGHTS}
    order = {s: rng.permutation(p) for s, p in pools.items()}
    pos = {s: 0 for s in WEIGHTS}
    names = list(WEIGHTS)
    p = np.array([WEIGHTS[s] for s in names])
    out, n, used = [], 0, {s: 0 for s in names}
    while n < n_tokens:
        s = names[rng.choice(len(names), p=p / p.sum())]
        if pos[s] == len(order[s]):
            order[s], pos[s] = rng.permutation(pools[s]), 0
        d = order[s][pos[s]]
        pos[s] += 1
        doc = ids[offsets[d]:offsets[d + 1]]
        out.append(doc)
        out.append(np.array([EOT], dtype=np.int32))
        n += len(doc) + 1
        used[s] += len(doc) + 1
    return np.concatenate(out)[:n_tokens], used


def gelu_new(x):
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0))))


class TiedHeadLoss(torch.autograd.Function):
    """Mean cross-entropy of x @ wte.T, computed in row chunks with the gradient formed in the same
    pass (softmax - one_hot), so the [tokens, 50257] logits never exist whole: on 2 cores this
    head is most of the training time, and memory traffic, not arithmetic, is what it costs."""

    @staticmethod
    def forward(ctx, x, wte, targets, chunk):
        n = x.shape[0]
        loss = torch.zeros((), dtype=torch.float64)
        gx = torch.empty_like(x)
        gw = torch.zeros_like(wte)
        for b in range(0, n, chunk):
            xc, tc = x[b:b + chunk], targets[b:b + chunk]
            logits = xc @ wte.t()
            lse = torch.logsumexp(logits, dim=1)
            loss += (lse - logits.gather(1, tc[:, None])[:, 0]).double().sum()
            logits.sub_(lse[:, None]).exp_()  # now softmax
            logits[torch.arange(len(tc)), tc] -= 1.0
            logits.div_(n)
            gx[b:b + chunk] = logits @ wte
            gw.addmm_(logits.t(), xc)
        ctx.save_for_backward(gx, gw)
        return (loss / n).float()

    @staticmethod
    def backward(ctx, g):
        gx, gw = ctx.saved_tensors
        return gx * g, gw * g, None, None


class GPT2(torch.nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        C, L, P = cfg["n_embd"], cfg["n_layer"], cfg["n_positions"]
        p = {"wte.weight": (VOCAB, C), "wpe.weight": (P, C), "ln_f.weight": (C,), "ln_f.bias": (C,)}
        for l in range(L):
            h = f"h.{l}."
            p.update({h + "ln_1.weight": (C,), h + "ln_1.bias": (C,),
                      h + "attn.c_attn.weight": (C, 3 * C), h + "attn.c_attn.bias": (3 * C,),
                      h + "attn.c_proj.weight": (C, C), h + "attn.c_proj.bias": (C,),
                      h + "ln_2.weight": (C,), h + "ln_2.bias": (C,),
                      h + "mlp.c_fc.weight": (C, 4 * C), h + "mlp.c_fc.bias": (4 * C,),
                      h + "mlp.c_proj.weight": (4 * C, C), h + "mlp.c_proj.bias": (C,)})
        self.names = list(p)
        self.params = torch.nn.ParameterDict({n.replace(".", "/"): torch.nn.Parameter(torch.empty(s)) for n, s in p.items()})
        for n in self.names:  # Hugging Face's GPT-2 initialisation
            t = self.w(n)
            if n.endswith("ln_1.weight") or n.endswith("ln_2.weight") or n == "ln_f.weight":
                torch.nn.init.ones_(t)
            elif t.dim() == 1:
                torch.nn.init.zeros_(t)
            elif n.endswith("c_proj.weight"):
                torch.nn.init.normal_(t, 0.0, 0.02 / math.sqrt(2 * L))
            else:
                torch.nn.init.normal_(t, 0.0, 0.02)

    def w(self, name):
        return self.params[name.replace(".", "/")]

    def hidden(self, idx):
        B, T = idx.shape
        C, H = self.cfg["n_embd"], self.cfg["n_head"]
        ln = lambda x, p: torch.nn.functional.layer_norm(x, (C,), self.w(p + ".weight"), self.w(p + ".bias"), 1e-5)
        x = self.w("wte.weight")[idx] + self.w("wpe.weight")[:T]
        mask = torch.ones(T, T, dtype=torch.bool).tril()
        for l in range(self.cfg["n_layer"]):
            h = f"h.{l}."
            qkv = ln(x, h + "ln_1") @ self.w(h + "attn.c_attn.weight") + self.w(h + "attn.c_attn.bias")
            q, k, v = (t.view(B, T, H, C // H).transpose(1, 2) for t in qkv.split(C, dim=2))
            att = (q @ k.transpose(-1, -2)) * (1.0 / math.sqrt(C // H))
            att = att.masked_fill(~mask, float("-inf")).softmax(-1)
            y = (att @ v).transpose(1, 2).reshape(B, T, C)
            x = x + y @ self.w(h + "attn.c_proj.weight") + self.w(h + "attn.c_proj.bias")
            m = gelu_new(ln(x, h + "ln_2") @ self.w(h + "mlp.c_fc.weight") + self.w(h + "mlp.c_fc.bias"))
            x = x + m @ self.w(h + "mlp.c_proj.weight") + self.w(h + "mlp.c_proj.bias")
        return ln(x, "ln_f")

    def loss(self, x, y, chunk=128):
        h = self.hidden(x)
        return TiedHeadLoss.apply(h.reshape(-1, h.shape[-1]), self.w("wte.weight"), y.reshape(-1), chunk)


def windows(tokens, T):
    n = (len(tokens) - 1) // T
    x = torch.from_numpy(tokens[:n * T].astype(np.int64)).view(n, T)
    y = torch.from_numpy(tokens[1:n * T + 1].astype(np.int64)).view(n, T)
    return x, y


@torch.no_grad()
def evaluate(model, x, y, batch=8):
    total = 0.0
    for b in range(0, len(x), batch):
        h = model.hidden(x[b:b + batch]).reshape(-1, model.cfg["n_embd"])
        logits = h @ model.w("wte.weight").t()
        total += torch.nn.functional.cross_entropy(logits, y[b:b + batch].reshape(-1), reduction="sum").item()
    return total / y.numel()


def baselines(train, held):
    """Unigram and bigram, both add-one smoothed over the 50257-token vocabulary, fitted on the
    training tokens the model saw and scored on the held-out tokens: nats per token."""
    uni = np.bincount(train, minlength=VOCAB).astype(np.float64)
    lp_uni = np.log((uni + 1) / (uni.sum() + VOCAB))
    unigram = -lp_uni[held[1:]].mean()
    pairs = train[:-1].astype(np.int64) * VOCAB + train[1:]
    keys, counts = np.unique(pairs, return_counts=True)
    prev = np.bincount(train[:-1], minlength=VOCAB).astype(np.float64)
    hp = held[:-1].astype(np.int64) * VOCAB + held[1:]
    at = np.searchsorted(keys, hp)
    at_c = np.minimum(at, len(keys) - 1)
    c = np.where(keys[at_c] == hp, counts[at_c], 0)
    bigram = -np.log((c + 1) / (prev[held[:-1]] + VOCAB)).mean()
    return float(unigram), float(bigram)


def write_model(model, cfg, out, tokenizer_dir):
    os.makedirs(out, exist_ok=True)
    header, blobs, off = {}, [], 0
    for n in model.names:
        a = model.w(n).detach().to(torch.float16).numpy()
        b = a.tobytes()
        header[n] = {"dtype": "F16", "shape": list(a.shape), "data_offsets": [off, off + len(b)]}
        blobs.append(b)
        off += len(b)
    header["__metadata__"] = {"format": "pt"}
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * (-len(h) % 8)
    with open(os.path.join(out, "model.safetensors"), "wb") as f:
        f.write(len(h).to_bytes(8, "little"))
        f.write(h)
        for b in blobs:
            f.write(b)
    config = {"activation_function": "gelu_new", "architectures": ["GPT2LMHeadModel"], "attn_pdrop": 0.0,
              "bos_token_id": EOT, "embd_pdrop": 0.0, "eos_token_id": EOT, "initializer_range": 0.02,
              "layer_norm_epsilon": 1e-05, "model_type": "gpt2", "n_ctx": cfg["n_positions"],
              "n_embd": cfg["n_embd"], "n_head": cfg["n_head"], "n_inner": None, "n_layer": cfg["n_layer"],
              "n_positions": cfg["n_positions"], "resid_pdrop": 0.0, "tie_word_embeddings": True,
              "torch_dtype": "float16", "vocab_size": VOCAB}
    with open(os.path.join(out, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
        f.write("\n")
    for name in ("vocab.json", "merges.txt"):
        shutil.copyfile(os.path.join(tokenizer_dir, name), os.path.join(out, name))


def sha256(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--tokenizer", required=True, help="path to the built ch01_tokenizer")
    ap.add_argument("--vocab-dir", default=os.path.join(os.path.dirname(__file__), "../../data/gpt2"))
    ap.add_argument("--out", required=True)
    ap.add_argument("--layers", type=int, default=4)
    ap.add_argument("--embd", type=int, default=128)
    ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--positions", type=int, default=256)
    ap.add_argument("--batch", type=int, default=8, help="sequences of --positions tokens per step")
    ap.add_argument("--steps", type=int, default=1800)
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--warmup", type=int, default=100)
    ap.add_argument("--weight-decay", type=float, default=0.1)
    ap.add_argument("--heldout-tokens", type=int, default=65536)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--log-every", type=int, default=25)
    a = ap.parse_args()

    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    t_start = time.time()
    ids, offsets = tokenize(a.corpus, a.tokenizer)
    sources = [tuple(l.rstrip("\n").split("\t")) for l in open(os.path.join(a.corpus, "sources.tsv"))]
    assert len(sources) == len(offsets) - 1, "sources.tsv and documents.jsonl disagree: rebuild the corpus"
    T = a.positions
    train_tokens, train_used = stream(ids, offsets, sources, "train", a.steps * a.batch * T + 1, a.seed)
    held_tokens, held_used = stream(ids, offsets, sources, "heldout", a.heldout_tokens + 1, a.seed + 1)
    xs, ys = windows(train_tokens, T)
    hx, hy = windows(held_tokens, T)

    cfg = {"n_layer": a.layers, "n_embd": a.embd, "n_head": a.heads, "n_positions": T}
    model = GPT2(cfg)
    decay = [p for n, p in model.params.items() if p.dim() == 2]
    no_decay = [p for n, p in model.params.items() if p.dim() == 1]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": a.weight_decay},
                             {"params": no_decay, "weight_decay": 0.0}], lr=a.lr, betas=(0.9, 0.95), eps=1e-8)
    n_params = sum(p.numel() for p in model.params.values())
    print(f"model: {a.layers} layers, {a.embd} wide, {a.heads} heads, {T} positions, {n_params / 1e6:.2f} M parameters; "
          f"{a.steps} steps x {a.batch * T} tokens; {a.threads} thread(s)", flush=True)

    curve, t_train = [], time.time()
    for step in range(a.steps):
        lr = a.lr * (step + 1) / a.warmup if step < a.warmup else \
            a.lr * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * (step - a.warmup) / max(1, a.steps - a.warmup))))
        for g in opt.param_groups:
            g["lr"] = lr
        b = slice(step * a.batch, (step + 1) * a.batch)
        loss = model.loss(xs[b], ys[b])
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        if (step + 1) % a.log_every == 0 or step == 0:
            el = time.time() - t_train
            tps = (step + 1) * a.batch * T / el
            curve.append({"step": step + 1, "loss": round(loss.item(), 4), "lr": lr, "seconds": round(el, 1)})
            print(f"step {step + 1:5d}/{a.steps}  loss {loss.item():.4f}  lr {lr:.2e}  {tps:.0f} tok/s  "
                  f"{el / 60:.1f} min", flush=True)
    train_seconds = time.time() - t_train

    # What ships is F16: score the rounded weights, so the number is the shipped model's.
    with torch.no_grad():
        for p in model.params.values():
            p.copy_(p.to(torch.float16).float())
    held_loss = evaluate(model, hx, hy)
    uni, bi = baselines(train_tokens, held_tokens)
    print(f"held-out ({hy.numel()} tokens): model {held_loss:.4f} nats/token (perplexity {math.exp(held_loss):.1f}); "
          f"unigram {uni:.4f} ({math.exp(uni):.1f}); add-one bigram {bi:.4f} ({math.exp(bi):.1f})", flush=True)

    write_model(model, cfg, a.out, a.vocab_dir)
    manifest = json.load(open(os.path.join(a.corpus, "manifest.json")))
    generated = {
        "generator": "tools/teaching_model/train.py (PyTorch %s, %d thread(s))" % (torch.__version__, a.threads),
        "command": "/usr/bin/python3 tools/teaching_model/train.py " + " ".join(
            f"--{k.replace('_', '-')} {v}" for k, v in vars(a).items() if k not in ("corpus", "tokenizer", "out", "vocab_dir")),
        "corpus": {"built_by": "tools/teaching_model/build_corpus.py", "weights": WEIGHTS, "manifest": manifest,
                   "documents_sha256": sha256(os.path.join(a.corpus, "documents.jsonl")),
                   "train_tokens_per_source": train_used, "heldout_tokens_per_source": held_used},
        "seed": a.seed, "steps": a.steps, "tokens_seen": a.steps * a.batch * T, "parameters": n_params,
        "train_seconds": round(train_seconds), "total_seconds": round(time.time() - t_start),
        "tokens_per_second": round(a.steps * a.batch * T / train_seconds),
        "loss_curve": curve,
        "heldout": {"tokens": int(hy.numel()), "model_nats": round(held_loss, 4),
                    "model_perplexity": round(math.exp(held_loss), 2),
                    "unigram_add_one_nats": round(uni, 4), "unigram_perplexity": round(math.exp(uni), 2),
                    "bigram_add_one_nats": round(bi, 4), "bigram_perplexity": round(math.exp(bi), 2),
                    "note": "model scored with its F16-rounded (shipped) weights; baselines fitted on the "
                            "same training tokens, both add-one smoothed over the 50257-token vocabulary"},
        "files_sha256": {n: sha256(os.path.join(a.out, n)) for n in ("config.json", "model.safetensors")},
    }
    with open(os.path.join(a.out, "GENERATED_BY.json"), "w") as f:
        json.dump(generated, f, indent=1)
        f.write("\n")
    print(f"wrote {a.out} in {(time.time() - t_start) / 60:.1f} min", flush=True)


if __name__ == "__main__":
    main()
