#!/usr/bin/python3
"""Build the teaching model's corpus from Debian packages (no install needed).

    tools/teaching_model/build_corpus.py OUT_DIR

Fetches each source package with `apt-get download`, unpacks it with `dpkg-deb -x`, cuts it into
documents (a fortune, a dictionary entry, a WordNet synset, a paragraph run of the Python docs) and
writes:
    OUT_DIR/documents.jsonl   one JSON string per line (the input `ch01_tokenizer --jsonl` reads)
    OUT_DIR/sources.tsv       per line of documents.jsonl: source name, split (train|heldout)
    OUT_DIR/manifest.json     package versions, .deb SHA-256, licences, document counts
The split is by document (2 % held out), decided by a hash of the text, so it is the same on every
machine. Standard library only; runs under /usr/bin/python3.
"""
import base64, glob, gzip, hashlib, html, json, os, re, subprocess, sys

# Which files of which package, and what licence its Debian copyright file states.
SOURCES = {
    "fortunes": ["fortunes", "fortunes-min"],
    "python-docs": ["python3.11-doc"],
    "wordnet": ["wordnet-base"],
    "gcide": ["dict-gcide"],
    "jargon": ["dict-jargon"],
    "devil": ["dict-devil"],
}
HELDOUT_PERCENT = 2
# Read from each package's /usr/share/doc/PACKAGE/copyright (2026-12-02); the manifest also
# records that file's sha256, so a changed licence text shows up as a changed manifest.
LICENCES = {
    "fortunes": "BSD (fortune-mod, University of California); per-file notes in the copyright file",
    "fortunes-min": "BSD (fortune-mod, University of California); per-file notes in the copyright file",
    "python3.11-doc": "Python Software Foundation License (PSF-2.0) and the licences it lists",
    "wordnet-base": "WordNet 3.0 licence (Princeton University; permissive)",
    "dict-gcide": "GPL-2+ (GCIDE, GNU Collaborative International Dictionary of English)",
    "dict-jargon": "public domain (The Jargon File 4.4.7)",
    "dict-devil": "public domain (Bierce, The Devil's Dictionary, copyright expired)",
}


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, text=True, capture_output=True, **kw).stdout


def fetch(packages, debs, root):
    """apt-get download + dpkg-deb -x; returns {package: {version, sha256, licences}}."""
    os.makedirs(debs, exist_ok=True)
    missing = [p for p in packages if not glob.glob(os.path.join(debs, p + "_*.deb"))]
    if missing:
        try:
            run(["apt-get", "download"] + missing, cwd=debs)
        except subprocess.CalledProcessError as e:
            sys.exit(f"build_corpus: apt-get download {' '.join(missing)} failed ({e.stderr.strip().splitlines()[-1:]}); "
                     "run `apt-get update` first (needs Debian's package mirrors)")
    info = {}
    for p in packages:
        deb = sorted(glob.glob(os.path.join(debs, p + "_*.deb")))[-1]
        run(["dpkg-deb", "-x", deb, root])
        version = run(["dpkg-deb", "-f", deb, "Version"]).strip()
        sha = hashlib.sha256(open(deb, "rb").read()).hexdigest()
        copyright = os.path.join(root, "usr/share/doc", p, "copyright")
        info[p] = {"deb": os.path.basename(deb), "version": version, "sha256": sha, "licence": LICENCES[p],
                   "copyright_file": "/usr/share/doc/%s/copyright" % p,
                   "copyright_sha256": hashlib.sha256(open(copyright, "rb").read()).hexdigest()}
    return info


def reflow(text):
    """Join hard-wrapped lines into paragraphs; keep blank lines as paragraph breaks."""
    paras = [re.sub(r"\s+", " ", p).strip() for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paras if p)


def fortunes(root):
    for path in sorted(glob.glob(os.path.join(root, "usr/share/games/fortunes/*"))):
        name = os.path.basename(path)
        if "." in name or name in ("ascii-art", "art") or os.path.isdir(path):
            continue
        text = open(path, encoding="utf-8", errors="replace").read()
        for item in re.split(r"^%\n", text, flags=re.M):
            item = item.strip("\n")
            if item.strip():
                yield item


def b64(s):
    n = 0
    for c in s:
        n = n * 64 + "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".index(c)
    return n


