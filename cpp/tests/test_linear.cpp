// linear(x, W, b) (torch's (out, in) weight on the fused dense GEMM) against dense(x, W^T, b):
// forward and gradients, both dtypes, small (direct loop) and large (blocked, transposed-B
// packing) sizes, N-D and 1-D inputs, no bias; and its shape errors.
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "gradcheck.hpp"
#include "tapegrad/tapegrad.hpp"
#include "testing.hpp"

namespace tg = tapegrad;
using tapegrad_testing::leaf;
using tapegrad_testing::uniform;
using tg::Activation;
using tg::DType;
using tg::Shape;
using tg::Tensor;

namespace {

void check_close(const std::string& what, const Tensor& t, const std::vector<double>& expected, double tol) {
  const std::vector<double> v = t.to_vector();
  TG_CHECK(v.size() == expected.size());
  for (std::size_t i = 0; i < v.size() && i < expected.size(); ++i) {
    if (!(std::fabs(v[i] - expected[i]) <= tol * (1 + std::fabs(expected[i])))) {
      tapegrad_testing::fail(__FILE__, __LINE__,
                             what + "[" + std::to_string(i) + "] = " + std::to_string(v[i]) + ", expected " +
                                 std::to_string(expected[i]));
    }
  }
}

// linear on (m, k) x (n, k) against dense on the same values with W^T materialised.
void check_against_dense(std::int64_t m, std::int64_t k, std::int64_t n, DType dtype, bool with_bias,
                         double tol) {
  const Tensor x = leaf(uniform(m * k, -1, 1, 1), Shape{m, k}, dtype);
  const Tensor w = leaf(uniform(n * k, -1, 1, 2), Shape{n, k}, dtype);
  const Tensor b = with_bias ? leaf(uniform(n, -1, 1, 3), Shape{n}, dtype) : Tensor();
  const Tensor x2 = leaf(x.to_vector(), Shape{m, k}, dtype);
  const Tensor wt = leaf(tg::t(w).contiguous().to_vector(), Shape{k, n}, dtype);
  const Tensor b2 = with_bias ? leaf(b.to_vector(), Shape{n}, dtype) : Tensor();
  const Tensor g = Tensor::from_vector(uniform(m * n, -1, 1, 4), Shape{m, n}, dtype);
  const Tensor y = tg::linear(x, w, b);
  const Tensor ref = tg::dense(x2, wt, b2, Activation::Identity);
  const std::string name = "linear " + std::to_string(m) + "x" + std::to_string(k) + "->" + std::to_string(n);
  TG_CHECK(y.shape() == (Shape{m, n}) && y.dtype() == dtype);
  check_close(name + " y", y, ref.to_vector(), tol);
  y.backward(g);
  ref.backward(g);
  check_close(name + " dx", x.grad(), x2.grad().to_vector(), tol);
  check_close(name + " dW", w.grad(), tg::t(wt.grad()).contiguous().to_vector(), tol);
  if (with_bias) check_close(name + " db", b.grad(), b2.grad().to_vector(), tol);
}

}  // namespace

TG_TEST(linear_matches_dense_with_the_transposed_weight) {
  const std::int64_t sizes[][3] = {{1, 2, 2}, {4, 2, 1}, {5, 7, 3}, {67, 129, 33}, {128, 784, 256}};
  for (const auto& s : sizes) {
    for (bool with_bias : {true, false}) {
      check_against_dense(s[0], s[1], s[2], DType::Float64, with_bias, 1e-12);
      check_against_dense(s[0], s[1], s[2], DType::Float32, with_bias, 1e-4);
    }
  }
}

TG_TEST(linear_takes_any_leading_dimensions) {
  const Tensor w = leaf(uniform(12, -1, 1, 5), Shape{3, 4});
  const Tensor b = leaf(uniform(3, -1, 1, 6), Shape{3});
  const Tensor x3 = Tensor::from_vector(uniform(24, -1, 1, 7), Shape{2, 3, 4});
  const Tensor y3 = tg::linear(x3, w, b);
  TG_CHECK(y3.shape() == (Shape{2, 3, 3}));
  check_close("3-D", y3, tg::linear(tg::reshape(x3, {6, 4}), w, b).to_vector(), 0);
  const Tensor x1 = Tensor::from_vector(uniform(4, -1, 1, 8), Shape{4});
  const Tensor y1 = tg::linear(x1, w, b);
  TG_CHECK(y1.shape() == (Shape{3}));
  check_close("1-D", y1, tg::linear(tg::reshape(x1, {1, 4}), w, b).to_vector(), 0);
  TG_CHECK(tg::linear(Tensor::zeros(Shape{0, 4}, DType::Float64), w, b).shape() == (Shape{0, 3}));
}

TG_TEST(linear_gradcheck) {
  const Tensor x = leaf(uniform(12, -1, 1, 9), Shape{2, 3, 2});
  const Tensor w = leaf(uniform(6, -1, 1, 10), Shape{3, 2});
  const Tensor b = leaf(uniform(3, -1, 1, 11), Shape{3});
  TG_CHECK_GRADIENTS("linear", [](const std::vector<Tensor>& in) { return tg::linear(in[0], in[1], in[2]); },
                     {x, w, b});
}

TG_TEST(linear_shape_errors) {
  const Tensor w = Tensor::zeros(Shape{3, 4}, DType::Float64);
  TG_CHECK_THROWS(std::invalid_argument, tg::linear(Tensor::zeros(Shape{2, 3}, DType::Float64), w, Tensor()),
                  "linear: input of shape (2, 3) does not fit a weight of shape (3, 4)");
  TG_CHECK_THROWS(
      std::invalid_argument,
      tg::linear(Tensor::zeros(Shape{2, 4}, DType::Float64), w, Tensor::zeros(Shape{4}, DType::Float64)),
      "bias of shape (4,)");
  TG_CHECK_THROWS(std::invalid_argument,
                  tg::linear(Tensor::zeros(Shape{2, 4}, DType::Float64),
                             Tensor::zeros(Shape{4}, DType::Float64), Tensor()),
                  "must be 2-D");
}

TG_TEST_MAIN()
