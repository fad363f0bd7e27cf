// Scatters: scatter, scatter_add, scatter_reduce, index_add/index_copy/index_fill, masked_fill
// and masked_scatter, out of place and in place. Each writes some elements of a copy of its
// input (or of the input itself); gradients reach the elements kept and the values written.
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "convert.hpp"
#include "ops/arith.hpp"
#include "ops/gather_scatter.hpp"
#include "ops/inplace.hpp"
#include "ops/recording.hpp"
#include "tapegrad/autograd.hpp"
#include "tapegrad/indexing.hpp"
#include "tapegrad/ops.hpp"

namespace tapegrad {

namespace {
using detail::record;
using detail::should_record;

enum class Op { Copy, Add, Prod, Mean, Amax, Amin };

Op op_of(ScatterReduce reduce) {
  switch (reduce) {
    case ScatterReduce::Sum: return Op::Add;
    case ScatterReduce::Prod: return Op::Prod;
    case ScatterReduce::Mean: return Op::Mean;
    case ScatterReduce::Amax: return Op::Amax;
    case ScatterReduce::Amin: break;
  }
  return Op::Amin;
}

// What a scatter reads besides its input: a src tensor or one value.
struct Source {
  Tensor src;          // undefined for the value form
  double value = 0.0;  // written when src is undefined
};

void check_scatter_args(const Tensor& input, int dim, const Tensor& index, const Source& source,
                        const char* op) {
  const Tensor& src = source.src;
  if (src.defined() && src.dtype() != input.dtype()) {
    throw type_error(std::string(op) + "(): src must have input's dtype " + dtype_name(input.dtype()) +
                     ", got " + dtype_name(src.dtype()));
  }
  const bool dims_ok = index.ndim() == input.ndim() && (!src.defined() || src.ndim() == input.ndim());
  bool fits = dims_ok;
  for (int d = 0; fits && d < index.ndim(); ++d) {
    if ((d != dim && index.shape()[d] > input.shape()[d]) ||
        (src.defined() && index.shape()[d] > src.shape()[d])) {
      fits = false;
    }
  }
  if (!fits) {
    throw std::invalid_argument(
        std::string(op) + "(): index of shape " + index.shape().str() +
        " must have input's number of dimensions and be no larger than input (shape " + input.shape().str() +
        ") apart from dimension " + std::to_string(dim) +
        (src.defined() ? ", nor than src (shape " + src.shape().str() + ")" : std::string()));
  }
}

template <class T>
T identity_of(Op op) {
  if constexpr (std::is_floating_point_v<T>) {
    if (op == Op::Amax) return -std::numeric_limits<T>::infinity();
    if (op == Op::Amin) return std::numeric_limits<T>::infinity();
  } else {
    if (op == Op::Amax) return std::numeric_limits<T>::lowest();
    if (op == Op::Amin) return std::numeric_limits<T>::max();
  }
  return op == Op::Prod ? T(1) : T(0);
}

template <class T>
T combine(Op op, T d, T s) {
  switch (op) {
    case Op::Copy: return s;
    case Op::Add:
    case Op::Mean: return detail::wrapping_add(d, s);
    case Op::Prod: return detail::wrapping_mul(d, s);
    case Op::Amax:
      if constexpr (std::is_floating_point_v<T>) {
        if (std::isnan(s)) return s;
      }
      return s > d ? s : d;
    case Op::Amin: break;
  }
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(s)) return s;
  }
  return s < d ? s : d;
}

// a / n rounded toward minus infinity for integers (PyTorch's mean of integers), n > 0.
template <class T>
T divide(T a, std::int64_t n) {
  if constexpr (std::is_floating_point_v<T>) {
    return a / static_cast<T>(n);
  } else if constexpr (std::is_same_v<T, bool>) {
    return a;
  } else {
    const auto wide = static_cast<std::int64_t>(a);
    std::int64_t q = wide / n;
    if (wide % n != 0 && wide < 0) --q;
    return static_cast<T>(q);
  }
}

