// bench.js — the JavaScript side of scripts/bench-tokenizer: encodes the corpus with
// js-tiktoken, tiktoken (WebAssembly) and Hugging Face's tokenizers (Rust, Node binding),
// times them like tools/bench_tokenizer.cpp (load separately; encode as the median of N runs,
// each with a freshly loaded tokenizer) and checks that their ids equal ours.
//
// Usage: node bench.js REPO_ROOT CORPUS OUR_IDS_FILE RUNS
// Prints one "RESULT name load_ms MB/s tokens/s n_tokens verdict" line per tokenizer, and
// for a mismatch the first differing position with the text around it.
const fs = require("fs");
const os = require("os");
const path = require("path");

const [root, corpusFile, idsFile, runsArg] = process.argv.slice(2);
const runs = Number(runsArg || 5);
const text = fs.readFileSync(corpusFile, "utf8");
const mb = fs.statSync(corpusFile).size / 1e6;
const ours = fs.readFileSync(idsFile, "utf8").trim().split("\n").map(Number);

function median(v) {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function verdict(name, ids, decode) {
  const n = Math.min(ids.length, ours.length);
  let i = 0;
  while (i < n && ids[i] === ours[i]) i++;
  if (i === n && ids.length === ours.length) return "identical";
  const lo = Math.max(0, i - 3), hi = i + 6;
  console.log(`${name}: first mismatch at token ${i} of ${ours.length} (theirs has ${ids.length})`);
  console.log(`  ours:   ${JSON.stringify(ours.slice(lo, hi))} ${JSON.stringify(decode(ours.slice(lo, hi)))}`);
  console.log(`  theirs: ${JSON.stringify(Array.from(ids.slice(lo, hi)))} ${JSON.stringify(decode(Array.from(ids.slice(lo, hi))))}`);
  return `MISMATCH@${i}`;
}

async function bench(name, load, encode, decode) {
  const loadMs = [], encS = [];
  let ids;
  for (let r = 0; r < runs; r++) {
    let t0 = process.hrtime.bigint();
    const tok = await load();
    loadMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
    t0 = process.hrtime.bigint();
    ids = await encode(tok);
    encS.push(Number(process.hrtime.bigint() - t0) / 1e9);
    if (tok.free) tok.free();
  }
  const s = median(encS);
  const v = verdict(name, ids, decode);
  console.log(`RESULT ${name} ${median(loadMs).toFixed(1)} ${(mb / s).toFixed(3)} ${(ids.length / s).toFixed(0)} ${ids.length} ${v}`);
}

// Hugging Face's tokenizers wants a tokenizer.json: GPT2TokenizerFast's, add_prefix_space=True.
const { writeHfGpt2TokenizerJson } = require("./hf_gpt2_tokenizer.js");
const hfConfigFile = () => writeHfGpt2TokenizerJson();

(async () => {
  const jt = require("js-tiktoken");
  const decode = (ids) => jt.getEncoding("gpt2").decode(ids);
  await bench("js-tiktoken", () => jt.getEncoding("gpt2"), (t) => t.encode(text), decode);
  try {
    const wasm = require("tiktoken");
    await bench("tiktoken-wasm", () => wasm.get_encoding("gpt2"), (t) => t.encode(text), decode);
  } catch (e) {
    console.log(`tiktoken (wasm) unavailable: ${e.message.split("\n")[0]}`);
  }
  try {
    const { Tokenizer } = require("tokenizers");
    const file = hfConfigFile();
    await bench("hf-tokenizers", () => Tokenizer.fromFile(file),
                async (t) => (await t.encode(text)).getIds(), decode);
    fs.unlinkSync(file);
  } catch (e) {
    console.log(`Hugging Face tokenizers unavailable: ${e.message.split("\n")[0]}`);
  }
})();
