// dense_output_grad: dZ and db of the dense layer in one pass. Baseline ISA: the row loops are
// plain enough for the compiler to vectorise, and the pass is memory-bound next to the GEMMs.
#include "kernels/dense_grad.hpp"

#include <cstdint>

#include "ops/derivatives.hpp"

namespace tapegrad::kernels {
namespace {

// One row at a time, so dz and the running column sums stay unit stride; the activation is a
// compile-time constant so the inner loop has no switch in it. The rule is the derivative
// table's (ops/derivatives.hpp), the one tg.sigmoid, tg.tanh and tg.relu use: relu's is a
// select, so an inf or NaN gradient where the output is <= 0 gives 0, not 0 * inf = NaN.
template <Activation Act, class T>
void output_grad_rows(std::int64_t m, std::int64_t n, const T* g, const T* y, T* dz, T* db) {
  for (std::int64_t i = 0; i < m; ++i) {
    const T* __restrict gi = g + i * n;
    const T* __restrict yi = y + i * n;
    T* __restrict dzi = dz + i * n;
    if (db == nullptr) {
      for (std::int64_t j = 0; j < n; ++j) dzi[j] = derivatives::activation_grad(Act, gi[j], yi[j]);
      continue;
    }
    T* __restrict dbp = db;
    for (std::int64_t j = 0; j < n; ++j) {
      const T v = derivatives::activation_grad(Act, gi[j], yi[j]);
      dzi[j] = v;
      dbp[j] += v;
    }
  }
}

// The column sums alone: g is already dz.
template <class T>
void column_sums(std::int64_t m, std::int64_t n, const T* g, T* db) {
  T* __restrict dbp = db;
  for (std::int64_t i = 0; i < m; ++i) {
    const T* __restrict gi = g + i * n;
    for (std::int64_t j = 0; j < n; ++j) dbp[j] += gi[j];
  }
}

}  // namespace

template <class T>
void dense_output_grad(std::int64_t m, std::int64_t n, const T* g, const T* y, Activation act, T* dz, T* db) {
  if (dz == nullptr) {
    if (db != nullptr) column_sums(m, n, g, db);
    return;
  }
  switch (act) {
    case Activation::Sigmoid: return output_grad_rows<Activation::Sigmoid>(m, n, g, y, dz, db);
    case Activation::Tanh: return output_grad_rows<Activation::Tanh>(m, n, g, y, dz, db);
    case Activation::Relu: return output_grad_rows<Activation::Relu>(m, n, g, y, dz, db);
    case Activation::Identity: break;
  }
  output_grad_rows<Activation::Identity>(m, n, g, y, dz, db);
}

template void dense_output_grad<float>(std::int64_t, std::int64_t, const float*, const float*, Activation,
                                       float*, float*);
template void dense_output_grad<double>(std::int64_t, std::int64_t, const double*, const double*, Activation,
                                        double*, double*);

}  // namespace tapegrad::kernels
