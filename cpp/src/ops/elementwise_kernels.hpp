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

// o = f(a, b) over `shape` with NumPy broadcasting of a and b (of shapes a_shape, b_shape): the
// loops of binary_map, also run by the steps of a Plan (plan/steps.hpp) on buffers it owns.
template <class T, class Out, class F>
void binary_map_into(const Shape& a_shape, const T* pa, const Shape& b_shape, const T* pb, const Shape& shape,
                     Out* o, F f) {
  const std::int64_t n = shape.numel();
  if (a_shape == b_shape) {
    for (std::int64_t i = 0; i < n; ++i) o[i] = f(pa[i], pb[i]);
  } else if (b_shape.numel() == 1 && a_shape == shape) {
    const T s = pb[0];
    for (std::int64_t i = 0; i < n; ++i) o[i] = f(pa[i], s);
  } else if (a_shape.numel() == 1 && b_shape == shape) {
    const T s = pa[0];
    for (std::int64_t i = 0; i < n; ++i) o[i] = f(s, pb[i]);
  } else {
    const std::array<Strides, 3> strides{contiguous_strides(shape), broadcast_strides(a_shape, shape),
                                         broadcast_strides(b_shape, shape)};
    for_each_row(shape, strides, [&](const auto& off, std::int64_t length, const auto& step) {
      Out* op = o + off[0];
      const T* ap = pa + off[1];
      const T* bp = pb + off[2];
      for (std::int64_t j = 0; j < length; ++j) op[j] = f(ap[j * step[1]], bp[j * step[2]]);
    });
  }
}

// out = f(a, b) with NumPy broadcasting: a and b hold T, out holds Out.
template <class T, class Out = T, class F>
Tensor binary_map(const Tensor& a, const Tensor& b, F f) {
  const DType out_dtype = dtype_of<Out>();
  if (a.shape() == b.shape()) {  // the common case, binary_map_into's first loop: no Shape made
    Tensor out = Tensor::empty(a.shape(), out_dtype);
    const T* pa = a.data<T>();
    const T* pb = b.data<T>();
    Out* o = out.data<Out>();
    for (std::int64_t i = 0, n = out.numel(); i < n; ++i) o[i] = f(pa[i], pb[i]);
    return out;
  }
  Tensor out = Tensor::empty(broadcast_shapes(a.shape(), b.shape()), out_dtype);
  binary_map_into<T, Out>(a.shape(), a.data<T>(), b.shape(), b.data<T>(), out.shape(), out.data<Out>(), f);
  return out;
}

}  // namespace tapegrad::detail
