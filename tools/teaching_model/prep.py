#!/usr/bin/python3
"""The corpus as one file for train.py --docs and eval_same_windows.py --docs:

    /usr/bin/python3 tools/teaching_model/prep.py CORPUS_DIR BUILD/bin/ch01_tokenizer DOCS.npz

CORPUS_DIR comes from build_corpus.py; its documents are tokenized by the project's ch01_tokenizer
(train.py's tokenize(), cached in CORPUS_DIR/tokens.npz). DOCS.npz holds ids (uint16, every document
concatenated), offsets (where each document starts; one more than there are documents), src (index
into names, per document), held (True for the build's 2 % held-out documents) and names (the
sources). The GPU run took this file to a machine without the project's build.
"""
import os, sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import train

if len(sys.argv) != 4:
    sys.exit("usage: prep.py CORPUS_DIR CH01_TOKENIZER OUT.npz")
corpus, tokenizer, out = sys.argv[1:]
ids, offsets = train.tokenize(corpus, tokenizer)
sources = [l.rstrip("\n").split("\t") for l in open(os.path.join(corpus, "sources.tsv"))]
assert len(sources) == len(offsets) - 1, "sources.tsv and documents.jsonl disagree: rebuild the corpus"
assert ids.max() < 2 ** 16, "ids must fit uint16"
names = sorted(set(s for s, _ in sources))
np.savez(out, ids=ids.astype(np.uint16), offsets=offsets.astype(np.int64),
         src=np.array([names.index(s) for s, _ in sources], dtype=np.uint8),
         held=np.array([sp == "heldout" for _, sp in sources], dtype=bool), names=np.array(names))
print(f"{out}: {len(ids)} tokens, {len(offsets) - 1} documents")
