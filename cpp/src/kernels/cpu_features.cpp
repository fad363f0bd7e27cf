// CPU feature detection and the choice of kernel path. Compiled for the baseline ISA.
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>

#include "kernels/dispatch.hpp"
#include "tapegrad/cpu_info.hpp"
#include "tapegrad/threading.hpp"

#if defined(__x86_64__) || defined(_M_X64)
#define TAPEGRAD_X86 1
#if defined(_MSC_VER)
#include <intrin.h>
#else
#include <cpuid.h>
#endif
#endif

namespace tapegrad {
namespace {
// On arm64 the generic kernels are compiled with NEON, the baseline there: report it so.
#if defined(__aarch64__) || defined(_M_ARM64)
constexpr bool kNeonBaseline = true;
#else
constexpr bool kNeonBaseline = false;
#endif
}  // namespace

namespace kernels {
namespace {

#ifdef TAPEGRAD_X86
struct Regs {
  std::uint32_t eax, ebx, ecx, edx;
};

Regs cpuid(std::uint32_t leaf, std::uint32_t subleaf) {
#if defined(_MSC_VER)
  int r[4];
  __cpuidex(r, static_cast<int>(leaf), static_cast<int>(subleaf));
  return {static_cast<std::uint32_t>(r[0]), static_cast<std::uint32_t>(r[1]),
          static_cast<std::uint32_t>(r[2]), static_cast<std::uint32_t>(r[3])};
#else
  Regs r{};
  __cpuid_count(leaf, subleaf, r.eax, r.ebx, r.ecx, r.edx);
  return r;
#endif
}

// XCR0: which register states the OS saves on a context switch. Only valid when OSXSAVE is set.
std::uint64_t xcr0() {
#if defined(_MSC_VER)
  return _xgetbv(0);
#else
  std::uint32_t lo = 0, hi = 0;
  __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));  // no -mxsave needed for asm
  return (static_cast<std::uint64_t>(hi) << 32) | lo;
#endif
}

CpuFeatures detect_x86() {
  CpuFeatures f;
  if (cpuid(0, 0).eax < 7) return f;
  const Regs l1 = cpuid(1, 0);
  const bool osxsave = (l1.ecx >> 27) & 1, avx = (l1.ecx >> 28) & 1, fma = (l1.ecx >> 12) & 1;
  if (!osxsave || !avx) return f;
  const std::uint64_t xcr = xcr0();
  const bool ymm_state = (xcr & 0x6) == 0x6;    // XMM and YMM
  const bool zmm_state = (xcr & 0xe6) == 0xe6;  // + opmask, ZMM_Hi256, Hi16_ZMM
  const Regs l7 = cpuid(7, 0);
  f.avx2 = ymm_state && ((l7.ebx >> 5) & 1);
  f.fma = ymm_state && fma;
  f.avx512f = zmm_state && ((l7.ebx >> 16) & 1);
  return f;
}
#endif

bool supports(Isa isa, const CpuFeatures& cpu) {
  switch (isa) {
    case Isa::Generic: return true;
    case Isa::Avx2:
#ifdef TAPEGRAD_X86
      return cpu.avx2 && cpu.fma;
#else
      return false;
#endif
  }
  return false;
}

// TAPEGRAD_ISA resolved once; an invalid value is remembered as its error message.
struct EnvChoice {
  Isa isa = Isa::Generic;
  std::string error;
};

const EnvChoice& env_choice() {
  static const EnvChoice choice = [] {
    EnvChoice c;
    try {
      c.isa = resolve_isa(std::getenv("TAPEGRAD_ISA"), detect_cpu_features());
    } catch (const std::runtime_error& e) {
      c.error = e.what();
    }
    return c;
  }();
  return choice;
}

constexpr int kNoOverride = -1;
std::atomic<int> g_isa_override{kNoOverride};

}  // namespace

CpuFeatures detect_cpu_features() {
#ifdef TAPEGRAD_X86
  static const CpuFeatures features = detect_x86();
  return features;
#else
  return {};
#endif
}

const char* isa_name(Isa isa) { return isa == Isa::Avx2 ? "avx2" : "generic"; }

Isa resolve_isa(const char* requested, const CpuFeatures& cpu) {
  if (requested == nullptr || *requested == '\0') return supports(Isa::Avx2, cpu) ? Isa::Avx2 : Isa::Generic;
  for (Isa isa : {Isa::Generic, Isa::Avx2}) {
    if (std::strcmp(requested, isa_name(isa)) != 0) continue;
    if (!supports(isa, cpu))
      throw std::runtime_error(std::string("TAPEGRAD_ISA=") + requested +
                               ": this CPU (or its OS) does not support AVX2 and FMA; "
                               "unset TAPEGRAD_ISA or set it to 'generic'");
    return isa;
  }
  throw std::runtime_error(std::string("TAPEGRAD_ISA=") + requested +
                           ": unknown kernel path; expected 'generic' or 'avx2'");
}

Isa active_isa() {
  const int forced = g_isa_override.load(std::memory_order_relaxed);
  if (forced != kNoOverride) return static_cast<Isa>(forced);
  const EnvChoice& choice = env_choice();
  if (!choice.error.empty()) throw std::runtime_error(choice.error);
  return choice.isa;
}

bool set_isa_for_testing(Isa isa) {
  if (!supports(isa, detect_cpu_features())) return false;
  g_isa_override.store(static_cast<int>(isa), std::memory_order_relaxed);
  return true;
}

void clear_isa_for_testing() { g_isa_override.store(kNoOverride, std::memory_order_relaxed); }

}  // namespace kernels

CpuInfo cpu_info() {
  const kernels::CpuFeatures f = kernels::detect_cpu_features();
  const kernels::Isa isa = kernels::active_isa();
  const char* name = kNeonBaseline && isa == kernels::Isa::Generic ? "neon" : kernels::isa_name(isa);
  return CpuInfo{name, f.avx2, f.fma, f.avx512f, get_num_threads()};
}

}  // namespace tapegrad
