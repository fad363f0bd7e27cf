// The shape ops and matrix products of the C++ API (shape_ops.hpp, linalg.hpp): views share
// memory and carry PyTorch's strides, gradients against finite differences, a cat of many
// inputs, batched and transposed products, the NumPy-style transpose kept for old callers, and
// the exceptions bad arguments raise.
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "gradcheck.hpp"
#include "tapegrad/tapegrad.hpp"
#include "testing.hpp"

namespace tg = tapegrad;
using tapegrad_testing::random_leaf;
using tapegrad_testing::uniform;
using tg::Shape;
using tg::Tensor;
using Inputs = std::vector<Tensor>;

namespace {
Tensor arange(std::int64_t n, const Shape& shape) {
  std::vector<double> v(static_cast<std::size_t>(n));
  for (std::int64_t i = 0; i < n; ++i) v[static_cast<std::size_t>(i)] = static_cast<double>(i);
  return Tensor::from_vector(v, shape);
}

void check_values(const Tensor& t, const std::vector<double>& expected) {
  const std::vector<double> v = t.to_vector();
  TG_CHECK(v.size() == expected.size());
  for (std::size_t i = 0; i < v.size() && i < expected.size(); ++i) TG_CHECK_NEAR(v[i], expected[i], 0);
}

std::vector<std::int64_t> strides_of(const Tensor& t) {
  const tg::Strides s = t.strides();
  return std::vector<std::int64_t>(s.begin(), s.begin() + t.ndim());
}
}  // namespace

TG_TEST(views_share_memory_and_have_pytorch_strides) {
  Tensor x = arange(24, Shape{2, 3, 4});
  const Tensor p = tg::permute(x, {2, 0, 1});
  TG_CHECK(p.shape() == (Shape{4, 2, 3}));
  TG_CHECK((strides_of(p) == std::vector<std::int64_t>{1, 12, 4}));
  TG_CHECK(!p.is_contiguous() && p.impl()->is_view);
  const Tensor t = tg::transpose(x, 0, 2);
  TG_CHECK((strides_of(t) == std::vector<std::int64_t>{1, 4, 12}));
  // A compatible view of a transposed tensor: the last dimension (stride 12) split in two.
  const Tensor v = tg::view(t, {4, 3, 1, 2});
  TG_CHECK((strides_of(v) == std::vector<std::int64_t>{1, 4, 24, 12}));
  TG_CHECK_THROWS(std::invalid_argument, tg::view(t, {24}), "Use .reshape(...) instead");
  const Tensor r = tg::reshape(t, {24});  // a copy
  TG_CHECK(r.is_contiguous() && !r.impl()->is_view);
  // Writes through a view show in the base.
  tg::fill_(*const_cast<Tensor*>(&v), 7.0);
  check_values(tg::sum(x), {24 * 7.0});
  const Tensor e = tg::expand(tg::narrow(x, 2, 1, 1), {5, 2, 3, 4});
  TG_CHECK((strides_of(e) == std::vector<std::int64_t>{0, 12, 4, 0}));
  Tensor writable = e;
  TG_CHECK_THROWS(std::runtime_error, tg::fill_(writable, 1.0), "share one memory location");
}

TG_TEST(numpy_style_transpose_still_works_for_existing_callers) {
  const Tensor x = arange(6, Shape{2, 3});
  check_values(tg::transpose(x), {0, 3, 1, 4, 2, 5});
  const Tensor y = tg::transpose(arange(24, Shape{2, 3, 4}), {2, 0, 1});
  TG_CHECK(y.shape() == (Shape{4, 2, 3}));
  check_values(tg::numpy_T(x), {0, 3, 1, 4, 2, 5});
  check_values(tg::t(x), {0, 3, 1, 4, 2, 5});
  TG_CHECK(tg::mT(arange(24, Shape{2, 3, 4})).shape() == (Shape{2, 4, 3}));
}

TG_TEST(view_gradients_match_finite_differences) {
  const Tensor x = random_leaf(Shape{3, 4}, -1, 1, 1);
  TG_CHECK_GRADIENTS("permute+view",
                     [](const Inputs& in) { return tg::view(tg::permute(in[0], {1, 0}), {2, 2, 3}); }, {x});
  TG_CHECK_GRADIENTS("expand",
                     [](const Inputs& in) { return tg::expand(tg::unsqueeze(in[0], 1), {3, 2, 4}); }, {x});
  TG_CHECK_GRADIENTS("diagonal", [](const Inputs& in) { return tg::diagonal(in[0], 1); }, {x});
  TG_CHECK_GRADIENTS("movedim",
                     [](const Inputs& in) { return tg::movedim(tg::unsqueeze(in[0], 0), {0}, {2}); }, {x});
  TG_CHECK_GRADIENTS("unbind",
                     [](const Inputs& in) { return tg::unbind(in[0], 1)[2] * 3.0 + tg::unbind(in[0], 1)[0]; },
                     {x});
  TG_CHECK_GRADIENTS("split", [](const Inputs& in) { return tg::split_with_sizes(in[0], {1, 3}, 1)[1]; },
                     {x});
  TG_CHECK_GRADIENTS("repeat", [](const Inputs& in) { return tg::repeat(in[0], {2, 1, 3}); }, {x});
  TG_CHECK_GRADIENTS("flip", [](const Inputs& in) { return tg::flip(in[0], {0, 1}); }, {x});
  TG_CHECK_GRADIENTS("roll", [](const Inputs& in) { return tg::roll(in[0], {5}); }, {x});
  TG_CHECK_GRADIENTS("triu", [](const Inputs& in) { return tg::triu(in[0], 1); }, {x});
}

