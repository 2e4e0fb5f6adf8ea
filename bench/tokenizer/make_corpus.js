// make_corpus.js — writes the tokenizer benchmark's corpus (a few MB of UTF-8), always the
// same bytes on a Debian 12 machine with the same data/ files:
//   1. /usr/share/common-licenses/* (English legal text; sorted by name);
//   2. data/gpt2/vocab.json and merges.txt (odd strings, escapes, byte-table characters);
//   3. the prompts of data/reference/*.reference.json;
//   4. 300,000 seeded random GPT-2 token ids decoded by js-tiktoken (sub-word soup, U+FFFD);
//   5. seeded "multilingual" prose: made-up words in 12 scripts (Latin, Cyrillic, Greek,
//      Arabic, Hebrew, Devanagari, Thai, Chinese, Japanese, Korean) with Zipf-like word
//      frequencies, numbers, punctuation, contractions, emoji with skin tones and ZWJ,
//      tabs, CRLF, NBSP and ideographic spaces.
// It starts with a space (so add_prefix_space adds nothing and every tokenizer sees the same
// text) and leaves out what tokenizers legitimately disagree on, because the benchmark
// compares ids: "<|endoftext|>" (special in HF, an error in tiktoken), U+0085 and U+FEFF
// (JavaScript's \s says FEFF is a space and NEL is not; Unicode says the opposite).
//
// Usage: node make_corpus.js REPO_ROOT OUT_FILE
const fs = require("fs");
const path = require("path");
const { getEncoding } = require("js-tiktoken");

const [root, outFile] = process.argv.slice(2);
const parts = [];

const licenses = "/usr/share/common-licenses";
if (fs.existsSync(licenses))
  for (const f of fs.readdirSync(licenses).sort()) {
    const p = path.join(licenses, f);
    if (fs.statSync(p).isFile()) parts.push(fs.readFileSync(p, "utf8"));
  }
parts.push(fs.readFileSync(path.join(root, "data/gpt2/vocab.json"), "utf8"));
parts.push(fs.readFileSync(path.join(root, "data/gpt2/merges.txt"), "utf8"));
const refDir = path.join(root, "data/reference");
for (const f of fs.readdirSync(refDir).sort())
  if (f.endsWith(".reference.json"))
    for (const p of JSON.parse(fs.readFileSync(path.join(refDir, f), "utf8")).prompts) parts.push(p.prompt);

// mulberry32: a tiny seeded PRNG, so the corpus is the same everywhere.
let state = 20240531;
function rand() {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (a) => a[Math.floor(rand() * a.length)];
const range = (lo, hi) => Array.from({ length: hi - lo + 1 }, (_, i) => String.fromCodePoint(lo + i));

const enc = getEncoding("gpt2");
const soup = [];
for (let line = 0; line < 300000 / 60; line++) {
  const ids = Array.from({ length: 60 }, () => Math.floor(rand() * 50256));
  soup.push(enc.decode(ids));
}
parts.push(soup.join("\n"));

const scripts = [
  { chars: [..."abcdefghijklmnopqrstuvwxyzéèêàçñöüßøå"], space: " " },
  { chars: [..."abcdefghijklmnopqrstuvwxyz"], space: " ", english: true },
  { chars: range(0x430, 0x44f), space: " " },
  { chars: range(0x3b1, 0x3c9), space: " " },
  { chars: range(0x627, 0x64a), space: " " },
  { chars: range(0x5d0, 0x5ea), space: " " },
  { chars: [...range(0x915, 0x939), ...range(0x93e, 0x94c)], space: " " },
  { chars: range(0xe01, 0xe2e), space: "" },
  { chars: range(0x4e00, 0x9fa5), space: "", stop: "。" },
  { chars: [...range(0x3041, 0x3093), ...range(0x30a1, 0x30f3)], space: "", stop: "。" },
  { chars: range(0xac00, 0xd7a3), space: " " },
  { chars: range(0x4e00, 0x4fff), space: "\u3000", stop: "。" },
];
for (const s of scripts) {
  s.lexicon = Array.from({ length: 3000 }, () =>
    Array.from({ length: 1 + Math.floor(rand() * 8) }, () => pick(s.chars)).join(""));
}
const emoji = [...range(0x1f600, 0x1f64f), "👍🏽", "👋🏿", "👩‍👩‍👧‍👦", "🇫🇷", "❤️", "👨🏻‍💻"];
const punct = [",", ",", ";", ":", " -", " —", "…", "!", "?", " (", ")", "\"", "«", "»", "'s", "n't", "'re"];
const spaces = [" ", " ", " ", " ", " ", " ", "  ", "\t", "\u00a0"];
const breaks = ["\n", "\n\n", "\r\n", "\n    "];

let prose = "";
while (prose.length < 700000) {
  const s = pick(scripts);
  for (let sentence = 0; sentence < 1 + Math.floor(rand() * 6); sentence++) {
    const words = [];
    for (let w = 0; w < 3 + Math.floor(rand() * 20); w++) {
      // Zipf-like: index ~ 3000^u - 1, so a few words are very frequent, as in real text.
      let word = s.lexicon[Math.floor(Math.pow(3000, rand())) - 1];
      const r = rand();
      if (r < 0.04) word = String(Math.floor(rand() * 10 ** (1 + Math.floor(rand() * 9))));
      else if (r < 0.06) word = (rand() * 1000).toFixed(2);
      else if (r < 0.08) word = pick(emoji);
      if (w === 0 && s.english) word = word[0].toUpperCase() + word.slice(1);
      if (rand() < 0.1) word += pick(punct);
      words.push(word);
    }
    prose += words.join(s.space === " " ? pick(spaces) : s.space) + (s.stop || ".") + " ";
  }
  prose += pick(breaks);
}
parts.push(prose);

let text = " " + parts.join("\n\n");
text = text.split("<|endoftext|>").join("<|end of text|>").replace(/[\u0085\ufeff]/g, "");
fs.writeFileSync(outFile, text, "utf8");
console.error(`corpus: ${outFile}, ${(Buffer.byteLength(text) / 1e6).toFixed(2)} MB`);
