#pragma once
// The steps that elementwise ops and their gradient rules record into a Plan: the loops of
// elementwise_kernels.hpp, run on the plan's slots. f is the op's own element function (generic
// in the element type), so a replayed value is the one the op computed.
#include <cstdint>

#include "ops/elementwise_kernels.hpp"
#include "plan/recorder.hpp"
#include "tapegrad/dtype.hpp"

namespace tapegrad::detail {

// Runs body(T{}) for the element type of `dtype`: every dtype, or the floating ones only.
template <bool kFloating, class Body>
void dispatch_step(DType dtype, Body body) {
  if constexpr (kFloating) {
    dispatch_floating(dtype, "plan step", body);
  } else {
    dispatch(dtype, body);
  }
}

// out[i] = f(x[i]), in out's dtype (x's).
template <bool kFloating = true, class F>
void record_map(Recorder& rec, int x, const Tensor& out, F f) {
  const int o = rec.write(out);
  const std::int64_t n = out.numel();
  rec.step([x, o, n, f](Slot* s) {
    TensorImpl& out_t = writable(s[o]);
    const void* in = s[x].t->data;
    dispatch_step<kFloating>(out_t.dtype, [&](auto zero) {
      using T = decltype(zero);
      const T* pi = static_cast<const T*>(in);
      T* po = static_cast<T*>(out_t.data);
      if (n == 1) {  // a scalar chain's step: no loop set-up
        po[0] = static_cast<T>(f(pi[0]));
        return;
      }
      for (std::int64_t i = 0; i < n; ++i) po[i] = static_cast<T>(f(pi[i]));
    });
  });
}

// out = f(a, b) with broadcasting, all of out's dtype.
template <bool kFloating = true, class F>
void record_zip(Recorder& rec, int a, int b, const Tensor& out, F f) {
  const int o = rec.write(out);
  if (rec.tensor(a).shape == out.shape() && rec.tensor(b).shape == out.shape()) {
    const std::int64_t n = out.numel();  // no broadcasting: binary_map_into's first loop
    rec.step([a, b, o, n, f](Slot* s) {
      TensorImpl& out_t = writable(s[o]);
      const void *pa = s[a].t->data, *pb = s[b].t->data;
      dispatch_step<kFloating>(out_t.dtype, [&](auto zero) {
        using T = decltype(zero);
        const T* x = static_cast<const T*>(pa);
        const T* y = static_cast<const T*>(pb);
        T* po = static_cast<T*>(out_t.data);
        if (n == 1) {
          po[0] = static_cast<T>(f(x[0], y[0]));
          return;
        }
        for (std::int64_t i = 0; i < n; ++i) po[i] = static_cast<T>(f(x[i], y[i]));
      });
    });
    return;
  }
  rec.step([a, b, o, f](Slot* s) {
    TensorImpl& out_t = writable(s[o]);
    const TensorImpl &ta = *s[a].t, &tb = *s[b].t;
    dispatch_step<kFloating>(out_t.dtype, [&](auto zero) {
      using T = decltype(zero);
      binary_map_into<T, T>(ta.shape, static_cast<const T*>(ta.data), tb.shape,
                            static_cast<const T*>(tb.data), out_t.shape, static_cast<T*>(out_t.data),
                            [&f](T x, T y) { return static_cast<T>(f(x, y)); });
    });
  });
}

}  // namespace tapegrad::detail
