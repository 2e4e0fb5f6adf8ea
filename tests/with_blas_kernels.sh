#!/usr/bin/env bash
# Run a command with OpenBLAS forced onto one family of kernels and a number of threads, to
# show that what the book and the tests check holds on any x86-64 CPU: other kernels sum in
# another order, so float figures may differ in their last digits, and nothing else may.
#
#   tests/with_blas_kernels.sh CORE THREADS PROBE COMMAND...
#
# CORE     an OPENBLAS_CORETYPE: Prescott (SSE3: the generic kernels, any x86-64 CPU since
#          2005), Haswell or Zen (AVX2 + FMA), SkylakeX (AVX-512 F, BW, VL and DQ). A family
#          this CPU cannot run is skipped (exit 77, which ctest reports as skipped) rather
#          than run into an illegal instruction.
# THREADS  OPENBLAS_NUM_THREADS (1 or 2: OpenBLAS splits a product differently).
# PROBE    a chapter program, run once with OPENBLAS_VERBOSE=2 and --help: OpenBLAS then says
#          which kernels it loaded ("Core: Haswell"), which must be CORE. It proves the
#          setting reaches the programs, which re-execute themselves with other kernels only
#          when OPENBLAS_CORETYPE is unset (common/support/blas_kernels.hpp).
set -u
if [[ $# -lt 4 ]]; then
  echo "usage: $0 Prescott|Haswell|Zen|SkylakeX THREADS PROBE COMMAND..." >&2
  exit 2
fi
core=$1 threads=$2 probe=$3
shift 3

cpuinfo=${CPUINFO:-/proc/cpuinfo}  # another file only to test this script
if [[ $(uname -m) != x86_64 || ! -r $cpuinfo ]]; then
  echo "skipped: OpenBLAS's $core kernels are for x86-64 CPUs (Linux); this is $(uname -sm)"
  exit 77
fi
flags=" $(grep -m1 '^flags' "$cpuinfo" | cut -d: -f2) "
case "$core" in
  Prescott) needs="pni" ;;  # /proc/cpuinfo's name for SSE3
  Haswell | Zen) needs="avx2 fma" ;;
  SkylakeX) needs="avx512f avx512bw avx512vl avx512dq" ;;
  *) echo "$0: unknown kernel family '$core' (Prescott, Haswell, Zen or SkylakeX)" >&2; exit 2 ;;
esac
for f in $needs; do
  if [[ $flags != *" $f "* ]]; then
    echo "skipped: this CPU has no $f, which OpenBLAS's $core kernels need"
    exit 77
  fi
done

export OPENBLAS_CORETYPE=$core OPENBLAS_NUM_THREADS=$threads
loaded=$(OPENBLAS_VERBOSE=2 "$probe" --help 2>&1 >/dev/null | sed -n 's/^Core: //p' | tail -n1)
if [[ $loaded != "$core" ]]; then
  echo "$0: OPENBLAS_CORETYPE=$core did not reach $(basename "$probe"): OpenBLAS loaded '${loaded:-?}'" >&2
  exit 1
fi
echo "OPENBLAS_CORETYPE=$core OPENBLAS_NUM_THREADS=$threads (OpenBLAS in $(basename "$probe"): Core: $loaded)"
exec "$@"
