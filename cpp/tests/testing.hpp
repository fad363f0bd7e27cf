#pragma once
// A minimal test harness: no framework to download or install. Each test file is one executable
// registered with ctest; TG_TEST defines a case, TG_CHECK* record failures, main() runs them all.
#include <cmath>
#include <cstdio>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

namespace tapegrad_testing {

struct Case {
  const char* name;
  std::function<void()> body;
};
inline std::vector<Case>& cases() {
  static std::vector<Case> all;
  return all;
}
inline int& failures() {
  static int n = 0;
  return n;
}
struct Register {
  Register(const char* name, std::function<void()> body) { cases().push_back({name, std::move(body)}); }
};

inline void fail(const char* file, int line, const std::string& what) {
  std::fprintf(stderr, "%s:%d: FAILED: %s\n", file, line, what.c_str());
  ++failures();
}

inline int run_all() {
  int failed_cases = 0;
  for (const auto& c : cases()) {
    const int before = failures();
    try {
      c.body();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "%s: unexpected exception: %s\n", c.name, e.what());
      ++failures();
    }
    const bool ok = failures() == before;
    failed_cases += ok ? 0 : 1;
    std::printf("[%s] %s\n", ok ? "  OK  " : " FAIL ", c.name);
  }
  std::printf("%zu passed, %d failed\n", cases().size() - static_cast<std::size_t>(failed_cases),
              failed_cases);
  return failed_cases == 0 ? 0 : 1;
}

}  // namespace tapegrad_testing

#define TG_CONCAT2(a, b) a##b
#define TG_CONCAT(a, b) TG_CONCAT2(a, b)
#define TG_TEST(name)                                                        \
  static void name();                                                        \
  static tapegrad_testing::Register TG_CONCAT(register_, name)(#name, name); \
  static void name()

#define TG_CHECK(cond)                                              \
  do {                                                              \
    if (!(cond)) tapegrad_testing::fail(__FILE__, __LINE__, #cond); \
  } while (0)

#define TG_CHECK_NEAR(a, b, tol)                                                                    \
  do {                                                                                              \
    const double tg_a_ = static_cast<double>(a), tg_b_ = static_cast<double>(b);                    \
    if (!(std::fabs(tg_a_ - tg_b_) <= (tol))) {                                                     \
      std::ostringstream tg_os_;                                                                    \
      tg_os_ << #a << " = " << tg_a_ << " vs " << #b << " = " << tg_b_ << " (tol " << (tol) << ")"; \
      tapegrad_testing::fail(__FILE__, __LINE__, tg_os_.str());                                     \
    }                                                                                               \
  } while (0)

// Passes when expr throws an exception of type Ex whose message contains `needle`.
#define TG_CHECK_THROWS(Ex, expr, needle)                                                               \
  do {                                                                                                  \
    bool tg_thrown_ = false;                                                                            \
    try {                                                                                               \
      (void)(expr);                                                                                     \
    } catch (const Ex& tg_e_) {                                                                         \
      tg_thrown_ = true;                                                                                \
      if (std::string(tg_e_.what()).find(needle) == std::string::npos)                                  \
        tapegrad_testing::fail(__FILE__, __LINE__,                                                      \
                               std::string("message '") + tg_e_.what() + "' lacks '" + (needle) + "'"); \
    } catch (...) {                                                                                     \
      tg_thrown_ = true;                                                                                \
      tapegrad_testing::fail(__FILE__, __LINE__, "wrong exception type from " #expr);                   \
    }                                                                                                   \
    if (!tg_thrown_) tapegrad_testing::fail(__FILE__, __LINE__, "no exception from " #expr);            \
  } while (0)

#define TG_TEST_MAIN() \
  int main() { return tapegrad_testing::run_all(); }
