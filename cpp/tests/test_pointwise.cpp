// The pointwise ops through the C++ API (pointwise.hpp, comparison.hpp): values against the
// standard library, gradients against finite differences, PyTorch's dtype rules, in-place forms
// through apply_, and the errors (exception type and message).
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <vector>

#include "gradcheck.hpp"
#include "tapegrad/tapegrad.hpp"
#include "testing.hpp"

namespace tg = tapegrad;
using tapegrad_testing::random_leaf;
using tg::DType;
using tg::Shape;
using tg::Tensor;
using Inputs = std::vector<Tensor>;

namespace {
Tensor values(const std::vector<double>& v, DType dtype = DType::Float64) {
  return Tensor::from_vector(v, Shape{static_cast<std::int64_t>(v.size())}, dtype);
}

void check_values(const Tensor& t, const std::vector<double>& expected, double tol = 1e-12) {
  const std::vector<double> v = t.to_vector();
  TG_CHECK(v.size() == expected.size());
  for (std::size_t i = 0; i < v.size() && i < expected.size(); ++i) {
    if (std::isnan(expected[i])) {
      TG_CHECK(std::isnan(v[i]));
    } else if (std::isinf(expected[i])) {
      TG_CHECK(v[i] == expected[i]);
    } else {
      TG_CHECK_NEAR(v[i], expected[i], tol);
    }
  }
}

using Unary = Tensor (*)(const Tensor&);
}  // namespace

TG_TEST(unary_math_matches_the_standard_library) {
  const std::vector<double> xs = {0.1, 0.5, 0.9, 2.0};
  const Tensor x = values(xs);
  const std::vector<std::pair<Unary, double (*)(double)>> table = {
      {&tg::sqrt, [](double v) { return std::sqrt(v); }},
      {&tg::rsqrt, [](double v) { return 1 / std::sqrt(v); }},
      {&tg::sin, [](double v) { return std::sin(v); }},
      {&tg::cos, [](double v) { return std::cos(v); }},
      {&tg::tan, [](double v) { return std::tan(v); }},
      {&tg::atan, [](double v) { return std::atan(v); }},
      {&tg::sinh, [](double v) { return std::sinh(v); }},
      {&tg::cosh, [](double v) { return std::cosh(v); }},
      {&tg::asinh, [](double v) { return std::asinh(v); }},
      {&tg::log2, [](double v) { return std::log2(v); }},
      {&tg::log10, [](double v) { return std::log10(v); }},
      {&tg::log1p, [](double v) { return std::log1p(v); }},
      {&tg::expm1, [](double v) { return std::expm1(v); }},
      {&tg::exp2, [](double v) { return std::exp2(v); }},
      {&tg::erf, [](double v) { return std::erf(v); }},
      {&tg::erfc, [](double v) { return std::erfc(v); }},
      {&tg::reciprocal, [](double v) { return 1 / v; }},
      {&tg::square, [](double v) { return v * v; }},
      {&tg::frac, [](double v) { return v - std::trunc(v); }},
  };
  for (const auto& [op, reference] : table) {
    std::vector<double> expected;
    for (double v : xs) expected.push_back(reference(v));
    check_values(op(x), expected);
  }
  check_values(tg::asin(values({0.5})), {std::asin(0.5)});
  check_values(tg::acosh(values({2.0})), {std::acosh(2.0)});
  check_values(tg::atanh(values({0.5})), {std::atanh(0.5)});
}

TG_TEST(rounding_keeps_integers_and_rounds_half_to_even) {
  check_values(tg::round(values({0.5, 1.5, 2.5, -0.5, -2.5})), {0, 2, 2, -0.0, -2});
  check_values(tg::round(values({1.2345, 1250.0}), 2), {1.23, 1250.0});
  check_values(tg::round(values({1.2345, 1250.0}), -2), {0.0, 1200.0});
  check_values(tg::floor(values({-1.5, 1.5})), {-2, 1});
  check_values(tg::ceil(values({-1.5, 1.5})), {-1, 2});
  check_values(tg::trunc(values({-1.5, 1.5})), {-1, 1});
  check_values(tg::sign(values({-3, 0, 2, std::nan("")})), {-1, 0, 1, 0});
  const Tensor ints = values({-3, 4}, DType::Int32);
  TG_CHECK(tg::floor(ints).dtype() == DType::Int32);
  TG_CHECK(tg::abs(ints).dtype() == DType::Int32);
  check_values(tg::abs(ints), {3, 4});
  TG_CHECK(tg::sqrt(ints).dtype() == tg::default_dtype());
  TG_CHECK(tg::square(values({1, 0}, DType::Bool)).dtype() == DType::Int64);
  TG_CHECK(tg::sign(values({1, 0}, DType::Bool)).dtype() == DType::Bool);
  TG_CHECK_THROWS(tg::type_error, tg::abs(values({1}, DType::Bool)), "abs does not support bool");
  TG_CHECK_THROWS(tg::type_error, tg::round(ints, 1), "decimals=1");
}