// Scatters source into `out` (input's values already there) along dim. Copy and Add work on any
// layout of out; the reductions need it contiguous.
void scatter_into(const Tensor& out, int dim, const Tensor& index, const Source& source, Op op,
                  bool include_self, const char* name) {
  if (index.numel() == 0) return;
  if (op == Op::Mean && out.dtype() == DType::Bool)
    throw_unsupported_dtype("scatter_reduce(mean)", out.dtype());
  dispatch(out.dtype(), [&](auto zero) {
    using T = decltype(zero);
    T* o = out.strided_data<T>();
    const Strides out_strides = out.strides();
    const T* s = source.src.defined() ? source.src.strided_data<T>() : nullptr;
    const Strides src_strides = source.src.defined() ? source.src.strides() : Strides{};
    const T v = detail::convert<T>(source.value);
    auto visit = [&](auto&& f) {
      detail::visit_along_dim(index, out.shape(), out_strides, dim, src_strides, name, f);
    };
    if (op == Op::Copy) {
      visit([&](std::int64_t, std::int64_t at, std::int64_t from) { o[at] = s ? s[from] : v; });
      return;
    }
    if (op == Op::Add && include_self) {
      visit([&](std::int64_t, std::int64_t at, std::int64_t from) {
        o[at] = detail::wrapping_add(o[at], s[from]);
      });
      return;
    }
    if (!include_self) {
      const T first = identity_of<T>(op);
      visit([&](std::int64_t, std::int64_t at, std::int64_t) { o[at] = first; });
    }
    std::vector<std::int64_t> counts;
    if (op == Op::Mean) counts.assign(static_cast<std::size_t>(out.numel()), include_self ? 1 : 0);
    visit([&](std::int64_t, std::int64_t at, std::int64_t from) {
      o[at] = combine(op, o[at], s[from]);
      if (op == Op::Mean) ++counts[static_cast<std::size_t>(at)];
    });
    if (op == Op::Mean) {
      for (std::int64_t i = 0, n = out.numel(); i < n; ++i) {
        if (counts[static_cast<std::size_t>(i)] > 1) o[i] = divide(o[i], counts[static_cast<std::size_t>(i)]);
      }
    }
  });
}

// out = input with src scattered along dim (combined by op).
struct ScatterNode : Node {
  ScatterNode(Op op_, int dim_, bool include_self_, const Tensor& index_, const Shape& input_shape_,
              const Shape& src_shape_)
      : Node(name_of(op_)),
        op(op_),
        dim(dim_),
        include_self(include_self_),
        index(index_),
        input_shape(input_shape_),
        src_shape(src_shape_) {}

  static const char* name_of(Op op) {
    switch (op) {
      case Op::Copy: return "Scatter";
      case Op::Add: return "ScatterAdd";
      case Op::Prod: return "ScatterProd";
      case Op::Mean: return "ScatterMean";
      case Op::Amax: return "ScatterAmax";
      case Op::Amin: break;
    }
    return "ScatterAmin";
  }

  Grads backward(Tensor g_in) override {
    const Tensor g = g_in.contiguous();
    const Tensor idx = index.unpack(*this);
    Grads grads;
    const bool want_input = detail::needs_grad(*this, 0), want_src = detail::needs_grad(*this, 1);
    if (op == Op::Add) {
      if (want_input) grads[0] = include_self ? g : scatter(g, dim, idx, 0.0);
      if (want_src) grads[1] = padded(gather(g, dim, idx));
      return grads;
    }
    dispatch_floating(g.dtype(), name(), [&](auto zero) {
      using T = decltype(zero);
      backward_loops<T>(g, idx, want_input, want_src, grads);
    });
    return grads;
  }

