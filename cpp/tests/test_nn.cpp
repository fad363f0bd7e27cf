// The dense layer against a naive reference (forward and backward, both dtypes, every
// activation), nn::Dense, the documents' 2-2-1 network, and the SGD and Adam optimizers.
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

double activate(Activation act, double z) {
  switch (act) {
    case Activation::Sigmoid: return 1 / (1 + std::exp(-z));
    case Activation::Tanh: return std::tanh(z);
    case Activation::Relu: return z > 0 ? z : 0;
    case Activation::Identity: break;
  }
  return z;
}

double derivative(Activation act, double z) {
  switch (act) {
    case Activation::Sigmoid: return activate(act, z) * (1 - activate(act, z));
    case Activation::Tanh: return 1 - std::tanh(z) * std::tanh(z);
    case Activation::Relu: return z > 0 ? 1 : 0;
    case Activation::Identity: break;
  }
  return 1;
}

// Y = act(X W + b), dY given: the gradients by the textbook loops.
struct Reference {
  std::vector<double> y, dx, dw, db;
};

Reference naive_dense(const std::vector<double>& x, const std::vector<double>& w,
                      const std::vector<double>& b, const std::vector<double>& dy, int m, int k, int n,
                      Activation act) {
  Reference r{std::vector<double>(static_cast<std::size_t>(m * n)),
              std::vector<double>(static_cast<std::size_t>(m * k)),
              std::vector<double>(static_cast<std::size_t>(k * n)),
              std::vector<double>(static_cast<std::size_t>(n))};
  auto at = [](int i, int j, int cols) { return static_cast<std::size_t>(i * cols + j); };
  std::vector<double> dz(static_cast<std::size_t>(m * n));
  for (int i = 0; i < m; ++i) {
    for (int j = 0; j < n; ++j) {
      double z = b[static_cast<std::size_t>(j)];
      for (int p = 0; p < k; ++p) z += x[at(i, p, k)] * w[at(p, j, n)];
      r.y[at(i, j, n)] = activate(act, z);
      dz[at(i, j, n)] = dy[at(i, j, n)] * derivative(act, z);
    }
  }
  for (int i = 0; i < m; ++i)
    for (int p = 0; p < k; ++p)
      for (int j = 0; j < n; ++j) r.dx[at(i, p, k)] += dz[at(i, j, n)] * w[at(p, j, n)];
  for (int p = 0; p < k; ++p)
    for (int j = 0; j < n; ++j)
      for (int i = 0; i < m; ++i) r.dw[at(p, j, n)] += x[at(i, p, k)] * dz[at(i, j, n)];
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < m; ++i) r.db[static_cast<std::size_t>(j)] += dz[at(i, j, n)];
  return r;
}

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

void check_dense_against_reference(int m, int k, int n, Activation act, DType dtype, double tol) {
  const auto xv = uniform(m * k, -1, 1, 100u + static_cast<unsigned>(m)),
             wv = uniform(k * n, -1, 1, 200u + static_cast<unsigned>(k));
  const auto bv = uniform(n, -0.5, 0.5, 300), dyv = uniform(m * n, -1, 1, 400);
  const Tensor x = leaf(xv, Shape{m, k}, dtype), w = leaf(wv, Shape{k, n}, dtype),
               b = leaf(bv, Shape{n}, dtype);
  const Tensor y = tg::dense(x, w, b, act);
  TG_CHECK(y.dtype() == dtype);
  TG_CHECK(y.grad_fn() != nullptr && std::string(y.grad_fn()->name()) == "Dense");  // one node per layer
  y.backward(Tensor::from_vector(dyv, Shape{m, n}, dtype));
  const Reference r = naive_dense(x.to_vector(), w.to_vector(), b.to_vector(), dyv, m, k, n, act);
  const std::string name = std::string("dense ") + tg::activation_name(act) + " " + tg::dtype_name(dtype) +
                           " " + std::to_string(m) + "x" + std::to_string(k) + "x" + std::to_string(n);
  check_close(name + " y", y, r.y, tol);
  check_close(name + " dx", x.grad(), r.dx, tol);
  check_close(name + " dw", w.grad(), r.dw, tol);
  check_close(name + " db", b.grad(), r.db, tol);
}

}  // namespace

// ---- the fused dense layer ----

TG_TEST(dense_matches_a_naive_reference) {
  const int sizes[][3] = {{1, 2, 2}, {5, 7, 3}, {1, 1, 1}, {67, 129, 33}};
  for (const auto& s : sizes) {
    for (Activation act : {Activation::Identity, Activation::Sigmoid, Activation::Tanh, Activation::Relu}) {
      check_dense_against_reference(s[0], s[1], s[2], act, DType::Float64, 1e-12);
      check_dense_against_reference(s[0], s[1], s[2], act, DType::Float32, 2e-5);
    }
  }
}

