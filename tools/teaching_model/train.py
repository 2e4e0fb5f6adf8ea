#!/usr/bin/python3
"""Train a teaching model: a small GPT-2 on the teaching corpus, on CPU or on one CUDA GPU.

    /usr/bin/python3 tools/teaching_model/train.py --corpus CORPUS_DIR --tokenizer BUILD/bin/ch01_tokenizer \
        --out OUT_DIR [--device cpu|cuda] [--steps N | --budget SECONDS] [options]

One trainer made both bundled models (the exact commands are in tools/teaching_model/README.md):
  teaching-small  the defaults: 4 x 128, CPU, source weights, consecutive 256-token windows, 1800 steps;
  teaching        --device cuda, 6 x 256, natural proportions, random 512-token windows, dropout 0.1,
                  a 250 s wall-clock budget, the best held-out weights kept.
Input: CORPUS_DIR from build_corpus.py (tokenized here with the project's own ch01_tokenizer --jsonl,
cached as CORPUS_DIR/tokens.npz), or --docs DOCS.npz from prep.py (the same tokens, one file).

The model is plain GPT-2 with Hugging Face's layout and semantics (Conv1D weights stored [in, out],
gelu_new, learned positions, ln_f, lm_head tied to wte), trained with AdamW (betas 0.9/0.95, weight
decay on matrices), linear warm-up then a cosine to 10 % of the peak rate over the budget, gradient
clipping at 1.0, from fixed seeds. Data, chosen by flags:
  --sampling weights  documents drawn source by source with WEIGHTS below (the CPU run);
  --sampling natural  epochs of every training document once, in a seeded order (the GPU run);
  each document is followed by <|endoftext|>, and training windows are
  --windows sequential  consecutive slices of that stream, one after the other, or
  --windows random      slices at uniformly random offsets (GPT-2 style).
OUT_DIR receives a Hugging Face model directory (config.json, model.safetensors in F16, vocab.json,
merges.txt), GENERATED_BY.json (command, seeds, corpus manifest, loss curve, held-out losses and
baselines, sha256 of the files) and training-log.json (held-out evaluations during training with the
position-0 spike measurement, and the end-of-run diagnostics).

What differs by device, and why: on CPU the tied output head's loss is computed in row chunks with
its gradient formed in the same pass (TiedHeadLoss; on 2 cores the head is most of the time); on CUDA
the logits are formed whole under bf16 autocast, attention uses F.scaled_dot_product_attention
where PyTorch has it (>= 2.0; Debian's 1.13 has not, so the explicit softmax(QK^T) path runs),
AdamW is fused and torch.compile is tried. The GPT-2 definition is the same.

Needs PyTorch and NumPy (Debian's: run with /usr/bin/python3). A tool: the project never needs
Python to build or test.
"""
import argparse, contextlib, hashlib, json, math, os, shutil, subprocess, sys, time

import numpy as np
import torch
import torch.nn.functional as F

EOT = 50256
VOCAB = 50257
# --sampling weights: share of training tokens per source. GCIDE is the largest source but 1913
# dictionary English, so it gets a small share; WordNet's glosses and example sentences, the fortunes
# and the Python documentation are closer to the everyday English the notebook's prompts use.
WEIGHTS = {"python-docs": 0.28, "wordnet": 0.22, "fortunes": 0.22, "gcide": 0.13, "jargon": 0.10, "devil": 0.05}


# ---------------------------------------------------------------------------------------------- data

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


def load_corpus(a):
    """(ids, offsets, sources): every document's tokens concatenated, where each starts, and per document
    (source name, "train" | "heldout"), from --docs (prep.py) or from --corpus + --tokenizer."""
    if a.docs:
        z = np.load(a.docs)
        names = [str(n) for n in z["names"]]
        sources = [(names[s], "heldout" if h else "train") for s, h in zip(z["src"], z["held"])]
        return z["ids"], z["offsets"], sources
    if not (a.corpus and a.tokenizer):
        sys.exit("train.py: give --docs DOCS.npz, or --corpus CORPUS_DIR and --tokenizer ch01_tokenizer")
    ids, offsets = tokenize(a.corpus, a.tokenizer)
    sources = [tuple(l.rstrip("\n").split("\t")) for l in open(os.path.join(a.corpus, "sources.tsv"))]
    assert len(sources) == len(offsets) - 1, "sources.tsv and documents.jsonl disagree: rebuild the corpus"
    return ids, offsets, sources