  // The same rule with ops: gathers and scatters recorded, each factor that depends only on
  // where the values landed (or, for amax and amin, on which values won: piecewise constant in
  // the values) a constant tensor.
  Grads backward_graph(Tensor g_in) override {
    const Tensor g = g_in.contiguous();
    const Tensor idx = index.unpack(*this);
    Grads grads;
    const bool want_input = detail::needs_grad(*this, 0), want_src = detail::needs_grad(*this, 1);
    if (op == Op::Add) {
      if (want_input) grads[0] = include_self ? g : scatter(g, dim, idx, 0.0);
      if (want_src) grads[1] = padded_graph(gather(g, dim, idx));
      return grads;
    }
    if (op == Op::Prod) return prod_backward_graph(g, idx, want_input, want_src);
    const auto n = static_cast<std::size_t>(g.numel());
    const auto m = static_cast<std::size_t>(idx.numel());
    std::vector<double> in_coef(n, 1.0), out_scale(n, 1.0), src_coef(m, 1.0);
    std::vector<char> touched(n, 0);
    const Strides in_strides = contiguous_strides(input_shape), src_strides = contiguous_strides(src_shape);
    auto visit = [&](auto&& f) {
      detail::visit_along_dim(idx, input_shape, in_strides, dim, src_strides, name(), f);
    };
    visit([&](std::int64_t, std::int64_t at, std::int64_t) { touched[static_cast<std::size_t>(at)] = 1; });
    if (op == Op::Copy) {  // only the last write to each position reaches the output
      std::vector<std::int64_t> last(n, -1);
      visit([&](std::int64_t e, std::int64_t at, std::int64_t) { last[static_cast<std::size_t>(at)] = e; });
      for (std::size_t i = 0; i < n; ++i) in_coef[i] = touched[i] ? 0.0 : 1.0;
      visit([&](std::int64_t e, std::int64_t at, std::int64_t) {
        src_coef[static_cast<std::size_t>(e)] = last[static_cast<std::size_t>(at)] == e ? 1.0 : 0.0;
      });
    } else if (op == Op::Mean) {
      std::vector<double> counts(n, include_self ? 1.0 : 0.0);
      visit(
          [&](std::int64_t, std::int64_t at, std::int64_t) { counts[static_cast<std::size_t>(at)] += 1.0; });
      for (std::size_t i = 0; i < n; ++i) {
        if (!touched[i]) continue;
        out_scale[i] = 1.0 / counts[i];
        in_coef[i] = include_self ? 1.0 / counts[i] : 0.0;
      }
    } else {  // amax, amin: shared evenly among the values equal to the result
      NoGradGuard no_grad;
      const std::vector<double> sv = cast(self.unpack(*this), DType::Float64).contiguous().to_vector();
      const std::vector<double> vv = cast(src.unpack(*this), DType::Float64).contiguous().to_vector();
      const std::vector<double> ov = cast(out.unpack(*this), DType::Float64).contiguous().to_vector();
      std::vector<double> ties(n, 0.0);
      if (include_self) {
        for (std::size_t i = 0; i < n; ++i) ties[i] = sv[i] == ov[i] ? 1.0 : 0.0;
      }
      visit([&](std::int64_t e, std::int64_t at, std::int64_t from) {
        const bool hit = vv[static_cast<std::size_t>(from)] == ov[static_cast<std::size_t>(at)];
        if (hit) ties[static_cast<std::size_t>(at)] += 1.0;
        src_coef[static_cast<std::size_t>(e)] = hit ? 1.0 : 0.0;
      });
      for (std::size_t i = 0; i < n; ++i) {
        if (!touched[i]) continue;
        const double share = ties[i] > 0 ? 1.0 / ties[i] : 0.0;
        out_scale[i] = share;
        in_coef[i] = include_self && sv[i] == ov[i] ? share : 0.0;
      }
    }
    if (want_input) grads[0] = mul(g, Tensor::from_vector(in_coef, input_shape, g.dtype()));
    if (want_src) {
      const Tensor picked = gather(mul(g, Tensor::from_vector(out_scale, input_shape, g.dtype())), dim, idx);
      grads[1] = padded_graph(mul(picked, Tensor::from_vector(src_coef, idx.shape(), g.dtype())));
    }
    return grads;
  }

