// Higher-order gradients through the C++ API: autograd::grad with create_graph to the third
// order, a Hessian-vector product, backward restricted to some inputs, and the errors.
#include <stdexcept>
#include <vector>

#include "tapegrad/tapegrad.hpp"
#include "testing.hpp"

namespace tg = tapegrad;
using tg::Tensor;

namespace {
Tensor scalar_leaf(double v) { return Tensor::scalar(v).set_requires_grad(true); }
}  // namespace

TG_TEST(derivatives_of_a_cubic_to_the_third_order) {
  // y = x^3 + 2x: y' = 3x^2 + 2, y'' = 6x, y''' = 6.
  const Tensor x = scalar_leaf(1.5);
  const Tensor y = x * x * x + 2.0 * x;
  const Tensor d1 = tg::autograd::grad({y}, {x}, {}, std::nullopt, true)[0];
  TG_CHECK_NEAR(d1.item(), 3 * 1.5 * 1.5 + 2, 1e-12);
  TG_CHECK(d1.grad_fn() != nullptr);
  const Tensor d2 = tg::autograd::grad({d1}, {x}, {}, std::nullopt, true)[0];
  TG_CHECK_NEAR(d2.item(), 9.0, 1e-12);
  const Tensor d3 = tg::autograd::grad({d2}, {x})[0];
  TG_CHECK_NEAR(d3.item(), 6.0, 1e-12);
  TG_CHECK(!x.grad().defined());  // grad() returns, it does not accumulate
}

TG_TEST(hessian_vector_product) {
  // f(x) = sum(x_i^2 * x_j) over the pairs of a 2-vector: f = x0^2 x1 + x1^2 x0 (i != j) plus
  // x0^3 + x1^3 (i == j). H = [[2 x1 + 6 x0, 2 x0 + 2 x1], [2 x0 + 2 x1, 2 x0 + 6 x1]].
  const Tensor x = Tensor::from_vector({1.0, -2.0}, tg::Shape{2}).set_requires_grad(true);
  const Tensor s = tg::sum(x);
  const Tensor f = tg::sum(x * x * s);
  const Tensor g = tg::autograd::grad({f}, {x}, {}, std::nullopt, true)[0];
  const Tensor v = Tensor::from_vector({0.5, 3.0}, tg::Shape{2});
  const Tensor hv = tg::autograd::grad({tg::sum(g * v)}, {x})[0];
  const double h00 = 2 * -2.0 + 6 * 1.0, h01 = 2 * 1.0 + 2 * -2.0, h11 = 2 * 1.0 + 6 * -2.0;
  const std::vector<double> got = hv.to_vector();
  TG_CHECK_NEAR(got[0], h00 * 0.5 + h01 * 3.0, 1e-12);
  TG_CHECK_NEAR(got[1], h01 * 0.5 + h11 * 3.0, 1e-12);
}

TG_TEST(backward_into_some_inputs_only) {
  Tensor a = scalar_leaf(2.0);
  const Tensor b = scalar_leaf(5.0);
  tg::autograd::backward({a * b}, {}, std::nullopt, false, {b});
  TG_CHECK(!a.grad().defined());
  TG_CHECK_NEAR(b.grad().item(), 2.0, 0);
  tg::autograd::backward({a * b * a}, {}, std::nullopt, true);  // recorded: a.grad has history
  TG_CHECK(a.grad().grad_fn() != nullptr);
  TG_CHECK_NEAR(a.grad().item(), 20.0, 1e-12);
  a.set_grad(Tensor());  // breaks the cycle a -> a.grad -> graph -> a
}

TG_TEST(errors) {
  const Tensor a = scalar_leaf(2.0), unused = scalar_leaf(1.0), constant = Tensor::scalar(3.0);
  const Tensor y = a * a;
  TG_CHECK_THROWS(std::runtime_error, tg::autograd::grad({y}, {unused}, {}, true), "not have been used");
  const std::vector<Tensor> g = tg::autograd::grad({y}, {a, unused}, {}, true, false, true);
  TG_CHECK(g[0].defined() && !g[1].defined());
  TG_CHECK_THROWS(std::runtime_error, tg::autograd::grad({y}, {constant}, {}, true), "does not require grad");
  TG_CHECK_THROWS(std::runtime_error, tg::autograd::grad({constant * 2.0}, {a}), "does not require grad");
  tg::autograd::grad({y}, {a});
  TG_CHECK_THROWS(std::runtime_error, tg::autograd::grad({y}, {a}), "second time");
}

TG_TEST_MAIN()
