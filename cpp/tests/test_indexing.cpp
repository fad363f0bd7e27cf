// Indexing through the C++ API: tensor indices (values, placement, masks, repeats), assignment,
// the gather/scatter functions and embedding, with gradients against finite differences and
// the errors bad indices raise.
#include <stdexcept>
#include <vector>

#include "gradcheck.hpp"
#include "tapegrad/tapegrad.hpp"
#include "testing.hpp"

namespace tg = tapegrad;
using tapegrad_testing::random_leaf;
using tg::DType;
using tg::Shape;
using tg::Slice;
using tg::Tensor;
using tg::TensorIndex;
using Inputs = std::vector<Tensor>;

namespace {
Tensor ints(const std::vector<double>& v, const Shape& s) { return Tensor::from_vector(v, s, DType::Int64); }
Tensor bools(const std::vector<double>& v, const Shape& s) { return Tensor::from_vector(v, s, DType::Bool); }
Tensor arange(std::int64_t n, const Shape& s) {
  std::vector<double> v(static_cast<std::size_t>(n));
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = static_cast<double>(i);
  return Tensor::from_vector(v, s);
}
void check_values(const Tensor& t, const std::vector<double>& expected) {
  const std::vector<double> v = t.to_vector();
  TG_CHECK(v.size() == expected.size());
  for (std::size_t i = 0; i < v.size() && i < expected.size(); ++i) TG_CHECK_NEAR(v[i], expected[i], 1e-12);
}
}  // namespace

TG_TEST(integer_tensor_index_gathers_rows) {
  const Tensor x = arange(12, Shape{4, 3});
  const Tensor out = tg::index(x, {TensorIndex(ints({3, 0, 3, -1}, Shape{2, 2}))});
  TG_CHECK(out.shape() == (Shape{2, 2, 3}));
  check_values(out, {9, 10, 11, 0, 1, 2, 9, 10, 11, 9, 10, 11});
}

TG_TEST(index_arrays_broadcast_and_are_placed_as_numpy_and_torch) {
  const Tensor x = arange(24, Shape{2, 3, 4});
  // Adjacent: in place.
  const Tensor a = tg::index(
      x, {TensorIndex(Slice{}), TensorIndex(ints({0, 2}, Shape{2})), TensorIndex(ints({1}, Shape{1}))});
  TG_CHECK(a.shape() == (Shape{2, 2}));
  check_values(a, {1, 9, 13, 21});
  // Separated by a slice: first.
  const Tensor b = tg::index(
      x, {TensorIndex(ints({0, 1}, Shape{2})), TensorIndex(Slice{}), TensorIndex(ints({3, 0}, Shape{2}))});
  TG_CHECK(b.shape() == (Shape{2, 3}));
  check_values(b, {3, 7, 11, 12, 16, 20});
  // An integer separated from the index by a slice: NumPy and PyTorch disagree, refused.
  TG_CHECK_THROWS(std::out_of_range,
                  tg::index(x, {TensorIndex(0), TensorIndex(Slice{}), TensorIndex(ints({1, 2}, Shape{2}))}),
                  "laid out differently");
}

TG_TEST(masks_select_as_nonzero) {
  const Tensor x = arange(6, Shape{2, 3});
  const Tensor m = bools({1, 0, 1, 0, 1, 1}, Shape{2, 3});
  check_values(tg::index(x, {TensorIndex(m)}), {0, 2, 4, 5});
  check_values(tg::index(x, {TensorIndex(Slice{}), TensorIndex(bools({0, 1, 1}, Shape{3}))}), {1, 2, 4, 5});
  TG_CHECK(tg::index(x, {TensorIndex(bools({1}, Shape{}))}).shape() == (Shape{1, 2, 3}));
  TG_CHECK_THROWS(std::out_of_range, tg::index(x, {TensorIndex(bools({1, 0, 1}, Shape{3}))}),
                  "shape of the mask");
}

