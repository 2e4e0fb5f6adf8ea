#!/usr/bin/env bash
# Run a command with OpenBLAS forced onto one kind of kernel, to show results do not
# depend on it. KIND: generic (Prescott: SSE3, runs anywhere) or best (SkylakeX with
# AVX-512, else Haswell with AVX2; skipped with exit 77 on a CPU that has neither).
# Usage: tests/with_blas_kernels.sh KIND COMMAND...
set -u
kind=$1; shift
case "$kind" in
  generic) core=Prescott ;;
  best)
    flags=$(grep -m1 '^flags' /proc/cpuinfo)
    if [[ $flags == *avx512f* && $flags == *avx512bw* && $flags == *avx512vl* && $flags == *avx512dq* ]]; then core=SkylakeX
    elif [[ $flags == *avx2* && $flags == *fma* ]]; then core=Haswell
    else echo "no AVX2/AVX-512 on this CPU: skipped"; exit 77; fi ;;
  *) echo "usage: $0 generic|best COMMAND..." >&2; exit 2 ;;
esac
echo "OPENBLAS_CORETYPE=$core"
OPENBLAS_CORETYPE=$core exec "$@"
