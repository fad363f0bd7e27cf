#pragma once
// Scalar activation functions, shared by the elementwise ops and the fused dense layer. Their
// derivatives are in the derivative table, ops/derivatives.hpp.
#include <cmath>
#include <cstdint>

#include "tapegrad/activation.hpp"

namespace tapegrad::kernels {

// Stable for every x: exp never overflows, so +-1000 gives exactly 1 and 0 with no warning.
template <class T>
inline T sigmoid(T x) {
  if (x >= T(0)) return T(1) / (T(1) + std::exp(-x));
  const T e = std::exp(x);
  return e / (T(1) + e);
}

// max(x, 0) that keeps NaN, as NumPy and PyTorch do.
template <class T>
inline T relu(T x) {
  return x < T(0) ? T(0) : x;
}

template <class T>
inline T activate(Activation act, T z) {
  switch (act) {
    case Activation::Sigmoid: return sigmoid(z);
    case Activation::Tanh: return std::tanh(z);
    case Activation::Relu: return relu(z);
    case Activation::Identity: break;
  }
  return z;
}

template <class T>
inline void apply_activation(Activation act, T* y, std::int64_t n) {
  switch (act) {
    case Activation::Sigmoid:
      for (std::int64_t i = 0; i < n; ++i) y[i] = sigmoid(y[i]);
      break;
    case Activation::Tanh:
      for (std::int64_t i = 0; i < n; ++i) y[i] = std::tanh(y[i]);
      break;
    case Activation::Relu:
      for (std::int64_t i = 0; i < n; ++i) y[i] = relu(y[i]);
      break;
    case Activation::Identity: break;
  }
}

}  // namespace tapegrad::kernels