  // prod: the product of the other factors is out / factor, with out this node's own output (its
  // history included) and the factor with its history. Exact only without zero factors: with a
  // zero among the values combined, this refuses (PyTorch's rule for one zero is not written).
  Grads prod_backward_graph(const Tensor& g, const Tensor& idx, bool want_input, bool want_src) {
    const Tensor self_h = self.unpack(*this), src_h = src.unpack(*this), out_h = out.unpack(*this);
    const auto n = static_cast<std::size_t>(g.numel());
    std::vector<double> pass(n, 1.0), factor(n, 0.0);
    bool zero = false;
    {
      NoGradGuard no_grad;
      const std::vector<double> sv = cast(self_h, DType::Float64).contiguous().to_vector();
      const std::vector<double> vv = cast(src_h, DType::Float64).contiguous().to_vector();
      const Strides in_strides = contiguous_strides(input_shape), src_strides = contiguous_strides(src_shape);
      detail::visit_along_dim(idx, input_shape, in_strides, dim, src_strides, name(),
                              [&](std::int64_t, std::int64_t at, std::int64_t from) {
                                pass[static_cast<std::size_t>(at)] = 0.0;
                                factor[static_cast<std::size_t>(at)] = include_self ? 1.0 : 0.0;
                                if (vv[static_cast<std::size_t>(from)] == 0.0) zero = true;
                              });
      for (std::size_t i = 0; i < n; ++i) {
        if (factor[i] != 0.0 && sv[i] == 0.0) zero = true;
      }
    }
    if (zero) {
      throw std::runtime_error(
          "higher-order gradients through scatter_reduce(reduce='prod') are not supported when a value "
          "combined is zero (first-order gradients are)");
    }
    Grads grads;
    if (want_input) {
      const Tensor pass_t = Tensor::from_vector(pass, input_shape, g.dtype());
      const Tensor factor_t = Tensor::from_vector(factor, input_shape, g.dtype());
      std::vector<double> other(n);
      for (std::size_t i = 0; i < n; ++i) other[i] = 1.0 - factor[i];
      // self where it is a factor, 1 elsewhere (no division by an element that is not one).
      const Tensor divisor = add(mul(self_h, factor_t), Tensor::from_vector(other, input_shape, g.dtype()));
      grads[0] = mul(g, add(pass_t, mul(factor_t, div(out_h, divisor))));
    }
    if (want_src) {
      Tensor used = src_h;
      if (idx.shape() != src_shape) {
        std::vector<TensorIndex> region;
        for (int d = 0; d < idx.ndim(); ++d) region.emplace_back(Slice{0, idx.shape()[d], 1});
        used = tapegrad::index(src_h, region);
      }
      grads[1] = padded_graph(div(gather(mul(g, out_h), dim, idx), used));
    }
    return grads;
  }

  // padded() with a recorded op: index_put into the leading region of zeros.
  Tensor padded_graph(const Tensor& gathered) const {
    if (gathered.shape() == src_shape) return gathered;
    std::vector<TensorIndex> region;
    for (int d = 0; d < gathered.ndim(); ++d) region.emplace_back(Slice{0, gathered.shape()[d], 1});
    return index_put(Tensor::zeros(src_shape, gathered.dtype()), region, gathered, false);
  }

  // gathered (index's shape) placed in zeros of src's shape.
  Tensor padded(const Tensor& gathered) const {
    if (gathered.shape() == src_shape) return gathered;
    Tensor result = Tensor::zeros(src_shape, gathered.dtype());
    detail::Layout region = detail::contiguous_layout(src_shape);
    region.shape = gathered.shape();
    detail::copy_strided(detail::alias_layout(result, region), gathered);
    return result;
  }

