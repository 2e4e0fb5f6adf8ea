"""What the PyTorch benchmarks (forward_torch.py, decode_torch.py) share: GPT-2 weights from a
Hugging Face model.safetensors, as torch tensors.

Debian's PyTorch has no safetensors package, so the file is parsed with numpy: an 8-byte header
length, a JSON header (name -> dtype, shape, byte offsets), then the raw tensors. F32 tensors
are read-only views of a memory map, as the C++ side's are (model/model.hpp); F16 and BF16 are upcast
to float32 once, here, so every benchmark computes in float32. Names lose the "transformer."
prefix that save_pretrained() may write.
Only for benchmarking: the project itself never needs Python.
"""
import ctypes
import json
import sys
import warnings

import numpy as np
import torch

# The weights are a read-only memory map, as ours are; we never write to them.
warnings.filterwarnings("ignore", message="The given NumPy array is not writable")


def load_safetensors(path):
    """Returns ({name: float32 tensor}, sorted list of the dtypes stored in the file)."""
    with open(path, "rb") as f:
        n = int.from_bytes(f.read(8), "little")
        header = json.loads(f.read(n))
    data = np.memmap(path, dtype=np.uint8, mode="r", offset=8 + n)
    out, dtypes = {}, set()
    for name, t in header.items():
        if name == "__metadata__":
            continue
        b, e = t["data_offsets"]
        dtypes.add(t["dtype"])
        raw = data[b:e]
        if t["dtype"] == "F32":  # a read-only map: never written
            a = np.frombuffer(raw, dtype=np.float32)
        elif t["dtype"] == "F16":
            a = np.frombuffer(raw, dtype=np.float16).astype(np.float32)
        elif t["dtype"] == "BF16":
            a = (np.frombuffer(raw, dtype=np.uint16).astype(np.uint32) << 16).view(np.float32)
        else:
            sys.exit(f"{path}: {name} has dtype {t['dtype']}; expected F32, F16 or BF16")
        out[name.removeprefix("transformer.")] = torch.from_numpy(a.reshape(t["shape"]))
    return out, sorted(dtypes)


def set_threads(n):
    """Runs PyTorch on n threads, OpenBLAS included, and returns OpenBLAS's count (None when it
    cannot be reached). Debian's PyTorch hands matrix products to the system's OpenBLAS, whose
    thread pool torch.set_num_threads() does not change: without this, "1 thread" would
    still run every gemv on as many threads as CPUs (OPENBLAS_NUM_THREADS unset)."""
    torch.set_num_threads(n)
    try:
        blas = ctypes.CDLL("libopenblas.so.0")
        blas.openblas_set_num_threads(n)
        return blas.openblas_get_num_threads()
    except (OSError, AttributeError):
        return None
