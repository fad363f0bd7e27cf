// The shape ops that copy: cat and stack (any number of inputs), repeat and tile, flip, roll,
// tril and triu. Each returns a new contiguous tensor.
//
// cat's inputs outnumber a node's (Node::kMaxInputs): a cat of n > 3 tensors is recorded as a
// balanced tree of Cat nodes, each with at most three inputs. Every node receives the whole
// output gradient, hands it unchanged (a shared handle, no copy) to the sub-trees below it and a
// narrow view of it to each tensor it holds directly, so the backward of a cat of n tensors
// makes about n / 2 nodes, depth log3(n), and no copy of the gradient but the one each input's
// slice gets when it is not contiguous. The forward copies each input once, straight into the
// output.
#include <algorithm>
#include <array>
#include <cstring>
#include <stdexcept>
#include <string>

#include "ops/arith.hpp"
#include "ops/recording.hpp"
#include "ops/shape_util.hpp"
#include "ops/views.hpp"
#include "tapegrad/autograd.hpp"
#include "tapegrad/ops.hpp"
#include "tapegrad/reduction.hpp"
#include "tapegrad/shape_ops.hpp"

namespace tapegrad {

namespace {
using detail::Layout;
using detail::record;
using detail::should_record;
using detail::wrap_dim;

std::size_t u(int d) { return static_cast<std::size_t>(d); }

// ---- cat and stack ------------------------------------------------------------------------

// Where one input's values lie in the output: elements start..start+size-1 along dim (stack:
// index start, the dimension removed). A skipped empty 1-D input has no place.
struct Piece {
  const Tensor* tensor = nullptr;
  std::int64_t start = 0;
  std::int64_t size = 0;
  bool skipped = false;
};

// One input of a Cat node: a tensor it slices the gradient for, or a sub-tree it passes the
// whole gradient to.
struct Slot {
  bool subtree = false;
  Piece piece;
};

struct CatNode : Node {
  CatNode(int dim_, bool stacking_, std::array<Slot, kMaxInputs> slots_)
      : Node(stacking_ ? "Stack" : "Cat"), dim(dim_), stacking(stacking_), slots(slots_) {}
  Grads backward(Tensor g) override {
    Grads grads;
    for (int i = 0; i < num_inputs(); ++i) {
      if (!detail::needs_grad(*this, i)) continue;
      const Slot& slot = slots[u(i)];
      if (slot.subtree) {
        grads[u(i)] = g;  // shared, never written: the sub-tree only slices it
      } else if (slot.piece.skipped) {
        grads[u(i)] = Tensor::zeros(Shape{0}, g.dtype());
      } else if (stacking) {
        // Contiguous: the engine would copy a strided slice anyway, and detect_anomaly reads it.
        grads[u(i)] = squeeze(narrow(g, dim, slot.piece.start, 1), {dim}).contiguous();
      } else {
        grads[u(i)] = narrow(g, dim, slot.piece.start, slot.piece.size).contiguous();
      }
    }
    return grads;
  }
  Grads backward_graph(Tensor g) override { return backward(std::move(g)); }  // made of ops
  int dim;
  bool stacking;
  std::array<Slot, kMaxInputs> slots;
};

// Records the Cat node(s) of pieces[lo, hi) onto `out`: one node for up to three pieces, else a
// node over up to three balanced sub-trees (each recorded onto a header-only alias of the output
// that lives just long enough to link it).
void record_cat(Tensor& out, const std::vector<Piece>& pieces, std::size_t lo, std::size_t hi, int dim,
                bool stacking) {
  std::array<Slot, Node::kMaxInputs> slots{};
  std::array<Tensor, Node::kMaxInputs> subtrees;
  std::array<const Tensor*, Node::kMaxInputs> inputs{};
  const std::size_t n = hi - lo;
  const std::size_t parts = std::min<std::size_t>(n, Node::kMaxInputs);
  for (std::size_t p = 0; p < parts; ++p) {
    const std::size_t a = lo + n * p / parts, b = lo + n * (p + 1) / parts;
    if (b - a == 1) {
      slots[p].piece = pieces[a];
      slots[p].piece.tensor = nullptr;  // the node keeps where the slice lies, not the tensor
      inputs[p] = pieces[a].tensor;
      continue;
    }
    bool needed = false;
    for (std::size_t i = a; i < b; ++i) needed = needed || should_record({pieces[i].tensor});
    slots[p].subtree = true;
    if (!needed) continue;  // no input below needs a gradient: no node, an empty edge
    subtrees[p] = detail::alias_storage(out.storage(), 0, out.shape(), out.dtype());
    record_cat(subtrees[p], pieces, a, b, dim, stacking);
    inputs[p] = &subtrees[p];
  }
  switch (parts) {
    case 1: record<CatNode>(out, {inputs[0]}, dim, stacking, slots); break;
    case 2: record<CatNode>(out, {inputs[0], inputs[1]}, dim, stacking, slots); break;
    default: record<CatNode>(out, {inputs[0], inputs[1], inputs[2]}, dim, stacking, slots); break;
  }
}

[[noreturn]] void throw_empty_list(const char* op) {
  throw std::invalid_argument(std::string(op) + "(): expected a non-empty list of Tensors");
}

Tensor join(const std::vector<Tensor>& tensors_in, int dim_in, bool stacking) {
  const char* op = stacking ? "stack" : "cat";
  if (tensors_in.empty()) throw_empty_list(op);
  DType dtype = tensors_in[0].dtype();
  for (const Tensor& t : tensors_in) dtype = promote_types(dtype, t.dtype());
  // Inputs of another dtype are converted first (on the tape: the gradient converts back).
  std::vector<Tensor> tensors;
  tensors.reserve(tensors_in.size());
  for (const Tensor& t : tensors_in) tensors.push_back(cast(t, dtype));

  Shape out_shape;
  int dim = 0;
  std::vector<Piece> pieces(tensors.size());
  if (stacking) {
    const Shape& shape = tensors[0].shape();
    for (std::size_t i = 1; i < tensors.size(); ++i) {
      if (tensors[i].shape() != shape) {
        throw std::invalid_argument("stack expects each tensor to be equal size, but got " +
                                    detail::size_list(shape) + " at entry 0 and " +
                                    detail::size_list(tensors[i].shape()) + " at entry " + std::to_string(i));
      }
    }
    if (shape.ndim() == Shape::kMaxDims) {
      throw std::invalid_argument("stack: tapegrad supports at most " + std::to_string(Shape::kMaxDims) +
                                  " dimensions, and the tensors have " + std::to_string(shape.ndim()));
    }
    dim = wrap_dim(dim_in, shape.ndim() + 1);
    for (int d = 0; d <= shape.ndim(); ++d) {
      if (d == dim) out_shape.push_back(static_cast<std::int64_t>(tensors.size()));
      if (d < shape.ndim()) out_shape.push_back(shape[d]);
    }
    for (std::size_t i = 0; i < tensors.size(); ++i)
      pieces[i] = {&tensors[i], static_cast<std::int64_t>(i), 1, false};
  } else {
    // PyTorch's legacy rule: 1-D tensors with no elements take no part in the shape checks.
    auto skip = [](const Tensor& t) { return t.ndim() == 1 && t.shape()[0] == 0; };
    const Tensor* ref = nullptr;
    std::size_t ref_index = 0;
    for (std::size_t i = 0; i < tensors.size(); ++i) {
      if (tensors[i].ndim() == 0) {
        throw std::invalid_argument("zero-dimensional tensor (at position " + std::to_string(i) +
                                    ") cannot be concatenated");
      }
      if (!ref && !skip(tensors[i])) {
        ref = &tensors[i];
        ref_index = i;
      }
    }
    if (!ref) {
      ref = &tensors[0];  // all empty: the result is empty too
      ref_index = 0;
    }
    dim = wrap_dim(dim_in, ref->ndim());
    const Shape& shape = ref->shape();
    std::int64_t total = 0;
    for (std::size_t i = 0; i < tensors.size(); ++i) {
      const Tensor& t = tensors[i];
      if (skip(t) && &t != ref) {
        pieces[i] = {&t, total, 0, true};
        continue;
      }
      if (t.ndim() != shape.ndim()) {
        throw std::invalid_argument("Tensors must have same number of dimensions: got " +
                                    std::to_string(shape.ndim()) + " and " + std::to_string(t.ndim()) +
                                    " (shapes " + shape.str() + " at position " + std::to_string(ref_index) +
                                    " and " + t.shape().str() + " at position " + std::to_string(i) + ")");
      }
      for (int d = 0; d < shape.ndim(); ++d) {
        if (d != dim && t.shape()[d] != shape[d]) {
          throw std::invalid_argument("Sizes of tensors must match except in dimension " +
                                      std::to_string(dim) + ". Expected size " + std::to_string(shape[d]) +
                                      " but got size " + std::to_string(t.shape()[d]) +
                                      " for tensor number " + std::to_string(i) + " in the list (shapes " +
                                      shape.str() + " and " + t.shape().str() + ")");
        }
      }
      pieces[i] = {&t, total, t.shape()[dim], false};
      total += t.shape()[dim];
    }
    for (int d = 0; d < shape.ndim(); ++d) out_shape.push_back(d == dim ? total : shape[d]);
  }

  Tensor out = Tensor::empty(out_shape, dtype);
  const Layout whole = detail::layout_of(out);
  for (const Piece& piece : pieces) {
    if (piece.skipped || piece.tensor->numel() == 0) continue;
    const Layout place = stacking ? detail::select_layout(whole, dim, piece.start)
                                  : detail::narrow_layout(whole, dim, piece.start, piece.size);
    detail::copy_strided(detail::alias_layout(out, place), *piece.tensor);
  }
  bool any = false;
  for (const Piece& piece : pieces) any = any || should_record({piece.tensor});
  if (any) record_cat(out, pieces, 0, pieces.size(), dim, stacking);
  return out;
}

// ---- repeat -------------------------------------------------------------------------------

// Visits every element of the repeated output (shape `out`, row-major) with the offset of the
// input element it copies (input contiguous, of shape `in` with as many dimensions).
template <class F>
void for_each_repeat(const Shape& in, const Shape& out, F f) {
  const int n = out.ndim();
  if (n == 0) {
    f(std::int64_t{0}, std::int64_t{0}, std::int64_t{1});
    return;
  }
  if (out.numel() == 0) return;
  const Strides in_strides = contiguous_strides(in);
  const std::int64_t inner = in[n - 1], reps = out[n - 1] / std::max<std::int64_t>(inner, 1);
  std::array<std::int64_t, Shape::kMaxDims> index{};
  std::int64_t out_offset = 0;
  for (std::int64_t row = 0, rows = out.numel() / out[n - 1]; row < rows; ++row) {
    std::int64_t in_offset = 0;
    for (int d = 0; d < n - 1; ++d) in_offset += (index[u(d)] % in[d]) * in_strides[u(d)];
    for (std::int64_t r = 0; r < reps; ++r) {
      f(out_offset, in_offset, inner);  // one run of `inner` elements
      out_offset += inner;
    }
    for (int d = n - 2; d >= 0; --d) {
      if (++index[u(d)] < out[d]) break;
      index[u(d)] = 0;
    }
  }
}

struct RepeatNode : Node {
  RepeatNode(const Shape& in_, const Shape& padded_, const Shape& out_)
      : Node("Repeat"), in_shape(in_), padded(padded_), out_shape(out_) {}
  // Each input element's gradient is the sum of its copies'.
  Grads backward(Tensor g) override {
    Tensor grad = Tensor::zeros(in_shape, g.dtype());
    dispatch_floating(g.dtype(), "Repeat backward", [&](auto zero) {
      using T = decltype(zero);
      const T* gp = g.data<T>();
      T* out = grad.data<T>();
      for_each_repeat(padded, out_shape, [&](std::int64_t o, std::int64_t i, std::int64_t len) {
        for (std::int64_t j = 0; j < len; ++j) out[i + j] += gp[o + j];
      });
    });
    return {grad};
  }
  // The same sum with ops: along each repeated dimension d, g viewed as (before, repeats, size,
  // after) summed over the repeats (four dimensions at most, whatever the rank).
  Grads backward_graph(Tensor g) override {
    Tensor grad = g;
    const int n = padded.ndim();
    for (int d = 0; d < n; ++d) {
      const std::int64_t size = padded[d];
      const std::int64_t times = size == 0 ? 1 : out_shape[d] / size;
      if (times == 1) continue;
      std::int64_t before = 1, after = 1;
      for (int e = 0; e < d; ++e) before *= grad.shape()[e];
      for (int e = d + 1; e < n; ++e) after *= grad.shape()[e];
      std::vector<std::int64_t> shape(grad.shape().begin(), grad.shape().end());
      shape[u(d)] = size;
      grad = reshape(sum(reshape(grad, {before, times, size, after}), Dims(1)), shape);
    }
    return {reshape(grad, {in_shape.begin(), in_shape.begin() + in_shape.ndim()})};
  }
  Shape in_shape, padded, out_shape;
};

// ---- flip, roll, tril, triu ---------------------------------------------------------------

// x's layout read backwards along `dims` (negative strides: internal only, then copied).
Layout flipped(const Layout& in, const std::vector<int>& dims) {
  Layout out = in;
  for (int d : dims) {
    if (in.shape[d] == 0) continue;
    out.offset += (in.shape[d] - 1) * in.strides[u(d)];
    out.strides[u(d)] = -in.strides[u(d)];
  }
  return out;
}

struct FlipNode : Node {
  explicit FlipNode(std::vector<int> dims_) : Node("Flip"), dims(std::move(dims_)) {}
  Grads backward(Tensor g) override { return {flip(g, dims)}; }
  Grads backward_graph(Tensor g) override { return backward(std::move(g)); }  // made of ops
  std::vector<int> dims;
};

// dst = src rolled by `shift` along dim (both contiguous, of one shape; no tape).
void roll_into(const Tensor& dst, const Tensor& src, std::int64_t shift, int dim) {
  const std::int64_t n = src.shape()[dim];
  const std::int64_t s = n == 0 ? 0 : ((shift % n) + n) % n;
  const Layout in = detail::layout_of(src), out = detail::layout_of(dst);
  if (s == 0) {
    detail::copy_strided(dst, src);
    return;
  }
  detail::copy_strided(detail::alias_layout(dst, detail::narrow_layout(out, dim, s, n - s)),
                       detail::alias_layout(src, detail::narrow_layout(in, dim, 0, n - s)));
  detail::copy_strided(detail::alias_layout(dst, detail::narrow_layout(out, dim, 0, s)),
                       detail::alias_layout(src, detail::narrow_layout(in, dim, n - s, s)));
}

struct RollNode : Node {
  RollNode(std::vector<std::int64_t> shifts_, std::vector<int> dims_)
      : Node("Roll"), shifts(std::move(shifts_)), dims(std::move(dims_)) {}
  Grads backward(Tensor g) override {
    std::vector<std::int64_t> back;
    for (std::int64_t s : shifts) back.push_back(-s);
    return {roll(g, back, dims)};
  }
  Grads backward_graph(Tensor g) override { return backward(std::move(g)); }  // made of ops
  std::vector<std::int64_t> shifts;
  std::vector<int> dims;
};

// Zeroes the elements of contiguous `x` outside the band: above `diagonal` (lower) or below it.
void mask_triangle(const Tensor& x, std::int64_t diagonal, bool lower) {
  const int n = x.ndim();
  const std::int64_t rows = x.shape()[n - 2], cols = x.shape()[n - 1];
  const std::int64_t matrices = rows * cols == 0 ? 0 : x.numel() / (rows * cols);
  dispatch(x.dtype(), [&](auto zero) {
    using T = decltype(zero);
    T* p = x.data<T>();
    for (std::int64_t b = 0; b < matrices; ++b) {
      for (std::int64_t i = 0; i < rows; ++i) {
        T* row = p + (b * rows + i) * cols;
        // lower keeps j <= i + diagonal; upper keeps j >= i + diagonal.
        const std::int64_t edge = std::clamp<std::int64_t>(i + diagonal + (lower ? 1 : 0), 0, cols);
        if (lower) {
          std::fill(row + edge, row + cols, T(0));
        } else {
          std::fill(row, row + edge, T(0));
        }
      }
    }
  });
}

struct TriangleNode : Node {
  TriangleNode(std::int64_t diagonal_, bool lower_)
      : Node(lower_ ? "Tril" : "Triu"), diagonal(diagonal_), lower(lower_) {}
  Grads backward(Tensor g) override { return {lower ? tril(g, diagonal) : triu(g, diagonal)}; }
  Grads backward_graph(Tensor g) override { return backward(std::move(g)); }  // made of ops
  std::int64_t diagonal;
  bool lower;
};

Tensor triangle(const Tensor& x, std::int64_t diagonal, bool lower) {
  const char* op = lower ? "tril" : "triu";
  if (x.ndim() < 2) {
    throw std::invalid_argument(
        std::string(op) + ": input tensor must have at least 2 dimensions, got shape " + x.shape().str());
  }
  Tensor out = Tensor::empty(x.shape(), x.dtype());
  detail::copy_strided(out, x);
  mask_triangle(out, diagonal, lower);
  if (should_record({&x})) record<TriangleNode>(out, {&x}, diagonal, lower);
  return out;
}
}  // namespace

Tensor cat(const std::vector<Tensor>& tensors, int dim) { return join(tensors, dim, false); }

Tensor stack(const std::vector<Tensor>& tensors, int dim) { return join(tensors, dim, true); }

Tensor hstack(const std::vector<Tensor>& tensors) {
  if (tensors.empty()) throw_empty_list("hstack");
  std::vector<Tensor> parts;
  for (const Tensor& t : tensors) parts.push_back(atleast_1d(t));
  return cat(parts, parts[0].ndim() == 1 ? 0 : 1);
}

Tensor vstack(const std::vector<Tensor>& tensors) {
  if (tensors.empty()) throw_empty_list("vstack");
  std::vector<Tensor> parts;
  for (const Tensor& t : tensors) parts.push_back(atleast_2d(t));
  return cat(parts, 0);
}

Tensor dstack(const std::vector<Tensor>& tensors) {
  if (tensors.empty()) throw_empty_list("dstack");
  std::vector<Tensor> parts;
  for (const Tensor& t : tensors) parts.push_back(atleast_3d(t));
  return cat(parts, 2);
}

Tensor repeat(const Tensor& x_in, const std::vector<std::int64_t>& repeats) {
  const int n = static_cast<int>(repeats.size());
  if (n < x_in.ndim()) {
    throw std::invalid_argument("repeat: Number of dimensions of repeat dims (" + std::to_string(n) +
                                ") can not be smaller than number of dimensions of tensor (" +
                                std::to_string(x_in.ndim()) + ", shape " + x_in.shape().str() + ")");
  }
  if (n > Shape::kMaxDims) {
    throw std::invalid_argument("repeat: tapegrad supports at most " + std::to_string(Shape::kMaxDims) +
                                " dimensions, got the repeats " + detail::size_list(repeats));
  }
  for (std::int64_t r : repeats) {
    if (r < 0) {
      throw std::invalid_argument("repeat: Trying to create tensor with negative dimension " +
                                  std::to_string(r) + ": " + detail::size_list(repeats));
    }
  }
  const Tensor x = x_in.contiguous();
  Shape padded, out_shape;
  for (int i = 0; i < n; ++i) {
    const int d = i - (n - x.ndim());
    const std::int64_t size = d >= 0 ? x.shape()[d] : 1;
    padded.push_back(size);
    std::int64_t total = 0;
    if (!checked_mul(size, repeats[u(i)], &total)) {
      throw std::overflow_error("repeat: the result has more elements than fit in int64");
    }
    out_shape.push_back(total);
  }
  Tensor out = Tensor::empty(out_shape, x.dtype());
  dispatch(x.dtype(), [&](auto zero) {
    using T = decltype(zero);
    const T* in = x.data<T>();
    T* o = out.data<T>();
    for_each_repeat(padded, out_shape, [&](std::int64_t oo, std::int64_t io, std::int64_t len) {
      std::memcpy(o + oo, in + io, static_cast<std::size_t>(len) * sizeof(T));
    });
  });
  if (should_record({&x})) record<RepeatNode>(out, {&x}, x.shape(), padded, out_shape);
  return out;
}

Tensor tile(const Tensor& x, const std::vector<std::int64_t>& dims) {
  std::vector<std::int64_t> repeats = dims;
  if (static_cast<int>(repeats.size()) < x.ndim()) {
    repeats.insert(repeats.begin(), static_cast<std::size_t>(x.ndim()) - repeats.size(), 1);
  }
  return repeat(x, repeats);
}

Tensor flip(const Tensor& x, const std::vector<int>& dims_in) {
  std::vector<int> dims;
  std::vector<bool> seen(u(std::max(x.ndim(), 1)), false);
  for (int d : dims_in) {
    const int w = wrap_dim(d, x.ndim());
    if (seen[u(w)])
      throw std::invalid_argument("flip: dim " + std::to_string(w) +
                                  " appears multiple times in the list of dims");
    seen[u(w)] = true;
    if (x.ndim() > 0) dims.push_back(w);
  }
  Tensor out = Tensor::empty(x.shape(), x.dtype());
  detail::copy_strided(out, detail::alias_layout(x, flipped(detail::layout_of(x), dims)));
  if (should_record({&x})) record<FlipNode>(out, {&x}, dims);
  return out;
}

Tensor roll(const Tensor& x, const std::vector<std::int64_t>& shifts, const std::vector<int>& dims_in) {
  if (dims_in.empty()) {
    if (shifts.size() != 1) {
      throw std::invalid_argument(
          "roll: shifts and dimensions must align. shifts: " + std::to_string(shifts.size()) +
          ", dims: 0 (with no dims, give one shift: the flattened tensor is rolled)");
    }
    // The flattened tensor rolled, in x's shape (one node: its backward rolls back the same way).
    Tensor flat = x;
    if (!x.is_contiguous()) {
      flat = Tensor::empty(x.shape(), x.dtype());
      detail::copy_strided(flat, x);
    }
    Tensor out = Tensor::empty(x.shape(), x.dtype());
    const Shape line{x.numel()};
    roll_into(detail::alias(out, line), detail::alias(flat, line), shifts[0], 0);
    if (should_record({&x})) record<RollNode>(out, {&x}, shifts, std::vector<int>{});
    return out;
  }
  if (shifts.size() != dims_in.size()) {
    throw std::invalid_argument("roll: shifts and dimensions must align. shifts: " +
                                std::to_string(shifts.size()) + ", dims: " + std::to_string(dims_in.size()));
  }
  std::vector<int> dims;
  for (int d : dims_in) dims.push_back(wrap_dim(d, x.ndim()));
  Tensor out = Tensor::empty(x.shape(), x.dtype());
  if (x.ndim() == 0) {
    detail::copy_strided(out, x);
  } else {
    Tensor current = x;
    for (std::size_t i = 0; i < dims.size(); ++i) {
      Tensor next = i + 1 == dims.size() ? out : Tensor::empty(x.shape(), x.dtype());
      roll_into(next, current, shifts[i], dims[i]);
      current = next;
    }
  }
  if (should_record({&x})) record<RollNode>(out, {&x}, shifts, dims);
  return out;
}

Tensor tril(const Tensor& x, std::int64_t diagonal) { return triangle(x, diagonal, true); }

Tensor triu(const Tensor& x, std::int64_t diagonal) { return triangle(x, diagonal, false); }

}  // namespace tapegrad