  template <class T>
  void backward_loops(const Tensor& g, const Tensor& idx, bool want_input, bool want_src, Grads& grads) {
    const T* gp = g.data<T>();
    const std::int64_t n = g.numel();
    const Strides in_strides = contiguous_strides(input_shape), src_strides = contiguous_strides(src_shape);
    auto visit = [&](auto&& f) {
      detail::visit_along_dim(idx, input_shape, in_strides, dim, src_strides, name(), f);
    };
    Tensor gi = want_input ? Tensor::empty(input_shape, g.dtype()) : Tensor();
    Tensor gs = want_src ? Tensor::zeros(src_shape, g.dtype()) : Tensor();
    T* gip = want_input ? gi.data<T>() : nullptr;
    T* gsp = want_src ? gs.data<T>() : nullptr;
    std::vector<char> touched(static_cast<std::size_t>(n), 0);
    visit([&](std::int64_t, std::int64_t at, std::int64_t) { touched[static_cast<std::size_t>(at)] = 1; });
    // The gradient of input where no value landed passes through; where values landed, by op.
    auto input_grad = [&](auto&& landed) {
      if (!want_input) return;
      for (std::int64_t i = 0; i < n; ++i) gip[i] = touched[static_cast<std::size_t>(i)] ? landed(i) : gp[i];
    };
    if (op == Op::Copy) {  // only the last write to each position reaches the output
      std::vector<std::int64_t> last(static_cast<std::size_t>(n), -1);
      visit([&](std::int64_t e, std::int64_t at, std::int64_t) { last[static_cast<std::size_t>(at)] = e; });
      input_grad([](std::int64_t) { return T(0); });
      if (want_src) {
        visit([&](std::int64_t e, std::int64_t at, std::int64_t from) {
          if (last[static_cast<std::size_t>(at)] == e) gsp[from] = gp[at];
        });
      }
    } else if (op == Op::Mean) {
      std::vector<std::int64_t> counts(static_cast<std::size_t>(n), include_self ? 1 : 0);
      visit([&](std::int64_t, std::int64_t at, std::int64_t) { ++counts[static_cast<std::size_t>(at)]; });
      input_grad([&](std::int64_t i) {
        return include_self ? gp[i] / static_cast<T>(counts[static_cast<std::size_t>(i)]) : T(0);
      });
      if (want_src) {
        visit([&](std::int64_t, std::int64_t at, std::int64_t from) {
          gsp[from] = gp[at] / static_cast<T>(counts[static_cast<std::size_t>(at)]);
        });
      }
    } else {
      const Tensor self_t = self.unpack(*this), src_t = src.unpack(*this), out_t = out.unpack(*this);
      const T* sp = self_t.data<T>();
      const T* vp = src_t.data<T>();
      const T* op_ = out_t.data<T>();
      if (op == Op::Prod) {
        // The product of the other factors, exact with zeros: per position the product of the
        // non-zero factors and the number of zeros.
        std::vector<T> nonzero(static_cast<std::size_t>(n), T(1));
        std::vector<std::int64_t> zeros(static_cast<std::size_t>(n), 0);
        auto take = [&](std::int64_t at, T v) {
          if (v == T(0)) {
            ++zeros[static_cast<std::size_t>(at)];
          } else {
            nonzero[static_cast<std::size_t>(at)] *= v;
          }
        };
        if (include_self) {
          for (std::int64_t i = 0; i < n; ++i) take(i, sp[i]);
        }
        visit([&](std::int64_t, std::int64_t at, std::int64_t from) { take(at, vp[from]); });
        auto others = [&](std::int64_t at, T v) {
          const std::int64_t z = zeros[static_cast<std::size_t>(at)];
          const T p = nonzero[static_cast<std::size_t>(at)];
          if (v != T(0)) return z == 0 ? p / v : T(0);
          return z == 1 ? p : T(0);
        };
        input_grad([&](std::int64_t i) { return include_self ? gp[i] * others(i, sp[i]) : T(0); });
        if (want_src) {
          visit([&](std::int64_t, std::int64_t at, std::int64_t from) {
            gsp[from] = gp[at] * others(at, vp[from]);
          });
        }
      } else {  // amax, amin: shared evenly among the values equal to the result
        std::vector<std::int64_t> ties(static_cast<std::size_t>(n), 0);
        if (include_self) {
          for (std::int64_t i = 0; i < n; ++i) ties[static_cast<std::size_t>(i)] = sp[i] == op_[i] ? 1 : 0;
        }
        visit([&](std::int64_t, std::int64_t at, std::int64_t from) {
          if (vp[from] == op_[at]) ++ties[static_cast<std::size_t>(at)];
        });
        auto share = [&](std::int64_t at) {
          return gp[at] / static_cast<T>(ties[static_cast<std::size_t>(at)]);
        };
        input_grad([&](std::int64_t i) { return include_self && sp[i] == op_[i] ? share(i) : T(0); });
        if (want_src) {
          visit([&](std::int64_t, std::int64_t at, std::int64_t from) {
            if (vp[from] == op_[at]) gsp[from] = share(at);
          });
        }
      }
    }
    grads[0] = gi;
    grads[1] = gs;
  }

  void release_saved() noexcept override {
    index.reset();
    self.reset();
    src.reset();
    out.reset();
  }

  Op op;
  int dim;
  bool include_self;
  SavedTensor index;
  Shape input_shape, src_shape;
  SavedTensor self, src, out;  // for prod, amax and amin
};

Tensor scatter_impl(const Tensor& input, int dim_in, const Tensor& index_in, const Source& source, Op op,
                    bool include_self, const char* name) {
  const Tensor index = detail::index_arg(index_in, name);
  const int dim = detail::wrap_dim(dim_in, input.ndim(), name);
  check_scatter_args(input, dim, index, source, name);
  Tensor out = Tensor::empty(input.shape(), input.dtype());
  detail::copy_strided(out, input);
  scatter_into(out, dim, index, source, op, include_self, name);
  if (should_record({&input, &source.src})) {
    const Shape src_shape = source.src.defined() ? source.src.shape() : Shape{};
    // The reductions that keep values save the recorded inputs themselves (contiguous), so that
    // a recorded backward (create_graph) unpacks them with their history.
    const bool keeps_values = op == Op::Prod || op == Op::Amax || op == Op::Amin;
    const Tensor in = keeps_values ? input.contiguous() : input;
    const Tensor src = keeps_values ? source.src.contiguous() : source.src;
    auto& node =
        record<ScatterNode>(out, {&in, &src}, op, dim, include_self, index, input.shape(), src_shape);
    if (keeps_values) {
      node.self = SavedTensor(in);
      node.src = SavedTensor(src);
      node.out = SavedTensor(out);
    }
  }
  return out;
}

