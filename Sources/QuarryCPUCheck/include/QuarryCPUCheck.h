#ifndef QUARRY_CPU_CHECK_H
#define QUARRY_CPU_CHECK_H

/// The instruction-set features this build of Quarry needs and the running CPU lacks,
/// as a comma-separated list ("" when nothing is missing).
///
/// The `quarry` binary also runs this check before `main` (a constructor in
/// QuarryCPUCheck.c) and exits with status 69 and one line on stderr when a feature is
/// missing, instead of dying later with SIGILL inside a vector kernel.
const char *quarry_missing_cpu_features(void);

#endif
