#!/usr/bin/env python3
"""fuzz/make_seeds.py — regenerate the seed corpora fuzz/corpus/NAME/ (deterministic).

Only a development tool: the seeds it writes are committed, and neither scripts/fuzz nor
the build runs it. Every seed is small (a whole model directory in a few kilobytes, with
the 257-token byte vocabulary of fuzz/model_dir.cpp; one with the real 50257-token
vocabulary and n_embd 1, ~100 KB). Run from the repository root: python3 fuzz/make_seeds.py
"""
import json
import os
import random
import shutil
import struct

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "fuzz", "corpus")
SEP = b"\n--8<--\n"  # fuzz/model_dir.cpp


def bytes_to_unicode():
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return {b: chr(c) for b, c in zip(bs, cs)}


BYTE_PIECE = bytes_to_unicode()
# GPT-2's vocab.json gives ids 0..255 to the byte pieces in this order.
with open(os.path.join(ROOT, "data", "gpt2", "vocab.json"), encoding="utf-8") as f:
    GPT2_VOCAB = json.load(f)
BYTE_PIECES = sorted((p for p in GPT2_VOCAB if GPT2_VOCAB[p] < 256), key=lambda p: GPT2_VOCAB[p])


def safetensors(tensors, metadata=None, header_pad=0):
    """tensors: list of (name, dtype, shape, raw bytes)."""
    header, data = {}, b""
    if metadata is not None:
        header["__metadata__"] = metadata
    for name, dtype, shape, raw in tensors:
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [len(data), len(data) + len(raw)]}
        data += raw
    h = json.dumps(header, separators=(",", ":")).encode() + b" " * header_pad
    return struct.pack("<Q", len(h)) + h + data


def numel(shape):
    n = 1
    for d in shape:
        n *= d
    return n


def weights(rng, dtype, shape, mean=0.0, std=0.5):
    vals = [rng.gauss(mean, std) for _ in range(numel(shape))]
    if dtype == "F32":
        return struct.pack("<%df" % len(vals), *vals)
    if dtype == "F16":
        return struct.pack("<%de" % len(vals), *vals)
    if dtype == "BF16":  # the top half of each float32
        return b"".join(struct.pack("<f", v)[2:] for v in vals)
    raise ValueError(dtype)


def encode(dtype, vals):
    if dtype == "F32":
        return struct.pack("<%df" % len(vals), *vals)
    if dtype == "F16":
        return struct.pack("<%de" % len(vals), *vals)
    return b"".join(struct.pack("<f", v)[2:] for v in vals)  # BF16


