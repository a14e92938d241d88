// Checks, before any Swift code runs, that the CPU has the instructions the build targets.
//
// Package.swift compiles the Swift targets with `-target-cpu haswell` when the building
// machine has the Haswell feature set, and then defines QUARRY_REQUIRES_HASWELL here. This
// file itself is compiled for baseline x86-64, so the check runs on any CPU; on a CPU without
// the features, the Swift code (vector kernels, but also ordinary VEX-encoded scalar code)
// would die with SIGILL at an arbitrary point.
#include "QuarryCPUCheck.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

const char *quarry_missing_cpu_features(void) {
#if defined(__x86_64__) && defined(QUARRY_REQUIRES_HASWELL)
    static char missing[96];
    missing[0] = '\0';
    __builtin_cpu_init();
    struct { int present; const char *name; } features[] = {
        { __builtin_cpu_supports("avx"), "AVX" },
        { __builtin_cpu_supports("avx2"), "AVX2" },
        { __builtin_cpu_supports("fma"), "FMA" },
        { __builtin_cpu_supports("bmi"), "BMI1" },
        { __builtin_cpu_supports("bmi2"), "BMI2" },
        { __builtin_cpu_supports("f16c"), "F16C" },
        { __builtin_cpu_supports("popcnt"), "POPCNT" },
    };
    for (unsigned i = 0; i < sizeof features / sizeof features[0]; i++) {
        if (features[i].present) continue;
        if (missing[0] != '\0') strcat(missing, ", ");
        strcat(missing, features[i].name);
    }
    return missing;
#else
    return "";
#endif
}

#if defined(__x86_64__) && defined(QUARRY_REQUIRES_HASWELL)
/// Runs before `main`: a clear message and exit status 69 (EX_UNAVAILABLE) instead of SIGILL.
__attribute__((constructor)) static void quarry_require_cpu_features(void) {
    const char *missing = quarry_missing_cpu_features();
    if (missing[0] == '\0') return;
    static const char head[] = "quarry: this binary was built for the Haswell instruction set and this CPU lacks ";
    static const char tail[] = "; rebuild it on this machine, or with QUARRY_TARGET_CPU=portable to run anywhere\n";
    // write(2) rather than stdio: nothing has been set up yet, and the message must not be lost.
    ssize_t ignored = write(2, head, sizeof head - 1);
    ignored = write(2, missing, strlen(missing));
    ignored = write(2, tail, sizeof tail - 1);
    (void)ignored;
    _exit(69);
}
#endif
