#!/usr/bin/python3
"""Reference outputs for a bundled checkpoint, from a PyTorch forward independent of common/.

    /usr/bin/python3 tools/teaching_model/make_reference.py MODEL_DIR TEMPLATE.reference.json OUT.json
    /usr/bin/python3 tools/teaching_model/make_reference.py --attention MODEL_DIR TEMPLATE.reference.json OUT.json
    /usr/bin/python3 tools/teaching_model/make_reference.py --position-zero MODEL_DIR OUT.json [options; --help]
    /usr/bin/python3 tools/teaching_model/make_reference.py --generate MODEL_DIR OUT.json [options; --help]

The first form writes OUT.json in the schema of data/reference/*.reference.json (see
data/reference/README.md). The second (--attention) writes data/reference/*.attention.json:
for every TEMPLATE prompt of 1 or more tokens, as is and with <|endoftext|> (50256) prepended,
the full attention probabilities attention[l][h][i][j] of every layer and head and
sink_share[l][h] (the mean over queries 1..T-1 of the weight on key 0). Before writing, it
asserts that every attention row sums to 1 within 1e-5 and is exactly 0 above the diagonal.
The third (--position-zero) writes data/reference/CHECKPOINT.position-zero.json: chapter 8's
statistics of position 0 and its experiments, with this forward's edit points and this
script's own BPE (data/reference/README.md).
The fourth (--generate) writes data/reference/CHECKPOINT.generate.json: greedy continuations
(64 new tokens) of eight prompts with each step's top-2 margin, decoded both by recomputing
the whole sequence and with this script's own KV cache (asserted identical), and checked
against a float64 forward.
Hugging Face transformers is not installable here (no PyPI), so the model numbers come from the
plain PyTorch GPT-2 below, written from transformers' GPT2Model semantics (Conv1D [in, out],
gelu_new, ln_f on the last hidden state, additive -inf attention mask for padding) and sharing no
code with the C++ library. What does not depend on the weights is taken from TEMPLATE, which
transformers' own GPT2Tokenizer produced: the prompts, input_ids, tokens, pieces and the padded
batch. Token strings of top-k ids are decoded here as transformers' decode([id]) does (byte-level
decode, U+FFFD for invalid UTF-8, clean_up_tokenization_spaces); the decoder is checked against
every (id, token) pair in TEMPLATE before anything is written.
"""
import json, math, os, sys

import numpy as np
import torch

K = 10


def load_weights(path):
    with open(path, "rb") as f:
        n = int.from_bytes(f.read(8), "little")
        header = json.loads(f.read(n))
        data = f.read()
    kinds = {"F32": np.float32, "F16": np.float16}
    out, dtypes = {}, set()
    for name, t in header.items():
        if name == "__metadata__":
            continue
        b, e = t["data_offsets"]
        raw = data[b:e]
        dtypes.add(t["dtype"])
        if t["dtype"] == "BF16":
            a = (np.frombuffer(raw, dtype=np.uint16).astype(np.uint32) << 16).view(np.float32)
        else:
            a = np.frombuffer(raw, dtype=kinds[t["dtype"]]).astype(np.float32)
        out[name.removeprefix("transformer.")] = torch.from_numpy(a.reshape(t["shape"]).copy())
    return out, sorted(dtypes)


def byte_decoder():
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return {chr(c): b for b, c in zip(bs, cs)}


class Decoder:
    def __init__(self, vocab_path):
        vocab = json.load(open(vocab_path, encoding="utf-8"))
        self.pieces = {i: s for s, i in vocab.items()}
        self.bd = byte_decoder()

    def __call__(self, i):
        if i == 50256:
            return "<|endoftext|>"
        text = bytes(self.bd[c] for c in self.pieces[i]).decode("utf-8", errors="replace")
        for a, b in ((" .", "."), (" ?", "?"), (" !", "!"), (" ,", ","), (" ' ", "'"), (" n't", "n't"),
                     (" 'm", "'m"), (" 's", "'s"), (" 've", "'ve"), (" 're", "'re")):
            text = text.replace(a, b)
        return text


def gelu_new(x):
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x.pow(3))))


