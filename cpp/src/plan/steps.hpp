#pragma once
// The steps that elementwise ops and their gradient rules record into a Plan: the loops of
// elementwise_kernels.hpp, run on the plan's slots. f is the op's own element function (generic
// in the element type), so a replayed value is the one the op computed.
#include <cstdint>
#include <cstring>
#include <memory>
#include <type_traits>
#include <vector>

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

// One-element maps recorded one after another (a scalar chain, y = y * 0.999 + 0.001, and its
// backward) run as one step that carries the value from op to op in a register: as separate
// steps, each op would store its value and the next wait to load it again. Each op still writes
// its own slot, in the order eager execution did.
template <class T>
class ScalarChain final : public BindsSlots {
 public:
  using Apply = T (*)(const void* f, T v);
  static constexpr std::size_t kFunctionBytes = 32;
  // Whether a link can hold the element function F (its captures: a scalar or two).
  template <class F>
  static constexpr bool holds = sizeof(F) <= kFunctionBytes && std::is_trivially_copyable_v<F>;

  // Adds out = apply(f, in); f is `bytes` bytes of a function `holds` accepts.
  void add(int in, int out, Apply apply, const void* f, std::size_t bytes) {
    Link link{};
    link.in = in == last_out_ ? -1 : in;
    link.out = out;
    link.apply = apply;
    std::memcpy(link.f, f, bytes);
    links_.push_back(link);
    last_out_ = out;
  }
  // The buffers of internal slots never change (writable() keeps them): each link keeps their
  // addresses rather than finding them through the slot and its tensor on every run.
  void bind(const Slot* s) override {
    for (Link& link : links_) {
      if (s[link.out].internal) link.out_ptr = static_cast<T*>(s[link.out].t->data);
      if (link.in >= 0 && s[link.in].internal) link.in_ptr = static_cast<const T*>(s[link.in].t->data);
    }
  }
  void run(Slot* s) const {
    T v{};
    for (const Link& link : links_) {
      T* out = link.out_ptr ? link.out_ptr : static_cast<T*>(writable(s[link.out]).data);
      if (link.in >= 0) v = link.in_ptr ? *link.in_ptr : static_cast<const T*>(s[link.in].t->data)[0];
      v = link.apply(link.f, v);
      *out = v;
    }
  }

 private:
  struct Link {
    int in;  // the slot read, or -1: the value the link before made
    int out;
    T* out_ptr;       // out's buffer when it is internal (see bind)
    const T* in_ptr;  // in's buffer when it is internal
    Apply apply;
    alignas(16) unsigned char f[kFunctionBytes];  // the op's element function
  };
  std::vector<Link> links_;
  int last_out_ = -1;
};

// Adds a link to the chain the last step is, or starts a chain (one function per element type;
// only `apply` is the op's own).
template <class T>
void add_scalar_link(Recorder& rec, int x, int o, typename ScalarChain<T>::Apply apply, const void* f,
                     std::size_t bytes) {
  if (auto* chain = static_cast<ScalarChain<T>*>(rec.open_chain(dtype_of<T>()))) {
    chain->add(x, o, apply, f, bytes);
    return;
  }
  auto chain = std::make_unique<ScalarChain<T>>();
  chain->add(x, o, apply, f, bytes);
  ScalarChain<T>* opened = chain.get();
  rec.step([chain = std::move(chain)](Slot* s) { chain->run(s); });
  rec.open_chain(opened, dtype_of<T>());
}

// out = f(x) for a one-element out: a link of a scalar chain, or (f too large) a step of its own.
template <class T, class F>
void record_scalar_map(Recorder& rec, int x, int o, const F& f) {
  if constexpr (ScalarChain<T>::template holds<F>) {
    add_scalar_link<T>(
        rec, x, o, [](const void* fn, T v) { return static_cast<T>((*static_cast<const F*>(fn))(v)); }, &f,
        sizeof(F));
  } else {
    rec.step([x, o, f](Slot* s) {
      T* po = static_cast<T*>(writable(s[o]).data);
      po[0] = static_cast<T>(f(static_cast<const T*>(s[x].t->data)[0]));
    });
  }
}

// out[i] = f(x[i]), in out's dtype (x's). The dtype is resolved when recording.
template <bool kFloating = true, class F>
void record_map(Recorder& rec, int x, const Tensor& out, F f) {
  const int o = rec.write(out);
  const std::int64_t n = out.numel();
  dispatch_step<kFloating>(out.dtype(), [&](auto zero) {
    using T = decltype(zero);
    if (n == 1) {
      record_scalar_map<T>(rec, x, o, f);
      return;
    }
    rec.step([x, o, n, f](Slot* s) {
      T* po = static_cast<T*>(writable(s[o]).data);
      const T* pi = static_cast<const T*>(s[x].t->data);
      for (std::int64_t i = 0; i < n; ++i) po[i] = static_cast<T>(f(pi[i]));
    });
  });
}

// out = f(a, b) with broadcasting, all of out's dtype (resolved when recording).
template <bool kFloating = true, class F>
void record_zip(Recorder& rec, int a, int b, const Tensor& out, F f) {
  const int o = rec.write(out);
  const bool same_shape = rec.tensor(a).shape == out.shape() && rec.tensor(b).shape == out.shape();
  const std::int64_t n = out.numel();
  dispatch_step<kFloating>(out.dtype(), [&](auto zero) {
    using T = decltype(zero);
    if (same_shape && n == 1) {
      rec.step([a, b, o, f](Slot* s) {
        T* po = static_cast<T*>(writable(s[o]).data);
        po[0] =
            static_cast<T>(f(static_cast<const T*>(s[a].t->data)[0], static_cast<const T*>(s[b].t->data)[0]));
      });
    } else if (same_shape) {  // no broadcasting: binary_map_into's first loop
      rec.step([a, b, o, n, f](Slot* s) {
        T* po = static_cast<T*>(writable(s[o]).data);
        const T* x = static_cast<const T*>(s[a].t->data);
        const T* y = static_cast<const T*>(s[b].t->data);
        for (std::int64_t i = 0; i < n; ++i) po[i] = static_cast<T>(f(x[i], y[i]));
      });
    } else {
      rec.step([a, b, o, f](Slot* s) {
        TensorImpl& out_t = writable(s[o]);
        const TensorImpl &ta = *s[a].t, &tb = *s[b].t;
        binary_map_into<T, T>(ta.shape, static_cast<const T*>(ta.data), tb.shape,
                              static_cast<const T*>(tb.data), out_t.shape, static_cast<T*>(out_t.data),
                              [&f](T x, T y) { return static_cast<T>(f(x, y)); });
      });
    }
  });
}

}  // namespace tapegrad::detail
