// matmul and the products built on it (mm, bmm, mv, dot, vdot, outer, inner).
//
// Every product is a stack of matrix products over broadcast batch dimensions. Each operand is
// read in place when its matrices are row-major or transposed row-major (a transposed view such
// as w.T or x.mT sets the GEMM's transpose flag, no copy); only other layouts are copied. When
// one operand is shared by the whole batch and the other's batch folds into its rows (the usual
// x @ W of a batch of inputs), the stack is one GEMM; otherwise one GEMM per batch item, run
// across the thread pool when the items are small. Integer products are plain loops that wrap
// around on overflow.
#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include "kernels/gemm.hpp"
#include "kernels/thread_pool.hpp"
#include "ops/arith.hpp"
#include "ops/broadcast.hpp"
#include "ops/recording.hpp"
#include "ops/shape_util.hpp"
#include "ops/views.hpp"
#include "plan/recorder.hpp"
#include "tapegrad/linalg.hpp"
#include "tapegrad/ops.hpp"
#include "tapegrad/shape_ops.hpp"
#include "tapegrad/threading.hpp"

namespace tapegrad {

namespace {
using detail::record;
using detail::should_record;

std::size_t u(int d) { return static_cast<std::size_t>(d); }

// A stack of matrices in memory: matrix b's element (i, j) lies at
// base + offset(b) + (trans ? j * ld + i : i * ld + j), offset(b) the batch index dotted with
// batch_strides (0 along broadcast dimensions).
struct Stack {
  std::int64_t rows = 0, cols = 0, ld = 1;
  bool trans = false;
  Strides batch_strides{};
};

// How an operand of logical layout `layout` (at least 2-D) is read: in place when its last two
// strides allow it (nothing returned otherwise). Batch strides are those of `batch`, the
// broadcast batch shape, with 0 where the operand is broadcast.
std::optional<Stack> stack_of(const detail::Layout& layout, const Shape& batch) {
  const int n = layout.shape.ndim();
  Stack s;
  s.rows = layout.shape[n - 2];
  s.cols = layout.shape[n - 1];
  const std::int64_t sr = layout.strides[u(n - 2)], sc = layout.strides[u(n - 1)];
  if (s.rows == 0 || s.cols == 0) {
    s.ld = std::max<std::int64_t>(s.cols, 1);  // nothing is read
  } else if ((s.cols == 1 || sc == 1) && (s.rows == 1 || sr >= std::max<std::int64_t>(s.cols, 1))) {
    s.ld = s.rows == 1 ? std::max<std::int64_t>(s.cols, 1) : sr;
  } else if ((s.rows == 1 || sr == 1) && (s.cols == 1 || sc >= std::max<std::int64_t>(s.rows, 1))) {
    s.trans = true;
    s.ld = s.cols == 1 ? std::max<std::int64_t>(s.rows, 1) : sc;
  } else {
    return std::nullopt;
  }
  const int nb = n - 2, shift = batch.ndim() - nb;
  for (int d = 0; d < nb; ++d) {
    const bool broadcast = layout.shape[d] == 1 && batch[d + shift] != 1;
    s.batch_strides[u(d + shift)] = broadcast ? 0 : layout.strides[u(d)];
  }
  return s;
}

// The offset of each batch item (row-major over `batch`) in a stack.
std::vector<std::int64_t> batch_offsets(const Shape& batch, const Strides& strides) {
  const std::int64_t count = batch.numel();
  std::vector<std::int64_t> out(static_cast<std::size_t>(count));
  Strides index{};
  std::int64_t offset = 0;
  for (std::int64_t b = 0; b < count; ++b) {
    out[static_cast<std::size_t>(b)] = offset;
    for (int d = batch.ndim() - 1; d >= 0; --d) {
      if (++index[u(d)] < batch[d]) {
        offset += strides[u(d)];
        break;
      }
      offset -= strides[u(d)] * (batch[d] - 1);
      index[u(d)] = 0;
    }
  }
  return out;
}

// Whether the items of a non-transposed stack lie one after the other, each ld * rows apart:
// then the batch folds into the rows of one matrix.
bool folds_into_rows(const Stack& s, const Shape& batch) {
  if (s.trans) return false;
  std::int64_t expected = s.rows * s.ld;
  for (int d = batch.ndim() - 1; d >= 0; --d) {
    if (batch[d] != 1 && s.batch_strides[u(d)] != expected) return false;
    expected *= batch[d];
  }
  return true;
}

bool shared_by_batch(const Stack& s, const Shape& batch) {
  for (int d = 0; d < batch.ndim(); ++d) {
    if (batch[d] != 1 && s.batch_strides[u(d)] != 0) return false;
  }
  return true;
}

// Z[b] = X[b] @ Y[b] (or += with accumulate) for every batch item b: X is m x k, Y k x n, Z
// m x n and never transposed. Items run in parallel when each is small and no two write the
// same Z.
template <class T>
void product_items(const Shape& batch, std::int64_t m, std::int64_t n, std::int64_t k, const T* x,
                   const Stack& xs, const T* y, const Stack& ys, T* z, const Stack& zs, bool accumulate) {
  const std::vector<std::int64_t> xo = batch_offsets(batch, xs.batch_strides);
  const std::vector<std::int64_t> yo = batch_offsets(batch, ys.batch_strides);
  const std::vector<std::int64_t> zo = batch_offsets(batch, zs.batch_strides);
  const auto count = static_cast<std::int64_t>(zo.size());
  auto item = [&](std::int64_t b) {
    const auto i = static_cast<std::size_t>(b);
    T* c = z + zo[i];
    const T* a = x + xo[i];
    const T* bb = y + yo[i];
    if constexpr (std::is_floating_point_v<T>) {
      kernels::gemm<T>(xs.trans, ys.trans, m, n, k, a, xs.ld, bb, ys.ld, c, zs.ld, accumulate);
    } else {
      for (std::int64_t r = 0; r < m; ++r) {
        T* row = c + r * zs.ld;
        if (!accumulate) std::fill(row, row + n, T(0));
        for (std::int64_t p = 0; p < k; ++p) {
          const T av = xs.trans ? a[p * xs.ld + r] : a[r * xs.ld + p];
          for (std::int64_t j = 0; j < n; ++j) {
            const T bv = ys.trans ? bb[j * ys.ld + p] : bb[p * ys.ld + j];
            row[j] = detail::wrapping_add(row[j], detail::wrapping_mul(av, bv));
          }
        }
      }
    }
  };
  const std::int64_t work = m * n * std::max<std::int64_t>(k, 1);
  bool unique = true;  // no broadcast dimension in Z: every item writes its own matrix
  for (int d = 0; d < batch.ndim(); ++d) unique = unique && (batch[d] == 1 || zs.batch_strides[u(d)] != 0);
  const int threads = get_num_threads();
  if (threads > 1 && count > 1 && unique && work < (std::int64_t{1} << 20) &&
      work * count >= (std::int64_t{1} << 20)) {
    const std::int64_t tasks = std::min<std::int64_t>(count, std::int64_t{threads} * 4);
    auto body = [&](int task) {
      const std::int64_t lo = count * task / tasks, hi = count * (task + 1) / tasks;
      for (std::int64_t b = lo; b < hi; ++b) item(b);
    };
    kernels::parallel_for(static_cast<int>(tasks), body);
    return;
  }
  for (std::int64_t b = 0; b < count; ++b) item(b);
}

// What a product needs to know of one operand: its logical shape (as the user passed it) and
// how its matrices are read.
struct Operand {
  Tensor memory;  // the operand, or a contiguous copy when its layout cannot be read in place
  Stack stack;
};

// The operand (of logical `layout`, a view of `t`) as a stack over `batch`.
Operand operand_of(const Tensor& t, const detail::Layout& layout, const Shape& batch) {
  if (std::optional<Stack> s = stack_of(layout, batch)) return {t, *s};
  Tensor copy = Tensor::empty(layout.shape, t.dtype());
  detail::copy_strided(copy, detail::alias_layout(t, layout));
  return {copy, *stack_of(detail::contiguous_layout(layout.shape), batch)};
}

struct SavedOperand {
  SavedOperand(const Operand& op, const Shape& logical_)
      : values(op.memory), stack(op.stack), logical(logical_) {}
  SavedStorage values;  // version-checked: its element 0 is the stack's base
  Stack stack;
  Shape logical;
  void reset() noexcept { values.reset(); }
};

// The shapes of one matmul: the batch, m, k, n, and each operand's matrix-form shape.
struct Product {
  Shape batch;
  std::int64_t m = 0, k = 0, n = 0;
  Shape a_matrix, b_matrix;  // (a's batch..., m, k) and (b's batch..., k, n)
};

template <class T>
const T* base_of(const SavedOperand& s, const Node& node) {
  return static_cast<const T*>(s.values.get(node, s.logical));
}

// Stack of a contiguous tensor of shape `shape` = (its batch..., rows, cols) over `batch`.
Stack contiguous_stack(const Shape& shape, const Shape& batch) {
  return *stack_of(detail::contiguous_layout(shape), batch);
}

// Whether a stack of the operand's own (unbroadcast) shape has a matrix for every batch item.
bool covers(const Stack& s, const Shape& batch) {
  for (int d = 0; d < batch.ndim(); ++d) {
    if (batch[d] != 1 && s.batch_strides[u(d)] == 0) return false;
  }
  return true;
}
Shape append(const Shape& batch, std::int64_t r, std::int64_t c) {
  Shape s = batch;
  s.push_back(r);
  s.push_back(c);
  return s;
}

// C = A @ B over the batch: one GEMM when B is shared by the batch and A's batch folds into its
// rows, else one product per batch item. The forward of matmul, eager and in a Plan.
template <class T>
void matmul_into(const Product& plan, const T* ap, const Stack& as, const T* bp, const Stack& bs, T* cp) {
  if constexpr (std::is_floating_point_v<T>) {
    if (shared_by_batch(bs, plan.batch) && folds_into_rows(as, plan.batch)) {
      kernels::gemm<T>(false, bs.trans, plan.batch.numel() * plan.m, plan.n, plan.k, ap, as.ld, bp, bs.ld, cp,
                       plan.n, false);
      return;
    }
  }
  const Stack cs = contiguous_stack(append(plan.batch, plan.m, plan.n), plan.batch);
  product_items<T>(plan.batch, plan.m, plan.n, plan.k, ap, as, bp, bs, cp, cs, false);
}

// dA = dC @ op(B)^T into da (of plan.a_matrix's shape) and dB = op(A)^T @ dC into db (of
// plan.b_matrix's), summed over the batch items an operand was broadcast to (the GEMM
// accumulates them into a zeroed buffer); a null da (db) is not computed. ap and bp are the
// operands as their stacks read them; gp is dC, contiguous.
template <class T>
void matmul_grads(const Product& plan, const T* gp, const T* ap, const Stack& a_stack, const T* bp,
                  const Stack& b_stack, T* da, T* db) {
  const Shape& batch = plan.batch;
  const std::int64_t m = plan.m, k = plan.k, n = plan.n;
  const Stack gs = contiguous_stack(append(batch, m, n), batch);
  if (da) {
    Stack bt = b_stack;  // op(B)^T: the other transpose flag on the same memory
    bt.trans = !bt.trans;
    std::swap(bt.rows, bt.cols);
    const Stack as = contiguous_stack(plan.a_matrix, batch);
    const bool broadcast = !covers(as, batch);
    if (broadcast) std::fill(da, da + plan.a_matrix.numel(), T(0));
    if (!broadcast && shared_by_batch(b_stack, batch) && folds_into_rows(as, batch)) {
      kernels::gemm<T>(false, bt.trans, batch.numel() * m, k, n, gp, n, bp, bt.ld, da, k, false);
    } else {
      product_items<T>(batch, m, k, n, gp, gs, bp, bt, da, as, broadcast);
    }
  }
  if (db) {
    Stack at = a_stack;
    at.trans = !at.trans;
    std::swap(at.rows, at.cols);
    const Stack bs = contiguous_stack(plan.b_matrix, batch);
    const bool broadcast = !covers(bs, batch);
    if (broadcast) std::fill(db, db + plan.b_matrix.numel(), T(0));
    if (shared_by_batch(bs, batch) && folds_into_rows(a_stack, batch)) {
      // B shared by the whole batch: dB = A_folded^T @ dC_folded, one GEMM over batch * m.
      kernels::gemm<T>(true, false, k, n, batch.numel() * m, ap, a_stack.ld, gp, n, db, n, false);
    } else {
      product_items<T>(batch, k, n, m, ap, at, gp, gs, db, bs, broadcast);
    }
  }
}

struct MatMulNode : Node {
  MatMulNode(const Operand& a_, const Operand& b_, const Product& plan_, const Tensor& a_in_,
             const Tensor& b_in_)
      : Node("MatMul"),
        a(a_, a_in_.shape()),
        b(b_, b_in_.shape()),
        plan(plan_),
        a_shape(a_in_.shape()),
        b_shape(b_in_.shape()),
        a_in(a_in_),
        b_in(b_in_),
        a_version(a_in_.storage()->version()),
        b_version(b_in_.storage()->version()) {}