TG_TEST(unary_gradients_match_finite_differences) {
  const std::vector<std::pair<const char*, Unary>> smooth = {
      {"sqrt", &tg::sqrt},     {"rsqrt", &tg::rsqrt}, {"sin", &tg::sin},
      {"cos", &tg::cos},       {"tan", &tg::tan},     {"atan", &tg::atan},
      {"sinh", &tg::sinh},     {"cosh", &tg::cosh},   {"asinh", &tg::asinh},
      {"log2", &tg::log2},     {"log10", &tg::log10}, {"log1p", &tg::log1p},
      {"expm1", &tg::expm1},   {"exp2", &tg::exp2},   {"reciprocal", &tg::reciprocal},
      {"erf", &tg::erf},       {"erfc", &tg::erfc},   {"abs", &tg::abs},
      {"square", &tg::square}, {"frac", &tg::frac},   {"asin", &tg::asin},
      {"acos", &tg::acos},     {"atanh", &tg::atanh},
  };
  for (const auto& [name, op] : smooth) {
    const Tensor x = random_leaf(Shape{2, 3}, 0.2, 0.8, 11);
    TG_CHECK_GRADIENTS(name, [op = op](const Inputs& in) { return op(in[0]); }, {x});
  }
  const Tensor big = random_leaf(Shape{4}, 1.5, 3.0, 5);
  TG_CHECK_GRADIENTS("acosh", [](const Inputs& in) { return tg::acosh(in[0]); }, {big});
}

TG_TEST(binary_ops_values_dtypes_and_gradients) {
  check_values(tg::maximum(values({1, 5, std::nan("")}), values({2, 3, 0})), {2, 5, std::nan("")});
  check_values(tg::fmin(values({1, 5, std::nan("")}), values({2, 3, 0})), {1, 3, 0});
  check_values(tg::floor_divide(values({7, -7}), values({2, 2})), {3, -4});
  check_values(tg::remainder(values({7, -7}), values({-3, 3})), {-2, 2});
  check_values(tg::fmod(values({7, -7}), values({-3, 3})), {1, -1});
  check_values(tg::div(values({7, -7}), values({2, 2}), tg::RoundingMode::Trunc), {3, -3});
  check_values(tg::atan2(values({1}), values({-1})), {std::atan2(1.0, -1.0)});
  check_values(tg::hypot(values({3e300}), values({4e300})), {5e300}, 1e288);
  check_values(tg::add(values({1, 2}), values({1, 1}), 3.0), {4, 5});
  check_values(tg::sub(values({1, 2}), values({1, 1}), 0.5), {0.5, 1.5});
  check_values(tg::lerp(values({0, 10}), values({10, 20}), 0.25), {2.5, 12.5});
  check_values(tg::pow(2.0, values({3, -1})), {8, 0.5});
  const Tensor ints = values({7, -7}, DType::Int64);
  TG_CHECK(tg::floor_divide(ints, values({2, 2}, DType::Int64)).dtype() == DType::Int64);
  check_values(tg::pow(values({3, -2}, DType::Int32), values({3, 3}, DType::Int32)), {27, -8});
  TG_CHECK(tg::pow(values({3}, DType::Int32), values({3}, DType::Int32)).dtype() == DType::Int32);
  TG_CHECK(tg::atan2(ints, ints).dtype() == tg::default_dtype());

  const Tensor a = random_leaf(Shape{2, 3}, 0.5, 2.0, 1), b = random_leaf(Shape{3}, 0.5, 2.0, 2);
  using Binary = Tensor (*)(const Tensor&, const Tensor&);
  const std::vector<std::pair<const char*, Binary>> smooth = {
      {"maximum", &tg::maximum},     {"minimum", &tg::minimum}, {"fmax", &tg::fmax},
      {"fmin", &tg::fmin},           {"atan2", &tg::atan2},     {"hypot", &tg::hypot},
      {"remainder", &tg::remainder}, {"fmod", &tg::fmod},
  };
  for (const auto& [name, op] : smooth) {
    TG_CHECK_GRADIENTS(name, [op = op](const Inputs& in) { return op(in[0], in[1]); }, {a, b});
  }
  TG_CHECK_GRADIENTS("pow", [](const Inputs& in) { return tg::pow(in[0], in[1]); }, {a, b});
  TG_CHECK_GRADIENTS("lerp", [](const Inputs& in) { return tg::lerp(in[0], in[1], in[2]); },
                     {a, b, random_leaf(Shape{2, 1}, 0.0, 1.0, 3)});
  TG_CHECK_GRADIENTS("add alpha", [](const Inputs& in) { return tg::add(in[0], in[1], -1.5); }, {a, b});
}

