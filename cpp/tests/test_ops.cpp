// Every differentiable op: forward values, the gradient against central finite differences in
// double precision (with broadcasting, axes and 1-D cases), dtype promotion, and the errors bad
// arguments raise (exception type and message).
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "gradcheck.hpp"
#include "tapegrad/tapegrad.hpp"
#include "testing.hpp"

namespace tg = tapegrad;
using tapegrad_testing::leaf;
using tapegrad_testing::random_leaf;
using tg::Shape;
using tg::Tensor;
using Inputs = std::vector<Tensor>;

namespace {
Tensor values(const std::vector<double>& v, const Shape& s) { return Tensor::from_vector(v, s); }

void check_values(const Tensor& t, const std::vector<double>& expected, double tol = 1e-12) {
  const std::vector<double> v = t.to_vector();
  TG_CHECK(v.size() == expected.size());
  for (std::size_t i = 0; i < v.size() && i < expected.size(); ++i) TG_CHECK_NEAR(v[i], expected[i], tol);
}
}  // namespace

// ---- forward values ----

TG_TEST(arithmetic_forward_broadcasts_as_numpy) {
  const Tensor a = values({1, 2, 3, 4, 5, 6}, Shape{2, 3});
  const Tensor row = values({10, 20, 30}, Shape{3});
  const Tensor col = values({100, 200}, Shape{2, 1});
  const Tensor sum = a + row;
  TG_CHECK(sum.shape() == (Shape{2, 3}));
  check_values(sum, {11, 22, 33, 14, 25, 36});
  check_values(a - col, {-99, -98, -97, -196, -195, -194});
  check_values(a * row, {10, 40, 90, 40, 100, 180});
  check_values(row / a, {10, 10, 10, 2.5, 4, 5});
  check_values(2.0 * a + 1.0, {3, 5, 7, 9, 11, 13});
  check_values(1.0 - a, {0, -1, -2, -3, -4, -5});
  check_values(6.0 / a, {6, 3, 2, 1.5, 1.2, 1});
  check_values(-a, {-1, -2, -3, -4, -5, -6});
  const Tensor outer = col * row;  // (2, 1) with (3,) -> (2, 3)
  TG_CHECK(outer.shape() == (Shape{2, 3}));
  check_values(outer, {1000, 2000, 3000, 2000, 4000, 6000});
}

TG_TEST(unary_forward_matches_the_standard_library) {
  const std::vector<double> xs = {-2.5, -0.3, 0.0, 0.7, 3.0};
  const Tensor x = values(xs, Shape{5});
  const auto ex = tg::exp(x).to_vector(), th = tg::tanh(x).to_vector(), sg = tg::sigmoid(x).to_vector(),
             rl = tg::relu(x).to_vector(), sq = tg::pow(x, 2.0).to_vector();
  for (std::size_t i = 0; i < xs.size(); ++i) {
    TG_CHECK_NEAR(ex[i], std::exp(xs[i]), 1e-12);
    TG_CHECK_NEAR(th[i], std::tanh(xs[i]), 1e-12);
    TG_CHECK_NEAR(sg[i], 1 / (1 + std::exp(-xs[i])), 1e-12);
    TG_CHECK_NEAR(rl[i], xs[i] > 0 ? xs[i] : 0.0, 0);
    TG_CHECK_NEAR(sq[i], xs[i] * xs[i], 1e-12);
  }
  check_values(tg::log(values({1, std::exp(2.0)}, Shape{2})), {0, 2});
  check_values(tg::pow(values({4, 9}, Shape{2}), 0.5), {2, 3});
}

TG_TEST(sigmoid_and_logit_loss_are_stable_for_large_inputs) {
  const Tensor x = values({-1000, 1000}, Shape{2});
  check_values(tg::sigmoid(x), {0, 1}, 0);
  const double loss = tg::binary_cross_entropy_with_logits(x, values({0, 1}, Shape{2})).item();
  TG_CHECK(std::isfinite(loss));
  TG_CHECK_NEAR(loss, 0.0, 1e-12);
  // Probabilities of exactly 0 and 1: log terms clamped at -100, as PyTorch does.
  TG_CHECK_NEAR(tg::binary_cross_entropy(values({0, 1}, Shape{2}), values({1, 0}, Shape{2})).item(), 100.0,
                1e-9);
}