TG_TEST(index_errors) {
  const Tensor x = arange(6, Shape{2, 3});
  TG_CHECK_THROWS(std::out_of_range, tg::index(x, {TensorIndex(ints({2}, Shape{1}))}),
                  "index 2 is out of bounds for dimension 0 with size 2");
  TG_CHECK_THROWS(tg::type_error, tg::index(x, {TensorIndex(Tensor::from_vector({0}, Shape{1}))}),
                  "integer or bool");
  TG_CHECK_THROWS(std::out_of_range,
                  tg::index(x, {TensorIndex(Tensor::from_vector({0}, Shape{1}, DType::UInt8))}), "uint8");
  TG_CHECK_THROWS(std::out_of_range,
                  tg::index(x, {TensorIndex(ints({0, 1}, Shape{2})), TensorIndex(ints({0, 1, 2}, Shape{3}))}),
                  "could not be broadcast");
}

TG_TEST(index_gradient_accumulates_repeats) {
  const Inputs in{random_leaf(Shape{4, 3}, -1, 1, 1)};
  const Tensor idx = ints({1, 1, 3, 0, 1}, Shape{5});
  TG_CHECK_GRADIENTS("x[idx]", [&](const Inputs& v) { return tg::index(v[0], {TensorIndex(idx)}); }, in);
  TG_CHECK_GRADIENTS(
      "x[:, idx2][mask]",
      [&](const Inputs& v) {
        return tg::index(
            v[0], {TensorIndex(bools({1, 0, 1, 1}, Shape{4})), TensorIndex(ints({2, 2, 0}, Shape{3}))});
      },
      in);
}

TG_TEST(index_put_last_wins_and_accumulate_adds) {
  Tensor x = Tensor::zeros(Shape{4});
  tg::index_put_(x, {TensorIndex(ints({0, 2, 0}, Shape{3}))}, Tensor::from_vector({1, 2, 3}, Shape{3}));
  check_values(x, {3, 0, 2, 0});
  tg::index_put_(x, {TensorIndex(ints({1, 1}, Shape{2}))}, Tensor::scalar(5), true);
  check_values(x, {3, 10, 2, 0});
  const Tensor y = tg::index_put(x, {TensorIndex(bools({1, 0, 0, 1}, Shape{4}))}, Tensor::scalar(-1));
  check_values(y, {-1, 10, 2, -1});
  check_values(x, {3, 10, 2, 0});
  TG_CHECK_THROWS(std::invalid_argument,
                  tg::index_put_(x, {TensorIndex(ints({0, 1}, Shape{2}))}, Tensor::zeros(Shape{3})),
                  "shape mismatch");
}

TG_TEST(index_put_gradients) {
  const Inputs in{random_leaf(Shape{4, 2}, -1, 1, 2), random_leaf(Shape{3, 2}, -1, 1, 3)};
  for (const bool accumulate : {false, true}) {
    TG_CHECK_GRADIENTS(
        "index_put",
        [&](const Inputs& v) {
          return tg::index_put(v[0], {TensorIndex(ints({3, 0, 3}, Shape{3}))}, v[1], accumulate);
        },
        in);
  }
}

TG_TEST(gather_scatter_and_friends) {
  const Tensor x = arange(6, Shape{2, 3});
  check_values(tg::gather(x, 1, ints({2, 0, 1, 1}, Shape{2, 2})), {2, 0, 4, 4});
  check_values(tg::scatter(Tensor::zeros(Shape{2, 3}), 1, ints({2, 0}, Shape{2, 1}), x), {0, 0, 0, 3, 0, 0});
  check_values(
      tg::scatter_add(Tensor::zeros(Shape{3}), 0, ints({1, 1, 2}, Shape{3}), Tensor::full(Shape{3}, 1.0)),
      {0, 2, 1});
}

