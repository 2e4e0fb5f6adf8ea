#include "support/blas_kernels.hpp"

#include <cstdlib>
#include <cstring>

#include <unistd.h>

extern "C" char* openblas_get_corename(void);  // OpenBLAS's own API (not in CBLAS)

namespace gpt2 {

namespace {

bool generic_core(const std::string& core) {
    for (const char* slow : {"Prescott", "Core2", "Katmai", "Coppermine", "Northwood", "Banias", "Penryn",
                             "Dunnington", "Nehalem", "Atom", "Unknown"})
        if (core == slow) return true;
    return false;
}

}  // namespace

std::string blas_core_name() {
    const char* name = openblas_get_corename();
    return name ? name : "unknown";
}

void ensure_fast_blas_kernels(char** argv) {
    if (std::getenv("OPENBLAS_CORETYPE") || std::getenv("GPT2_NO_BLAS_REEXEC")) return;
    if (!generic_core(blas_core_name())) return;

    const char* better = nullptr;
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
        __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq"))
        better = "SKYLAKEX";
    else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        better = "HASWELL";
    if (!better) return;

    // Re-execute with the variable set; the guard makes sure we try only once.
    ::setenv("OPENBLAS_CORETYPE", better, 1);
    ::setenv("GPT2_NO_BLAS_REEXEC", "1", 1);
    ::execv("/proc/self/exe", argv);
    ::unsetenv("OPENBLAS_CORETYPE");  // exec failed: carry on with what we have
}

}  // namespace gpt2
