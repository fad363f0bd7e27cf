#pragma once
// Elementwise loops over whole contiguous tensors, generic in the element function and typed by
// the caller (who has dispatched on the dtype once). The plain loops are written so the compiler
// vectorises them; broadcasting falls back to strided rows.
#include "ops/arith.hpp"
#include "ops/broadcast.hpp"
#include "tapegrad/tensor.hpp"

namespace tapegrad::detail {

// out[i] = f(x[i]): x holds T, out holds Out (of dtype `out_dtype`).
template <class T, class Out = T, class F>
Tensor unary_map(const Tensor& x, F f, DType out_dtype = dtype_of<Out>()) {
  Tensor out = Tensor::empty(x.shape(), out_dtype);
  const T* in = x.data<T>();
  Out* o = out.data<Out>();
  for (std::int64_t i = 0, n = x.numel(); i < n; ++i) o[i] = f(in[i]);
  return out;
}

// dst[i] += src[i] for tensors of one shape and dtype, with none of add_'s checks and no version
// bump: for sums into buffers nobody else can see (and add_ itself, after its checks).
inline void add_into(const Tensor& dst, const Tensor& src) {
  dispatch(dst.dtype(), [&](auto zero) {
    using T = decltype(zero);
    T* d = dst.data<T>();
    const T* s = src.data<T>();
    for (std::int64_t i = 0, n = dst.numel(); i < n; ++i) d[i] = wrapping_add(d[i], s[i]);
  });
}

// out = f(a, b) with NumPy broadcasting: a and b hold T, out holds Out.
template <class T, class Out = T, class F>
Tensor binary_map(const Tensor& a, const Tensor& b, F f) {
  const bool same = a.shape() == b.shape();
  // No Shape made or copied when nothing broadcasts.
  const DType out_dtype = dtype_of<Out>();
  Tensor out = same ? Tensor::empty(a.shape(), out_dtype)
                    : Tensor::empty(broadcast_shapes(a.shape(), b.shape()), out_dtype);
  const Shape& shape = out.shape();
  const T* pa = a.data<T>();
  const T* pb = b.data<T>();
  Out* o = out.data<Out>();
  const std::int64_t n = out.numel();
  if (same) {
    for (std::int64_t i = 0; i < n; ++i) o[i] = f(pa[i], pb[i]);
  } else if (b.numel() == 1 && a.shape() == shape) {
    const T s = pb[0];
    for (std::int64_t i = 0; i < n; ++i) o[i] = f(pa[i], s);
  } else if (a.numel() == 1 && b.shape() == shape) {
    const T s = pa[0];
    for (std::int64_t i = 0; i < n; ++i) o[i] = f(s, pb[i]);
  } else {
    const std::array<Strides, 3> strides{contiguous_strides(shape), broadcast_strides(a.shape(), shape),
                                         broadcast_strides(b.shape(), shape)};
    for_each_row(shape, strides, [&](const auto& off, std::int64_t length, const auto& step) {
      Out* op = o + off[0];
      const T* ap = pa + off[1];
      const T* bp = pb + off[2];
      for (std::int64_t j = 0; j < length; ++j) op[j] = f(ap[j * step[1]], bp[j * step[2]]);
    });
  }
  return out;
}

}  // namespace tapegrad::detail