Tensor& scatter_inplace(Tensor& x, int dim_in, const Tensor& index_in, const Source& source, Op op,
                        bool include_self, const char* name) {
  const Tensor index = detail::index_arg(index_in, name);
  const int dim = detail::wrap_dim(dim_in, x.ndim(), name);
  check_scatter_args(x, dim, index, source, name);
  auto direct = [&](Tensor& t) {
    if (op == Op::Copy || op == Op::Add) {
      Source own = source;
      if (own.src.defined() && own.src.storage() == t.storage()) own.src = clone(own.src);
      scatter_into(t, dim, index, own, op, include_self, name);
    } else {
      detail::write_values(t, scatter_impl(t, dim, index, source, op, include_self, name));
    }
  };
  auto out_of_place = [&](const Tensor& t) {
    return scatter_impl(t, dim, index, source, op, include_self, name);
  };
  return detail::update_in_place(x, name, {&source.src}, direct, out_of_place);
}
}  // namespace

Tensor scatter(const Tensor& input, int dim, const Tensor& index, const Tensor& src) {
  return scatter_impl(input, dim, index, {src}, Op::Copy, true, "scatter");
}
Tensor scatter(const Tensor& input, int dim, const Tensor& index, double value) {
  return scatter_impl(input, dim, index, {Tensor(), value}, Op::Copy, true, "scatter");
}
Tensor& scatter_(Tensor& input, int dim, const Tensor& index, const Tensor& src) {
  return scatter_inplace(input, dim, index, {src}, Op::Copy, true, "scatter_");
}
Tensor& scatter_(Tensor& input, int dim, const Tensor& index, double value) {
  return scatter_inplace(input, dim, index, {Tensor(), value}, Op::Copy, true, "scatter_");
}
Tensor scatter_add(const Tensor& input, int dim, const Tensor& index, const Tensor& src) {
  return scatter_impl(input, dim, index, {src}, Op::Add, true, "scatter_add");
}
Tensor& scatter_add_(Tensor& input, int dim, const Tensor& index, const Tensor& src) {
  return scatter_inplace(input, dim, index, {src}, Op::Add, true, "scatter_add_");
}
Tensor scatter_reduce(const Tensor& input, int dim, const Tensor& index, const Tensor& src,
                      ScatterReduce reduce, bool include_self) {
  return scatter_impl(input, dim, index, {src}, op_of(reduce), include_self, "scatter_reduce");
}
Tensor& scatter_reduce_(Tensor& input, int dim, const Tensor& index, const Tensor& src, ScatterReduce reduce,
                        bool include_self) {
  return scatter_inplace(input, dim, index, {src}, op_of(reduce), include_self, "scatter_reduce_");
}

// ---- index_add, index_copy, index_fill: puts through x[:, ..., index].

namespace {
void check_source(const Tensor& input, const Tensor& source, const detail::ResolvedIndex& r, int dim,
                  const char* op) {
  if (source.dtype() != input.dtype()) {
    throw type_error(std::string(op) + "(): source must have input's dtype " + dtype_name(input.dtype()) +
                     ", got " + dtype_name(source.dtype()));
  }
  if (source.shape() != r.out_shape) {
    throw std::invalid_argument(
        std::string(op) + "(): source of shape " + source.shape().str() + " does not match " +
        r.out_shape.str() + ", input's shape " + input.shape().str() + " with dimension " +
        std::to_string(detail::wrap_dim(dim, input.ndim(), op)) + " the index's length");
  }
}

Tensor scaled(const Tensor& source, double alpha, const char* op) {
  if (alpha == 1.0) return source;
  if (!is_floating_point(source.dtype()) && alpha != std::trunc(alpha)) {
    throw std::invalid_argument(std::string(op) + "(): alpha must be an integer for integer tensors, got " +
                                std::to_string(alpha));
  }
  return mul(source, Tensor::scalar(alpha, source.dtype()));
}

void check_value(const Tensor& value, const char* op) {
  if (value.ndim() != 0) {
    throw std::invalid_argument(std::string(op) +
                                "(): the value must be a number or a 0-d tensor, got a tensor of shape " +
                                value.shape().str());
  }
}
}  // namespace