TG_TEST(scatter_reduce_and_its_gradients) {
  const Tensor x = Tensor::from_vector({1, 5, 2}, Shape{3});
  const Tensor src = Tensor::from_vector({4, 3, 6, 0}, Shape{4});
  const Tensor idx = ints({0, 0, 2, 2}, Shape{4});
  check_values(tg::scatter_reduce(x, 0, idx, src, tg::ScatterReduce::Amax), {4, 5, 6});
  check_values(tg::scatter_reduce(x, 0, idx, src, tg::ScatterReduce::Mean, false), {3.5, 5, 3});
  check_values(tg::scatter_reduce(x, 0, idx, src, tg::ScatterReduce::Prod), {12, 5, 0});
  const Inputs in{random_leaf(Shape{3, 2}, -1, 1, 4), random_leaf(Shape{4, 2}, -1, 1, 5)};
  const Tensor idx2 = ints({0, 2, 2, 2, 1, 0, 2, 2}, Shape{4, 2});
  for (auto how : {tg::ScatterReduce::Sum, tg::ScatterReduce::Prod, tg::ScatterReduce::Mean,
                   tg::ScatterReduce::Amax, tg::ScatterReduce::Amin}) {
    for (const bool self : {true, false}) {
      TG_CHECK_GRADIENTS(
          "scatter_reduce",
          [&](const Inputs& v) { return tg::scatter_reduce(v[0], 0, idx2, v[1], how, self); }, in);
    }
  }
  TG_CHECK_GRADIENTS("gather", [&](const Inputs& v) { return tg::gather(v[0], 0, idx2); }, Inputs{in[1]});
  TG_CHECK_GRADIENTS(
      "scatter_add", [&](const Inputs& v) { return tg::scatter_add(v[0], 0, idx2, v[1]); }, in);
}

TG_TEST(index_select_add_fill_masks_and_nonzero) {
  const Tensor x = arange(6, Shape{2, 3});
  check_values(tg::index_select(x, 1, ints({2, 2, 0}, Shape{3})), {2, 2, 0, 5, 5, 3});
  check_values(tg::index_add(x, 1, ints({0, 0}, Shape{2}), Tensor::full(Shape{2, 2}, 1.0)),
               {2, 1, 2, 5, 4, 5});
  check_values(tg::index_fill(x, 0, ints({-1}, Shape{1}), Tensor::scalar(9)), {0, 1, 2, 9, 9, 9});
  const Tensor m = bools({0, 1, 1}, Shape{3});
  check_values(tg::masked_fill(x, m, Tensor::scalar(-1)), {0, -1, -1, 3, -1, -1});
  check_values(tg::masked_select(x, m), {1, 2, 4, 5});
  check_values(tg::masked_scatter(x, m, Tensor::from_vector({7, 8, 9, 10, 11}, Shape{5})),
               {0, 7, 8, 3, 9, 10});
  const Tensor nz = tg::nonzero(Tensor::from_vector({0, 3, 0, 1}, Shape{2, 2}));
  TG_CHECK(nz.shape() == (Shape{2, 2}) && nz.dtype() == DType::Int64);
  check_values(nz, {0, 1, 1, 1});
  TG_CHECK_THROWS(std::out_of_range, tg::index_select(x, 1, ints({3}, Shape{1})), "index 3 is out of bounds");
  TG_CHECK_THROWS(tg::type_error, tg::masked_fill(x, ints({0, 1, 1}, Shape{3}), Tensor::scalar(0)),
                  "bool mask");
}

TG_TEST(embedding_skips_the_padding_row) {
  const Tensor w = random_leaf(Shape{5, 3}, -1, 1, 6);
  const Tensor idx = ints({1, 4, 1, 0}, Shape{2, 2});
  const Tensor out = tg::embedding(w, idx, 1);
  TG_CHECK(out.shape() == (Shape{2, 2, 3}));
  tg::sum(out).backward();
  check_values(w.grad(), {1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1});
  TG_CHECK_THROWS(std::out_of_range, tg::embedding(w, ints({5}, Shape{1})), "index 5 is out of bounds");
  // scale_grad_by_freq divides each row's gradient by how often it was looked up.
  const Tensor w2 = random_leaf(Shape{5, 3}, -1, 1, 8);
  tg::sum(tg::embedding(w2, idx, std::nullopt, true)).backward();
  check_values(w2.grad(), {1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1});
  TG_CHECK_GRADIENTS(
      "embedding", [&](const Inputs& v) { return tg::embedding(v[0], idx); },
      Inputs{random_leaf(Shape{5, 3}, -1, 1, 7)});
}

TG_TEST(take_and_take_along_dim) {
  const Tensor x = arange(6, Shape{2, 3});
  check_values(tg::take(x, ints({5, -6, 1}, Shape{3})), {5, 0, 1});
  check_values(tg::take_along_dim(x, ints({2, -1}, Shape{1, 2}), 1), {2, 2, 5, 5});
}

TG_TEST_MAIN()
