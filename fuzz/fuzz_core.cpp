// libFuzzer harness for the C++ API: the input bytes are a small program over a pool of tensors
// (random shapes with dims 0..4, float32/float64, values from a pool with NaN, +-Inf, 0, +-1000
// and the float limits), each step an op (elementwise, broadcasting, reductions, reshape with
// huge dims, transpose, matmul, losses, dense, in-place ops, backward with and without
// retain_graph, under no_grad or detect_anomaly). Every op must either return a result of the
// right shape and dtype or throw one of the documented std exceptions with a message; anything
// else (a crash, a sanitizer report, another exception, a wrong shape) is a finding.
//
//   clang++ -std=c++17 -g -O1 -fsanitize=fuzzer,address,undefined -Icpp/include -Icpp/src \
//       fuzz/fuzz_core.cpp cpp/src/*.cpp cpp/src/ops/*.cpp cpp/src/kernels/*.cpp -o fuzz_core
//   ./fuzz_core -runs=100000 -seed=1       (.ci/fuzz.sh builds and runs it)
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "tapegrad/tapegrad.hpp"

namespace tg = tapegrad;
using tg::Shape;
using tg::Tensor;

namespace {

struct Reader {
  const std::uint8_t* p;
  std::size_t n;
  std::uint8_t byte() {
    if (n == 0) return 0;
    --n;
    return *p++;
  }
  int upto(int k) { return byte() % (k + 1); }  // 0..k
  bool flag() { return byte() & 1; }
  bool done() const { return n == 0; }
};

// Ops run and ops that threw a documented exception (bad input handled), printed at exit.
struct Stats {
  std::uint64_t inputs = 0, ops = 0, thrown = 0;
  ~Stats() {
    std::fprintf(stderr, "[stats] inputs=%llu ops=%llu thrown=%llu\n",
                 static_cast<unsigned long long>(inputs), static_cast<unsigned long long>(ops),
                 static_cast<unsigned long long>(thrown));
  }
} stats;

[[noreturn]] void finding(const std::string& what) {
  std::fprintf(stderr, "FINDING: %s\n", what.c_str());
  std::abort();
}

double value(Reader& r, tg::DType dtype) {
  const bool f32 = dtype == tg::DType::Float32;
  const double big = f32 ? std::numeric_limits<float>::max() : std::numeric_limits<double>::max();
  const double tiny = f32 ? std::numeric_limits<float>::min() : std::numeric_limits<double>::min();
  switch (r.upto(15)) {
    case 0: return std::numeric_limits<double>::quiet_NaN();
    case 1: return std::numeric_limits<double>::infinity();
    case 2: return -std::numeric_limits<double>::infinity();
    case 3: return 0.0;
    case 4: return -0.0;
    case 5: return 1000.0;
    case 6: return -1000.0;
    case 7: return big;
    case 8: return -big;
    case 9: return tiny;
    default: return (static_cast<int>(r.byte()) - 128) / 16.0;
  }
}

Shape shape(Reader& r) {
  const int ndim = r.upto(3);
  std::vector<std::int64_t> dims;
  for (int i = 0; i < ndim; ++i) dims.push_back(r.upto(4));
  return Shape(dims.data(), ndim);
}

Tensor make(Reader& r) {
  const tg::DType dtype = r.flag() ? tg::DType::Float32 : tg::DType::Float64;
  const Shape s = shape(r);
  std::vector<double> values(static_cast<std::size_t>(s.numel()));
  for (double& v : values) v = value(r, dtype);
  Tensor t = Tensor::from_vector(values, s, dtype);
  if (r.flag()) t.set_requires_grad(true);
  return t;
}

void check_result(const char* op, const Tensor& t, const std::optional<Shape>& expected) {
  if (!t.defined()) finding(std::string(op) + " returned an undefined tensor");
  if (expected && t.shape() != *expected) {
    finding(std::string(op) + " returned shape " + t.shape().str() + ", expected " + expected->str());
  }
  if (t.numel() != t.shape().numel()) finding(std::string(op) + ": numel disagrees with the shape");
  if (t.storage()->nbytes() < static_cast<std::size_t>(t.numel()) * tg::itemsize(t.dtype())) {
    finding(std::string(op) + ": storage smaller than the tensor");
  }
  t.to_vector();  // reads every element: ASan sees any overrun
}

std::optional<Shape> broadcast(const Shape& a, const Shape& b) {
  const int nd = std::max(a.ndim(), b.ndim());
  std::vector<std::int64_t> out(static_cast<std::size_t>(nd));
  for (int i = 0; i < nd; ++i) {
    const int ia = a.ndim() - nd + i, ib = b.ndim() - nd + i;
    const std::int64_t da = ia >= 0 ? a[ia] : 1, db = ib >= 0 ? b[ib] : 1;
    if (da != db && da != 1 && db != 1) return std::nullopt;
    out[static_cast<std::size_t>(i)] = da == 1 ? db : da;
  }
  return Shape(out.data(), nd);
}

void step(Reader& r, std::vector<Tensor>& pool) {
  const Tensor& a = pool[static_cast<std::size_t>(r.upto(static_cast<int>(pool.size()) - 1))];
  const Tensor& b = pool[static_cast<std::size_t>(r.upto(static_cast<int>(pool.size()) - 1))];
  Tensor out;
  std::optional<Shape> expected;
  const int op = r.upto(19);
  const char* name = "?";
  switch (op) {
    case 0:
      name = "add";
      expected = broadcast(a.shape(), b.shape());
      out = a + b;
      break;
    case 1:
      name = "sub";
      expected = broadcast(a.shape(), b.shape());
      out = a - b;
      break;
    case 2:
      name = "mul";
      expected = broadcast(a.shape(), b.shape());
      out = a * b;
      break;
    case 3:
      name = "div";
      expected = broadcast(a.shape(), b.shape());
      out = a / b;
      break;
    case 4:
      name = "exp";
      expected = a.shape();
      out = tg::exp(a);
      break;
    case 5:
      name = "log";
      expected = a.shape();
      out = tg::log(a);
      break;
    case 6:
      name = "tanh/sigmoid/relu";
      expected = a.shape();
      out = r.flag() ? tg::tanh(a) : (r.flag() ? tg::sigmoid(a) : tg::relu(a));
      break;
    case 7:
      name = "pow";
      expected = a.shape();
      out = tg::pow(a, value(r, tg::DType::Float64));
      break;
    case 8: {
      name = "sum/mean";
      std::optional<int> axis;
      if (r.flag()) axis = r.upto(6) - 3;
      out = r.flag() ? tg::sum(a, axis, r.flag()) : tg::mean(a, axis, r.flag());
      break;
    }
    case 9: {
      name = "reshape";
      std::vector<std::int64_t> dims;
      for (int i = 0, n = r.upto(3); i < n; ++i) {
        const int k = r.upto(9);
        dims.push_back(k == 9   ? (std::int64_t{1} << 62)
                       : k == 8 ? std::numeric_limits<std::int64_t>::max()
                                : k - 1);
      }
      out = tg::reshape(a, dims);
      break;
    }
    case 10: {
      name = "transpose";
      std::vector<int> axes;
      if (r.flag())
        for (int i = 0; i < a.ndim(); ++i) axes.push_back(r.upto(5) - 2);
      out = tg::transpose(a, axes);
      break;
    }
    case 11:
      name = "matmul";
      out = tg::matmul(a, b);
      break;
    case 12:
      name = "mse_loss";
      expected = Shape{};
      out = tg::mse_loss(a, b);
      break;
    case 13:
      name = "bce";
      expected = Shape{};
      out = tg::binary_cross_entropy(a, b);
      break;
    case 14:
      name = "bce_logits";
      expected = Shape{};
      out = tg::binary_cross_entropy_with_logits(a, b);
      break;
    case 15: {
      name = "dense";
      const Tensor& w = pool[static_cast<std::size_t>(r.upto(static_cast<int>(pool.size()) - 1))];
      const auto act = static_cast<tg::Activation>(r.upto(3));
      out = tg::dense(a, w, r.flag() ? b : Tensor(), act);
      break;
    }
    case 16: {
      name = "in-place";
      Tensor target = a;
      tg::NoGradGuard no_grad;  // as optimizers do
      switch (r.upto(3)) {
        case 0: tg::add_(target, b, value(r, tg::DType::Float64)); break;
        case 1: tg::mul_(target, value(r, tg::DType::Float64)); break;
        case 2: tg::fill_(target, value(r, tg::DType::Float64)); break;
        default: tg::copy_(target, b); break;
      }
      return;
    }
    case 17: {
      name = "backward";
      const bool retain = r.flag();
      std::optional<tg::AnomalyModeGuard> anomaly;
      if (r.flag()) anomaly.emplace();
      if (a.requires_grad()) {
        if (a.numel() == 1 && r.flag()) {
          a.backward(Tensor(), retain);
        } else {
          a.backward(Tensor::full(a.shape(), 1.0, a.dtype()), retain);
        }
      }
      return;
    }
    case 18:
      name = "cast";
      expected = a.shape();
      out = tg::cast(a, r.flag() ? tg::DType::Float32 : tg::DType::Float64);
      break;
    default: {
      name = "no_grad op";
      tg::NoGradGuard no_grad;
      expected = a.shape();
      out = tg::affine(a, value(r, tg::DType::Float64), value(r, tg::DType::Float64));
      if (out.grad_fn()) finding("an op under no_grad recorded a node");
      break;
    }
  }
  check_result(name, out, expected);
  if (pool.size() < 12) pool.push_back(out);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Reader r{data, size};
  tg::set_num_threads(1 + r.upto(1));
  std::vector<Tensor> pool;
  try {
    for (int i = 0, n = 1 + r.upto(2); i < n; ++i) pool.push_back(make(r));
  } catch (const std::exception& e) {
    finding(std::string("making a tensor threw ") + e.what());
  }
  ++stats.inputs;
  for (int i = 0; i < 16 && !r.done(); ++i) {
    ++stats.ops;
    try {
      step(r, pool);
      continue;
    } catch (const std::invalid_argument& e) {  // tapegrad::type_error too -> ValueError / TypeError
      if (!*e.what()) finding("std::invalid_argument without a message");
    } catch (const std::out_of_range& e) {  // -> IndexError
      if (!*e.what()) finding("std::out_of_range without a message");
    } catch (const std::overflow_error& e) {  // -> OverflowError
      if (!*e.what()) finding("std::overflow_error without a message");
    } catch (const std::runtime_error& e) {  // -> RuntimeError (graph misuse, anomaly)
      if (!*e.what()) finding("std::runtime_error without a message");
    } catch (const std::logic_error& e) {  // only internal errors derive from logic_error directly
      finding(std::string("internal error: ") + e.what());
    } catch (const std::exception& e) {
      finding(std::string("undocumented exception: ") + e.what());
    }
    ++stats.thrown;
  }
  return 0;
}