TG_TEST(maximum_splits_the_gradient_at_ties) {
  Tensor a = tapegrad_testing::leaf({1, 2}, Shape{2}), b = tapegrad_testing::leaf({1, 1}, Shape{2});
  tg::sum(tg::maximum(a, b)).backward();
  check_values(a.grad(), {0.5, 1});
  check_values(b.grad(), {0.5, 0});
}

TG_TEST(clamp_bounds_and_gradients) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  check_values(tg::clamp(values({-1, 0.5, 2, nan}), 0.0, 1.0), {0, 0.5, 1, nan});
  check_values(tg::clamp(values({-1, 0.5, 2}), std::nullopt, 1.0), {-1, 0.5, 1});
  check_values(tg::clamp(values({-1, 0.5, 2}), 2.0, 1.0), {1, 1, 1});  // min > max gives max
  TG_CHECK_THROWS(std::invalid_argument, tg::clamp(values({1}), std::nullopt, std::nullopt), "at least one");
  Tensor x = tapegrad_testing::leaf({-1, 0, 0.5, 1, 2}, Shape{5});
  tg::sum(tg::clamp(x, 0.0, 1.0)).backward();
  check_values(x.grad(), {0, 1, 1, 1, 0});  // bounds included
  const Tensor ints = values({-3, 9}, DType::Int32);
  const Tensor lo = Tensor::scalar(0, DType::Int32), hi = Tensor::scalar(4, DType::Int32);
  const Tensor clamped = tg::clamp(ints, lo, hi);
  TG_CHECK(clamped.dtype() == DType::Int32);
  check_values(clamped, {0, 4});
  const Tensor xs = random_leaf(Shape{2, 3}, -2, 2, 8);
  TG_CHECK_GRADIENTS("clamp tensors", [](const Inputs& in) { return tg::clamp(in[0], in[1], in[2]); },
                     {xs, random_leaf(Shape{3}, -1.5, -0.2, 9), random_leaf(Shape{2, 1}, 0.2, 1.5, 10)});
}

TG_TEST(where_and_logical_ops) {
  const Tensor cond = values({1, 0, 1}, DType::Bool);
  check_values(tg::where(cond, values({1, 2, 3}), values({-1, -2, -3})), {1, -2, 3});
  TG_CHECK_THROWS(tg::type_error, tg::where(values({1.0}), values({1}), values({2})), "bool tensor");
  const Tensor a = values({0, 1, 2}), b = values({0, 0, 3});
  TG_CHECK(tg::logical_and(a, b).dtype() == DType::Bool);
  check_values(tg::logical_or(a, b), {0, 1, 1});
  check_values(tg::logical_xor(a, b), {0, 1, 0});
  check_values(tg::logical_not(a), {1, 0, 0});
  const Tensor i = values({6, 3}, DType::Int64), j = values({5, 5}, DType::Int64);
  check_values(tg::bitwise_and(i, j), {4, 1});
  check_values(tg::bitwise_or(i, j), {7, 7});
  check_values(tg::bitwise_xor(i, j), {3, 6});
  check_values(tg::bitwise_not(i), {-7, -4});
  TG_CHECK_THROWS(tg::type_error, tg::bitwise_and(a, b), "bitwise_and does not support float64");
  const double inf = std::numeric_limits<double>::infinity();
  const Tensor special = values({std::nan(""), inf, -inf, 1});
  check_values(tg::isnan(special), {1, 0, 0, 0});
  check_values(tg::isinf(special), {0, 1, 1, 0});
  check_values(tg::isposinf(special), {0, 1, 0, 0});
  check_values(tg::isneginf(special), {0, 0, 1, 0});
  check_values(tg::isfinite(special), {0, 0, 0, 1});
  check_values(tg::nan_to_num(special, 0.0, 5.0), {0, 5, -std::numeric_limits<double>::max(), 1});
  TG_CHECK(tg::allclose(values({1.0, 2.0}), values({1.0, 2.0 + 1e-9})));
  TG_CHECK(!tg::allclose(values({1.0}), values({1.1})));
  TG_CHECK(tg::equal(values({1, 2}), values({1, 2}, DType::Int32)));
  TG_CHECK(!tg::equal(values({1, 2}), values({1})));
  check_values(tg::isclose(values({1, std::nan("")}), values({1 + 1e-6, std::nan("")}), 1e-5, 1e-8, true),
               {1, 1});
}

