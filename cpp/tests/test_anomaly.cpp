// AnomalyMode / AnomalyModeGuard: backward stops at the first node whose backward returns NaN,
// names it, and changes no gradient; off by default, per thread, and Inf is not an anomaly.
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <thread>

#include "tapegrad/tapegrad.hpp"
#include "testing.hpp"

namespace tg = tapegrad;
using tg::Shape;
using tg::Tensor;

namespace {
Tensor leaf_of(std::initializer_list<double> values) {
  return Tensor::from_vector(values, Shape{static_cast<std::int64_t>(values.size())}).set_requires_grad(true);
}
}  // namespace

TG_TEST(off_by_default_nan_gradients_pass_through) {
  TG_CHECK(!tg::AnomalyMode::enabled());
  const Tensor x = leaf_of({-1.0, 4.0});
  tg::sum(tg::pow(x, 0.5)).backward();
  TG_CHECK(std::isnan(x.grad().to_vector()[0]));
  TG_CHECK_NEAR(x.grad().to_vector()[1], 0.25, 1e-15);
}

TG_TEST(names_the_op_the_input_and_its_shape) {
  const Tensor x = leaf_of({-1.0, 4.0});
  const Tensor y = tg::sum(tg::pow(x, 0.5));
  tg::AnomalyModeGuard anomaly;
  TG_CHECK(tg::AnomalyMode::enabled());
  TG_CHECK_THROWS(std::runtime_error, y.backward(), "backward of Pow");
  TG_CHECK(!x.grad().defined());  // nothing applied
}

TG_TEST(message_gives_index_shape_and_origin) {
  // log(0 * 1) * 0: Mul's backward is fine (0), Log's is 0 / 0 = NaN for the Affine output.
  const Tensor x = Tensor::zeros(Shape{2, 3}).set_requires_grad(true);
  const Tensor y = tg::sum(tg::log(x * 1.0) * 0.0);
  tg::AnomalyModeGuard anomaly;
  try {
    y.backward();
    TG_CHECK(false);
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    TG_CHECK(what.find("Log") != std::string::npos);
    TG_CHECK(what.find("input 0") != std::string::npos);
    TG_CHECK(what.find("(2, 3)") != std::string::npos);
    TG_CHECK(what.find("output of Affine") != std::string::npos);
  }
  TG_CHECK(!x.grad().defined());
}

TG_TEST(infinity_is_not_an_anomaly) {
  const Tensor x = leaf_of({0.0, 1.0});
  tg::AnomalyModeGuard anomaly;
  tg::sum(tg::log(x)).backward();  // 1/0 = inf
  TG_CHECK(std::isinf(x.grad().to_vector()[0]));
}

TG_TEST(guard_restores_and_nests) {
  {
    tg::AnomalyModeGuard on;
    {
      tg::AnomalyModeGuard off(false);
      TG_CHECK(!tg::AnomalyMode::enabled());
    }
    TG_CHECK(tg::AnomalyMode::enabled());
  }
  TG_CHECK(!tg::AnomalyMode::enabled());
}

TG_TEST(per_thread) {
  tg::AnomalyModeGuard anomaly;
  bool other_thread_enabled = true;
  bool other_thread_threw = false;
  std::thread th([&] {
    other_thread_enabled = tg::AnomalyMode::enabled();
    const Tensor x = leaf_of({-1.0});
    try {
      tg::sum(tg::pow(x, 0.5)).backward();
    } catch (const std::exception&) {
      other_thread_threw = true;
    }
  });
  th.join();
  TG_CHECK(!other_thread_enabled);
  TG_CHECK(!other_thread_threw);
}

TG_TEST(clean_graph_gives_the_same_gradients_with_the_check_on) {
  Tensor w = Tensor::from_vector({0.5, -0.25, 0.125, 2.0}, Shape{2, 2}).set_requires_grad(true);
  const Tensor b = leaf_of({0.1, -0.2});
  const Tensor x = Tensor::from_vector({1.0, 2.0, 3.0, 4.0, 5.0, 6.0}, Shape{3, 2});
  const Tensor t = Tensor::full(Shape{3, 2}, 0.5);
  auto loss = [&] { return tg::mse_loss(tg::dense(x, w, b, tg::Activation::Sigmoid), t); };
  loss().backward();
  const auto plain = w.grad().to_vector();
  w.set_grad(Tensor());
  {
    tg::AnomalyModeGuard anomaly;
    loss().backward();
  }
  const auto checked = w.grad().to_vector();
  for (std::size_t i = 0; i < plain.size(); ++i) TG_CHECK(plain[i] == checked[i]);
}

TG_TEST(float32_nan_is_found_too) {
  const Tensor x = Tensor::from_vector({-4.0}, Shape{1}, tg::DType::Float32).set_requires_grad(true);
  tg::AnomalyModeGuard anomaly;
  TG_CHECK_THROWS(std::runtime_error, tg::sum(tg::pow(x, 0.5)).backward(), "NaN");
}

TG_TEST_MAIN()