def stream(ids, offsets, sources, split, n_tokens, seed):
    """--sampling weights: a stream of n_tokens, documents drawn source by source with WEIGHTS, each
    followed by <|endoftext|>; within a source, documents in a seeded random order (reshuffled when used
    up). Returns the stream and the tokens drawn from each source."""
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


def epoch_stream(ids, offsets, docs, rng):
    """--sampling natural: one epoch, every document of docs once in rng's order, each followed by
    <|endoftext|>."""
    parts = []
    for d in rng.permutation(docs):
        parts.append(ids[offsets[d]:offsets[d + 1]])
        parts.append(np.array([EOT], dtype=ids.dtype))
    return np.concatenate(parts)


def natural_heldout(ids, offsets, sources, T, max_windows=1024):
    """The held-out windows of the natural recipe (and of eval_same_windows.py): held-out documents in a
    fixed order (RandomState(7)), cut into consecutive windows of T + 1 tokens. [N, T + 1]"""
    held_docs = np.array([i for i, (_, sp) in enumerate(sources) if sp == "heldout"])
    hs = epoch_stream(ids, offsets, held_docs, np.random.RandomState(7))
    n = min(len(hs) // (T + 1), max_windows)
    return torch.from_numpy(hs[:n * (T + 1)].astype(np.int64)).view(n, T + 1)


def windows(tokens, T):
    """Consecutive windows of T inputs and their T targets (the next tokens)."""
    n = (len(tokens) - 1) // T
    x = torch.from_numpy(tokens[:n * T].astype(np.int64)).view(n, T)
    y = torch.from_numpy(tokens[1:n * T + 1].astype(np.int64)).view(n, T)
    return x, y


# --------------------------------------------------------------------------------------------- model

def gelu_new(x):
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0))))


