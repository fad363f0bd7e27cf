// The C++ API of reductions, softmax and losses: the calls users write (sum(x), sum(x, {0, 2}),
// max(x, 1), cross_entropy(...)), their values and their gradients against finite differences.
#include <cmath>
#include <limits>
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

namespace {
Tensor values(const std::vector<double>& v, const Shape& s) { return Tensor::from_vector(v, s); }
}  // namespace

TG_TEST(dims_forms_of_the_cpp_api) {
  const Tensor a = values({1, 2, 3, 4, 5, 6}, Shape{2, 3});
  TG_CHECK_NEAR(tg::sum(a).item(), 21, 0);
  TG_CHECK(tg::sum(a, {0, 1}).ndim() == 0);
  TG_CHECK(tg::sum(a, std::vector<int>{1}, true).shape() == (Shape{2, 1}));
  TG_CHECK(tg::mean(a, std::nullopt, true).shape() == (Shape{1, 1}));
  TG_CHECK_NEAR(tg::amax(a, -1).to_vector()[1], 6, 0);
  const tg::ValuesIndices m = tg::max(a, 0);
  TG_CHECK_NEAR(m.indices.to_vector()[2], 1, 0);
  TG_CHECK(m.indices.dtype() == tg::DType::Int64);
  TG_CHECK_NEAR(tg::argmax(a).item(), 5, 0);
  TG_CHECK_NEAR(tg::var(a).item(), 3.5, 1e-12);
  TG_CHECK_NEAR(tg::norm(a, std::numeric_limits<double>::infinity()).item(), 6, 0);
  TG_CHECK(tg::sum(Tensor::zeros(Shape{2, 0}), 1).to_vector() == (std::vector<double>{0, 0}));
  TG_CHECK(std::isnan(tg::mean(Tensor::zeros(Shape{0})).item()));
  TG_CHECK_THROWS(std::invalid_argument, tg::sum(a, {0, -2}), "appears multiple times");
  TG_CHECK_THROWS(std::out_of_range, tg::amax(Tensor::zeros(Shape{2, 0}), 1), "non-zero size");
}

TG_TEST(softmax_is_stable_and_losses_reduce) {
  const Tensor logits = values({1000, 0, -1000, 1, 2, 3}, Shape{2, 3});
  const std::vector<double> p = tg::softmax(logits, 1).to_vector();
  TG_CHECK_NEAR(p[0], 1, 1e-12);
  TG_CHECK_NEAR(p[3] + p[4] + p[5], 1, 1e-12);
  const Tensor target = values({0, 2}, Shape{2});
  const Tensor t = tg::cast(target, tg::DType::Int64);
  const double expected = (0 + (std::log(std::exp(1) + std::exp(2) + std::exp(3)) - 3)) / 2;
  TG_CHECK_NEAR(tg::cross_entropy(logits, t).item(), expected, 1e-12);
  TG_CHECK(tg::mse_loss(logits, logits, tg::Reduction::None).shape() == (Shape{2, 3}));
  TG_CHECK_THROWS(std::out_of_range,
                  tg::nll_loss(logits, tg::cast(values({0, 3}, Shape{2}), tg::DType::Int64)),
                  "out of bounds");
}

TG_TEST(reduction_gradients) {
  const Tensor x = random_leaf(Shape{3, 4}, 0.2, 1.5, 7);
  TG_CHECK_GRADIENTS("sum dims", [](const Inputs& in) { return tg::sum(in[0], {0, 1}, true); }, {x});
  TG_CHECK_GRADIENTS("prod", [](const Inputs& in) { return tg::prod(in[0], 1); }, {x});
  TG_CHECK_GRADIENTS("std", [](const Inputs& in) { return tg::std(in[0], 0); }, {x});
  TG_CHECK_GRADIENTS("logsumexp", [](const Inputs& in) { return tg::logsumexp(in[0], 1); }, {x});
  TG_CHECK_GRADIENTS("log_softmax", [](const Inputs& in) { return tg::log_softmax(in[0], 0); }, {x});
  TG_CHECK_GRADIENTS("cumprod", [](const Inputs& in) { return tg::cumprod(in[0], 1); }, {x});
  const Tensor idx = tg::cast(values({1, 0, 3}, Shape{3}), tg::DType::Int64);
  TG_CHECK_GRADIENTS("cross_entropy",
                     [&](const Inputs& in) {
                       return tg::cross_entropy(in[0], idx, Tensor(), -100, tg::Reduction::Mean, 0.1);
                     },
                     {x});
}

TG_TEST_MAIN()