  // dA = dC @ op(B)^T and dB = op(A)^T @ dC (matmul_grads).
  Grads backward(Tensor g) override {
    Grads grads;
    const bool need_a = detail::needs_grad(*this, 0), need_b = detail::needs_grad(*this, 1);
    Tensor da = need_a ? Tensor::empty(plan.a_matrix, g.dtype()) : Tensor();
    Tensor db = need_b ? Tensor::empty(plan.b_matrix, g.dtype()) : Tensor();
    dispatch_floating(g.dtype(), "MatMul backward", [&](auto zero) {
      using T = decltype(zero);
      matmul_grads<T>(plan, g.data<T>(), need_b ? base_of<T>(a, *this) : nullptr, a.stack,
                      need_a ? base_of<T>(b, *this) : nullptr, b.stack, need_a ? da.data<T>() : nullptr,
                      need_b ? db.data<T>() : nullptr);
    });
    if (need_a) grads[0] = detail::alias(da, a_shape);
    if (need_b) grads[1] = detail::alias(db, b_shape);
    return grads;
  }

  // backward()'s kernels on the plan's buffers: the operands read in place (contiguous ones; a
  // copy or a strided view of an operand is not a tensor of the plan's).
  void record_backward(detail::Recorder& rec, int g, const Grads& grads) override {
    const bool need_a = grads[0].defined(), need_b = grads[1].defined();
    const auto operand = [&](const SavedOperand& op, const Tensor& in) {
      if (base_of<char>(op, *this) != static_cast<const char*>(in.raw_data()) || !in.is_contiguous())
        rec.refuse("the backward of MatMul with an operand that is not contiguous");
      return rec.read(in);
    };
    const int as = need_b ? operand(a, a_in) : -1, bs = need_a ? operand(b, b_in) : -1;
    const int da = need_a ? rec.write(grads[0]) : -1, db = need_b ? rec.write(grads[1]) : -1;
    const Product p = plan;
    const Stack ast = a.stack, bst = b.stack;
    const DType dtype = grads[need_a ? 0 : 1].dtype();
    rec.step([=](detail::Slot* s) {
      dispatch_floating(dtype, "MatMul backward", [&](auto zero) {
        using T = decltype(zero);
        const auto in = [&](int k) { return k < 0 ? nullptr : static_cast<const T*>(s[k].t->data); };
        const auto out = [&](int k) {
          return k < 0 ? nullptr : static_cast<T*>(detail::writable(s[k]).data);
        };
        matmul_grads<T>(p, in(g), in(as), ast, in(bs), bst, out(da), out(db));
      });
    });
  }