TG_TEST(dense_module) {
  const tg::nn::Dense layer(3, 2, Activation::Tanh, DType::Float64, /*seed=*/7);
  TG_CHECK(layer.weight.shape() == (Shape{3, 2}));  // (in, out): Y = X @ W + b
  TG_CHECK(layer.bias.shape() == (Shape{2}));
  TG_CHECK(layer.weight.requires_grad() && layer.bias.requires_grad());
  TG_CHECK(layer.parameters().size() == 2);
  TG_CHECK(layer.parameters()[0].impl() == layer.weight.impl());
  const double bound = 1 / std::sqrt(3.0);
  for (double v : layer.weight.to_vector()) TG_CHECK(std::fabs(v) <= bound);
  // Deterministic per seed.
  TG_CHECK(tg::nn::Dense(3, 2, Activation::Tanh, DType::Float64, 7).weight.to_vector() ==
           layer.weight.to_vector());
  TG_CHECK(tg::nn::Dense(3, 2, Activation::Tanh, DType::Float64, 8).weight.to_vector() !=
           layer.weight.to_vector());
  const Tensor x = Tensor::from_vector({0.1, 0.2, 0.3, 0.4, 0.5, 0.6}, Shape{2, 3});
  const Tensor y = layer(x);
  TG_CHECK(y.shape() == (Shape{2, 2}));
  check_close("Dense forward", y, tg::dense(x, layer.weight, layer.bias, Activation::Tanh).to_vector(), 0);
  TG_CHECK(tg::nn::Dense(2, 1, Activation::Sigmoid, DType::Float32).weight.dtype() == DType::Float32);
  TG_CHECK_THROWS(std::invalid_argument, tg::nn::Dense(0, 2),
                  "Dense needs positive sizes, got in_features=0");
}

// ---- the documents' 2-2-1 network ----

TG_TEST(two_two_one_network_numbers) {
  const Tensor x = Tensor::from_vector({0.5, 0.3}, Shape{1, 2});
  const Tensor target = Tensor::from_vector({0.7}, Shape{1, 1});
  const Tensor w1 = leaf({0.2, 0.4, 0.1, 0.3}, Shape{2, 2}), b1 = leaf({0.1, 0.2}, Shape{2});
  const Tensor w2 = leaf({0.5, 0.6}, Shape{2, 1}), b2 = leaf({0.1}, Shape{1});
  Tensor hidden = tg::dense(x, w1, b1, Activation::Sigmoid);
  Tensor y = tg::dense(hidden, w2, b2, Activation::Sigmoid);
  const Tensor error = tg::mse_loss(y, target);  // (y - t)^2: one element
  hidden.retain_grad();
  y.retain_grad();
  error.backward();

  // The documents print 8 decimals, and their dE/dh and dE/dW1 come from rounded intermediate
  // values (off by up to 5e-8 from the exact ones): compare to 1e-7.
  const double tol = 1e-7;
  check_close("hidden", hidden, {0.55724785, 0.62010643}, tol);
  check_close("y", y, {0.67932855}, tol);
  TG_CHECK_NEAR(error.item(), 0.00042731, tol);
  check_close("dE/dy", y.grad(), {-0.04134291}, tol);
  check_close("dE/dW2", w2.grad(), {-0.00501868, -0.0055848}, tol);
  check_close("dE/dh", hidden.grad(), {-0.00450314, -0.00540377}, tol);
  check_close("dE/dW1", w1.grad(), {-0.00055551, -0.00063649, -0.00033331, -0.0003819}, tol);

  tg::optim::SGD sgd({w1, b1, w2, b2}, 0.1);
  sgd.step();
  check_close("W2 after one step", w2, {0.50050187, 0.60055848}, 1e-8);
  check_close("b2 after one step", b2, {0.10090062}, 1e-8);
  tg::NoGradGuard no_grad;
  const Tensor y_new = tg::dense(tg::dense(x, w1, b1, Activation::Sigmoid), w2, b2, Activation::Sigmoid);
  TG_CHECK(tg::mse_loss(y_new, target).item() < error.item());  // descent lowers the error
}

// ---- optimizers ----

TG_TEST(sgd_step_with_and_without_momentum) {
  Tensor p = leaf({1, 2}, Shape{2});
  tg::optim::SGD plain({p}, 0.5);
  p.set_grad(Tensor::from_vector({0.2, -0.4}, Shape{2}));
  const auto version = p.storage()->version();
  plain.step();
  check_close("plain SGD", p, {0.9, 2.2}, 1e-15);
  TG_CHECK(p.storage()->version() == version + 1);  // an in-place update through tapegrad

  Tensor q = leaf({0, 0}, Shape{2});
  tg::optim::SGD momentum({q}, 0.1, 0.9);
  q.set_grad(Tensor::from_vector({1, -1}, Shape{2}));
  momentum.step();  // v = g, q = -0.1 g
  momentum.step();  // v = 0.9 g + g, q = -0.1 g - 0.19 g
  check_close("momentum SGD", q, {-0.29, 0.29}, 1e-14);
}

