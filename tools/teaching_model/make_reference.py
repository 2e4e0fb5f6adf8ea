#!/usr/bin/python3
"""Reference outputs for a bundled checkpoint, from a PyTorch forward independent of common/.

    /usr/bin/python3 tools/teaching_model/make_reference.py MODEL_DIR TEMPLATE.reference.json OUT.json
    /usr/bin/python3 tools/teaching_model/make_reference.py --attention MODEL_DIR TEMPLATE.reference.json OUT.json

The first form writes OUT.json in the schema of data/reference/*.reference.json (see
data/reference/README.md). The second (--attention) writes data/reference/*.attention.json:
for every TEMPLATE prompt of 1 or more tokens, as is and with <|endoftext|> (50256) prepended,
the full attention probabilities attention[l][h][i][j] of every layer and head and
sink_share[l][h] (the mean over queries 1..T-1 of the weight on key 0). Before writing, it
asserts that every attention row sums to 1 within 1e-5 and is exactly 0 above the diagonal.
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


def forward(w, cfg, ids, positions, mask=None, attention=None):
    """Hidden states as transformers' output_hidden_states: [emb, block 0, ..., ln_f(last block)].
    ids, positions: [B, T]; mask: [B, T] of 0/1 (1 = real token) or None. A list given as
    `attention` receives each layer's attention probabilities [B, H, T, T]."""
    B, T = ids.shape
    C, H, eps = cfg["n_embd"], cfg["n_head"], cfg.get("layer_norm_epsilon", 1e-5)
    ln = lambda x, p: torch.nn.functional.layer_norm(x, (C,), w[p + ".weight"], w[p + ".bias"], eps)
    x = w["wte.weight"][ids] + w["wpe.weight"][positions]
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


def main():
    if len(sys.argv) == 5 and sys.argv[1] == "--attention":
        return attention_main(*sys.argv[2:])
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
