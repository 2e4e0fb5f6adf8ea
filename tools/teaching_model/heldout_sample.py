#!/usr/bin/python3
"""data/text/heldout-sample.txt: plain text from held-out documents of the teaching corpus.

    /usr/bin/python3 tools/teaching_model/heldout_sample.py CORPUS_DIR data/text/heldout-sample.txt

CORPUS_DIR comes from build_corpus.py (documents.jsonl, sources.tsv). Only documents of the
build's held-out split (sources.tsv says "heldout") are used, so neither teaching model saw them
in training (train.py trains on the "train" split only). Which ones: every held-out document of
The Devil's Dictionary and of the Jargon File (both public domain), then held-out documents of
the Python 3.11 documentation (PSF licence), each source in corpus order, whole documents only,
as long as the file stays within MAX_BYTES. Documents are joined with a blank line. Prints what
it took (source, line of documents.jsonl) for data/text/README.md. Standard library only.
"""
import hashlib, json, os, sys

SOURCES = ["devil", "jargon", "python-docs"]  # prose, and licences that allow bundling a sample
MAX_BYTES = 55000
DOCUMENTS_SHA256 = "5375257ee7a692506aa7658abe06d0bd45c7cb4243c90b58067aef001d7970af"  # GENERATED_BY.json


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.split("\n\n")[1])
    corpus, out = sys.argv[1:]
    path = os.path.join(corpus, "documents.jsonl")
    sha = hashlib.sha256(open(path, "rb").read()).hexdigest()
    if sha != DOCUMENTS_SHA256:
        sys.exit(f"heldout_sample: {path} has sha256 {sha}, not the teaching models' {DOCUMENTS_SHA256}")
    docs = [json.loads(l) for l in open(path, encoding="utf-8")]
    split = [l.rstrip("\n").split("\t") for l in open(os.path.join(corpus, "sources.tsv"), encoding="utf-8")]
    assert len(docs) == len(split), "sources.tsv and documents.jsonl disagree: rebuild the corpus"
    taken, size, full = [], 0, False
    for source in SOURCES:
        for line, (doc, (s, sp)) in enumerate(zip(docs, split), start=1):
            if s != source or sp != "heldout":
                continue
            n = len(doc.encode("utf-8")) + (2 if taken else 0)
            if size + n > MAX_BYTES:
                full = True
                break
            taken.append((source, line, doc))
            size += n
        if full:
            break
    text = "\n\n".join(d for _, _, d in taken) + "\n"
    with open(out, "w", encoding="utf-8") as f:
        f.write(text)
    for source in SOURCES:
        lines = [l for s, l, _ in taken if s == source]
        if lines:
            print(f"{source}: {len(lines)} documents, lines {','.join(map(str, lines))}")
    print(f"wrote {out}: {len(taken)} documents, {len(text.encode('utf-8'))} bytes, "
          f"sha256 {hashlib.sha256(text.encode('utf-8')).hexdigest()}")


if __name__ == "__main__":
    main()
