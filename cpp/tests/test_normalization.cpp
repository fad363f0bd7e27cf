// The C++ API of layer_norm: values against a direct computation, gradients of input, weight and
// bias against finite differences, and the errors.
#include <cmath>
#include <stdexcept>
#include <vector>

#include "gradcheck.hpp"
#include "tapegrad/tapegrad.hpp"
#include "testing.hpp"

namespace tg = tapegrad;
using tapegrad_testing::random_leaf;
using tg::Shape;
using tg::Tensor;
using Inputs = std::vector<Tensor>;

TG_TEST(layer_norm_values) {
  const Tensor x = Tensor::from_vector({1, 2, 3, 4, 10, 20, 30, 40}, Shape{2, 4});
  const Tensor w = Tensor::from_vector({1, 2, 1, 2}, Shape{4});
  const Tensor b = Tensor::from_vector({0, 0, 1, 1}, Shape{4});
  const std::vector<double> y = tg::layer_norm(x, {4}, w, b, 1e-5).to_vector();
  for (int r = 0; r < 2; ++r) {
    const double scale = r == 0 ? 1 : 10;
    const double mean = 2.5 * scale, var = 1.25 * scale * scale;
    for (int i = 0; i < 4; ++i) {
      const double xi = (i + 1) * scale;
      const double wi = i % 2 ? 2 : 1, bi = i >= 2 ? 1 : 0;
      TG_CHECK_NEAR(y[static_cast<std::size_t>(r * 4 + i)], (xi - mean) / std::sqrt(var + 1e-5) * wi + bi,
                    1e-12);
    }
  }
  // float32 stays float32; no weight, no bias
  const Tensor x32 = tg::cast(x, tg::DType::Float32);
  TG_CHECK(tg::layer_norm(x32, {2, 4}).dtype() == tg::DType::Float32);
}

TG_TEST(layer_norm_gradients) {
  TG_CHECK_GRADIENTS("layer_norm(x, w, b)",
                     [](const Inputs& in) { return tg::layer_norm(in[0], {2, 3}, in[1], in[2], 1e-5); },
                     {random_leaf(Shape{4, 2, 3}, -2, 2, 1), random_leaf(Shape{2, 3}, 0.5, 1.5, 2),
                      random_leaf(Shape{2, 3}, -1, 1, 3)});
  TG_CHECK_GRADIENTS("layer_norm(x)", [](const Inputs& in) { return tg::layer_norm(in[0], {3}); },
                     {random_leaf(Shape{5, 3}, -2, 2, 4)});
  TG_CHECK_GRADIENTS("layer_norm(x, bias)",
                     [](const Inputs& in) { return tg::layer_norm(in[0], {3}, Tensor(), in[1]); },
                     {random_leaf(Shape{2, 3}, -2, 2, 5), random_leaf(Shape{3}, -1, 1, 6)});
}

TG_TEST(layer_norm_errors) {
  const Tensor x = Tensor::zeros(Shape{2, 4});
  TG_CHECK_THROWS(std::invalid_argument, tg::layer_norm(x, {3}), "expected input with shape [*, 3]");
  TG_CHECK_THROWS(std::invalid_argument, tg::layer_norm(x, {}), "at least 1-dimensional");
  TG_CHECK_THROWS(std::invalid_argument, tg::layer_norm(x, {4}, Tensor::zeros(Shape{3})),
                  "weight of shape [3]");
  TG_CHECK_THROWS(tg::type_error, tg::layer_norm(Tensor::zeros(Shape{2, 4}, tg::DType::Int64), {4}), "int64");
  TG_CHECK_THROWS(tg::type_error,
                  tg::layer_norm(x, {4}, Tensor(), Tensor::zeros(Shape{4}, tg::DType::Float32)), "float32");
}

TG_TEST(batch_norm_training_values_statistics_and_gradients) {
  // two channels of (N=2, C=2, L=2): channel 0 holds 1 2 5 6, channel 1 holds 3 4 7 8
  const Tensor x = Tensor::from_vector({1, 2, 3, 4, 5, 6, 7, 8}, Shape{2, 2, 2});
  const Tensor w = Tensor::from_vector({2, 1}, Shape{2});
  const Tensor b = Tensor::from_vector({0, 1}, Shape{2});
  const tg::BatchNormTraining r = tg::batch_norm_training(x, w, b, 0.0);
  TG_CHECK(r.mean.to_vector() == (std::vector<double>{3.5, 5.5}));
  TG_CHECK_NEAR(r.var.to_vector()[0], 17.0 / 3.0, 1e-12);  // unbiased: (6.25 + 2.25 + 2.25 + 6.25) / 3
  const std::vector<double> y = r.output.to_vector();
  TG_CHECK_NEAR(y[0], (1 - 3.5) / std::sqrt(4.25) * 2, 1e-12);
  TG_CHECK_NEAR(y[7], (8 - 5.5) / std::sqrt(4.25) + 1, 1e-12);
  TG_CHECK_GRADIENTS("batch_norm_training(x, w, b)",
                     [](const Inputs& in) { return tg::batch_norm_training(in[0], in[1], in[2]).output; },
                     {random_leaf(Shape{4, 3, 2}, -2, 2, 7), random_leaf(Shape{3}, 0.5, 1.5, 8),
                      random_leaf(Shape{3}, -1, 1, 9)});
  TG_CHECK_GRADIENTS("batch_norm_training(x)",
                     [](const Inputs& in) { return tg::batch_norm_training(in[0]).output; },
                     {random_leaf(Shape{5, 2}, -2, 2, 10)});
  TG_CHECK_GRADIENTS("batch_norm_inference(x, w, b)",
                     [](const Inputs& in) {
                       const Tensor rm = Tensor::from_vector({0.5, -1, 2}, Shape{3});
                       const Tensor rv = Tensor::from_vector({1, 4, 0.25}, Shape{3});
                       return tg::batch_norm_inference(in[0], rm, rv, in[1], in[2]);
                     },
                     {random_leaf(Shape{4, 3, 2}, -2, 2, 11), random_leaf(Shape{3}, 0.5, 1.5, 12),
                      random_leaf(Shape{3}, -1, 1, 13)});
  const Tensor yi = tg::batch_norm_inference(x, r.mean, Tensor::full(Shape{2}, 4.0), Tensor(), Tensor(), 0.0);
  TG_CHECK_NEAR(yi.to_vector()[0], (1 - 3.5) / 2, 1e-12);
  TG_CHECK_THROWS(std::invalid_argument, tg::batch_norm_inference(x, Tensor(), Tensor()), "must be defined");
  TG_CHECK_THROWS(std::invalid_argument, tg::batch_norm_training(Tensor::zeros(Shape{1, 3})),
                  "Expected more than 1 value per channel when training");
  TG_CHECK_THROWS(std::invalid_argument, tg::batch_norm_training(Tensor::zeros(Shape{3})),
                  "at least 2 dimensions");
  TG_CHECK_THROWS(std::invalid_argument, tg::batch_norm_training(x, Tensor::zeros(Shape{3})),
                  "should contain 2");
}

TG_TEST_MAIN()
