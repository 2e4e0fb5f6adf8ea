// hf_gpt2_tokenizer.js — a tokenizer.json for Hugging Face's `tokenizers` (npm), configured
// exactly as transformers' GPT2TokenizerFast with add_prefix_space=True, from the project's
// data/gpt2/vocab.json + merges.txt. Used by the tokenizer benchmark (bench.js) and by the
// script that wrote the edge-case fixture (tests/data/tokenizer_edge_cases_oracle.js).
const fs = require("fs");
const os = require("os");
const path = require("path");

// Writes the file and returns its path.
function writeHfGpt2TokenizerJson(file = path.join(os.tmpdir(), `gpt2-tokenizer-${process.pid}.json`)) {
  const data = path.join(__dirname, "..", "..", "data", "gpt2");
  const vocab = JSON.parse(fs.readFileSync(path.join(data, "vocab.json"), "utf8"));
  const merges = fs.readFileSync(path.join(data, "merges.txt"), "utf8").split("\n").slice(1).filter((l) => l);
  const byteLevel = { type: "ByteLevel", add_prefix_space: true, trim_offsets: true, use_regex: true };
  fs.writeFileSync(file, JSON.stringify({
    version: "1.0", truncation: null, padding: null, normalizer: null,
    added_tokens: [{ id: 50256, content: "<|endoftext|>", single_word: false, lstrip: false, rstrip: false,
                     normalized: true, special: true }],
    pre_tokenizer: byteLevel, post_processor: byteLevel, decoder: byteLevel,
    model: { type: "BPE", dropout: null, unk_token: null, continuing_subword_prefix: "", end_of_word_suffix: "",
             fuse_unk: false, vocab, merges },
  }));
  return file;
}

module.exports = { writeHfGpt2TokenizerJson };