Tensor index_add(const Tensor& input, int dim, const Tensor& index, const Tensor& source, double alpha) {
  const auto r = detail::dim_index(input.shape(), dim, index, "index_add", detail::Negatives::Refuse);
  check_source(input, source, r, dim, "index_add");
  return detail::put_index(input, r, scaled(source, alpha, "index_add"), true, "IndexAdd");
}
Tensor& index_add_(Tensor& input, int dim, const Tensor& index, const Tensor& source, double alpha) {
  const auto r = detail::dim_index(input.shape(), dim, index, "index_add_", detail::Negatives::Refuse);
  check_source(input, source, r, dim, "index_add_");
  return detail::put_index_(input, r, scaled(source, alpha, "index_add_"), true, "index_add_", "IndexAdd");
}
Tensor index_copy(const Tensor& input, int dim, const Tensor& index, const Tensor& source) {
  const auto r = detail::dim_index(input.shape(), dim, index, "index_copy", detail::Negatives::Refuse);
  check_source(input, source, r, dim, "index_copy");
  return detail::put_index(input, r, source, false, "IndexCopy");
}
Tensor& index_copy_(Tensor& input, int dim, const Tensor& index, const Tensor& source) {
  const auto r = detail::dim_index(input.shape(), dim, index, "index_copy_", detail::Negatives::Refuse);
  check_source(input, source, r, dim, "index_copy_");
  return detail::put_index_(input, r, source, false, "index_copy_", "IndexCopy");
}
Tensor index_fill(const Tensor& input, int dim, const Tensor& index, const Tensor& value) {
  check_value(value, "index_fill");
  const auto r = detail::dim_index(input.shape(), dim, index, "index_fill", detail::Negatives::Wrap);
  return detail::put_index(input, r, value, false, "IndexFill");
}
Tensor& index_fill_(Tensor& input, int dim, const Tensor& index, const Tensor& value) {
  check_value(value, "index_fill_");
  const auto r = detail::dim_index(input.shape(), dim, index, "index_fill_", detail::Negatives::Wrap);
  return detail::put_index_(input, r, value, false, "index_fill_", "IndexFill");
}

// ---- masked_fill, masked_scatter.

namespace {
void check_mask(const Tensor& mask, const char* op) {
  if (mask.dtype() != DType::Bool) {
    throw type_error(std::string(op) + "(): expected a bool mask, got " + dtype_name(mask.dtype()) +
                     " (compare to make one: x > 0, or convert with .bool())");
  }
}

// The mask, broadcast to `shape` (a new tensor only when it must be).
Tensor mask_to(const Tensor& mask, const Shape& shape) {
  if (mask.shape() == shape) return mask;
  NoGradGuard no_grad;
  return detail::broadcast_to(mask.contiguous(), shape);
}

void check_mask_fits(const Tensor& x, const Tensor& mask, const char* op) {
  bool fits = mask.ndim() <= x.ndim();
  if (fits) {
    try {
      fits = broadcast_shapes(x.shape(), mask.shape()) == x.shape();
    } catch (const std::invalid_argument&) {
      fits = false;
    }
  }
  if (!fits) {
    throw std::invalid_argument(std::string(op) + "(): a mask of shape " + mask.shape().str() +
                                " does not broadcast to the tensor's shape " + x.shape().str() +
                                " (an in-place op cannot broadcast the tensor it writes)");
  }
}

// dst (any layout) = mask ? value : src, over dst's shape; src and mask broadcast to it.
void masked_fill_kernel(const Tensor& dst, const Tensor& src, const Tensor& mask, const Tensor& value) {
  const Shape& shape = dst.shape();
  const detail::Layout in = detail::broadcast_layout(detail::layout_of(src), shape);
  const detail::Layout m = detail::broadcast_layout(detail::layout_of(mask), shape);
  dispatch(dst.dtype(), [&](auto zero) {
    using T = decltype(zero);
    T* d = dst.strided_data<T>();
    const T* s = static_cast<const T*>(src.storage()->data()) + in.offset;
    const bool* mp = static_cast<const bool*>(mask.storage()->data()) + m.offset;
    T v;
    {
      NoGradGuard no_grad;
      v = *cast(value, dst.dtype()).contiguous().data<T>();
    }
    const std::array<Strides, 3> strides{dst.strides(), in.strides, m.strides};
    detail::for_each_row(shape, strides, [&](const auto& off, std::int64_t length, const auto& steps) {
      for (std::int64_t j = 0; j < length; ++j) {
        d[off[0] + j * steps[0]] = mp[off[2] + j * steps[2]] ? v : s[off[1] + j * steps[1]];
      }
    });
  });
}

// out = masked_fill(input, mask, value): the gradient reaches input where mask is false and the
// value from every position where it is true.
struct MaskedFillNode : Node {
  MaskedFillNode(const Shape& input_shape_, const Tensor& mask_)
      : Node("MaskedFill"), input_shape(input_shape_), mask(mask_) {}
  Grads backward(Tensor g) override {
    const Tensor m = mask.unpack(*this);
    Grads grads;
    if (detail::needs_grad(*this, 0)) {
      grads[0] = detail::sum_to(masked_fill(g, m, Tensor::zeros(Shape{}, g.dtype())), input_shape);
    }
    if (detail::needs_grad(*this, 1)) grads[1] = sum(masked_select(g, m));
    return grads;
  }
  // Made of ops: masked_fill and masked_select (a gather whose backward is recorded).
  Grads backward_graph(Tensor g) override { return backward(std::move(g)); }
  void release_saved() noexcept override { mask.reset(); }
  Shape input_shape;
  SavedTensor mask;
};
}  // namespace