def forward(w, cfg, ids, positions, mask=None, attention=None, edit=None):
    """Hidden states as transformers' output_hidden_states: [emb, block 0, ..., ln_f(last block)].
    ids, positions: [B, T]; mask: [B, T] of 0/1 (1 = real token) or None. A list given as
    `attention` receives each layer's attention probabilities [B, H, T, T]. `edit(s, x)`, if
    given, may change the residual x [B, T, C] in place where state s is taken: s = 0 after the
    embeddings, s = l + 1 after block l (the last one before ln_f); the states hold the edited x."""
    B, T = ids.shape
    C, H, eps = cfg["n_embd"], cfg["n_head"], cfg.get("layer_norm_epsilon", 1e-5)
    ln = lambda x, p: torch.nn.functional.layer_norm(x, (C,), w[p + ".weight"], w[p + ".bias"], eps)
    x = w["wte.weight"][ids] + w["wpe.weight"][positions]
    if edit is not None:
        edit(0, x)
    states = [x]
    allowed = torch.ones(T, T, dtype=torch.bool).tril()[None, None]
    if mask is not None:
        allowed = allowed & mask.bool()[:, None, None, :]
    for l in range(cfg["n_layer"]):
        p = f"h.{l}."
        qkv = ln(x, p + "ln_1") @ w[p + "attn.c_attn.weight"] + w[p + "attn.c_attn.bias"]
        q, k, v = (t.reshape(B, T, H, C // H).transpose(1, 2) for t in qkv.split(C, dim=-1))
        s = (q @ k.transpose(-1, -2)) / math.sqrt(C // H)
        s = s.masked_fill(~allowed, float("-inf"))
        a = torch.softmax(s, dim=-1).nan_to_num(0.0)  # a pad query with no allowed key: zeros
        if attention is not None:
            attention.append(a)
        y = (a @ v).transpose(1, 2).reshape(B, T, C)
        x = x + y @ w[p + "attn.c_proj.weight"] + w[p + "attn.c_proj.bias"]
        m = gelu_new(ln(x, p + "ln_2") @ w[p + "mlp.c_fc.weight"] + w[p + "mlp.c_fc.bias"])
        x = x + m @ w[p + "mlp.c_proj.weight"] + w[p + "mlp.c_proj.bias"]
        if edit is not None:
            edit(l + 1, x)
        states.append(x)
    states[-1] = ln(x, "ln_f")
    return states, ln


def top_k(logits, decode):
    """One top-k row per position, as the reference schema: ids, values, tokens, next_value, min_gap."""
    rows = []
    for row in logits:
        v, i = torch.topk(row, K + 1)
        vals = v.tolist()
        rows.append({"ids": i[:K].tolist(), "values": vals[:K], "tokens": [decode(t) for t in i[:K].tolist()],
                     "next_value": vals[K], "min_gap": min(vals[j] - vals[j + 1] for j in range(K))})
    return rows


def oracle_common(implementation, model_dir, cfg, dtypes, n_tensors):
    """The oracle fields both modes write first: what computed the file, on which checkpoint."""
    return {"implementation": implementation, "torch_version": torch.__version__, "numpy_version": np.__version__,
            "checkpoint": os.path.basename(os.path.normpath(model_dir)), "config": cfg,
            "load_info": {"dtypes": dtypes, "n_tensors": n_tensors, "upcast": "float32 before any arithmetic"}}


BOS = 50256
NOTEBOOK_PROMPT = ("This weekend I plan to", [770, 5041, 314, 1410, 284])  # the notebook's Out[7]


def attention_main(model_dir, template_path, out_path):
    """--attention: full attention probabilities per layer and head, with and without a leading BOS."""
    torch.set_num_threads(1)
    cfg = json.load(open(os.path.join(model_dir, "config.json")))
    w, dtypes = load_weights(os.path.join(model_dir, "model.safetensors"))
    template = json.load(open(template_path, encoding="utf-8"))
    sources = [(tp["prompt"], tp["input_ids"]) for tp in template["prompts"]]
    added = []
    if all(text != NOTEBOOK_PROMPT[0] for text, _ in sources):
        sources.insert(0, NOTEBOOK_PROMPT)
        added.append(NOTEBOOK_PROMPT[0])
    L, H = cfg["n_layer"], cfg["n_head"]
    prompts, rows_checked, worst_sum = [], 0, 0.0
    with torch.no_grad():
        for text, input_ids in sources:
            if len(input_ids) < 1:
                continue
            for prepend_bos in (False, True):
                ids = ([BOS] if prepend_bos else []) + list(input_ids)
                T = len(ids)
                probs = []
                forward(w, cfg, torch.tensor([ids]), torch.arange(T)[None], attention=probs)
                assert len(probs) == L, (len(probs), L)
                a = torch.stack([p[0] for p in probs])  # [L, H, T, T]
                assert a.shape == (L, H, T, T) and a.dtype == torch.float32, (a.shape, a.dtype)
                # Every row a causal distribution: sums to 1, nothing above the diagonal.
                above = torch.ones(T, T, dtype=torch.bool).triu(1)
                assert bool((a[..., above] == 0).all()), f"{text!r}: nonzero weight above the diagonal"
                sums = a.double().sum(-1)
                worst_sum = max(worst_sum, (sums - 1).abs().max().item())
                assert worst_sum <= 1e-5, f"{text!r}: a row's sum is off 1 by {worst_sum}"
                assert bool(torch.isfinite(a).all()), f"{text!r}: non-finite attention"
                rows_checked += L * H * T
                case = {"prompt": text, "prepend_bos": prepend_bos, "input_ids": ids, "attention": a.tolist()}
                if T >= 2:  # query 0 can only see key 0: left out of the mean
                    case["sink_share"] = a[:, :, 1:, 0].double().mean(-1).tolist()
                prompts.append(case)

    oracle = oracle_common("tools/teaching_model/make_reference.py --attention: a plain PyTorch GPT-2 forward, "
                           "independent of common/ (transformers is not installable here)",
                           model_dir, cfg, dtypes, len(w))
    oracle.update({"compute_dtype": "float32 (softmax in float32); sink_share averaged in float64",
              "tokenizer": template["oracle"]["tokenizer"],
              "tokenization_from": "prompts and input_ids copied from %s (transformers 4.27.3's GPT2Tokenizer)%s"
                                   % (os.path.basename(template_path),
                                      "; added with the notebook's ids (Out[7]): %s" % added if added else ""),
              "fields": {"prompts[]": "for every template prompt of 1 or more tokens, two cases: "
                                      "prepend_bos false (the prompt's input_ids) and true (50256, then the same ids)",
                         "input_ids": "the ids actually run, positions 0 .. T-1, no padding",
                         "attention": "[n_layer][n_head][T][T] softmax probabilities; row i = query i, column j = "
                                      "key j; exactly 0 for j > i (causal mask); float32 values written as doubles",
                         "sink_share": "[n_layer][n_head] mean over queries i = 1 .. T-1 of attention[l][h][i][0], "
                                       "computed in float64; absent when T < 2"},
              "checks": {"rows": rows_checked, "max_abs_row_sum_minus_1": worst_sum, "above_diagonal": "all exactly 0"}})
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump({"oracle": oracle, "prompts": prompts}, f, ensure_ascii=True)
        f.write("\n")
    print(f"wrote {out_path}: {len(prompts)} cases; {rows_checked} attention rows are causal distributions "
          f"(worst |sum - 1| = {worst_sum:.3g})")


# ---------------------------------------------------------------------------------------------
# --position-zero: chapter 8's statistics and experiments (the spec in data/reference/README.md)
# ---------------------------------------------------------------------------------------------

class BPE:
    r"""GPT-2's byte-level BPE encoder, written here from its definition (vocab.json, merges.txt,
    the pre-tokenizer regex below, add_prefix_space as the notebook), so that the reference does
    not take its ids from the C++ tokenizer. Python's re has no \p{L}, so the pattern
    's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+ is spelled with
    character classes built from unicodedata's categories (and Unicode's White_Space for \s)."""
    WHITE_SPACE = "\t\n\x0b\x0c\r \x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200b))) + "\u2028\u2029\u202f\u205f\u3000"

    def __init__(self, model_dir):
        import re, unicodedata
        self.vocab = json.load(open(os.path.join(model_dir, "vocab.json"), encoding="utf-8"))
        merges = open(os.path.join(model_dir, "merges.txt"), encoding="utf-8").read().split("\n")
        merges = [tuple(m.split(" ")) for m in merges if m and not m.startswith("#version")]
        self.ranks = {m: r for r, m in enumerate(merges)}
        self.byte_char = {b: c for c, b in byte_decoder().items()}
        def ranges(pred):
            out, start = [], None
            for cp in range(0x110000 + 1):
                ok = cp < 0x110000 and pred(cp)
                if ok and start is None:
                    start = cp
                elif not ok and start is not None:
                    out.append("%s-%s" % (re.escape(chr(start)), re.escape(chr(cp - 1))))
                    start = None
            return "".join(out)
        cats = [unicodedata.category(chr(cp)) for cp in range(0x110000)]
        L = ranges(lambda cp: cats[cp][0] == "L")
        N = ranges(lambda cp: cats[cp][0] == "N")
        S = "".join(re.escape(c) for c in self.WHITE_SPACE)
        self.pat = re.compile(r"'s|'t|'re|'ve|'m|'ll|'d| ?[%s]+| ?[%s]+| ?[^%s%s%s]+|[%s]+(?![^%s])|[%s]+"
                              % (L, N, S, L, N, S, S, S))
        self.cache = {}

    def bpe(self, word):
        if word in self.cache:
            return self.cache[word]
        parts = list(word)
        while len(parts) > 1:
            pairs = [(self.ranks.get((a, b), math.inf), i) for i, (a, b) in enumerate(zip(parts, parts[1:]))]
            rank, i = min(pairs)
            if rank == math.inf:
                break
            a, b = parts[i], parts[i + 1]
            merged, j = [], 0
            while j < len(parts):  # merge every occurrence of the pair, left to right
                if j + 1 < len(parts) and parts[j] == a and parts[j + 1] == b:
                    merged.append(a + b)
                    j += 2
                else:
                    merged.append(parts[j])
                    j += 1
            parts = merged
        ids = [self.vocab[p] for p in parts]
        self.cache[word] = ids
        return ids

    def encode(self, text):
        """As the chapters' default: <|endoftext|> is the special token, each segment between
        special tokens gets a leading space unless it starts with one (add_prefix_space)."""
        ids = []
        for n, segment in enumerate(text.split("<|endoftext|>")):
            if n > 0:
                ids.append(BOS)
            if segment == "":
                continue
            if not segment.startswith(" "):
                segment = " " + segment
            for word in self.pat.findall(segment):
                ids.extend(self.bpe("".join(self.byte_char[b] for b in word.encode("utf-8"))))
        return ids


FRAGILE_MARGIN = 5e-4  # nats: several times the float32 noise of a logit between implementations


def top_dims(magnitude, K):
    """The K indices with the largest magnitude (float64), descending; ties: the smaller index first."""
    order = sorted(range(len(magnitude)), key=lambda d: (-magnitude[d], d))
    return order[:K]


def dims_of_sequence(h, K):
    """Spec §1 for one sequence: value = h[0], median_other = median over t >= 1 of |h[t]|."""
    h = h.double().numpy()
    value = h[0]
    median_other = np.median(np.abs(h[1:]), axis=0)  # even count: the mean of the two middle values
    return value, median_other


def ratio_or_none(num, den):
    return None if den == 0 else float(num / den)


def sink_of(probs):
    """Spec §2 for one sequence: probs = list over layers of [1, H, T, T] (float32)."""
    a = torch.stack([p[0] for p in probs]).double().numpy()  # [L, H, T, T]
    T = a.shape[-1]
    share = a[:, :, 1:, 0].mean(-1)
    gu = a[:, :, :, 0].mean(-1)
    uniform = float(np.mean([1.0 / (t + 1) for t in range(1, T)]))
    return share, gu, uniform


def gu_rate(gu):
    return float((gu > 0.3).sum() / gu.size)


def near_threshold(gu):
    """How many scores lie within 1e-5 of Gu et al.'s 0.3 (where float32 noise may move a head
    across it), and the closest distance: the comparison's allowance for gu_rate."""
    dist = np.abs(gu - 0.3)
    return {"within_1e-5": int((dist <= 1e-5).sum()), "closest": float(dist.min())}


def smallest_gap(tops, key):
    """The smallest relative gap between neighbouring |values| of the top-K lists (near-ties may swap)."""
    gaps = [abs(abs(t[i][key]) - abs(t[i + 1][key])) / abs(t[i][key]) for t in tops for i in range(len(t) - 1)]
    return min(gaps) if gaps else None


def log_softmax64(logits):
    x = logits.double()
    return x - torch.logsumexp(x, -1, keepdim=True)


def first_argmax(rows):
    """argmax per row, ties to the smaller id (numpy returns the first maximum)."""
    return np.argmax(rows.numpy(), axis=-1)


def checked_tokenizer(model_dir, template_path, root):
    """Our BPE and decoder for model_dir, checked against transformers' tokenization of the
    template's prompts (default: data/reference/tiny-gpt2-f32.reference.json)."""
    bpe = BPE(model_dir)
    decode = Decoder(os.path.join(model_dir, "vocab.json"))
    template_path = template_path or os.path.join(root, "data/reference/tiny-gpt2-f32.reference.json")
    template = json.load(open(template_path, encoding="utf-8"))
    for tp in template["prompts"]:
        got = bpe.encode(tp["prompt"])
        assert got == tp["input_ids"], f"BPE {tp['prompt']!r}: {got} != transformers' {tp['input_ids']}"
        assert [decode(i) for i in got] == tp["tokens"], tp["prompt"]
    note = ("this script's BPE (vocab.json, merges.txt; add_prefix_space, <|endoftext|> special), checked against "
            "transformers' ids and tokens for the %d prompts of %s" % (len(template["prompts"]),
                                                                      os.path.basename(template_path)))
    return bpe, decode, note


class PositionZero:
    def __init__(self, model_dir):
        self.cfg = json.load(open(os.path.join(model_dir, "config.json")))
        self.w, self.dtypes = load_weights(os.path.join(model_dir, "model.safetensors"))
        self.L, self.C, self.H = self.cfg["n_layer"], self.cfg["n_embd"], self.cfg["n_head"]
        self.P = self.cfg["n_positions"]
        self.wte = self.w["wte.weight"]

    def run(self, ids, edit=None):
        """One sequence: (states [L+1] of [T, C], attention [L] of [1, H, T, T], ln)."""
        probs = []
        states, ln = forward(self.w, self.cfg, torch.tensor([ids]), torch.arange(len(ids))[None], attention=probs,
                             edit=edit)
        return [s[0] for s in states], probs, ln

    def lens_logprobs(self, states, ln, positions):
        """log p_s,t (float64) for every state s at the given positions: ln_f then the tied head for
        s < L (chapter 6's default lens), the model's own logits for s = L."""
        out = []
        for s, h in enumerate(states):
            x = h[positions]
            if s < self.L:
                x = ln(x, "ln_f")
            out.append(log_softmax64(x @ self.wte.t()))
        return out  # [L+1] of [len(positions), V]

    def lens_compare(self, logp):
        """KL(p_L || p_s) in nats and top-1 agreement, per state s: lists of arrays over positions."""
        final = logp[-1]
        pf = final.exp()
        top_final = first_argmax(final)
        kl = [((pf * (final - lp)).sum(-1)).numpy() for lp in logp]
        agree = [first_argmax(lp) == top_final for lp in logp]
        # Fragile agreements: where a top-1 is within FRAGILE_MARGIN nats of its runner-up and
        # swapping the two would change top1_agree, another float32 rounding may flip it. For
        # s < L: the tie is in p_s and the final top-1 is one of the two, or the tie is in p_L
        # and p_s's top-1 is one of those two. (s = L agrees with itself whatever the rounding.)
        top2 = [torch.topk(lp, 2, dim=-1) for lp in logp]
        tf = top2[-1]
        fin_tie = (tf.values[:, 0] - tf.values[:, 1]) < FRAGILE_MARGIN
        fragile = []
        for s, t2 in enumerate(top2):
            if s == len(logp) - 1:
                fragile.append(np.zeros(len(top_final), dtype=bool))
                continue
            tie = (t2.values[:, 0] - t2.values[:, 1]) < FRAGILE_MARGIN
            mine = (t2.indices == tf.indices[:, :1]).any(-1)   # the final top-1 among p_s's two
            theirs = (tf.indices == t2.indices[:, :1]).any(-1)  # p_s's top-1 among p_L's two
            fragile.append(((tie & mine) | (fin_tie & theirs)).numpy())
        return kl, agree, fragile


def position_zero_main(argv):
    import argparse
    ap = argparse.ArgumentParser(prog="make_reference.py --position-zero",
                                 description="chapter 8's reference (data/reference/CHECKPOINT.position-zero.json)")
    ap.add_argument("model_dir")
    ap.add_argument("out")
    ap.add_argument("--prompt", default="This weekend I plan to")
    ap.add_argument("--text", default="data/text/heldout-sample.txt")
    ap.add_argument("--window", type=int, default=64)
    ap.add_argument("--windows", type=int, default=16)
    ap.add_argument("--top", type=int, default=5)
    ap.add_argument("--dim", type=int, default=None, help="default: the massive dimension found on the text")
    ap.add_argument("--from-block", type=int, default=None, help="default: the massive dimension's first state")
    ap.add_argument("--scale", type=float, default=0.5)
    ap.add_argument("--donor", default="Yesterday")
    ap.add_argument("--template", default=None, help="transformers' tokenization to check the BPE against "
                    "(default: data/reference/tiny-gpt2-f32.reference.json)")
    a = ap.parse_args(argv)
    torch.set_num_threads(1)
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    m = PositionZero(a.model_dir)
    L, C, H, P = m.L, m.C, m.H, m.P
    W, K = a.window, a.top
    if not 2 <= W <= P:
        sys.exit(f"--window {W}: give 2 .. n_positions ({P})")
    bpe, decode, tokenizer_note = checked_tokenizer(a.model_dir, a.template, root)

    # The prompt: spec §1 and §2 on one sequence.
    prompt_ids = bpe.encode(a.prompt)
    prompt = {"text": a.prompt, "input_ids": prompt_ids, "tokens": [decode(i) for i in prompt_ids]}
    checks = {}
    with torch.no_grad():
        if len(prompt_ids) >= 2:
            states, probs, _ = m.run(prompt_ids)
            dims = []
            for s, h in enumerate(states):
                value, med = dims_of_sequence(h, K)
                dims.append({"state": s, "top": [{"dim": d, "value": float(value[d]), "median_other": float(med[d]),
                                                  "ratio": ratio_or_none(abs(value[d]), med[d])}
                                                 for d in top_dims(np.abs(value), K)]})
            share, gu, uniform = sink_of(probs)
            prompt.update({"dimensions": dims, "sink": {"share": share.tolist(), "uniform": uniform,
                                                        "gu_score": gu.tolist(), "gu_rate": gu_rate(gu)}})
            checks["prompt_gu_near_0.3"] = near_threshold(gu)
            checks["prompt_dims_smallest_relative_gap"] = smallest_gap([e["top"] for e in dims], "value")
        else:
            prompt.update({"dimensions": None, "sink": None})

    # The text and its windows.
    text_path = a.text if os.path.isabs(a.text) else os.path.join(root, a.text)
    text = open(text_path, encoding="utf-8").read()
    ids = bpe.encode(text)
    N = min(a.windows, len(ids) // W)
    if N < 1:
        sys.exit(f"{a.text} has {len(ids)} tokens, fewer than one window of {W}")
    windows = [ids[k * W:(k + 1) * W] for k in range(N)]

    with torch.no_grad():
        # §1 over windows, §2 (sink), §3 (lens), and the baseline's states kept for the experiments.
        sum_value, sum_med = np.zeros((L + 1, C)), np.zeros((L + 1, C))
        sum_share, sum_gu = np.zeros((L, H)), np.zeros((L, H))
        kl0, klo, ag0, ago = (np.zeros(L + 1) for _ in range(4))
        fr0, fro = np.zeros(L + 1, dtype=int), np.zeros(L + 1, dtype=int)
        for win in windows:
            states, probs, ln = m.run(win)
            for s, h in enumerate(states):
                value, med = dims_of_sequence(h, K)
                sum_value[s] += value
                sum_med[s] += med
            share, gu, uniform = sink_of(probs)
            sum_share += share
            sum_gu += gu
            kl, agree, fragile = m.lens_compare(m.lens_logprobs(states, ln, slice(None)))
            for s in range(L + 1):
                fr0[s] += fragile[s][0]
                fro[s] += fragile[s][1:].sum()
                kl0[s] += kl[s][0]
                klo[s] += kl[s][1:].sum()
                ag0[s] += agree[s][0]
                ago[s] += agree[s][1:].sum()
        mean_value, mean_med = sum_value / N, sum_med / N
        text_dims = [{"state": s, "top": [{"dim": d, "mean_value": float(mean_value[s, d]),
                                           "mean_median_other": float(mean_med[s, d]),
                                           "ratio": ratio_or_none(abs(mean_value[s, d]), mean_med[s, d])}
                                          for d in top_dims(np.abs(mean_value[s]), K)]}
                     for s in range(L + 1)]
        # The massive dimension: top-1 in the most block outputs 1 .. L-1; ties: the larger sum of
        # |mean_value| over those states, then the smaller index.
        block_states = list(range(1, L)) if L > 1 else [1]
        top1 = {s: top_dims(np.abs(mean_value[s]), 1)[0] for s in block_states}
        candidates = sorted(set(top1.values()))
        massive = min(candidates, key=lambda d: (-sum(1 for s in block_states if top1[s] == d),
                                                 -sum(abs(mean_value[s, d]) for s in block_states), d))
        massive_states = [s for s in block_states if top1[s] == massive]
        mean_share, mean_gu = sum_share / N, sum_gu / N
        by_context = []
        for T in (4, 8, 16, 32, 64, 128, 256, 512, 1024):
            if T > P or T > len(ids):
                continue
            n = min(N, len(ids) // T)
            cs, cg = np.zeros((L, H)), np.zeros((L, H))
            for k in range(n):
                probs = []
                seq = ids[k * T:(k + 1) * T]
                forward(m.w, m.cfg, torch.tensor([seq]), torch.arange(T)[None], attention=probs)
                share, gu, _ = sink_of(probs)
                cs += share
                cg += gu
            by_context.append({"context": T, "windows": n, "gu_rate": gu_rate(cg / n), "mean_share": float((cs / n).mean())})
            checks.setdefault("by_context_gu_near_0.3", {})[str(T)] = near_threshold(cg / n)
        text_out = {
            "file": os.path.relpath(text_path, root) if not os.path.relpath(text_path, root).startswith("..") else text_path,
            "tokens": len(ids), "window": W, "windows": N, "dimensions": text_dims,
            "massive_dimension": {"dim": massive, "states": massive_states, "first_state": massive_states[0]},
            "sink": {"share": mean_share.tolist(), "uniform": float(np.mean([1.0 / (t + 1) for t in range(1, W)])),
                     "gu_score": mean_gu.tolist(), "gu_rate": gu_rate(mean_gu), "by_context": by_context},
            "lens": [{"state": s, "kl_pos0": kl0[s] / N, "kl_other": klo[s] / (N * (W - 1)),
                      "agree_pos0": ag0[s] / N, "agree_other": ago[s] / (N * (W - 1))} for s in range(L + 1)]}

        checks["text_gu_near_0.3"] = near_threshold(mean_gu)
        checks["lens_fragile_margin_nats"] = FRAGILE_MARGIN
        checks["text_lens_fragile"] = {"pos0": fr0.astype(int).tolist(), "other": fro.astype(int).tolist()}
        checks["text_dims_smallest_relative_gap"] = smallest_gap([e["top"] for e in text_dims], "mean_value")

        # §4: the experiments.
        d = massive if a.dim is None else a.dim
        b = massive_states[0] if a.from_block is None else a.from_block
        if not 0 <= d < C:
            sys.exit(f"--dim {d}: give 0 .. {C - 1}")
        if not 0 <= b <= L - 1:
            sys.exit(f"--from-block {b}: give 0 .. {L - 1}")
        if not math.isfinite(a.scale):
            sys.exit("--scale must be finite")
        donor_ids = bpe.encode(a.donor)
        if not donor_ids:
            sys.exit("--donor: give a non-empty text")
        donor_states, _, _ = m.run(donor_ids[:1])
        donor_row = donor_states[b][0].clone()  # the donor's residual at the input of block b
        # The points where "from block b on" edits: the input of block b (state b) and every block
        # output l >= b (state l + 1; the last one is the residual before ln_f).
        points = set(range(b, L + 1))

        def held(fn):
            def edit(s, x):
                if s in points:
                    fn(x[0])
            return edit

        def set_zero(x):
            x[0, d] = 0.0

        def set_mean(x):
            x[0, d] = float(x[1:, d].double().mean())  # rows 1 .. T-1, accumulated in float64, cast to float32

        def set_scale(x):
            x[0, d] = x[0, d] * torch.tensor(a.scale, dtype=torch.float32)

        def transplant(s, x):
            if s == b:
                x[0, 0] = donor_row

        runs = [("baseline", None, False), ("zero", held(set_zero), False), ("mean", held(set_mean), False),
                ("scale", held(set_scale), False), ("transplant", transplant, False), ("prepend_eot", None, True)]
        out_runs, run_fragile = [], {}
        for name, edit, eot in runs:
            if eot and W + 1 > P:
                out_runs.append({"name": name, "skipped": f"[<|endoftext|>] + a window of {W} is {W + 1} tokens, "
                                                          f"more than n_positions ({P})"})
                continue
            o = 1 if eot else 0  # sequence position of window position 0
            loss, sink, lkl, lag, norm = np.zeros(W - 1), np.zeros(L), np.zeros(L + 1), np.zeros(L + 1), np.zeros(L + 1)
            for win in windows:
                seq = [BOS] + win if eot else win
                states, probs, ln = m.run(seq, edit)
                logp = log_softmax64(states[L][o:o + W - 1] @ m.wte.t())
                loss -= logp[torch.arange(W - 1), torch.tensor(win[1:])].numpy()
                share, _, _ = sink_of(probs)
                sink += share.mean(-1)
                kl, agree, fragile = m.lens_compare(m.lens_logprobs(states, ln, slice(o, o + 1)))
                run_fragile[name] = (np.array(run_fragile.get(name, np.zeros(L + 1, dtype=int)))
                                     + np.array([int(f[0]) for f in fragile])).tolist()
                lkl += np.array([k[0] for k in kl])
                lag += np.array([g[0] for g in agree])
                norm += np.array([float(h[o].double().norm()) for h in states])
            loss /= N
            out_runs.append({"name": name, "loss_mean": float(loss.mean()), "loss_rest": float(loss[1:].mean()),
                             "loss_by_position": loss.tolist(), "sink_share_by_layer": (sink / N).tolist(),
                             "lens_kl_pos0": (lkl / N).tolist(), "lens_agree_pos0": (lag / N).tolist(),
                             "norm_pos0": (norm / N).tolist()})
        checks["runs_lens_fragile_pos0"] = run_fragile
        experiments = {"dim": d, "from_block": b, "scale": a.scale, "donor": a.donor, "donor_token": decode(donor_ids[0]),
                       "runs": out_runs}

    oracle = oracle_common("tools/teaching_model/make_reference.py --position-zero: a plain PyTorch GPT-2 forward and "
                           "GPT-2 BPE, independent of common/ (transformers is not installable here)",
                           a.model_dir, m.cfg, m.dtypes, len(m.w))
    oracle.update({
        "compute_dtype": "forward in float32 (one thread); statistics, log-softmax and KL in float64 from the float32 "
                         "tensors",
        "tokenizer": tokenizer_note,
        "definitions": "the chapter 8 spec, summarised in data/reference/README.md (position-zero section)",
        "text_sha256": __import__("hashlib").sha256(text.encode("utf-8")).hexdigest(),
        "checks": checks})
    args = {"prompt": a.prompt, "text": text_out["file"], "window": W, "windows": a.windows, "top": K, "dim": d,
            "from_block": b, "scale": a.scale, "donor": a.donor}
    with open(a.out, "w", encoding="utf-8") as f:
        json.dump({"oracle": oracle, "args": args, "prompt": prompt, "text": text_out, "experiments": experiments},
                  f, ensure_ascii=True)
        f.write("\n")
    base = out_runs[0]
    print(f"wrote {a.out}: text {len(ids)} tokens, {N} windows of {W}; massive dimension {massive} "
          f"(states {massive_states}); experiments on dim {d} from block {b}:")
    for r in out_runs:
        if "skipped" in r:
            print(f"  {r['name']:<12} skipped: {r['skipped']}")
        else:
            print(f"  {r['name']:<12} loss_mean {r['loss_mean']:.4f} loss_rest {r['loss_rest']:.4f} "
                  f"sink by layer {' '.join('%.3f' % v for v in r['sink_share_by_layer'])}")


# ---------------------------------------------------------------------------------------------
# --generate: greedy continuations (chapter 9's reference; the fields in data/reference/README.md)
# ---------------------------------------------------------------------------------------------

GENERATE_PROMPTS = [
    "This weekend I plan to",        # the notebook's prompt
    "The meaning of",
    "Once upon a time",
    "import numpy as",
    "The Python interpreter",        # the corpus: Python's documentation
    "BEGGAR, n.",                    # the Devil's Dictionary's form (this entry is held out)
    "a small domesticated",          # a WordNet gloss
    "<|endoftext|>The",              # a document's start, as in training
]
NEAR_TIE = 1e-4  # logit units: a top-2 margin below it may flip between float32 implementations


def forward_cached(w, cfg, ids, start, past):
    """The new tokens `ids` (positions start .. start + n - 1) against the keys and values in
    `past` (per layer [H, start, D] k and v, or empty lists at start = 0), which it extends.
    Returns ln_f of the last new position [C]. The same arithmetic as forward(), one sequence."""
    n, C, H = len(ids), cfg["n_embd"], cfg["n_head"]
    D, eps = C // H, cfg.get("layer_norm_epsilon", 1e-5)
    ln = lambda x, p: torch.nn.functional.layer_norm(x, (C,), w[p + ".weight"], w[p + ".bias"], eps)
    x = w["wte.weight"][torch.tensor(ids)] + w["wpe.weight"][start:start + n]   # [n, C]
    # query i (position start + i) may see keys 0 .. start + i
    allowed = torch.ones(n, start + n, dtype=torch.bool).tril(start)[None]        # [1, n, start + n]
    for l in range(cfg["n_layer"]):
        p = f"h.{l}."
        qkv = ln(x, p + "ln_1") @ w[p + "attn.c_attn.weight"] + w[p + "attn.c_attn.bias"]
        q, k, v = (t.reshape(n, H, D).transpose(0, 1) for t in qkv.split(C, dim=-1))  # [H, n, D]
        if start:
            k, v = torch.cat([past[l][0], k], 1), torch.cat([past[l][1], v], 1)       # [H, start + n, D]
            past[l] = (k, v)
        else:
            past.append((k, v))
        s = (q @ k.transpose(-1, -2)) / math.sqrt(D)
        a = torch.softmax(s.masked_fill(~allowed, float("-inf")), dim=-1)
        y = (a @ v).transpose(0, 1).reshape(n, C)
        x = x + y @ w[p + "attn.c_proj.weight"] + w[p + "attn.c_proj.bias"]
        m = gelu_new(ln(x, p + "ln_2") @ w[p + "mlp.c_fc.weight"] + w[p + "mlp.c_fc.bias"])
        x = x + m @ w[p + "mlp.c_proj.weight"] + w[p + "mlp.c_proj.bias"]
    return ln(x[-1], "ln_f")


def greedy_pick(logits):
    """argmax with ties to the smaller id, the runner-up (the same rule on the rest), the margin."""
    row = logits.numpy()
    top = int(np.argmax(row))  # numpy: the first maximum
    rest = row.copy()
    rest[top] = -np.inf
    second = int(np.argmax(rest))
    return top, second, float(row[top]), float(row[top] - row[second])


def greedy(w, cfg, prompt_ids, new_tokens, cached):
    """Greedy continuation: per step (id, runner-up, top logit, margin, the full logits)."""
    P, wte = cfg["n_positions"], w["wte.weight"]
    ids, past, steps = list(prompt_ids), [], []
    for step in range(new_tokens):
        if len(ids) >= P:
            return steps, "n_positions"
        if cached:
            h = forward_cached(w, cfg, ids if step == 0 else ids[-1:], 0 if step == 0 else len(ids) - 1, past)
        else:  # the whole sequence again, through the forward validated against transformers
            T = len(ids)
            h = forward(w, cfg, torch.tensor([ids]), torch.arange(T)[None])[0][-1][0, -1]
        logits = h @ wte.t()  # [V]
        top, second, value, margin = greedy_pick(logits)
        steps.append((top, second, value, margin, logits))
        ids.append(top)
        if top == BOS:
            return steps, "endoftext"
    return steps, "max_new_tokens"


def generate_main(argv):
    import argparse, hashlib
    ap = argparse.ArgumentParser(prog="make_reference.py --generate",
                                 description="chapter 9's greedy reference (data/reference/CHECKPOINT.generate.json)")
    ap.add_argument("model_dir")
    ap.add_argument("out")
    ap.add_argument("--prompt", action="append", help="a prompt (repeatable; default: the eight in GENERATE_PROMPTS)")
    ap.add_argument("--max-new-tokens", type=int, default=64)
    ap.add_argument("--template", default=None, help="transformers' tokenization to check the BPE against "
                    "(default: data/reference/tiny-gpt2-f32.reference.json)")
    a = ap.parse_args(argv)
    if a.max_new_tokens < 1:
        sys.exit("--max-new-tokens: give 1 or more")
    torch.set_num_threads(1)
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    cfg = json.load(open(os.path.join(a.model_dir, "config.json")))
    w, dtypes = load_weights(os.path.join(a.model_dir, "model.safetensors"))
    w64 = {k: v.double() for k, v in w.items()}
    bpe, decode, tokenizer_note = checked_tokenizer(a.model_dir, a.template, root)
    assert bpe.encode(NOTEBOOK_PROMPT[0]) == NOTEBOOK_PROMPT[1]

    def text_of(ids, clean):
        raw = b"".join(b"<|endoftext|>" if i == BOS else bytes(decode.bd[c] for c in decode.pieces[i]) for i in ids)
        text = raw.decode("utf-8", errors="replace")
        if clean:  # transformers' clean_up_tokenization_spaces, as Decoder
            for x, y in ((" .", "."), (" ?", "?"), (" !", "!"), (" ,", ","), (" ' ", "'"), (" n't", "n't"),
                         (" 'm", "'m"), (" 's", "'s"), (" 've", "'ve"), (" 're", "'re")):
                text = text.replace(x, y)
        return text

    prompts, worst_cache, worst_cache_rel, worst_f64, smallest = [], 0.0, 0.0, 0.0, math.inf
    cache_identical, f64_disagreements = True, []
    with torch.no_grad():
        for text in a.prompt or GENERATE_PROMPTS:
            ids = bpe.encode(text)
            if not ids:
                sys.exit(f"--prompt {text!r}: no tokens")
            plain, stopped = greedy(w, cfg, ids, a.max_new_tokens, cached=False)
            cached, stopped_c = greedy(w, cfg, ids, a.max_new_tokens, cached=True)
            wide, _ = greedy(w64, cfg, ids, a.max_new_tokens, cached=False)
            got = [s[0] for s in plain]
            # The cache must change nothing: the same ids, logits equal to float32 noise.
            same = got == [s[0] for s in cached] and stopped == stopped_c
            cache_identical &= same
            assert same, f"{text!r}: the cached loop chose {[s[0] for s in cached]}, the uncached one {got}"
            d = max(float((p[4] - c[4]).abs().max()) for p, c in zip(plain, cached))
            worst_cache = max(worst_cache, d)
            worst_cache_rel = max(worst_cache_rel, max(float((p[4] - c[4]).abs().max() / p[4].abs().max())
                                                       for p, c in zip(plain, cached)))
            # Float64 forward from the same weights: where float32 rounding could matter.
            first_tie = next((i for i, s in enumerate(plain) if s[3] < NEAR_TIE), None)
            upto = len(plain) if first_tie is None else first_tie
            agree64 = next((i for i in range(min(len(plain), len(wide))) if plain[i][0] != wide[i][0]),
                           min(len(plain), len(wide)))
            if agree64 < upto:
                f64_disagreements.append({"prompt": text, "step": agree64})
            worst_f64 = max(worst_f64, max(float((p[4].double() - q[4]).abs().max())
                                           for p, q in zip(plain[:agree64], wide[:agree64])))
            smallest = min(smallest, min(s[3] for s in plain))
            prompts.append({
                "prompt": text, "input_ids": ids, "tokens": [decode(i) for i in ids],
                "generated": {"ids": got, "tokens": [decode(i) for i in got],
                              "top_logits": [s[2] for s in plain], "runner_up_ids": [s[1] for s in plain],
                              "margins": [s[3] for s in plain]},
                "stopped": stopped, "first_near_tie": first_tie,
                "text": text_of(got, True), "text_no_cleanup": text_of(got, False)})

    oracle = oracle_common("tools/teaching_model/make_reference.py --generate: greedy decoding on a plain PyTorch "
                           "GPT-2 forward and GPT-2 BPE, independent of common/ (transformers is not installable here)",
                           a.model_dir, cfg, dtypes, len(w))
    oracle.update({
        "compute_dtype": "float32, one thread; every step recomputes the whole sequence (the forward validated "
                         "against transformers); logits = ln_f(last position) @ wte.T",
        "tokenizer": tokenizer_note,
        "decoding": "greedy: the largest logit, ties to the smaller id; at most max_new_tokens new tokens; "
                    "<|endoftext|> (50256), when chosen, is recorded as the last new token and ends the prompt; "
                    "never past n_positions",
        "near_tie": NEAR_TIE,
        "fields": {
            "prompts[].input_ids": "the prompt's ids (no <|endoftext|> added unless the text holds one)",
            "generated.ids": "the chosen id per step, step 0 = the token after the prompt",
            "generated.top_logits": "the chosen id's logit (float32 as a double)",
            "generated.runner_up_ids": "the largest logit among the other ids (ties to the smaller id)",
            "generated.margins": "top logit - runner-up's logit, >= 0",
            "stopped": "endoftext | max_new_tokens | n_positions",
            "first_near_tie": "the first step whose margin < near_tie, or null: from there on another float32 "
                              "implementation may legitimately diverge",
            "text": "prompt-free continuation: the new ids decoded, with transformers' clean-up of spaces",
            "text_no_cleanup": "the same bytes without the clean-up"},
        "checks": {
            "kv_cache_ids_identical": cache_identical,
            "kv_cache_max_abs_logit_diff": worst_cache,
            "kv_cache_max_abs_logit_diff_over_max_abs_logit": worst_cache_rel,
            "float64_forward_disagreements_before_a_near_tie": f64_disagreements,
            "float64_max_abs_logit_diff_while_agreeing": worst_f64,
            "smallest_margin": smallest,
            "near_ties": sum(p["first_near_tie"] is not None for p in prompts)}})
    args = {"max_new_tokens": a.max_new_tokens, "greedy": True}
    with open(a.out, "w", encoding="utf-8") as f:
        json.dump({"oracle": oracle, "args": args, "prompts": prompts}, f, ensure_ascii=True)
        f.write("\n")
    print(f"wrote {a.out}: {len(prompts)} prompts x up to {a.max_new_tokens} tokens; KV cache: ids identical, "
          f"logits within {worst_cache:.3g} ({worst_cache_rel:.3g} of the largest |logit|); float64 forward: {len(f64_disagreements)} disagreements before a "
          f"near-tie (logits within {worst_f64:.3g}); smallest margin {smallest:.3g}")
    for p in prompts:
        print(f"  {p['prompt']!r} -> {p['text']!r} [{p['stopped']}]")


def main():
    if len(sys.argv) == 5 and sys.argv[1] == "--attention":
        return attention_main(*sys.argv[2:])
    if len(sys.argv) >= 2 and sys.argv[1] == "--position-zero":
        return position_zero_main(sys.argv[2:])
    if len(sys.argv) >= 2 and sys.argv[1] == "--generate":
        return generate_main(sys.argv[2:])
    if len(sys.argv) != 4 or sys.argv[1].startswith("--"):
        sys.exit(__doc__.split("\n\n")[1])
    model_dir, template_path, out_path = sys.argv[1:]
    torch.set_num_threads(1)
    cfg = json.load(open(os.path.join(model_dir, "config.json")))
    w, dtypes = load_weights(os.path.join(model_dir, "model.safetensors"))
    template = json.load(open(template_path, encoding="utf-8"))
    decode = Decoder(os.path.join(model_dir, "vocab.json"))

    # The decoder must agree with transformers on every token string the template holds.
    checked = 0
    def check_rows(o):
        nonlocal checked
        if isinstance(o, dict):
            if "ids" in o and "tokens" in o and isinstance(o["ids"], list):
                for i, t in zip(o["ids"], o["tokens"]):
                    assert decode(i) == t, f"decode({i}) = {decode(i)!r}, transformers: {t!r}"
                    checked += 1
            for v in o.values():
                check_rows(v)
        elif isinstance(o, list):
            for v in o:
                check_rows(v)
    check_rows(template["prompts"])
    for p in template["prompts"]:
        for i, t in zip(p["input_ids"], p["tokens"]):
            assert decode(i) == t, f"decode({i}) = {decode(i)!r}, transformers: {t!r}"
            checked += 1

    wte = w["wte.weight"]
    head = lambda h: h @ wte.t()
    prompts = []
    with torch.no_grad():
        for tp in template["prompts"]:
            ids = torch.tensor([tp["input_ids"]])
            T = ids.shape[1]
            probs = []
            states, ln = forward(w, cfg, ids, torch.arange(T)[None], attention=probs)
            hs = []
            for i, h in enumerate(states):
                h = h[0]
                e = {"index": i,
                     "what": "wte[ids] + wpe[positions]" if i == 0 else
                             (f"ln_f(output of block {i - 1})" if i == len(states) - 1 else
                              f"output of block {i - 1} (residual stream)"),
                     "norm": h.double().norm(dim=-1).tolist(), "head8": h[:, :8].tolist(), "raw": top_k(head(h), decode)}
                if i < len(states) - 1:
                    e["normed"] = top_k(head(ln(h, "ln_f")), decode)
                hs.append(e)
            final = head(states[-1][0])
            p = {k: tp[k] for k in ("prompt", "input_ids", "tokens", "tokens_no_cleanup", "pieces", "n_tokens")}
            p.update({"hidden_states": hs, "final_logits": top_k(final, decode),
                      "final_logits_stats": {"logsumexp": torch.logsumexp(final.double(), -1).tolist(),
                                             "mean": final.double().mean(-1).tolist()},
                      "final_vs_lm_head_of_last_hidden_max_abs_diff": 0.0,
                      "normed_last_double_ln": top_k(head(ln(states[-1][0], "ln_f")), decode),
                      "embedding_only": top_k(head(wte[ids[0]]), decode)})
            if T > 1:  # per layer and head: mean over queries 1..T-1 of the weight on key 0
                p["attention_to_first"] = [a[0, :, 1:, 0].double().mean(-1).tolist() for a in probs]
            tb = tp["batch"]
            b = {k: tb[k] for k in ("texts", "input_ids", "attention_mask", "position_ids_default", "position_ids_cumsum")}
            bids, bmask = torch.tensor(tb["input_ids"]), torch.tensor(tb["attention_mask"])
            b["max_abs_diff_vs_unbatched"] = {}
            for scheme in ("default", "cumsum"):
                pos = torch.tensor(tb["position_ids_" + scheme])
                logits = head(forward(w, cfg, bids, pos, bmask)[0][-1])
                rows, diffs = [], []
                for r in range(len(tb["texts"])):
                    real = [t for t in range(bids.shape[1]) if tb["attention_mask"][r][t] == 1]
                    alone_ids = bids[r, real][None]
                    alone = head(forward(w, cfg, alone_ids, torch.arange(len(real))[None])[0][-1][0])
                    diffs.append((logits[r, real] - alone).abs().max().item())
                    rows.append([dict(position=t, **row) for t, row in zip(real, top_k(logits[r, real], decode))])
                b["logits_%s_positions" % scheme] = rows
                b["max_abs_diff_vs_unbatched"][scheme] = diffs
            p["batch"] = b
            prompts.append(p)

    oracle = oracle_common("tools/teaching_model/make_reference.py: a plain PyTorch GPT-2 forward, "
                           "independent of common/ (transformers is not installable here)",
                           model_dir, cfg, dtypes, len(w))
    oracle.update({"k": K, "tokenizer": template["oracle"]["tokenizer"],
              "tokenization_from": "prompts, input_ids, tokens, tokens_no_cleanup, pieces and the batch's ids and "
                                   "masks are copied from %s (transformers 4.27.3's GPT2Tokenizer); %d (id, token) "
                                   "pairs there agree with this script's decoder" % (os.path.basename(template_path), checked)})
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump({"oracle": oracle, "prompts": prompts}, f, ensure_ascii=True)
        f.write("\n")
    print(f"wrote {out_path}: {len(prompts)} prompts; decoder agreed with transformers on {checked} tokens")


if __name__ == "__main__":
    main()