TG_TEST(reductions_forward) {
  const Tensor a = values({1, 2, 3, 4, 5, 6}, Shape{2, 3});
  TG_CHECK(tg::sum(a).ndim() == 0);
  TG_CHECK_NEAR(tg::sum(a).item(), 21, 0);
  TG_CHECK_NEAR(tg::mean(a).item(), 3.5, 1e-15);
  check_values(tg::sum(a, 0), {5, 7, 9});
  check_values(tg::sum(a, -1), {6, 15});
  TG_CHECK(tg::sum(a, 1, true).shape() == (Shape{2, 1}));
  TG_CHECK(tg::mean(a, 0, true).shape() == (Shape{1, 3}));
  check_values(tg::mean(a, 1), {2, 5});
  TG_CHECK(tg::sum(a, std::nullopt, true).shape() == (Shape{1, 1}));
}

TG_TEST(matmul_transpose_reshape_forward) {
  const Tensor a = values({1, 2, 3, 4, 5, 6}, Shape{2, 3});
  const Tensor b = values({1, 0, 0, 1, 1, 1}, Shape{3, 2});
  const Tensor c = tg::matmul(a, b);
  TG_CHECK(c.shape() == (Shape{2, 2}));
  check_values(c, {4, 5, 10, 11});
  const Tensor v = values({1, 1, 1}, Shape{3});
  TG_CHECK(tg::matmul(a, v).shape() == (Shape{2}));
  check_values(tg::matmul(a, v), {6, 15});
  TG_CHECK(tg::matmul(v, b).shape() == (Shape{2}));
  check_values(tg::matmul(v, b), {2, 2});
  TG_CHECK(tg::matmul(v, v).ndim() == 0);
  TG_CHECK_NEAR(tg::matmul(v, v).item(), 3, 0);
  const Tensor at = tg::transpose(a);
  TG_CHECK(at.shape() == (Shape{3, 2}));
  check_values(at, {1, 4, 2, 5, 3, 6});
  const Tensor r = tg::reshape(a, {3, -1});
  TG_CHECK(r.shape() == (Shape{3, 2}));
  TG_CHECK(r.storage() == a.storage());  // a view: same memory
  const Tensor t3 = tg::transpose(values({0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, Shape{2, 3, 2}), {1, 0, 2});
  TG_CHECK(t3.shape() == (Shape{3, 2, 2}));
  check_values(t3, {0, 1, 6, 7, 2, 3, 8, 9, 4, 5, 10, 11});
}

TG_TEST(losses_forward) {
  const Tensor y = values({0.2, 0.9}, Shape{2});
  const Tensor t = values({0.0, 1.0}, Shape{2});
  TG_CHECK_NEAR(tg::mse_loss(y, t).item(), (0.04 + 0.01) / 2, 1e-15);
  TG_CHECK_NEAR(tg::binary_cross_entropy(y, t).item(), -(std::log(0.8) + std::log(0.9)) / 2, 1e-12);
  const Tensor logits = values({-1.0, 2.0}, Shape{2});
  const double expected = (std::log1p(std::exp(-1.0)) + std::log1p(std::exp(-2.0))) / 2;
  TG_CHECK_NEAR(tg::binary_cross_entropy_with_logits(logits, t).item(), expected, 1e-12);
}

// ---- gradients against finite differences ----

TG_TEST(binary_op_gradients_with_broadcasting) {
  const std::vector<std::pair<Shape, Shape>> shapes = {{Shape{2, 3}, Shape{2, 3}},
                                                       {Shape{2, 3}, Shape{3}},
                                                       {Shape{2, 1}, Shape{1, 3}},
                                                       {Shape{}, Shape{2, 2}},
                                                       {Shape{4, 1, 3}, Shape{2, 1}}};
  std::uint64_t seed = 1;
  for (const auto& [sa, sb] : shapes) {
    const Tensor a = random_leaf(sa, 0.5, 2.0, seed++), b = random_leaf(sb, 0.5, 2.0, seed++);
    TG_CHECK_GRADIENTS("add", [](const Inputs& in) { return in[0] + in[1]; }, {a, b});
    TG_CHECK_GRADIENTS("sub", [](const Inputs& in) { return in[0] - in[1]; }, {a, b});
    TG_CHECK_GRADIENTS("mul", [](const Inputs& in) { return in[0] * in[1]; }, {a, b});
    TG_CHECK_GRADIENTS("div", [](const Inputs& in) { return in[0] / in[1]; }, {a, b});
  }
}

TG_TEST(gradient_flows_only_to_inputs_that_require_it) {
  const Tensor a = random_leaf(Shape{3}, 0.5, 2.0, 11);
  const Tensor constant = values({1, 2, 3}, Shape{3});
  TG_CHECK_GRADIENTS("mul by a constant", [&](const Inputs& in) { return in[0] * constant; }, {a});
  TG_CHECK(!constant.grad().defined());
}

TG_TEST(scalar_and_unary_op_gradients) {
  const Tensor x = random_leaf(Shape{2, 3}, -2.0, 2.0, 21);
  const Tensor pos = random_leaf(Shape{2, 3}, 0.5, 3.0, 22);
  // relu away from its kink at 0, where the derivative is not defined
  const Tensor away = leaf({-1.5, -0.4, 0.3, 0.8, 1.7, -2.2}, Shape{2, 3});
  TG_CHECK_GRADIENTS("affine", [](const Inputs& in) { return 3.0 * in[0] - 1.5; }, {x});
  TG_CHECK_GRADIENTS("divided by 4", [](const Inputs& in) { return in[0] / 4.0; }, {x});
  TG_CHECK_GRADIENTS("scalar divided by x", [](const Inputs& in) { return 2.0 / in[0]; }, {pos});
  TG_CHECK_GRADIENTS("neg", [](const Inputs& in) { return -in[0]; }, {x});
  TG_CHECK_GRADIENTS("exp", [](const Inputs& in) { return tg::exp(in[0]); }, {x});
  TG_CHECK_GRADIENTS("log", [](const Inputs& in) { return tg::log(in[0]); }, {pos});
  TG_CHECK_GRADIENTS("tanh", [](const Inputs& in) { return tg::tanh(in[0]); }, {x});
  TG_CHECK_GRADIENTS("sigmoid", [](const Inputs& in) { return tg::sigmoid(in[0]); }, {x});
  TG_CHECK_GRADIENTS("relu", [](const Inputs& in) { return tg::relu(in[0]); }, {away});
  for (double p : {2.0, 3.0, 0.5, -1.0, -2.5}) {
    TG_CHECK_GRADIENTS("pow " + std::to_string(p), [p](const Inputs& in) { return tg::pow(in[0], p); },
                       {pos});
  }
  TG_CHECK_GRADIENTS("pow 3 of negatives", [](const Inputs& in) { return tg::pow(in[0], 3.0); }, {x});
}

TG_TEST(reduction_gradients) {
  const Tensor x = random_leaf(Shape{3, 4}, -1.0, 1.0, 31);
  TG_CHECK_GRADIENTS("sum", [](const Inputs& in) { return tg::sum(in[0]); }, {x});
  TG_CHECK_GRADIENTS("mean", [](const Inputs& in) { return tg::mean(in[0]); }, {x});
  for (int axis : {0, 1, -1}) {
    for (bool keep : {false, true}) {
      const std::string name = "axis " + std::to_string(axis) + (keep ? " keepdims" : "");
      TG_CHECK_GRADIENTS("sum " + name, [=](const Inputs& in) { return tg::sum(in[0], axis, keep); }, {x});
      TG_CHECK_GRADIENTS("mean " + name, [=](const Inputs& in) { return tg::mean(in[0], axis, keep); }, {x});
    }
  }
  const Tensor x3 = random_leaf(Shape{2, 3, 2}, -1.0, 1.0, 32);
  TG_CHECK_GRADIENTS("sum over the middle axis", [](const Inputs& in) { return tg::sum(in[0], 1); }, {x3});
  const Tensor ones_axis = random_leaf(Shape{3, 1}, -1.0, 1.0, 33);
  TG_CHECK_GRADIENTS("mean over a size-1 axis", [](const Inputs& in) { return tg::mean(in[0], 1); },
                     {ones_axis});
}

TG_TEST(matmul_gradients_2d_and_1d) {
  const Tensor a = random_leaf(Shape{3, 4}, -1.0, 1.0, 41), b = random_leaf(Shape{4, 2}, -1.0, 1.0, 42);
  const Tensor u = random_leaf(Shape{4}, -1.0, 1.0, 43), v = random_leaf(Shape{3}, -1.0, 1.0, 44);
  TG_CHECK_GRADIENTS("matmul 2-D", [](const Inputs& in) { return tg::matmul(in[0], in[1]); }, {a, b});
  TG_CHECK_GRADIENTS("matrix @ vector", [](const Inputs& in) { return tg::matmul(in[0], in[1]); }, {a, u});
  TG_CHECK_GRADIENTS("vector @ matrix", [](const Inputs& in) { return tg::matmul(in[0], in[1]); }, {v, a});
  TG_CHECK_GRADIENTS("vector @ vector", [](const Inputs& in) { return tg::matmul(in[0], in[1]); }, {u, u});
  // Big enough to take the blocked (and possibly threaded) GEMM path.
  const Tensor big_a = random_leaf(Shape{37, 70}, -1.0, 1.0, 45),
               big_b = random_leaf(Shape{70, 9}, -1.0, 1.0, 46);
  TG_CHECK_GRADIENTS(
      "matmul 37x70 @ 70x9", [](const Inputs& in) { return tg::matmul(in[0], in[1]); }, {big_a, big_b}, 1e-5);
}

TG_TEST(shape_op_gradients) {
  const Tensor x = random_leaf(Shape{2, 3}, -1.0, 1.0, 51);
  const Tensor x3 = random_leaf(Shape{2, 3, 4}, -1.0, 1.0, 52);
  TG_CHECK_GRADIENTS("transpose", [](const Inputs& in) { return tg::transpose(in[0]); }, {x});
  TG_CHECK_GRADIENTS("transpose (2, 0, 1)", [](const Inputs& in) { return tg::transpose(in[0], {2, 0, 1}); },
                     {x3});
  TG_CHECK_GRADIENTS("reshape", [](const Inputs& in) { return tg::reshape(in[0], {3, -1}); }, {x});
  TG_CHECK_GRADIENTS("reshape to 1-D then square",
                     [](const Inputs& in) { return tg::pow(tg::reshape(in[0], {-1}), 2.0); }, {x3});
}

TG_TEST(loss_gradients) {
  const Tensor y = random_leaf(Shape{2, 3}, 0.1, 0.9, 61);
  const Tensor t = random_leaf(Shape{2, 3}, 0.0, 1.0, 62);
  const Tensor logits = random_leaf(Shape{2, 3}, -3.0, 3.0, 63);
  TG_CHECK_GRADIENTS("mse_loss", [](const Inputs& in) { return tg::mse_loss(in[0], in[1]); }, {y, t});
  TG_CHECK_GRADIENTS("binary_cross_entropy",
                     [](const Inputs& in) { return tg::binary_cross_entropy(in[0], in[1]); }, {y, t});
  TG_CHECK_GRADIENTS("binary_cross_entropy_with_logits",
                     [](const Inputs& in) { return tg::binary_cross_entropy_with_logits(in[0], in[1]); },
                     {logits, t});
}

TG_TEST(dense_op_gradients_for_every_activation) {
  using tg::Activation;
  const Tensor x = random_leaf(Shape{5, 4}, -1.0, 1.0, 71);
  const Tensor x1 = random_leaf(Shape{4}, -1.0, 1.0, 72);
  const Tensor w = random_leaf(Shape{4, 3}, -1.0, 1.0, 73);
  const Tensor b = random_leaf(Shape{3}, -0.5, 0.5, 74);
  for (Activation act : {Activation::Identity, Activation::Sigmoid, Activation::Tanh, Activation::Relu}) {
    const std::string name = std::string("dense ") + tg::activation_name(act);
    TG_CHECK_GRADIENTS(name, [act](const Inputs& in) { return tg::dense(in[0], in[1], in[2], act); },
                       {x, w, b});
    TG_CHECK_GRADIENTS(name + " without bias",
                       [act](const Inputs& in) { return tg::dense(in[0], in[1], Tensor(), act); }, {x, w});
    TG_CHECK_GRADIENTS(name + " of a 1-D input",
                       [act](const Inputs& in) { return tg::dense(in[0], in[1], in[2], act); }, {x1, w, b});
  }
}

TG_TEST(a_composite_expression) {
  const Tensor a = random_leaf(Shape{3}, 0.5, 1.5, 81), b = random_leaf(Shape{2, 3}, -1.0, 1.0, 82);
  TG_CHECK_GRADIENTS(
      "sigmoid(a * b + exp(b)) / (a + 1)",
      [](const Inputs& in) { return tg::sigmoid(in[0] * in[1] + tg::exp(in[1])) / (in[0] + 1.0); }, {a, b});
}

// ---- dtypes ----

TG_TEST(float32_ops_and_promotion) {
  const Tensor f32 = Tensor::from_vector({1, 2, 3}, Shape{3}, tg::DType::Float32).set_requires_grad(true);
  const Tensor f64 = leaf({0.5, 0.25, 2}, Shape{3});
  const Tensor both = f32 * f64;
  TG_CHECK(both.dtype() == tg::DType::Float64);  // float64 wins, as in NumPy
  tg::sum(both).backward();
  TG_CHECK(f32.grad().dtype() == tg::DType::Float32);  // each input gets a gradient of its own dtype
  TG_CHECK(f64.grad().dtype() == tg::DType::Float64);
  check_values(f32.grad(), {0.5, 0.25, 2});
  check_values(f64.grad(), {1, 2, 3});

  const Tensor y = tg::sigmoid(f32);
  TG_CHECK(y.dtype() == tg::DType::Float32);
  TG_CHECK_NEAR(y.to_vector()[0], 1 / (1 + std::exp(-1.0)), 1e-6);
  const Tensor as64 = tg::cast(f32, tg::DType::Float64);
  TG_CHECK(as64.dtype() == tg::DType::Float64);
  TG_CHECK(tg::cast(f64, tg::DType::Float64).storage() == f64.storage());  // same dtype: no copy
}

// ---- errors ----

TG_TEST(op_errors_name_the_problem) {
  const Tensor a = values({1, 2, 3, 4, 5, 6}, Shape{2, 3});
  const Tensor b = values({1, 2, 3, 4}, Shape{4});
  TG_CHECK_THROWS(std::invalid_argument, a + b, "shapes (2, 3) and (4,) cannot be broadcast together");
  TG_CHECK_THROWS(std::invalid_argument, tg::matmul(a, a),
                  "matmul: shapes (2, 3) and (2, 3) are not aligned");
  TG_CHECK_THROWS(std::invalid_argument, tg::matmul(b, values({1, 2}, Shape{2})), "not aligned");
  TG_CHECK_THROWS(std::invalid_argument, tg::matmul(tg::reshape(a, {1, 2, 3}), a),
                  "mat1 and mat2 shapes cannot be multiplied (2x3 and 2x3)");
  TG_CHECK_THROWS(std::invalid_argument, tg::matmul(tg::Tensor::scalar(1.0), a), "at least 1D");
  TG_CHECK_THROWS(std::invalid_argument, tg::reshape(a, {4, 2}),
                  "shape '[4, 2]' is invalid for input of size 6");
  TG_CHECK_THROWS(std::invalid_argument, tg::reshape(a, {-1, -1}), "only one dimension can be inferred");
  TG_CHECK_THROWS(std::invalid_argument, tg::transpose(a, {0}), "1 axes given for a tensor of 2 dimensions");
  TG_CHECK_THROWS(std::invalid_argument, tg::transpose(a, {1, 1}), "repeated axis");
  TG_CHECK_THROWS(std::out_of_range, tg::sum(a, 2), "axis 2 is out of bounds for a tensor of 2 dimensions");
  TG_CHECK_THROWS(std::out_of_range, tg::mean(a, -3), "axis -3 is out of bounds");
  TG_CHECK(std::isnan(tg::mean(Tensor::zeros(Shape{0})).item()));  // as PyTorch: the mean of nothing is NaN
  TG_CHECK_THROWS(std::invalid_argument, tg::mse_loss(a, b),
                  "mse_loss: input shape (2, 3) and target shape (4,) differ");
  TG_CHECK_THROWS(std::invalid_argument,
                  tg::binary_cross_entropy(values({1.5}, Shape{1}), values({1}, Shape{1})),
                  "probability in [0, 1]");
  TG_CHECK_THROWS(std::invalid_argument,
                  tg::dense(a, values({1, 2}, Shape{2, 1}), Tensor(), tg::Activation::Sigmoid),
                  "dense: input of shape (2, 3) does not fit a weight of shape (2, 1)");
  TG_CHECK_THROWS(std::invalid_argument, tg::dense(a, Tensor::zeros(Shape{3, 2}), b, tg::Activation::Relu),
                  "dense: bias of shape (4,) does not fit");
  TG_CHECK_THROWS(std::invalid_argument, tg::dense(a, b, Tensor(), tg::Activation::Relu),
                  "the weight must be 2-D");
  Tensor target = Tensor::zeros(Shape{3});
  TG_CHECK_THROWS(std::invalid_argument, tg::add_(target, a),
                  "add_: the result of shape (2, 3) does not fit the tensor of shape (3,)");
  TG_CHECK_THROWS(std::invalid_argument, a + Tensor(), "the tensor is undefined");
}

TG_TEST(in_place_ops) {
  Tensor x = values({1, 2, 3}, Shape{3});
  const auto v0 = x.storage()->version();
  tg::add_(x, values({1, 1, 1}, Shape{3}), 2.0);
  check_values(x, {3, 4, 5});
  tg::mul_(x, 0.5);
  check_values(x, {1.5, 2, 2.5});
  tg::add_(x, Tensor::scalar(1.0));  // broadcast from a 0-d tensor
  check_values(x, {2.5, 3, 3.5});
  tg::fill_(x, 7);
  check_values(x, {7, 7, 7});
  tg::copy_(x, Tensor::from_vector({1, 2, 3}, Shape{3}, tg::DType::Float32));  // cast on the way in
  check_values(x, {1, 2, 3});
  TG_CHECK(x.storage()->version() == v0 + 5);  // each in-place update bumps the version
}

TG_TEST_MAIN()