TG_TEST(cat_of_a_thousand_inputs) {
  std::vector<Tensor> xs;
  for (int i = 0; i < 1000; ++i) xs.push_back(random_leaf(Shape{2, 1}, -1, 1, static_cast<std::uint64_t>(i)));
  const Tensor out = tg::cat(xs, 1);
  TG_CHECK(out.shape() == (Shape{2, 1000}));
  const Tensor w = Tensor::from_vector(uniform(2000, 0.5, 1.5, 3), Shape{2, 1000});
  tg::sum(out * w).backward();
  const std::vector<double> wv = w.to_vector();
  bool ok = true;
  for (int i = 0; i < 1000; ++i) {
    const std::vector<double> g = xs[static_cast<std::size_t>(i)].grad().to_vector();
    ok = ok && g[0] == wv[static_cast<std::size_t>(i)] && g[1] == wv[static_cast<std::size_t>(1000 + i)];
  }
  TG_CHECK(ok);
  const Tensor s = tg::stack({xs[0], xs[1], xs[2], xs[3]}, 2);
  TG_CHECK(s.shape() == (Shape{2, 1, 4}));
}

TG_TEST(matmul_reads_transposed_operands_and_broadcasts_batches) {
  const Tensor a = random_leaf(Shape{2, 3, 4}, -1, 1, 1);
  const Tensor w = random_leaf(Shape{5, 4}, -1, 1, 2);
  TG_CHECK(tg::matmul(a, tg::t(w)).shape() == (Shape{2, 3, 5}));
  TG_CHECK_GRADIENTS("a @ w.T", [](const Inputs& in) { return tg::matmul(in[0], tg::t(in[1])); }, {a, w});
  const Tensor b = random_leaf(Shape{4, 1, 4, 2}, -1, 1, 3);
  TG_CHECK(tg::matmul(a, b).shape() == (Shape{4, 2, 3, 2}));
  TG_CHECK_GRADIENTS("broadcast batches", [](const Inputs& in) { return tg::matmul(in[0], in[1]); }, {a, b});
  const Tensor v = random_leaf(Shape{4}, -1, 1, 4);
  TG_CHECK_GRADIENTS("batch @ vector", [](const Inputs& in) { return tg::matmul(in[0], in[1]); }, {a, v});
  TG_CHECK_GRADIENTS("dot", [](const Inputs& in) { return tg::dot(in[0], in[0]); }, {v});
  TG_CHECK_GRADIENTS("inner", [](const Inputs& in) { return tg::inner(in[0], in[1]); }, {a, w});
  // Integer products: plain loops.
  const Tensor i = tg::cast(arange(6, Shape{2, 3}), tg::DType::Int64);
  const Tensor p = tg::matmul(i, tg::t(i));
  TG_CHECK(p.dtype() == tg::DType::Int64);
  check_values(p, {5, 14, 14, 50});
}

TG_TEST(errors_name_the_problem) {
  const Tensor x = arange(6, Shape{2, 3});
  TG_CHECK_THROWS(std::out_of_range, tg::transpose(x, 0, 2), "Dimension out of range");
  TG_CHECK_THROWS(std::invalid_argument, tg::permute(x, {0, 0}), "duplicate dims");
  TG_CHECK_THROWS(std::invalid_argument, tg::expand(x, {3, 3}), "existing size (2)");
  TG_CHECK_THROWS(std::invalid_argument, tg::cat({x, tg::t(x)}), "Sizes of tensors must match");
  TG_CHECK_THROWS(std::invalid_argument, tg::cat({}), "non-empty");
  TG_CHECK_THROWS(std::invalid_argument, tg::bmm(x, x), "3D");
  TG_CHECK_THROWS(tg::type_error, tg::matmul(tg::cast(x, tg::DType::Bool), tg::cast(x, tg::DType::Bool)),
                  "bool");
  TG_CHECK_THROWS(std::invalid_argument, tg::view(x, {4, -1}), "invalid for input of size 6");
}

TG_TEST_MAIN()
