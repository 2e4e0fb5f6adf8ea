// support/blas_kernels.hpp — make sure OpenBLAS runs kernels written for this CPU.
//
// OpenBLAS picks its kernels at load time from the CPU it detects. Debian's 0.3.21 does
// not know some recent CPUs and falls back to "Prescott" (a 2004 Pentium 4), whose generic
// kernels are 2–3× slower than the AVX-512 ones the same CPU can run. OpenBLAS reads the
// environment variable OPENBLAS_CORETYPE only when it loads, so the fix has to happen
// before the program starts: if OpenBLAS chose a generic core while the CPU has AVX-512
// (or AVX2 + FMA), we set OPENBLAS_CORETYPE=SKYLAKEX (or HASWELL) and re-execute
// ourselves once. Only speed and the last digits of float results change: each family of
// kernels sums in its own order (and so does each thread count), so a figure may differ
// by float32 rounding, ~1e-6 of its size. What the programs print and the tests check
// holds under every family: tests/blas_kernels.cmake runs them under Prescott, Haswell,
// Zen and SkylakeX, with 1 and 2 threads.
//
// A user's explicit OPENBLAS_CORETYPE is never overridden (nor is one set by the
// environment, as on machines that pin OPENBLAS_CORETYPE=Haswell); GPT2_NO_BLAS_REEXEC=1
// disables the whole mechanism. Only generic kernels trigger the re-exec: any other
// family is fast enough, and rounding is no reason to re-exec, since it differs between
// every two families alike.
#pragma once

#include <string>

namespace gpt2 {

// Call first thing in main(). Returns only if no re-exec was needed (or it failed).
void ensure_fast_blas_kernels(char** argv);

// "SkylakeX", "Haswell", "Prescott"...: what OpenBLAS is running, for benchmarks' logs.
std::string blas_core_name();

}  // namespace gpt2