TG_TEST(optimizers_skip_parameters_without_gradients_and_clear_them) {
  Tensor a = leaf({1}, Shape{1}), b = leaf({1}, Shape{1});
  tg::optim::SGD sgd({a, b}, 1.0);
  a.set_grad(Tensor::full(Shape{1}, 0.5));
  sgd.step();
  TG_CHECK_NEAR(a.item(), 0.5, 0);
  TG_CHECK_NEAR(b.item(), 1, 0);
  sgd.zero_grad(/*set_to_none=*/false);
  TG_CHECK(a.grad().defined());
  TG_CHECK_NEAR(a.grad().item(), 0, 0);
  sgd.zero_grad();
  TG_CHECK(!a.grad().defined());
}

TG_TEST(adam_matches_the_algorithm) {
  const double lr = 0.01, b1 = 0.9, b2 = 0.999, eps = 1e-8;
  Tensor p = leaf({1.0, -2.0}, Shape{2});
  tg::optim::Adam adam({p}, lr, b1, b2, eps);
  std::vector<double> ref = {1.0, -2.0}, m(2, 0.0), v(2, 0.0);
  const double grads[3][2] = {{0.5, -0.1}, {0.3, 0.2}, {-0.4, 0.05}};
  for (int t = 1; t <= 3; ++t) {
    p.set_grad(Tensor::from_vector({grads[t - 1][0], grads[t - 1][1]}, Shape{2}));
    adam.step();
    for (std::size_t i = 0; i < 2; ++i) {
      const double g = grads[t - 1][i];
      m[i] = b1 * m[i] + (1 - b1) * g;
      v[i] = b2 * v[i] + (1 - b2) * g * g;
      const double m_hat = m[i] / (1 - std::pow(b1, t)), v_hat = v[i] / (1 - std::pow(b2, t));
      ref[i] -= lr * m_hat / (std::sqrt(v_hat) + eps);
    }
    check_close("Adam step " + std::to_string(t), p, ref, 1e-12);
  }
  // The first step moves every parameter by about lr, whatever the gradient's scale.
  Tensor q = leaf({0.0}, Shape{1});
  tg::optim::Adam first({q}, 0.1);
  q.set_grad(Tensor::full(Shape{1}, 1e-3));
  first.step();
  TG_CHECK_NEAR(q.item(), -0.1, 1e-6);
}

TG_TEST(training_the_network_lowers_the_error) {
  const Tensor x = Tensor::from_vector({0.5, 0.3}, Shape{1, 2});
  const Tensor t = Tensor::from_vector({0.7}, Shape{1, 1});
  const tg::nn::Dense l1(2, 2, Activation::Sigmoid, DType::Float64, 1),
      l2(2, 1, Activation::Sigmoid, DType::Float64, 2);
  std::vector<Tensor> params = l1.parameters();
  for (const Tensor& p : l2.parameters()) params.push_back(p);
  tg::optim::Adam adam(params, 0.05);
  double first = 0, last = 0;
  for (int step = 0; step < 100; ++step) {
    adam.zero_grad();
    const Tensor e = tg::mse_loss(l2(l1(x)), t);
    e.backward();
    adam.step();
    (step == 0 ? first : last) = e.item();
  }
  TG_CHECK(last < first * 1e-2);
}

TG_TEST(optimizer_errors) {
  Tensor p = leaf({1}, Shape{1});
  const Tensor not_leaf = p * 2.0;
  TG_CHECK_THROWS(std::invalid_argument, tg::optim::SGD({}, 0.1), "empty parameter list");
  TG_CHECK_THROWS(std::invalid_argument, tg::optim::SGD({not_leaf}, 0.1), "a non-leaf tensor");
  TG_CHECK_THROWS(std::invalid_argument, tg::optim::SGD({Tensor::zeros(Shape{1})}, 0.1),
                  "without requires_grad");
  TG_CHECK_THROWS(std::invalid_argument, tg::optim::SGD({p}, -1.0), "invalid learning rate");
  TG_CHECK_THROWS(std::invalid_argument, tg::optim::SGD({p}, 0.1, 1.0), "invalid momentum");
  TG_CHECK_THROWS(std::invalid_argument, tg::optim::Adam({p}, 0.1, 1.0), "invalid beta1");
  TG_CHECK_THROWS(std::invalid_argument, tg::optim::Adam({p}, 0.1, 0.9, -0.1), "invalid beta2");
  TG_CHECK_THROWS(std::invalid_argument, tg::optim::Adam({p}, 0.1, 0.9, 0.999, 0.0), "invalid eps");
  // An optimizer step after the forward pass changes the weights that backward needs.
  tg::optim::SGD sgd({p}, 0.1);
  const Tensor y = tg::sum(p * p);
  p.set_grad(Tensor::full(Shape{1}, 1.0));
  sgd.step();
  TG_CHECK_THROWS(std::runtime_error, y.backward(), "modified in place");
}

TG_TEST_MAIN()
