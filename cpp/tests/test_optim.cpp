// The functional optimizer updates (sgd_update, adam_update, rmsprop_update, adagrad_update)
// against the formulas written out by hand, the options of the SGD and Adam classes, and the
// checks on the arguments.
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "tapegrad/tapegrad.hpp"
#include "testing.hpp"

namespace tg = tapegrad;
using tg::DType;
using tg::Shape;
using tg::Tensor;

namespace {

void check_values(const std::string& what, const Tensor& t, const std::vector<double>& expected, double tol) {
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

const double kGrads[3][2] = {{0.5, -0.1}, {0.3, 0.2}, {-0.4, 0.05}};

Tensor grad_at(int t) { return Tensor::from_vector({kGrads[t][0], kGrads[t][1]}, Shape{2}); }

}  // namespace

TG_TEST(sgd_update_with_momentum_nesterov_weight_decay_and_maximize) {
  tg::optim::SgdOptions o;
  o.lr = 0.1;
  o.momentum = 0.9;
  o.weight_decay = 0.01;
  o.nesterov = true;
  o.maximize = true;
  Tensor p = Tensor::from_vector({1.0, -2.0}, Shape{2});
  Tensor buf;
  std::vector<double> ref = {1.0, -2.0}, b(2, 0.0);
  for (int t = 0; t < 3; ++t) {
    tg::optim::sgd_update(p, grad_at(t), buf, o);
    for (std::size_t i = 0; i < 2; ++i) {
      double g = -kGrads[t][i] + 0.01 * ref[i];
      b[i] = t == 0 ? g : 0.9 * b[i] + g;
      g = g + 0.9 * b[i];
      ref[i] -= 0.1 * g;
    }
    check_values("SGD step " + std::to_string(t), p, ref, 1e-14);
  }
  TG_CHECK(buf.defined());
  check_values("momentum_buffer", buf, b, 1e-14);
}

TG_TEST(adam_update_amsgrad_and_decoupled_weight_decay) {
  tg::optim::AdamOptions o;
  o.lr = 0.01;
  o.weight_decay = 0.1;
  o.amsgrad = true;
  o.decoupled_weight_decay = true;
  Tensor p = Tensor::from_vector({1.0, -2.0}, Shape{2});
  Tensor m = Tensor::zeros(Shape{2}), v = Tensor::zeros(Shape{2}), vmax = Tensor::zeros(Shape{2});
  Tensor step = Tensor::scalar(0.0, DType::Float32);  // torch's float32 step under a float32 default
  std::vector<double> ref = {1.0, -2.0}, rm(2, 0.0), rv(2, 0.0), rmax(2, 0.0);
  for (int t = 1; t <= 3; ++t) {
    tg::optim::adam_update(p, grad_at(t - 1), m, v, vmax, step, o);
    for (std::size_t i = 0; i < 2; ++i) {
      const double g = kGrads[t - 1][i];
      ref[i] *= 1 - 0.01 * 0.1;
      rm[i] = 0.9 * rm[i] + 0.1 * g;
      rv[i] = 0.999 * rv[i] + 0.001 * g * g;
      rmax[i] = std::max(rmax[i], rv[i]);
      const double denom = std::sqrt(rmax[i]) / std::sqrt(1 - std::pow(0.999, t)) + 1e-8;
      ref[i] -= 0.01 / (1 - std::pow(0.9, t)) * rm[i] / denom;
    }
    check_values("Adam step " + std::to_string(t), p, ref, 1e-13);
  }
  TG_CHECK(step.dtype() == DType::Float32);
  TG_CHECK_NEAR(step.item(), 3.0, 0);
}

TG_TEST(rmsprop_update_centered_with_momentum) {
  tg::optim::RmspropOptions o;
  o.lr = 0.01;
  o.momentum = 0.5;
  o.centered = true;
  Tensor p = Tensor::from_vector({1.0, -2.0}, Shape{2});
  Tensor sq = Tensor::zeros(Shape{2}), ga = Tensor::zeros(Shape{2}), buf = Tensor::zeros(Shape{2});
  Tensor step = Tensor::scalar(0.0);
  std::vector<double> ref = {1.0, -2.0}, rsq(2, 0.0), rga(2, 0.0), rb(2, 0.0);
  for (int t = 0; t < 3; ++t) {
    tg::optim::rmsprop_update(p, grad_at(t), sq, ga, buf, step, o);
    for (std::size_t i = 0; i < 2; ++i) {
      const double g = kGrads[t][i];
      rsq[i] = 0.99 * rsq[i] + 0.01 * g * g;
      rga[i] = 0.99 * rga[i] + 0.01 * g;
      const double avg = std::sqrt(rsq[i] - rga[i] * rga[i]) + 1e-8;
      rb[i] = 0.5 * rb[i] + g / avg;
      ref[i] -= 0.01 * rb[i];
    }
    check_values("RMSprop step " + std::to_string(t), p, ref, 1e-12);
  }
}

TG_TEST(adagrad_update_with_lr_decay) {
  tg::optim::AdagradOptions o;
  o.lr = 0.1;
  o.lr_decay = 0.5;
  Tensor p = Tensor::from_vector({1.0, -2.0}, Shape{2});
  Tensor sum = Tensor::full(Shape{2}, 0.1), step = Tensor::scalar(0.0);
  std::vector<double> ref = {1.0, -2.0}, rs(2, 0.1);
  for (int t = 1; t <= 3; ++t) {
    tg::optim::adagrad_update(p, grad_at(t - 1), sum, step, o);
    for (std::size_t i = 0; i < 2; ++i) {
      const double g = kGrads[t - 1][i];
      rs[i] += g * g;
      ref[i] -= 0.1 / (1 + (t - 1) * 0.5) * g / (std::sqrt(rs[i]) + 1e-10);
    }
    check_values("Adagrad step " + std::to_string(t), p, ref, 1e-14);
  }
}

TG_TEST(updates_check_their_arguments) {
  Tensor p = Tensor::zeros(Shape{2});
  Tensor none;
  TG_CHECK_THROWS(std::invalid_argument, tg::optim::sgd_update(p, Tensor::zeros(Shape{3}), none, {}),
                  "does not match its parameter");
  TG_CHECK_THROWS(std::invalid_argument,
                  tg::optim::sgd_update(p, Tensor::zeros(Shape{2}, DType::Float32), none, {}),
                  "does not match its parameter");
  Tensor ints = Tensor::zeros(Shape{2}, DType::Int64);
  TG_CHECK_THROWS(std::invalid_argument, tg::optim::sgd_update(ints, ints, none, {}), "float32 or float64");
  Tensor m = Tensor::zeros(Shape{2}), v = Tensor::zeros(Shape{3}), step = Tensor::scalar(0.0);
  TG_CHECK_THROWS(std::invalid_argument, tg::optim::adam_update(p, p, m, v, none, step, {}), "exp_avg_sq");
  Tensor bad_step = Tensor::zeros(Shape{2});
  TG_CHECK_THROWS(std::invalid_argument, tg::optim::adagrad_update(p, p, m, bad_step, {}), "'step'");
}

TG_TEST(classes_take_options_and_check_them) {
  Tensor p = Tensor::from_vector({1.0, -2.0}, Shape{2}).set_requires_grad(true);
  tg::optim::SgdOptions so;
  so.lr = 0.1;
  so.weight_decay = 0.5;
  tg::optim::SGD sgd({p}, so);
  p.set_grad(Tensor::from_vector({1.0, 1.0}, Shape{2}));
  sgd.step();
  check_values("SGD with weight decay", p, {1.0 - 0.1 * 1.5, -2.0 - 0.1 * 0.0}, 1e-15);
  so.nesterov = true;
  TG_CHECK_THROWS(std::invalid_argument, tg::optim::SGD({p}, so), "Nesterov");
  tg::optim::AdamOptions ao;
  ao.weight_decay = -1;
  TG_CHECK_THROWS(std::invalid_argument, tg::optim::Adam({p}, ao), "invalid weight_decay");
  ao.weight_decay = 0.0;
  ao.amsgrad = true;
  tg::optim::Adam adam({p}, ao);
  adam.step();
  adam.step();
  TG_CHECK(std::isfinite(p.to_vector()[0]));
}

TG_TEST_MAIN()
