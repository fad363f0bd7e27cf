#pragma once
// What the CPU offers and which kernel path tapegrad runs on it: for logs, bug reports and
// wheel smoke tests.
#include <string>

namespace tapegrad {

struct CpuInfo {
  std::string isa;   // the GEMM path in use: "avx2", "generic" (x86-64 baseline) or "neon"
  bool has_avx2;     // AVX2 usable: the CPU has it and the OS saves YMM state
  bool has_fma;      // FMA3 usable
  bool has_avx512f;  // AVX-512F usable (reported only; there is no AVX-512 path yet)
  int num_threads;   // get_num_threads()
};

// The path is chosen once, at first use: the best one the CPU supports, or the one named by
// the environment variable TAPEGRAD_ISA ("generic" or "avx2"). Throws std::runtime_error
// when TAPEGRAD_ISA names an unknown path or one this CPU cannot run (as does every kernel).
CpuInfo cpu_info();

}  // namespace tapegrad
