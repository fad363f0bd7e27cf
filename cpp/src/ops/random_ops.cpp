// Random sampling of tapegrad/factories.hpp: tensors filled by the distributions of
// tapegrad/random.hpp.
//
// Compiled without floating-point contraction (cpp/CMakeLists.txt), as the random core: the
// arithmetic around its draws (mean + std * z, -log1p(-u) / lambda) must round the same way on
// every platform, or a seed would give other numbers on a CPU with FMA.
#include <cmath>
#include <cstdint>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "ops/recording.hpp"
#include "ops/views.hpp"
#include "tapegrad/factories.hpp"
#include "tapegrad/ops.hpp"

#if defined(__FAST_MATH__)
#error "tapegrad's random sampling must not be built with -ffast-math: its values would vary"
#endif
#if defined(__clang__)
#pragma clang fp contract(off)
#endif

namespace tapegrad {

namespace {

std::string num(double v) {
  std::ostringstream os;
  os << v;
  return os.str();
}

// A sampler's gradient, as PyTorch defines it: zero for every input (torch.normal and
// torch.bernoulli are not reparameterised).
struct ZeroGradNode : Node {
  ZeroGradNode(const char* name, const Tensor& a, const Tensor& b)
      : Node(name),
        shapes{a.defined() ? a.shape() : Shape{}, b.defined() ? b.shape() : Shape{}},
        dtypes{a.defined() ? a.dtype() : DType::Float64, b.defined() ? b.dtype() : DType::Float64} {}
  Grads backward(Tensor) override {
    Grads grads;
    for (int i = 0; i < num_inputs(); ++i) {
      if (detail::needs_grad(*this, i)) {
        grads[static_cast<std::size_t>(i)] = Tensor::zeros(shapes[i], dtypes[i]);
      }
    }
    return grads;
  }
  // Zeros are constants: their derivative is zero too.
  Grads backward_graph(Tensor g) override { return backward(std::move(g)); }
  Shape shapes[2];
  DType dtypes[2];
};

// Records the zero gradient of `out` with respect to a and b (either may be undefined).
void record_zero_grad(Tensor& out, const char* name, const Tensor& a, const Tensor& b = Tensor()) {
  if (!detail::should_record({&a, &b})) return;
  if (b.defined()) {
    detail::record<ZeroGradNode>(out, {&a, &b}, name, a, b);
  } else {
    detail::record<ZeroGradNode>(out, {&a}, name, a, b);
  }
}

// x's values broadcast to `shape`, as a contiguous float64 tensor (no tape).
Tensor broadcast_double(const Tensor& x, const Shape& shape) {
  NoGradGuard no_grad;
  Tensor out = Tensor::empty(shape, DType::Float64);
  detail::copy_strided(out, cast(x.detach(), DType::Float64));
  return out;
}

DType floating_result(const Tensor& a, const Tensor& b, const char* op) {
  const DType dtype = b.defined() ? promote_types(a.dtype(), b.dtype()) : a.dtype();
  if (!is_floating_point(dtype)) {
    throw type_error(std::string(op) + " expects floating-point mean and std, got " + dtype_name(a.dtype()) +
                     (b.defined() ? std::string(" and ") + dtype_name(b.dtype()) : std::string()));
  }
  return dtype;
}

void check_std_values(const Tensor& std_values) {
  const double* s = std_values.data<double>();
  for (std::int64_t i = 0, n = std_values.numel(); i < n; ++i) {
    if (!(s[i] >= 0.0)) {
      throw std::invalid_argument("normal expects all elements of std >= 0.0, but found std[" +
                                  std::to_string(i) + "]=" + num(s[i]));
    }
  }
}

// mean + std * z elementwise, z standard normal, in double, rounded to dtype. mean and std are
// contiguous float64 of the result's shape, or undefined for the scalar given instead.
Tensor normal_from(const Tensor& mean, double mean_value, const Tensor& std_, double std_value,
                   const Shape& shape, DType dtype, Generator& gen) {
  const std::int64_t n = shape.numel();
  std::vector<double> z(static_cast<std::size_t>(n));
  normal<double>(z.data(), n, 0.0, 1.0, gen);
  Tensor out = Tensor::empty(shape, dtype);
  const double* m = mean.defined() ? mean.data<double>() : nullptr;
  const double* s = std_.defined() ? std_.data<double>() : nullptr;
  dispatch_floating(dtype, "normal", [&](auto zero) {
    using T = decltype(zero);
    T* p = out.data<T>();
    for (std::int64_t i = 0; i < n; ++i) {
      const double mi = m ? m[i] : mean_value, si = s ? s[i] : std_value;
      p[i] = static_cast<T>(mi + si * z[static_cast<std::size_t>(i)]);
    }
  });
  return out;
}

// The largest value random_() draws for a dtype (PyTorch's: every value exact).
std::int64_t random_max(DType dtype) {
  switch (dtype) {
    case DType::Bool: return 1;
    case DType::UInt8: return std::numeric_limits<std::uint8_t>::max();
    case DType::Int32: return std::numeric_limits<std::int32_t>::max();
    case DType::Int64: return std::numeric_limits<std::int64_t>::max();
    case DType::Float32: return std::int64_t{1} << std::numeric_limits<float>::digits;
    case DType::Float64: break;
  }
  return std::int64_t{1} << std::numeric_limits<double>::digits;
}

// A new tensor of x's shape and dtype filled by fill(T* out, n): what an in-place sampler
// writes into x.
template <class Fill>
Tensor drawn_like(const Tensor& x, Fill fill) {
  Tensor out = Tensor::empty(x.shape(), x.dtype());
  dispatch(x.dtype(), [&](auto zero) {
    using T = decltype(zero);
    fill(out.data<T>(), out.numel());
  });
  return out;
}

// Integers in [low, high] (inclusive), any span up to the whole of int64 but one value.
Tensor randint_inclusive(std::int64_t low, std::int64_t high, const Shape& shape, DType dtype,
                         Generator& gen) {
  if (high < std::numeric_limits<std::int64_t>::max()) return randint(low, high + 1, shape, dtype, gen);
  // [low, 2^63 - 1] is [low - 1, 2^63 - 1) shifted by one (int64 only reaches here).
  if (low == std::numeric_limits<std::int64_t>::min()) {
    throw std::invalid_argument("random_: the range of every int64 value is not supported; give `to`");
  }
  Tensor out = randint(low - 1, high, shape, dtype, gen);
  std::int64_t* p = out.data<std::int64_t>();
  for (std::int64_t i = 0, n = out.numel(); i < n; ++i) ++p[i];
  return out;
}

}  // namespace

Tensor rand(const Shape& shape, DType dtype, Generator& gen) {
  Tensor out = Tensor::empty(shape, dtype);
  dispatch_floating(dtype, "rand", [&](auto zero) {
    using T = decltype(zero);
    uniform<T>(out.data<T>(), out.numel(), 0.0, 1.0, gen);
  });
  return out;
}

Tensor randn(const Shape& shape, DType dtype, Generator& gen) {
  Tensor out = Tensor::empty(shape, dtype);
  dispatch_floating(dtype, "randn", [&](auto zero) {
    using T = decltype(zero);
    normal<T>(out.data<T>(), out.numel(), 0.0, 1.0, gen);
  });
  return out;
}

Tensor randint(std::int64_t low, std::int64_t high, const Shape& shape, DType dtype, Generator& gen) {
  Tensor out = Tensor::empty(shape, dtype);
  dispatch(dtype, [&](auto zero) {
    using T = decltype(zero);
    randint<T>(out.data<T>(), out.numel(), low, high, gen);
  });
  return out;
}

Tensor randperm(std::int64_t n, DType dtype, Generator& gen) {
  if (n < 0) throw std::invalid_argument("randperm: n must be non-negative, got " + std::to_string(n));
  if (n > 0 && n - 1 > random_max(dtype)) {
    throw std::invalid_argument("randperm: n is too large for result tensor type: " +
                                std::string(dtype_name(dtype)) + " cannot hold " + std::to_string(n - 1));
  }
  Tensor perm = Tensor::empty(Shape{n}, DType::Int64);
  randperm(perm.data<std::int64_t>(), n, gen);
  return dtype == DType::Int64 ? perm : cast(perm, dtype);
}

Tensor normal(const Tensor& mean, const Tensor& std_, Generator& gen) {
  const DType dtype = floating_result(mean, std_, "normal");
  const Shape shape = broadcast_shapes(mean.shape(), std_.shape());
  const Tensor s = broadcast_double(std_, shape);
  check_std_values(s);
  Tensor out = normal_from(broadcast_double(mean, shape), 0.0, s, 0.0, shape, dtype, gen);
  record_zero_grad(out, "Normal", mean, std_);
  return out;
}

Tensor normal(const Tensor& mean, double std_, Generator& gen) {
  const DType dtype = floating_result(mean, Tensor(), "normal");
  if (!(std_ >= 0.0)) throw std::invalid_argument("normal expects std >= 0.0, but found std " + num(std_));
  Tensor out =
      normal_from(broadcast_double(mean, mean.shape()), 0.0, Tensor(), std_, mean.shape(), dtype, gen);
  record_zero_grad(out, "Normal", mean);
  return out;
}

Tensor normal(double mean, const Tensor& std_, Generator& gen) {
  const DType dtype = floating_result(std_, Tensor(), "normal");
  const Tensor s = broadcast_double(std_, std_.shape());
  check_std_values(s);
  Tensor out = normal_from(Tensor(), mean, s, 0.0, std_.shape(), dtype, gen);
  record_zero_grad(out, "Normal", std_);
  return out;
}

Tensor normal(double mean, double std_, const Shape& shape, DType dtype, Generator& gen) {
  Tensor out = Tensor::empty(shape, dtype);
  dispatch_floating(dtype, "normal", [&](auto zero) {
    using T = decltype(zero);
    normal<T>(out.data<T>(), out.numel(), mean, std_, gen);
  });
  return out;
}

Tensor bernoulli(const Tensor& probs, Generator& gen) {
  const Tensor p = probs.contiguous();
  Tensor out = Tensor::empty(p.shape(), p.dtype());
  dispatch_floating(p.dtype(), "bernoulli", [&](auto zero) {
    using T = decltype(zero);
    bernoulli<T, T>(out.data<T>(), p.data<T>(), p.numel(), gen);
  });
  record_zero_grad(out, "Bernoulli", probs);
  return out;
}

Tensor bernoulli(const Tensor& x, double p, Generator& gen) {
  return drawn_like(x, [&](auto* out, std::int64_t n) { bernoulli(out, n, p, gen); });
}

Tensor multinomial(const Tensor& probs, std::int64_t num_samples, bool replacement, Generator& gen) {
  if (probs.ndim() != 1 && probs.ndim() != 2) {
    throw std::invalid_argument("multinomial: prob_dist must be 1 or 2 dim, got shape " +
                                probs.shape().str());
  }
  if (!is_floating_point(probs.dtype())) {
    throw type_error(std::string("multinomial only supports floating-point dtypes for input, got: ") +
                     dtype_name(probs.dtype()));
  }
  if (num_samples <= 0) {
    throw std::invalid_argument("multinomial: cannot sample n_sample <= 0 samples, got " +
                                std::to_string(num_samples));
  }
  const Tensor p = probs.contiguous();
  const bool matrix = p.ndim() == 2;
  const std::int64_t rows = matrix ? p.shape()[0] : 1, categories = p.shape()[p.ndim() - 1];
  Tensor out = Tensor::empty(matrix ? Shape{rows, num_samples} : Shape{num_samples}, DType::Int64);
  dispatch_floating(p.dtype(), "multinomial", [&](auto zero) {
    using T = decltype(zero);
    multinomial<T>(out.data<std::int64_t>(), p.data<T>(), rows, categories, num_samples, replacement, gen);
  });
  return out;
}

Tensor rand_like(const Tensor& x, std::optional<DType> dtype, Generator& gen) {
  return rand(x.shape(), dtype.value_or(x.dtype()), gen);
}

Tensor randn_like(const Tensor& x, std::optional<DType> dtype, Generator& gen) {
  return randn(x.shape(), dtype.value_or(x.dtype()), gen);
}

Tensor randint_like(const Tensor& x, std::int64_t low, std::int64_t high, std::optional<DType> dtype,
                    Generator& gen) {
  return randint(low, high, x.shape(), dtype.value_or(x.dtype()), gen);
}

Tensor& uniform_(Tensor& x, double from, double to, Generator& gen) {
  dispatch_floating(x.dtype(), "uniform_", [](auto) {});
  return apply_(x, "uniform_", [&](const Tensor& t) {
    return drawn_like(t, [&](auto* out, std::int64_t n) {
      using T = std::remove_pointer_t<decltype(out)>;
      if constexpr (std::is_floating_point_v<T>) uniform<T>(out, n, from, to, gen);
    });
  });
}

Tensor& normal_(Tensor& x, double mean, double std_, Generator& gen) {
  dispatch_floating(x.dtype(), "normal_", [](auto) {});
  return apply_(x, "normal_", [&](const Tensor& t) {
    return drawn_like(t, [&](auto* out, std::int64_t n) {
      using T = std::remove_pointer_t<decltype(out)>;
      if constexpr (std::is_floating_point_v<T>) normal<T>(out, n, mean, std_, gen);
    });
  });
}

Tensor& random_(Tensor& x, std::int64_t from, std::optional<std::int64_t> to, Generator& gen) {
  if (!to) {
    const std::int64_t max = random_max(x.dtype());
    if (from > max) {
      throw std::invalid_argument("random_ expects 'from' to be at most " + std::to_string(max) + " for " +
                                  dtype_name(x.dtype()) + ", but got from=" + std::to_string(from));
    }
    return apply_(x, "random_",
                  [&](const Tensor& t) { return randint_inclusive(from, max, t.shape(), t.dtype(), gen); });
  }
  return apply_(x, "random_", [&](const Tensor& t) { return randint(from, *to, t.shape(), t.dtype(), gen); });
}

Tensor& random_(Tensor& x, std::int64_t to, Generator& gen) { return random_(x, 0, to, gen); }

Tensor& random_(Tensor& x, Generator& gen) { return random_(x, 0, std::nullopt, gen); }

Tensor& bernoulli_(Tensor& x, double p, Generator& gen) {
  return apply_(x, "bernoulli_", [&](const Tensor& t) { return bernoulli(t, p, gen); });
}

Tensor& bernoulli_(Tensor& x, const Tensor& p, Generator& gen) {
  if (!is_floating_point(p.dtype())) {
    throw type_error(std::string("bernoulli_ expects floating-point probabilities, got ") +
                     dtype_name(p.dtype()));
  }
  const Tensor probs = broadcast_double(p, x.shape());
  return apply_(x, "bernoulli_", {&p}, [&](const Tensor& t) {
    return drawn_like(t, [&](auto* out, std::int64_t n) { bernoulli(out, probs.data<double>(), n, gen); });
  });
}

Tensor& exponential_(Tensor& x, double lambd, Generator& gen) {
  dispatch_floating(x.dtype(), "exponential_", [](auto) {});
  if (!(lambd > 0.0))
    throw std::invalid_argument("exponential_ expects lambda > 0.0, but found lambda=" + num(lambd));
  return apply_(x, "exponential_", [&](const Tensor& t) {
    const std::int64_t n = t.numel();
    std::vector<double> u(static_cast<std::size_t>(n));
    uniform<double>(u.data(), n, 0.0, 1.0, gen);
    return drawn_like(t, [&](auto* out, std::int64_t m) {
      using T = std::remove_pointer_t<decltype(out)>;
      for (std::int64_t i = 0; i < m; ++i) {
        out[i] = static_cast<T>(-std::log1p(-u[static_cast<std::size_t>(i)]) / lambd);
      }
    });
  });
}

}  // namespace tapegrad
