#pragma once
// Runtime choice of the kernel path (internal). The public view is tapegrad/cpu_info.hpp.

namespace tapegrad::kernels {

enum class Isa { Generic, Avx2 };

// What the CPU and the OS let us use (x86 only; all false elsewhere).
struct CpuFeatures {
  bool avx2 = false;     // AVX2, with YMM state saved by the OS
  bool fma = false;      // FMA3, idem
  bool avx512f = false;  // AVX-512F, with ZMM and opmask state saved by the OS
};

CpuFeatures detect_cpu_features();

// The path for a TAPEGRAD_ISA value (null or empty: the best one `cpu` supports). Throws
// std::runtime_error when the value is unknown or names a path `cpu` cannot run.
Isa resolve_isa(const char* requested, const CpuFeatures& cpu);

// "generic" or "avx2".
const char* isa_name(Isa isa);

// The path kernels use: TAPEGRAD_ISA resolved once for this process (rethrowing its error on
// every call when the value is invalid), unless set_isa_for_testing chose another.
Isa active_isa();

// For tests: makes every later kernel call in this process use `isa`. Returns false, changing
// nothing, when this CPU cannot run it.
bool set_isa_for_testing(Isa isa);

// For tests: undoes set_isa_for_testing, back to the TAPEGRAD_ISA choice.
void clear_isa_for_testing();

}  // namespace tapegrad::kernels