Tensor masked_fill(const Tensor& input, const Tensor& mask, const Tensor& value_in) {
  check_mask(mask, "masked_fill");
  check_value(value_in, "masked_fill");
  const Tensor value = cast(value_in, input.dtype());
  Tensor out = Tensor::empty(broadcast_shapes(input.shape(), mask.shape()), input.dtype());
  masked_fill_kernel(out, input, mask, value);
  if (should_record({&input, &value})) {
    record<MaskedFillNode>(out, {&input, &value}, input.shape(), mask.contiguous());
  }
  return out;
}

Tensor& masked_fill_(Tensor& input, const Tensor& mask, const Tensor& value) {
  check_mask(mask, "masked_fill_");
  check_value(value, "masked_fill_");
  check_mask_fits(input, mask, "masked_fill_");
  auto direct = [&](Tensor& t) { masked_fill_kernel(t, t, mask, value); };
  auto out_of_place = [&](const Tensor& t) { return masked_fill(t, mask, value); };
  return detail::update_in_place(input, "masked_fill_", {&value}, direct, out_of_place);
}

namespace {
// source's first `count` elements (row-major) as a 1-D view (differentiable).
Tensor source_prefix(const Tensor& source, std::int64_t count, const char* op) {
  if (source.numel() < count) {
    throw std::invalid_argument(std::string(op) + "(): the mask selects " + std::to_string(count) +
                                " elements but source (shape " + source.shape().str() + ") has only " +
                                std::to_string(source.numel()));
  }
  return index(reshape(source, {-1}), {TensorIndex(Slice{0, count, 1})});
}

void check_masked_scatter(const Tensor& input, const Tensor& mask, const Tensor& source, const char* op) {
  check_mask(mask, op);
  if (source.dtype() != input.dtype()) {
    throw type_error(std::string(op) + "(): source must have input's dtype " + dtype_name(input.dtype()) +
                     ", got " + dtype_name(source.dtype()));
  }
}
}  // namespace

Tensor masked_scatter(const Tensor& input, const Tensor& mask, const Tensor& source) {
  check_masked_scatter(input, mask, source, "masked_scatter");
  const Shape shape = broadcast_shapes(input.shape(), mask.shape());
  const auto r = detail::resolve_index(shape, {TensorIndex(mask_to(mask, shape))});
  const Tensor values = source_prefix(source, r.bshape.numel(), "masked_scatter");
  return detail::put_index(detail::expand_view(input, shape), r, values, false, "MaskedScatter");
}

Tensor& masked_scatter_(Tensor& input, const Tensor& mask, const Tensor& source) {
  check_masked_scatter(input, mask, source, "masked_scatter_");
  check_mask_fits(input, mask, "masked_scatter_");
  const auto r = detail::resolve_index(input.shape(), {TensorIndex(mask_to(mask, input.shape()))});
  const Tensor values = source_prefix(source, r.bshape.numel(), "masked_scatter_");
  return detail::put_index_(input, r, values, false, "masked_scatter_", "MaskedScatter");
}

}  // namespace tapegrad