  // The same rule with matmul itself on the operands as the user passed them (kept as tensors:
  // a saved operand may be a strided view or a copy, neither of which carries the history), in
  // matrix form (1-D a as a row, 1-D b as a column), summed back over broadcast batch dimensions.
  Grads backward_graph(Tensor g) override {
    base_of<char>(a, *this);  // throw when the operands were freed or changed in place since
    base_of<char>(b, *this);
    if (a_in.storage()->version() != a_version || b_in.storage()->version() != b_version) {
      throw std::runtime_error(
          "one of the variables needed for gradient computation has been modified by an inplace operation: "
          "an operand of MatMul (shapes " +
          a_shape.str() + " and " + b_shape.str() + ") was changed since the product was taken");
    }
    const Tensor am = a_in.ndim() == 1 ? unsqueeze(a_in, 0) : a_in;
    const Tensor bm = b_in.ndim() == 1 ? unsqueeze(b_in, 1) : b_in;
    const Shape full = append(plan.batch, plan.m, plan.n);
    const Tensor gm = reshape(g, {full.begin(), full.begin() + full.ndim()});
    Grads grads;
    if (detail::needs_grad(*this, 0)) {
      const Tensor da = detail::sum_to(matmul(gm, transpose(bm, -1, -2)), plan.a_matrix);
      grads[0] = reshape(da, {a_shape.begin(), a_shape.begin() + a_shape.ndim()});
    }
    if (detail::needs_grad(*this, 1)) {
      const Tensor db = detail::sum_to(matmul(transpose(am, -1, -2), gm), plan.b_matrix);
      grads[1] = reshape(db, {b_shape.begin(), b_shape.begin() + b_shape.ndim()});
    }
    return grads;
  }
  void release_saved() noexcept override {
    a.reset();
    b.reset();
    a_in = Tensor();
    b_in = Tensor();
  }

