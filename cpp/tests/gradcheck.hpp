#pragma once
// Helpers shared by the C++ tests: deterministic data, leaf tensors, and the check of backward()
// against central finite differences in double precision (as tg.gradcheck does in Python).
#include <cmath>
#include <cstdint>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "tapegrad/tapegrad.hpp"
#include "testing.hpp"

namespace tapegrad_testing {

using tapegrad::DType;
using tapegrad::Shape;
using tapegrad::Tensor;

// n reproducible values in [lo, hi) (a linear congruential generator: same on every platform).
inline std::vector<double> uniform(std::int64_t n, double lo, double hi, std::uint64_t seed) {
  std::vector<double> v(static_cast<std::size_t>(n));
  for (double& x : v) {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    x = lo + (hi - lo) * static_cast<double>(seed >> 11) / 9007199254740992.0;
  }
  return v;
}

// A leaf tensor that requires a gradient.
inline Tensor leaf(const std::vector<double>& values, const Shape& shape, DType dtype = DType::Float64) {
  Tensor t = Tensor::from_vector(values, shape, dtype);
  t.set_requires_grad(true);
  return t;
}

inline Tensor random_leaf(const Shape& shape, double lo, double hi, std::uint64_t seed) {
  return leaf(uniform(shape.numel(), lo, hi, seed), shape);
}

using Function = std::function<Tensor(const std::vector<Tensor>&)>;

// Checks the gradient backward() gives each float64 input of f that requires one against central
// finite differences. The scalar differentiated is sum(f(inputs) * w) with fixed uneven weights w,
// so every element of f's output gets a different upstream gradient. An element passes when
// |backprop - numeric| <= tol * (1 + |numeric|).
inline void check_gradients(const char* file, int line, const std::string& what, const Function& f,
                            const std::vector<Tensor>& inputs, double tol = 1e-6, double h = 1e-6) {
  for (Tensor x : inputs) {  // a copy of the handle: same tensor
    if (x.requires_grad()) x.set_grad(Tensor());
  }
  const Tensor out = f(inputs);
  const Tensor w = Tensor::from_vector(uniform(out.numel(), 0.5, 1.5, 7), out.shape(), out.dtype());
  tapegrad::sum(out * w).backward();

  tapegrad::NoGradGuard no_grad;
  auto value = [&] { return tapegrad::sum(f(inputs) * w).item(); };
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const Tensor& x = inputs[i];
    if (!x.requires_grad()) continue;
    const Tensor grad = x.grad();
    if (!grad.defined() || grad.shape() != x.shape()) {
      fail(file, line, what + ": input " + std::to_string(i) + " got no gradient of its shape");
      continue;
    }
    const std::vector<double> analytic = grad.to_vector();
    double* p = x.data<double>();  // perturbed directly: no graph is kept across these calls
    for (std::int64_t j = 0; j < x.numel(); ++j) {
      const double old = p[j];
      p[j] = old + h;
      const double plus = value();
      p[j] = old - h;
      const double minus = value();
      p[j] = old;
      const double numeric = (plus - minus) / (2 * h);
      const double a = analytic[static_cast<std::size_t>(j)];
      if (!(std::fabs(a - numeric) <= tol * (1 + std::fabs(numeric)))) {
        std::ostringstream os;
        os << what << ": d/d input " << i << "[" << j << "]: backprop " << a << ", finite differences "
           << numeric;
        fail(file, line, os.str());
      }
    }
  }
}

}  // namespace tapegrad_testing

// TG_CHECK_GRADIENTS("mul", f, {a, b}) with f: const std::vector<Tensor>& -> Tensor.
#define TG_CHECK_GRADIENTS(what, ...) tapegrad_testing::check_gradients(__FILE__, __LINE__, what, __VA_ARGS__)