def dictd(root, name):
    data = gzip.open(os.path.join(root, "usr/share/dictd", name + ".dict.dz")).read()
    spans = set()
    for line in open(os.path.join(root, "usr/share/dictd", name + ".index"), encoding="utf-8", errors="replace"):
        parts = line.rstrip("\n").split("\t")
        if len(parts) >= 3 and not parts[0].startswith("00"):
            spans.add((b64(parts[1]), b64(parts[2])))
    for off, length in sorted(spans):
        text = data[off:off + length].decode("utf-8", errors="replace")
        text = re.sub(r"\[(WordNet|1913 Webster|PJC|Webster 1913 Suppl\.)[^\]]*\]", "", text)
        text = reflow(text)
        if len(text) > 40:
            yield text


def wordnet(root):
    for pos in ("noun", "verb", "adj", "adv"):
        for line in open(os.path.join(root, "usr/share/wordnet/data." + pos), encoding="utf-8", errors="replace"):
            if line.startswith("  ") or "|" not in line:
                continue
            head, gloss = line.split("|", 1)
            f = head.split()
            count = int(f[3], 16)
            words = [f[4 + 2 * i].replace("_", " ") for i in range(count)]
            words = [re.sub(r"\([a-z]+\)$", "", w) for w in words]
            yield ", ".join(words) + ": " + gloss.strip()


def python_docs(root):
    """Prose paragraphs of the reST sources: no directives, code, tables or headings."""
    for path in sorted(glob.glob(os.path.join(root, "usr/share/doc/python3.11/html/_sources/**/*.txt"), recursive=True)):
        text = open(path, encoding="utf-8", errors="replace").read()
        prose = []
        for para in re.split(r"\n\s*\n", text):
            lines = para.split("\n")
            if not para.strip() or para[0].isspace() or para.startswith((".. ", "::", "=", "-", "*", "+", "|", ">>>")):
                continue
            if any(re.fullmatch(r"[=\-~^\"'`#*+]{3,}", l.strip()) for l in lines):
                continue
            p = re.sub(r"\s+", " ", para).strip()
            p = re.sub(r":[a-z:]+:`~?([^`<]*?)(?: <[^>]*>)?`", r"\1", p)  # :func:`x` -> x
            p = p.replace("``", "").rstrip(":") + ("" if p.endswith("::") is False else ":")
            if len(p) > 60 and sum(c.isalpha() for c in p) > 0.6 * len(p):
                prose.append(p)
        # one document per run of up to 6 paragraphs, so documents stay short like the others
        for i in range(0, len(prose), 6):
            yield "\n\n".join(prose[i:i + 6])


EXTRACT = {"fortunes": fortunes, "python-docs": python_docs, "wordnet": wordnet,
           "gcide": lambda r: dictd(r, "gcide"), "jargon": lambda r: dictd(r, "jargon"),
           "devil": lambda r: dictd(r, "devil")}


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: build_corpus.py OUT_DIR")
    out = sys.argv[1]
    root, debs = os.path.join(out, "root"), os.path.join(out, "debs")
    os.makedirs(out, exist_ok=True)  # documents.jsonl is opened before fetch() makes debs/
    manifest = {"heldout_percent": HELDOUT_PERCENT, "sources": {}}
    with open(os.path.join(out, "documents.jsonl"), "w") as docs, open(os.path.join(out, "sources.tsv"), "w") as meta:
        for source, packages in SOURCES.items():
            packages_info = fetch(packages, debs, root)
            counts = {"train": 0, "heldout": 0}
            chars = 0
            for text in EXTRACT[source](root):
                split = "heldout" if int(hashlib.sha256(text.encode()).hexdigest()[:8], 16) % 100 < HELDOUT_PERCENT else "train"
                docs.write(json.dumps(text, ensure_ascii=False) + "\n")
                meta.write(f"{source}\t{split}\n")
                counts[split] += 1
                chars += len(text)
            manifest["sources"][source] = {"packages": packages_info, "documents": counts, "characters": chars}
            print(f"build_corpus: {source:12s} {counts['train'] + counts['heldout']:7d} documents, {chars / 1e6:6.1f} M characters")
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)


if __name__ == "__main__":
    main()