  SavedOperand a, b;
  Product plan;
  Shape a_shape, b_shape;
  Tensor a_in, b_in;  // for a recorded backward only
  std::uint64_t a_version, b_version;
};

std::string shapes_of(const Tensor& a, const Tensor& b) {
  return a.shape().str() + " and " + b.shape().str();
}

// The logical matrix-form layout of an operand: 1-D a is a (1, k) row, 1-D b a (k, 1) column.
detail::Layout matrix_layout(const Tensor& t, bool left) {
  detail::Layout l = detail::layout_of(t);
  if (t.ndim() != 1) return l;
  const std::int64_t size = t.shape()[0], stride = l.strides[0];
  detail::Layout out{Shape{}, {}, l.offset};
  if (left) {
    out.shape = Shape{1, size};
    out.strides[0] = size * stride;
    out.strides[1] = stride;
  } else {
    out.shape = Shape{size, 1};
    out.strides[0] = stride;
    out.strides[1] = 1;
  }
  return out;
}

Tensor matmul_impl(const Tensor& a_in, const Tensor& b_in, const char* op) {
  if (a_in.ndim() == 0 || b_in.ndim() == 0) {
    throw std::invalid_argument(std::string(op) + ": both arguments need to be at least 1D, but they are " +
                                std::to_string(a_in.ndim()) + "D and " + std::to_string(b_in.ndim()) +
                                "D (shapes " + shapes_of(a_in, b_in) + ")");
  }
  const DType dtype = result_type(a_in, b_in);
  if (dtype == DType::Bool) throw_unsupported_dtype(op, dtype);
  const Tensor a = cast(a_in, dtype), b = cast(b_in, dtype);
  const detail::Layout la = matrix_layout(a, true), lb = matrix_layout(b, false);
  const int na = la.shape.ndim(), nb = lb.shape.ndim();
  Product plan;
  plan.m = la.shape[na - 2];
  plan.k = la.shape[na - 1];
  plan.n = lb.shape[nb - 1];
  if (lb.shape[nb - 2] != plan.k) {
    throw std::invalid_argument(std::string(op) + ": shapes " + shapes_of(a, b) +
                                " are not aligned: mat1 and mat2 shapes cannot be multiplied (" +
                                std::to_string(plan.m) + "x" + std::to_string(plan.k) + " and " +
                                std::to_string(lb.shape[nb - 2]) + "x" + std::to_string(plan.n) + ")");
  }
  Shape batch_a, batch_b;
  for (int d = 0; d < na - 2; ++d) batch_a.push_back(la.shape[d]);
  for (int d = 0; d < nb - 2; ++d) batch_b.push_back(lb.shape[d]);
  try {
    plan.batch = broadcast_shapes(batch_a, batch_b);
  } catch (const std::invalid_argument&) {
    throw std::invalid_argument(std::string(op) + ": the batch dimensions of shapes " + shapes_of(a, b) +
                                " (" + batch_a.str() + " and " + batch_b.str() +
                                ") cannot be broadcast together");
  }
  plan.a_matrix = la.shape;
  plan.b_matrix = lb.shape;
  Shape out_shape = plan.batch;
  if (a.ndim() > 1) out_shape.push_back(plan.m);
  if (b.ndim() > 1) out_shape.push_back(plan.n);
  Shape full = plan.batch;  // the product as a stack of m x n matrices
  full.push_back(plan.m);
  full.push_back(plan.n);
  (void)full.numel();  // throws std::overflow_error for a result too large to count

  const Operand oa = operand_of(a, la, plan.batch), ob = operand_of(b, lb, plan.batch);
  Tensor out = Tensor::empty(out_shape, dtype);
  dispatch(dtype, [&](auto zero) {
    using T = decltype(zero);
    if constexpr (!std::is_same_v<T, bool>) {
      matmul_into<T>(plan, oa.memory.template strided_data<T>(), oa.stack,
                     ob.memory.template strided_data<T>(), ob.stack, out.data<T>());
    }
  });
  if (detail::Recorder* rec = detail::Recorder::active()) {
    // The operands are read in place: a copy made for an unreadable layout is no tensor of the plan's.
    if (oa.memory.raw_data() != a.raw_data() || ob.memory.raw_data() != b.raw_data())
      rec->refuse("matmul of an operand that is not contiguous");
    const int as = rec->read(a), bs = rec->read(b), cs = rec->write(out);
    const Stack ast = oa.stack, bst = ob.stack;
    rec->step([=](detail::Slot* s) {
      dispatch(dtype, [&](auto zero) {
        using T = decltype(zero);
        if constexpr (!std::is_same_v<T, bool>) {
          matmul_into<T>(plan, static_cast<const T*>(s[as].t->data), ast,
                         static_cast<const T*>(s[bs].t->data), bst,
                         static_cast<T*>(detail::writable(s[cs]).data));
        }
      });
    });
  }
  if (should_record({&a, &b})) record<MatMulNode>(out, {&a, &b}, oa, ob, plan, a, b);
  return out;
}

[[noreturn]] void throw_dims(const char* op, const std::string& expected, const Tensor& a, const Tensor& b) {
  throw std::invalid_argument(std::string(op) + ": expected " + expected + ", got tensors of shapes " +
                              shapes_of(a, b));
}
}  // namespace

Tensor matmul(const Tensor& a, const Tensor& b) { return matmul_impl(a, b, "matmul"); }

Tensor mm(const Tensor& a, const Tensor& b) {
  if (a.ndim() != 2 || b.ndim() != 2) throw_dims("mm", "two 2-D matrices (self must be a matrix)", a, b);
  return matmul_impl(a, b, "mm");
}

Tensor bmm(const Tensor& a, const Tensor& b) {
  if (a.ndim() != 3 || b.ndim() != 3)
    throw_dims("bmm", "two 3-D tensors (batch1 and batch2 must be 3D tensors)", a, b);
  if (a.shape()[0] != b.shape()[0] || a.shape()[2] != b.shape()[1]) {
    throw std::invalid_argument("bmm: Expected size for first two dimensions of batch2 tensor to be: [" +
                                std::to_string(a.shape()[0]) + ", " + std::to_string(a.shape()[2]) +
                                "] but got: [" + std::to_string(b.shape()[0]) + ", " +
                                std::to_string(b.shape()[1]) + "] (shapes " + shapes_of(a, b) + ")");
  }
  return matmul_impl(a, b, "bmm");
}

Tensor mv(const Tensor& a, const Tensor& v) {
  if (a.ndim() != 2 || v.ndim() != 1) throw_dims("mv", "a 2-D matrix and a 1-D vector", a, v);
  if (a.shape()[1] != v.shape()[0]) {
    throw std::invalid_argument("mv: size mismatch, got mat (" + std::to_string(a.shape()[0]) + "x" +
                                std::to_string(a.shape()[1]) + "), vec (" + std::to_string(v.shape()[0]) +
                                ")");
  }
  return matmul_impl(a, v, "mv");
}

Tensor dot(const Tensor& a, const Tensor& b) {
  if (a.ndim() != 1 || b.ndim() != 1) {
    throw std::invalid_argument("dot: 1D tensors expected, but got " + std::to_string(a.ndim()) + "D and " +
                                std::to_string(b.ndim()) + "D tensors (shapes " + shapes_of(a, b) + ")");
  }
  if (a.shape()[0] != b.shape()[0]) {
    throw std::invalid_argument(
        "dot: inconsistent tensor size, expected tensor [" + std::to_string(a.shape()[0]) + "] and src [" +
        std::to_string(b.shape()[0]) + "] to have the same number of elements, but got " +
        std::to_string(a.shape()[0]) + " and " + std::to_string(b.shape()[0]) + " elements respectively");
  }
  return matmul_impl(a, b, "dot");
}

Tensor vdot(const Tensor& a, const Tensor& b) { return dot(a, b); }

Tensor outer(const Tensor& a, const Tensor& b) {
  if (a.ndim() != 1 || b.ndim() != 1) throw_dims("outer", "two 1-D tensors", a, b);
  return mul(unsqueeze(a, 1), b);
}

Tensor inner(const Tensor& a, const Tensor& b) {
  if (a.ndim() == 0 || b.ndim() == 0) return mul(a, b);
  const std::int64_t k = a.shape()[a.ndim() - 1];
  if (b.shape()[b.ndim() - 1] != k) {
    throw std::invalid_argument(
        "inner() the last dimension must match on both input tensors but got shapes " + shapes_of(a, b));
  }
  std::vector<std::int64_t> shape(a.shape().begin(), a.shape().end() - 1);
  shape.insert(shape.end(), b.shape().begin(), b.shape().end() - 1);
  if (shape.size() > static_cast<std::size_t>(Shape::kMaxDims)) {
    throw std::invalid_argument("inner: the result of shapes " + shapes_of(a, b) + " would have " +
                                std::to_string(shape.size()) + " dimensions; tapegrad supports at most " +
                                std::to_string(Shape::kMaxDims));
  }
  const Tensor product = matmul(reshape(a, {-1, k}), mT(reshape(b, {-1, k})));
  return reshape(product, shape);
}

}  // namespace tapegrad