TG_TEST(activations_values_and_gradients) {
  check_values(tg::relu6(values({-1, 3, 7})), {0, 3, 6});
  check_values(tg::hardtanh(values({-2, 0.5, 2}), -1, 1), {-1, 0.5, 1});
  check_values(tg::leaky_relu(values({-2, 3}), 0.1), {-0.2, 3});
  check_values(tg::elu(values({-1, 2})), {std::expm1(-1.0), 2});
  check_values(tg::softplus(values({0, 30, -800})), {std::log(2.0), 30, 0});
  check_values(tg::logsigmoid(values({-800, 0})), {-800, -std::log(2.0)});
  check_values(tg::gelu(values({1})), {0.5 * std::erfc(-1 / std::sqrt(2.0))});
  check_values(tg::softsign(values({1, -3})), {0.5, -0.75});
  check_values(tg::tanhshrink(values({1})), {1 - std::tanh(1.0)});
  check_values(tg::hardsigmoid(values({-4, 0, 4})), {0, 0.5, 1});
  check_values(tg::hardswish(values({-4, 1, 4})), {0, 1.0 * 4 / 6, 4});
  TG_CHECK(tg::relu6(values({-1, 9}, DType::Int64)).dtype() == DType::Int64);
  TG_CHECK_THROWS(tg::type_error, tg::gelu(values({1}, DType::Int64)), "gelu does not support int64");
  TG_CHECK_THROWS(std::invalid_argument, tg::hardtanh(values({1}), 1, -1), "min_val cannot be greater");
  TG_CHECK_THROWS(std::runtime_error, tg::celu(values({1}), 0.0), "ZeroDivisionError");
  using Act = Tensor (*)(const Tensor&);
  const std::vector<std::pair<const char*, Act>> smooth = {
      {"selu", &tg::selu},         {"silu", &tg::silu},
      {"mish", &tg::mish},         {"logsigmoid", &tg::logsigmoid},
      {"softsign", &tg::softsign}, {"tanhshrink", &tg::tanhshrink},
  };
  const Tensor x = random_leaf(Shape{2, 4}, -3, 3, 21);
  for (const auto& [name, op] : smooth) {
    TG_CHECK_GRADIENTS(name, [op = op](const Inputs& in) { return op(in[0]); }, {x});
  }
  TG_CHECK_GRADIENTS("gelu", [](const Inputs& in) { return tg::gelu(in[0]); }, {x});
  TG_CHECK_GRADIENTS("gelu tanh", [](const Inputs& in) { return tg::gelu(in[0], tg::GeluApproximate::Tanh); },
                     {x});
  TG_CHECK_GRADIENTS("elu", [](const Inputs& in) { return tg::elu(in[0], 0.7); }, {x});
  TG_CHECK_GRADIENTS("celu", [](const Inputs& in) { return tg::celu(in[0], 1.3); }, {x});
  TG_CHECK_GRADIENTS("softplus", [](const Inputs& in) { return tg::softplus(in[0], 2.0, 5.0); }, {x});
}

TG_TEST(integer_division_by_zero_throws) {
  const Tensor a = values({1, 2}, DType::Int64), zero = values({1, 0}, DType::Int64);
  TG_CHECK_THROWS(std::runtime_error, tg::floor_divide(a, zero), "ZeroDivisionError");
  TG_CHECK_THROWS(std::runtime_error, tg::remainder(a, zero), "ZeroDivisionError");
  TG_CHECK_THROWS(std::runtime_error, tg::div(a, zero, tg::RoundingMode::Floor), "ZeroDivisionError");
  check_values(tg::floor_divide(values({1, -1}), values({0, 0})),
               {std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()});
  // INT64_MIN // -1 and % -1 wrap as in PyTorch (no undefined behaviour).
  const Tensor lowest = values({-9223372036854775808.0}, DType::Int64),
               minus_one = values({-1}, DType::Int64);
  TG_CHECK(tg::floor_divide(lowest, minus_one).to_vector()[0] == -9223372036854775808.0);
  TG_CHECK(tg::remainder(lowest, minus_one).to_vector()[0] == 0.0);
}

TG_TEST(in_place_forms_through_apply) {
  Tensor x = values({1, 4, 9});
  const std::uint64_t version = x.storage()->version();
  tg::Tensor& same = tg::apply_(x, "sqrt_", [](const Tensor& t) { return tg::sqrt(t); });
  TG_CHECK(&same == &x);
  TG_CHECK(x.storage()->version() > version);
  check_values(x, {1, 2, 3});
  Tensor ints = values({1, 4}, DType::Int64);
  TG_CHECK_THROWS(tg::type_error, tg::apply_(ints, "sqrt_", [](const Tensor& t) { return tg::sqrt(t); }),
                  "cannot be written");
}

TG_TEST_MAIN()