class TiedHeadLoss(torch.autograd.Function):
    """Mean cross-entropy of x @ wte.T, computed in row chunks with the gradient formed in the same
    pass (softmax - one_hot), so the [tokens, 50257] logits never exist whole: on 2 cores this
    head is most of the training time, and memory traffic, not arithmetic, is what it costs."""

    @staticmethod
    def forward(ctx, x, wte, targets, chunk):
        n = x.shape[0]
        loss = torch.zeros((), dtype=torch.float64, device=x.device)
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
    def __init__(self, cfg, dropout=0.0):
        super().__init__()
        self.cfg, self.dropout = cfg, dropout
        self.L, self.C, self.H = cfg["n_layer"], cfg["n_embd"], cfg["n_head"]
        C, L, P = self.C, self.L, cfg["n_positions"]
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
        for n in self.names:  # Hugging Face's GPT-2 initialisation, in this fixed order (seeded)
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

    def ln(self, x, p):
        return F.layer_norm(x, (self.C,), self.w(p + ".weight"), self.w(p + ".bias"), 1e-5)

    def forward(self, idx, explicit=False):
        """idx [B, T] -> (hidden states [emb, block 1 .. L-1 outputs, ln_f(block L output)], each [B, T, C],
        as Hugging Face's output_hidden_states; and with explicit=True the attention probabilities per
        layer [B, H, T, T], else None). Dropout only in training mode."""
        B, T = idx.shape
        C, H = self.C, self.H
        D = C // H
        drop = self.dropout if self.training else 0.0
        fused = hasattr(F, "scaled_dot_product_attention") and not explicit
        x = self.w("wte.weight")[idx] + self.w("wpe.weight")[:T]
        if drop:
            x = F.dropout(x, drop)
        hs, atts = [x], []
        mask = None if fused else torch.ones(T, T, dtype=torch.bool, device=idx.device).tril()
        for l in range(self.L):
            h = f"h.{l}."
            qkv = self.ln(x, h + "ln_1") @ self.w(h + "attn.c_attn.weight") + self.w(h + "attn.c_attn.bias")
            q, k, v = (t.view(B, T, H, D).transpose(1, 2) for t in qkv.split(C, dim=2))  # [B, H, T, D]
            if fused:
                y = F.scaled_dot_product_attention(q, k, v, is_causal=True, dropout_p=drop)
            else:
                att = (q @ k.transpose(-1, -2)) * (1.0 / math.sqrt(D))  # [B, H, T, T]
                att = att.masked_fill(~mask, float("-inf")).softmax(-1)
                if explicit:
                    atts.append(att)
                y = (F.dropout(att, drop) if drop else att) @ v
            y = y.transpose(1, 2).reshape(B, T, C)
            x = self.residual(x, y, h + "attn.c_proj", drop)
            m = gelu_new(self.ln(x, h + "ln_2") @ self.w(h + "mlp.c_fc.weight") + self.w(h + "mlp.c_fc.bias"))
            x = self.residual(x, m, h + "mlp.c_proj", drop)
            hs.append(x)
        hs[-1] = self.ln(x, "ln_f")
        return hs, (atts if explicit else None)

    def residual(self, x, y, proj, drop):
        if drop:  # dropout on the block's output, bias included
            return x + F.dropout(y @ self.w(proj + ".weight") + self.w(proj + ".bias"), drop)
        # summed in this order, (x + yW) + b, as the run that made teaching-small did, so that its
        # recorded losses reproduce to the last digit
        return x + y @ self.w(proj + ".weight") + self.w(proj + ".bias")

    def loss(self, x, y, chunked, chunk=128):
        """Mean next-token cross-entropy of x [B, T] against y [B, T]."""
        h = self.forward(x)[0][-1]
        if chunked:
            return TiedHeadLoss.apply(h.reshape(-1, self.C), self.w("wte.weight"), y.reshape(-1), chunk)
        logits = h @ self.w("wte.weight").t()  # [B, T, V]
        return F.cross_entropy(logits.float().view(-1, VOCAB), y.reshape(-1))

    @torch.no_grad()
    def nll(self, x, y, chunk=1024):
        """Summed next-token cross-entropy (nats, float64) for evaluation, logits in row chunks."""
        h = self.forward(x)[0][-1].reshape(-1, self.C)
        y, wte, total = y.reshape(-1), self.w("wte.weight"), 0.0
        for b in range(0, len(h), chunk):
            logits = (h[b:b + chunk] @ wte.t()).float()
            total += (torch.logsumexp(logits, 1) - logits.gather(1, y[b:b + chunk, None])[:, 0]).double().sum().item()
        return total


def load_model(d):
    """A Hugging Face GPT-2 directory (config.json + F16/F32 model.safetensors, names with or without
    'transformer.') as a GPT2 in eval mode."""
    cfg = json.load(open(os.path.join(d, "config.json")))
    m = GPT2(cfg)
    raw = open(os.path.join(d, "model.safetensors"), "rb").read()
    n = int.from_bytes(raw[:8], "little")
    header, base = json.loads(raw[8:8 + n]), 8 + n
    dtypes = {"F16": np.float16, "F32": np.float32}
    with torch.no_grad():
        for k, v in header.items():
            name = k[len("transformer."):] if k.startswith("transformer.") else k
            if name in m.names:
                a = np.frombuffer(raw[base + v["data_offsets"][0]:base + v["data_offsets"][1]], dtype=dtypes[v["dtype"]])
                m.w(name).copy_(torch.from_numpy(a.astype(np.float32)).view(v["shape"]))
    return m.eval()


# ------------------------------------------------------------------------------- measurements