def decode(dtype, raw):
    if dtype == "F32":
        return list(struct.unpack("<%df" % (len(raw) // 4), raw))
    if dtype == "F16":
        return list(struct.unpack("<%de" % (len(raw) // 2), raw))
    return [struct.unpack("<f", b"\0\0" + raw[i:i + 2])[0] for i in range(0, len(raw), 2)]  # BF16


def config(n_layer, n_embd, n_head, n_positions, vocab_size, **extra):
    c = {"activation_function": "gelu_new", "layer_norm_epsilon": 1e-05, "model_type": "gpt2",
         "n_embd": n_embd, "n_head": n_head, "n_inner": None, "n_layer": n_layer,
         "n_positions": n_positions, "vocab_size": vocab_size, "tie_word_embeddings": True}
    c.update(extra)
    return c


def model(cfg, dtype="F32", prefix="", seed=1, untied=False, poison=None):
    """poison(name, values) -> values: e.g. NaN or inf in wte."""
    rng = random.Random(seed)
    C, V, P = cfg["n_embd"], cfg["vocab_size"], cfg["n_positions"]
    I = cfg.get("n_inner") or 4 * C
    ts = [("wte.weight", [V, C], 0, 0.5), ("wpe.weight", [P, C], 0, 0.1)]
    for i in range(cfg["n_layer"]):
        p = "h.%d." % i
        ts += [(p + "ln_1.weight", [C], 1, 0.1), (p + "ln_1.bias", [C], 0, 0.1),
               (p + "attn.c_attn.weight", [C, 3 * C], 0, 0.3), (p + "attn.c_attn.bias", [3 * C], 0, 0.1),
               (p + "attn.c_proj.weight", [C, C], 0, 0.3), (p + "attn.c_proj.bias", [C], 0, 0.1),
               (p + "ln_2.weight", [C], 1, 0.1), (p + "ln_2.bias", [C], 0, 0.1),
               (p + "mlp.c_fc.weight", [C, I], 0, 0.3), (p + "mlp.c_fc.bias", [I], 0, 0.1),
               (p + "mlp.c_proj.weight", [I, C], 0, 0.3), (p + "mlp.c_proj.bias", [C], 0, 0.1)]
    ts += [("ln_f.weight", [C], 1, 0.1), ("ln_f.bias", [C], 0, 0.1)]
    if untied:
        ts.append(("lm_head.weight", [V, C], 0, 0.5))
    tensors = []
    for n, s, m, sd in ts:
        raw = weights(rng, dtype, s, m, sd)
        if poison:
            raw = encode(dtype, poison(n, decode(dtype, raw)))
        tensors.append(((prefix if n != "lm_head.weight" else "") + n, dtype, s, raw))
    return safetensors(tensors, metadata={"format": "pt"})


def write(name, files):
    d = os.path.join(CORPUS, name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    for fname, content in files.items():
        with open(os.path.join(d, fname), "wb") as f:
            f.write(content if isinstance(content, bytes) else content.encode("utf-8"))


def main():
    rng = random.Random(7)
    # ---- safetensors
    st = {}
    st["small_f32"] = safetensors([("a", "F32", [2, 3], weights(rng, "F32", [2, 3])),
                                   ("b", "F32", [3], weights(rng, "F32", [3]))], metadata={"format": "pt"})
    st["f16_bf16"] = safetensors([("x.weight", "F16", [4], weights(rng, "F16", [4])),
                                  ("y.weight", "BF16", [2, 2], weights(rng, "BF16", [2, 2]))])
    all_dtypes = [("BOOL", 1), ("U8", 1), ("I8", 1), ("I16", 2), ("U16", 2), ("F16", 2), ("BF16", 2), ("I32", 4),
                  ("U32", 4), ("F32", 4), ("F64", 8), ("I64", 8), ("U64", 8), ("F8_E4M3", 1), ("F8_E5M2", 1)]
    st["all_dtypes"] = safetensors([("t_" + d, d, [2], bytes(range(2 * s))) for d, s in all_dtypes])
    st["empty_tensors"] = safetensors([("empty", "F32", [0, 4], b""), ("scalar", "F32", [], b"\0\0\x80\x3f"),
                                       ("zero", "F16", [0], b"")])
    st["header_only"] = safetensors([], metadata={"k": "v"}, header_pad=3)
    st["tiny_model"] = model(config(1, 2, 1, 4, 257), prefix="transformer.")
    st["truncated"] = st["small_f32"][:-5]
    h = b'{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"U8","shape":[2],"data_offsets":[2,4]}}'
    st["overlap"] = struct.pack("<Q", len(h)) + h + b"\0" * 4
    # JSON, a NUL, then more: nlohmann stops at the NUL, so this once loaded (issue 14).
    h = b'{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}\0{"b":1}'
    st["nul_after_json"] = struct.pack("<Q", len(h)) + h + b"\0" * 4
    h = b'{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}'
    st["duplicate_name"] = struct.pack("<Q", len(h)) + h + b"\0" * 4
    write("safetensors", st)

    # ---- config.json
    with open(os.path.join(ROOT, "data", "models", "tiny-gpt2-f32", "config.json"), "rb") as f:
        tiny = f.read()
    cf = {"tiny_gpt2_f32": tiny,
          "distilgpt2": json.dumps(config(6, 768, 12, 1024, 50257, n_ctx=1024, _name_or_path="distilgpt2")),
          "minimal": json.dumps({"n_layer": 1, "n_head": 1, "n_embd": 1, "n_positions": 1, "vocab_size": 1}),
          "n_inner_untied": json.dumps(config(2, 8, 2, 16, 257, n_inner=12, tie_word_embeddings=False,
                                              layer_norm_epsilon=1e-6)),
          "bad_divisible": json.dumps(config(2, 10, 3, 16, 257)),
          "bad_type": json.dumps(config(2, 8, 2, 16, 257, model_type="llama", activation_function="relu")),
          "nul_after_json": tiny + b"\0{\"n_layer\": -1} anything",
          "bom": b"\xef\xbb\xbf" + tiny}
    write("config", cf)

    # ---- vocab.json \0 merges.txt
    def vocab(extra_pieces, eos=True):
        v = {p: i for i, p in enumerate(BYTE_PIECES)}
        for p in extra_pieces:
            v[p] = len(v)
        if eos:
            v["<|endoftext|>"] = len(v)
        return json.dumps(v, ensure_ascii=False)

    vc = {"bytes_only": vocab([]) + "\0#version: 0.2\n",
          "few_merges": vocab(["Ġt", "he", "Ġthe", "in", "Ġw"]) + "\0#version: 0.2\nĠ t\nh e\nĠt he\ni n\nĠ w\n",
          "crlf_repeat": vocab(["ab", "abc"]) + "\0a b\r\nab c\r\na b\r\n",
          "bad_merge": vocab(["ab"]) + "\0a b\nx y z\n",
          "no_endoftext": vocab(["ab"], eos=False) + "\0a b\n"}  # loads: <|endoftext|> is then plain text
    write("vocab", vc)

    # ---- tokenizer texts
    tk = {"english": "This weekend I plan to go hiking. It's the 3rd time we've tried; they'll come, won't they?",
          "unicode": "héllo wörld — ñ 中文字符 日本語 한국어 العربية ١٢٣ Ελληνικά 😀🎉👩‍👩‍👧 \u00a0nbsp",
          "whitespace": "  leading\n\n\ttabs   and\r\n   trailing   \n\n",
          "special": "<|endoftext|>start<|endoftext|> middle <|endoftext|><|endoftext|>end<|endoftext",
          "code": "int main(int argc, char** argv) { return argv[0][0] == '\\0' ? 1 : 0; } // 12345.678e-9",
          "contractions": "'s 't 're 've 'm 'll 'd 'S 'T ''' ' s I'M YOU'RE",
          "punct": ' .?!, " ... ?! hello , world . isn\'t',
          "long_word": "a" * 300 + " " + "ab" * 100}
    write("tokenizer", tk)

    # ---- model directories: config SEP weights [SEP options prompt]
    md = {}
    c = config(2, 4, 2, 24, 257)
    md["byte_f32"] = json.dumps(c).encode() + SEP + model(c, "F32", "transformer.", seed=1)
    c = config(1, 4, 1, 32, 257)
    md["byte_f16_prompt"] = (json.dumps(c).encode() + SEP + model(c, "F16", "", seed=2) + SEP +
                             b"\x01" + "héllo, wörld <|endoftext|>!".encode())
    c = config(1, 2, 2, 8, 257, n_inner=3, tie_word_embeddings=False)
    md["byte_bf16_untied"] = (json.dumps(c).encode() + SEP + model(c, "BF16", "", seed=3, untied=True) + SEP +
                              b"\xa5" + b"x")
    c = config(2, 2, 1, 8, 257)
    md["byte_metrics_bos"] = (json.dumps(c).encode() + SEP + model(c, "F32", "", seed=4) + SEP +
                              b"\x4c" + b"a b")
    c = config(1, 1, 1, 8, 50257)
    md["gpt2_vocab_bf16"] = (json.dumps(c).encode() + SEP + model(c, "BF16", "transformer.", seed=5) + SEP +
                             b"\x2a" + b"The lens")
    # Non-finite and zero weights: NaN and ±inf logits, constant rows in layer norm.
    nan, inf = float("nan"), float("inf")
    c = config(1, 2, 1, 32, 257)
    md["byte_nan_wte"] = (json.dumps(c).encode() + SEP +
                          model(c, poison=lambda n, v: [nan if n == "wte.weight" and i % 9 == 1 else x
                                                        for i, x in enumerate(v)]) + SEP + b"\x05" + b"abcdefgh")
    md["byte_inf_wte"] = (json.dumps(c).encode() + SEP +
                          model(c, poison=lambda n, v: [(inf, -inf)[i % 2] if n == "wte.weight" and i % 5 == 1 else x
                                                        for i, x in enumerate(v)]) + SEP + b"\x09" + b"abc")
    md["byte_zero"] = (json.dumps(c).encode() + SEP + model(c, poison=lambda n, v: [0.0] * len(v)) + SEP +
                       b"\x0d" + b"abcd")
    # Model::load must refuse a NaN or ±Inf in any weight, whatever its dtype (not only in wte);
    # finite weights so large that the forward pass or the head overflows must be refused too.
    def one(name, index, value):
        return lambda n, v: [value if n == name and i == index else x for i, x in enumerate(v)]
    c = config(2, 4, 2, 16, 257)
    md["byte_nan_c_attn"] = (json.dumps(c).encode() + SEP + model(c, poison=one("h.1.attn.c_attn.weight", 13, nan)) +
                             SEP + b"\x00" + b"ab")
    md["byte_inf_wpe_f16"] = (json.dumps(c).encode() + SEP + model(c, "F16", poison=one("wpe.weight", 4, inf)) +
                              SEP + b"\x02" + b"abc")
    md["byte_ninf_ln_f_bf16"] = (json.dumps(c).encode() + SEP +
                                 model(c, "BF16", "transformer.", poison=one("ln_f.bias", 3, -inf)))
    md["byte_overflow_embeddings"] = (json.dumps(c).encode() + SEP +
                                      model(c, poison=lambda n, v: [3e38] * len(v) if n in ("wte.weight", "wpe.weight")
                                            else v) + SEP + b"\x00" + b"ab")
    md["byte_overflow_logits"] = (json.dumps(c).encode() + SEP +
                                  model(c, poison=lambda n, v: [1e30] * len(v) if n == "ln_f.bias" else
                                        [1e10 if n == "wte.weight" and 8 <= i < 12 else x for i, x in enumerate(v)]) +
                                  SEP + b"\x02" + b"abcd")
    # --prepend-bos on the byte vocabulary: its <|endoftext|> is 256, not GPT-2's 50256.
    md["byte_prepend_bos"] = json.dumps(c).encode() + SEP + model(c, seed=6) + SEP + b"\x02" + b"a<|endoftext|>b"
    c = config(1, 2, 1, 8, 257)
    md["config_nul_after_json"] = (json.dumps(c).encode() + b"\0garbage" + SEP + model(c, "F32", "", seed=6) + SEP +
                                   b"\x01" + b"ab")
    write("model_dir", md)


if __name__ == "__main__":
    main()
