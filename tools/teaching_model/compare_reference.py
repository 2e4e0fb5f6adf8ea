#!/usr/bin/python3
"""Largest difference per field between two reference JSONs of the same prompts.

    /usr/bin/python3 tools/teaching_model/compare_reference.py A.reference.json B.reference.json

How make_reference.py was validated: on both tiny checkpoints its output was compared with the
reference that transformers 4.27.3 produced (data/reference/README.md has the figures). Any
integer or string that differs (an id, a token) is listed; exit status 1 then, or when a float
differs by more than 1e-4.
"""
import json, sys


def walk(a, b, path, worst, bad):
    if isinstance(a, dict):
        for k in a:
            if k not in b:
                bad.append(path + "/" + k + " missing")
            else:
                walk(a[k], b[k], path + "/" + k, worst, bad)
    elif isinstance(a, list):
        if len(a) != len(b):
            bad.append(f"{path}: {len(a)} vs {len(b)} items")
        else:
            for x, y in zip(a, b):
                walk(x, y, path, worst, bad)
    elif isinstance(a, float):
        k = path.split("/")[-1]
        worst[k] = max(worst.get(k, 0.0), abs(a - b))
    elif a != b:
        bad.append(f"{path}: {a!r} vs {b!r}")


def main():
    a, b = (json.load(open(p, encoding="utf-8"))["prompts"] for p in sys.argv[1:3])
    worst, bad = {}, []
    walk(a, b, "", worst, bad)
    for k, v in sorted(worst.items()):
        print(f"{k:45s} max abs diff {v:.2e}")
    for line in bad[:20]:
        print("differs:", line)
    sys.exit(1 if bad or any(v > 1e-4 for v in worst.values()) else 0)


if __name__ == "__main__":
    main()