def lens_logits(model, h, l):
    """Logit lens of hidden state l (the last one already has ln_f, as Hugging Face returns it)."""
    return (model.ln(h, "ln_f") if l < model.L else h) @ model.w("wte.weight").t()


@torch.no_grad()
def spike(model, hw, dev):
    """The position-0 spike in the middle block's output, on held-out windows hw [N, T + 1]: norm and
    largest |activation| at position 0 over the rest, and which dimension holds that largest value."""
    model.eval()
    mid = model.forward(hw[:, :-1].to(dev))[0][max(1, model.L // 2)].float()
    model.train()
    mx, arg = mid.abs().max(-1)
    mode = arg[:, 0].mode().values
    return {"norm_ratio": round((mid[:, 0].norm(dim=-1).mean() / mid[:, 1:].norm(dim=-1).mean()).item(), 3),
            "max_ratio": round((mx[:, 0].mean() / mx[:, 1:].median()).item(), 3),
            "dim": int(mode.item()), "dim_share": round((arg[:, 0] == mode).float().mean().item(), 3)}


@torch.no_grad()
def diagnose(model, windows, prompt_ids, dev):
    """First-position measurements on held-out windows [N, T + 1] (fp32, explicit attention), as is and
    with <|endoftext|> first; and on the prompt ids, if given."""
    model.eval()
    L, T = model.L, windows.shape[1] - 1
    out = {}
    for variant in ("plain", "eot_first"):
        x, y = windows[:, :-1].clone(), windows[:, 1:].clone()
        if variant == "eot_first":
            x = torch.cat([torch.full_like(x[:, :1], EOT), x[:, :-1]], 1)
            y = torch.cat([windows[:, :1], y[:, :-1]], 1)
        acc = {k: np.zeros(L + 1) for k in ("norm0", "norm_rest", "maxabs0", "maxabs_rest", "ce0", "ce1_4",
                                             "ce_rest", "kl0", "kl_rest")}
        acc["att0"], acc["dim_hits"] = np.zeros((L, model.H)), {}
        nb = 0
        for b in range(0, len(x), 16):
            xb, yb = x[b:b + 16].to(dev), y[b:b + 16].to(dev)
            hs, atts = model.forward(xb, explicit=True)
            final = F.log_softmax(lens_logits(model, hs[-1], L).float(), -1)
            for l in range(L + 1):
                h = hs[l].float()
                n = h.norm(dim=-1)
                acc["norm0"][l] += n[:, 0].mean().item()
                acc["norm_rest"][l] += n[:, 1:].mean().item()
                mx, arg = h.abs().max(dim=-1)
                acc["maxabs0"][l] += mx[:, 0].mean().item()
                acc["maxabs_rest"][l] += mx[:, 1:].median().item()
                if 0 < l < L:
                    hits = acc["dim_hits"].setdefault(str(l), {})
                    for d in arg[:, 0].tolist():
                        hits[str(d)] = hits.get(str(d), 0) + 1
                lp = F.log_softmax(lens_logits(model, h, l).float(), -1)
                ce = -lp.gather(-1, yb[..., None])[..., 0]
                acc["ce0"][l] += ce[:, 0].mean().item()
                acc["ce1_4"][l] += ce[:, 1:5].mean().item()
                acc["ce_rest"][l] += ce[:, 1:].mean().item()
                kl = (final.exp() * (final - lp)).sum(-1)
                acc["kl0"][l] += kl[:, 0].mean().item()
                acc["kl_rest"][l] += kl[:, 1:].mean().item()
            for l, a in enumerate(atts):
                acc["att0"][l] += a[:, :, 1:, 0].mean(dim=(0, 2)).float().cpu().numpy()
            nb += 1
        res = {k: (v / nb).round(4).tolist() if isinstance(v, np.ndarray) else v for k, v in acc.items()}
        res["att0_uniform"] = round(float(np.mean([1.0 / (q + 1) for q in range(1, T)])), 4)
        out[variant] = res
    if prompt_ids:  # the notebook's prompt: per position, final top-10, lens top-1, norms, attention to 0
        for variant, ids in (("prompt", prompt_ids), ("prompt_eot", [EOT] + prompt_ids)):
            hs, atts = model.forward(torch.tensor([ids], device=dev), explicit=True)
            out[variant] = {
                "ids": ids, "norms": [[round(v, 2) for v in h[0].float().norm(dim=-1).tolist()] for h in hs],
                "top10": lens_logits(model, hs[-1][0], model.L).topk(10, -1).indices.tolist(),
                "lens_top1": [lens_logits(model, hs[l][0], l).argmax(-1).tolist() for l in range(model.L + 1)],
                "att0": [[round(v, 3) for v in a[0, :, 1:, 0].mean(-1).tolist()] for a in atts]}
    return out


def baselines(train, held):
    """Unigram and bigram, both add-one smoothed over the 50257-token vocabulary, fitted on the
    training tokens and scored on the held-out tokens: nats per token."""
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


# ---------------------------------------------------------------------------------------- output

def write_model(model, out, tokenizer_dir):
    os.makedirs(out, exist_ok=True)
    header, blobs, off = {}, [], 0
    for n in model.names:
        a = model.w(n).detach().to(torch.float16).cpu().numpy()
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
    cfg = model.cfg
    # the *_pdrop fields record the dropout used in training; inference (ours, transformers' eval mode)
    # applies none
    config = {"activation_function": "gelu_new", "architectures": ["GPT2LMHeadModel"], "attn_pdrop": model.dropout,
              "bos_token_id": EOT, "embd_pdrop": model.dropout, "eos_token_id": EOT, "initializer_range": 0.02,
              "layer_norm_epsilon": 1e-05, "model_type": "gpt2", "n_ctx": cfg["n_positions"],
              "n_embd": cfg["n_embd"], "n_head": cfg["n_head"], "n_inner": None, "n_layer": cfg["n_layer"],
              "n_positions": cfg["n_positions"], "resid_pdrop": model.dropout, "tie_word_embeddings": True,
              "torch_dtype": "float16", "vocab_size": VOCAB}
    with open(os.path.join(out, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
        f.write("\n")
    for name in ("vocab.json", "merges.txt"):
        shutil.copyfile(os.path.join(tokenizer_dir, name), os.path.join(out, name))


def bf16(on):
    """bf16 autocast on CUDA; nothing otherwise (PyTorch 1.13 without CUDA fails even to disable it)."""
    return torch.autocast("cuda", dtype=torch.bfloat16) if on else contextlib.nullcontext()


def sha256(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


# ------------------------------------------------------------------------------------------ main

def parse_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", help="CORPUS_DIR from build_corpus.py (with --tokenizer)")
    ap.add_argument("--tokenizer", help="path to the built ch01_tokenizer")
    ap.add_argument("--docs", help="DOCS.npz from prep.py, instead of --corpus and --tokenizer")
    ap.add_argument("--vocab-dir", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../data/gpt2"))
    ap.add_argument("--out", required=True)
    ap.add_argument("--device", choices=("cpu", "cuda"), default="cpu")
    ap.add_argument("--layers", type=int, default=4)
    ap.add_argument("--embd", type=int, default=128)
    ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--positions", type=int, default=256, help="n_positions, and the training window length")
    ap.add_argument("--batch", type=int, default=8, help="windows of --positions tokens per step")
    ap.add_argument("--steps", type=int, default=1800, help="step budget (ignored with --budget)")
    ap.add_argument("--budget", type=float, default=0, help="wall-clock budget in training seconds after the "
                    "first step (which includes any compilation); 0 = use --steps")
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--warmup", type=int, default=100)
    ap.add_argument("--weight-decay", type=float, default=0.1)
    ap.add_argument("--dropout", type=float, default=0.0, help="on embeddings, attention and block outputs")
    ap.add_argument("--sampling", choices=("weights", "natural"), default="weights")
    ap.add_argument("--windows", choices=("sequential", "random"), default="sequential")
    ap.add_argument("--heldout-tokens", type=int, default=65536, help="--sampling weights: held-out tokens "
                    "(drawn with the same weights); natural: up to 1024 windows of positions + 1")
    ap.add_argument("--eval-every", type=float, default=0, help="seconds between held-out evaluations "
                    "on --eval-windows windows; the best weights seen are kept. 0 = none")
    ap.add_argument("--eval-windows", type=int, default=128)
    ap.add_argument("--diag-windows", type=int, default=0, help="held-out windows for the end-of-run "
                    "position-0 diagnostics in training-log.json (0 = none)")
    ap.add_argument("--prompt-ids", default="", help="comma-separated ids also diagnosed (the notebook's prompt)")
    ap.add_argument("--no-compile", action="store_true", help="cuda: do not try torch.compile")
    ap.add_argument("--threads", type=int, default=1, help="CPU threads")
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--log-every", type=int, default=25)
    a = ap.parse_args(argv)
    if a.windows == "sequential" and a.budget:
        ap.error("--windows sequential needs a step budget (--steps), not --budget")
    if a.device == "cuda" and not torch.cuda.is_available():
        ap.error("--device cuda: no CUDA device is available to PyTorch %s" % torch.__version__)
    return a


def main():
    a = parse_args()
    dev, cuda = a.device, a.device == "cuda"
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    if cuda:
        torch.backends.cuda.matmul.allow_tf32 = True
    t_start = time.time()
    ids, offsets, sources = load_corpus(a)
    T = a.positions
    train_docs = np.array([i for i, (_, sp) in enumerate(sources) if sp == "train"])
    epoch_tokens = int((np.diff(offsets)[train_docs] + 1).sum())  # each document and its <|endoftext|>
    steps_tokens = a.steps * a.batch * T + 1  # what --windows sequential consumes in --steps steps

    # Training tokens: one stream, read in consecutive or random windows.
    if a.sampling == "weights":
        n = steps_tokens if a.windows == "sequential" else 2 * epoch_tokens
        train_tokens, train_used = stream(ids, offsets, sources, "train", n, a.seed)
        held_tokens, held_used = stream(ids, offsets, sources, "heldout", a.heldout_tokens + 1, a.seed + 1)
        hx, hy = windows(held_tokens, T)
        baseline_train = train_tokens
    else:
        rng = np.random.RandomState(a.seed)
        # two epochs, as the GPU run drew its random windows from; sequential windows take what they need
        n_epochs = max(2, -(-steps_tokens // epoch_tokens)) if a.windows == "sequential" else 2
        train_tokens = np.concatenate([epoch_stream(ids, offsets, train_docs, rng) for _ in range(n_epochs)])
        train_used = {"epochs_in_stream": n_epochs, "tokens_per_epoch": epoch_tokens}
        hw = natural_heldout(ids, offsets, sources, T)
        hx, hy = hw[:, :-1], hw[:, 1:]
        held_tokens, held_used = hw.reshape(-1).numpy(), {"windows": len(hw), "window_tokens": T + 1}
        baseline_train = train_tokens[:epoch_tokens]
    # held-out windows with T + 1 tokens, for the spike measurement and the diagnostics
    hw = torch.cat([hx, hy[:, -1:]], 1)
    if a.windows == "sequential":
        xs, ys = windows(train_tokens, T)
    else:
        train_dev = torch.from_numpy(train_tokens.astype(np.int64)).to(dev)
        gen = torch.Generator(device=dev)
        gen.manual_seed(a.seed)
        ar = torch.arange(T + 1, device=dev)

    cfg = {"n_layer": a.layers, "n_embd": a.embd, "n_head": a.heads, "n_positions": T}
    model = GPT2(cfg, a.dropout).to(dev)
    decay = [p for p in model.params.values() if p.dim() == 2]
    no_decay = [p for p in model.params.values() if p.dim() == 1]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": a.weight_decay},
                             {"params": no_decay, "weight_decay": 0.0}], lr=a.lr, betas=(0.9, 0.95), eps=1e-8,
                            **({"fused": True} if cuda else {}))
    eager = lambda x, y: model.loss(x, y, chunked=not cuda)
    loss_fn = torch.compile(eager) if cuda and not a.no_compile and hasattr(torch, "compile") else eager
    n_params = sum(p.numel() for p in model.params.values())
    budget = f"{a.budget:g} s" if a.budget else f"{a.steps} steps"
    print(f"model: {a.layers} layers, {a.embd} wide, {a.heads} heads, {T} positions, {n_params / 1e6:.2f} M parameters; "
          f"{budget} x {a.batch * T} tokens; {a.sampling} sampling, {a.windows} windows, dropout {a.dropout}; "
          f"{dev}, {torch.get_num_threads()} thread(s); setup {time.time() - t_start:.1f} s", flush=True)

    @torch.no_grad()
    def heldout_loss(n_windows, autocast):
        """Mean held-out nats per token on the first n_windows windows."""
        model.eval()
        total, n = 0.0, 0
        for b in range(0, min(n_windows, len(hx)), 32):
            x, y = hx[b:b + 32].to(dev), hy[b:b + 32].to(dev)
            with bf16(autocast):
                total += model.nll(x, y)
            n += y.numel()
        model.train()
        return total / n

    curve, evals, best, best_loss = [], [], None, float("inf")
    step, t_train, last_eval = 0, None, 0.0
    while True:
        el = time.time() - t_train if t_train is not None else 0.0
        if a.budget:
            if t_train is not None and el >= a.budget:
                break
            progress = el / a.budget
        else:
            if step >= a.steps:
                break
            progress = max(0, step - a.warmup) / max(1, a.steps - a.warmup)
        # linear warm-up, then a cosine from the peak to 10 % of it over the budget
        lr = a.lr * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * progress)))
        lr = lr * (step + 1) / a.warmup if step < a.warmup else lr
        for g in opt.param_groups:
            g["lr"] = lr
        if a.windows == "sequential":
            b = slice(step * a.batch, (step + 1) * a.batch)
            x, y = xs[b].to(dev), ys[b].to(dev)
        else:
            starts = torch.randint(0, len(train_dev) - T - 1, (a.batch,), device=dev, generator=gen)
            w = train_dev[starts[:, None] + ar]  # [batch, T + 1]
            x, y = w[:, :-1], w[:, 1:]
        try:
            with bf16(cuda):
                loss = loss_fn(x, y)
        except Exception as e:  # a compiler failure must not cost the run
            if loss_fn is eager:
                raise
            print(f"torch.compile failed ({type(e).__name__}: {str(e)[:200]}); eager from here", flush=True)
            loss_fn = eager
            with bf16(True):
                loss = loss_fn(x, y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step += 1
        if t_train is None:  # the budget's clock starts after the first step (compilation, warm-up)
            if cuda:
                torch.cuda.synchronize()
            t_train = time.time()
            t_first = t_train - t_start
        el = time.time() - t_train
        last = step == a.steps if not a.budget else el >= a.budget
        if step % a.log_every == 0 or step == 1:
            tps = (step - 1) * a.batch * T / el if step > 1 else 0.0  # after the first step
            curve.append({"step": step, "loss": round(loss.item(), 4), "lr": lr, "seconds": round(el, 1)})
            print(f"step {step:5d}{'' if a.budget else '/%d' % a.steps}  loss {loss.item():.4f}  lr {lr:.2e}  "
                  f"{tps:.0f} tok/s  {el / 60:.1f} min", flush=True)
        if a.eval_every and step > 1 and (el - last_eval >= a.eval_every or last):
            last_eval = el
            hl = heldout_loss(a.eval_windows, cuda)
            sp = spike(model, hw[:32], dev)
            tokens = step * a.batch * T
            evals.append({"step": step, "tokens": tokens, "epochs": round(tokens / epoch_tokens, 2), "sec": round(el, 1),
                          "train": round(loss.item(), 4), "held": round(hl, 4), "lr": lr, "spike": sp})
            print(f"step {step}: {tokens / 1e6:.1f} M tokens ({tokens / epoch_tokens:.2f} epochs), train {loss.item():.3f}, "
                  f"held-out {hl:.3f}, spike {sp}", flush=True)
            if hl < best_loss:
                best_loss = hl
                best = {k: v.detach().clone() for k, v in model.params.items()}
    train_seconds = time.time() - t_train
    if best is not None and heldout_loss(a.eval_windows, cuda) > best_loss:
        with torch.no_grad():
            for k, v in model.params.items():
                v.copy_(best[k])
        print(f"kept the best held-out weights seen ({best_loss:.4f} on {a.eval_windows} windows)", flush=True)

    # What ships is F16: score the rounded weights in fp32, so the number is the shipped model's.
    with torch.no_grad():
        for p in model.params.values():
            p.copy_(p.to(torch.float16).float())
    held_loss = heldout_loss(len(hx), False)
    uni, bi = baselines(baseline_train, held_tokens)
    print(f"held-out ({hy.numel()} tokens): model {held_loss:.4f} nats/token (perplexity {math.exp(held_loss):.1f}); "
          f"unigram {uni:.4f} ({math.exp(uni):.1f}); add-one bigram {bi:.4f} ({math.exp(bi):.1f})", flush=True)
    prompt = [int(s) for s in a.prompt_ids.split(",") if s]
    diag = diagnose(model, hw[:a.diag_windows], prompt, dev) if a.diag_windows else {}
    if diag:
        d = diag["plain"]
        for k in ("norm0", "norm_rest", "maxabs0", "maxabs_rest", "kl0", "kl_rest"):
            print(f"diagnostics {k}: {d[k]}", flush=True)

    write_model(model.cpu(), a.out, a.vocab_dir)
    device_name = torch.cuda.get_device_name() if cuda else "cpu, %d thread(s)" % a.threads
    tokens_seen = step * a.batch * T
    with open(os.path.join(a.out, "training-log.json"), "w") as f:
        json.dump({"steps": step, "tokens": tokens_seen, "epochs": round(tokens_seen / epoch_tokens, 2),
                   "held_tokens": int(hy.numel()), "held_loss_f16": round(held_loss, 4),
                   "best_sampled_held": round(best_loss, 4) if best is not None else None,
                   "curve": evals, "diag": diag, "torch": torch.__version__, "device": device_name,
                   "total_sec": round(time.time() - t_start, 1)}, f)
    manifest = json.load(open(os.path.join(a.corpus, "manifest.json"))) if a.corpus else None
    corpus = {"built_by": "tools/teaching_model/build_corpus.py" + ("" if a.corpus else ", then prep.py"),
              "sampling": a.sampling, "windows": a.windows}
    if a.sampling == "weights":
        corpus["weights"] = WEIGHTS
    if manifest:
        corpus["manifest"] = manifest
        corpus["documents_sha256"] = sha256(os.path.join(a.corpus, "documents.jsonl"))
    else:
        corpus["docs_npz_sha256"] = sha256(a.docs)
    corpus.update({"train_tokens_per_source": train_used, "heldout_tokens_per_source": held_used})
    flags = []
    for k, v in vars(a).items():
        if k in ("corpus", "tokenizer", "docs", "out", "vocab_dir") or v is False or v == "":
            continue
        flags.append(f"--{k.replace('_', '-')}" + ("" if v is True else f" {v}"))
    generated = {
        "generator": "tools/teaching_model/train.py (PyTorch %s, %s)" % (torch.__version__, device_name),
        "command": "/usr/bin/python3 tools/teaching_model/train.py " + " ".join(flags),
        "corpus": corpus,
        "seed": a.seed, "steps": step, "tokens_seen": tokens_seen, "parameters": n_params,
        "first_step_seconds": round(t_first, 1),
        "train_seconds": round(train_seconds), "total_seconds": round(time.time() - t_start),
        "tokens_per_second": round((step - 1) * a.batch * T / train_seconds),  # after the first step
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
