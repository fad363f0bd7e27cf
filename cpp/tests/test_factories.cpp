// tapegrad/factories.hpp and tapegrad/dlpack.hpp from C++: factories' values and errors, the
// sampling functions over the random core (same stream as its fills), in-place samplers under
// the in-place rules, and DLPack round trips with the deleter's timing.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <vector>

#include "dlpack/dlpack.h"
#include "tapegrad/tapegrad.hpp"
#include "testing.hpp"

namespace tg = tapegrad;
using i64 = std::int64_t;

namespace {

std::vector<double> values(const tg::Tensor& t) { return t.to_vector(); }

}  // namespace

TG_TEST(zeros_ones_full_and_like) {
  TG_CHECK((values(tg::zeros(tg::Shape{2, 2})) == std::vector<double>{0, 0, 0, 0}));
  TG_CHECK(tg::zeros(tg::Shape{3}).dtype() == tg::default_dtype());
  TG_CHECK((values(tg::ones(tg::Shape{3}, tg::DType::Int32)) == std::vector<double>{1, 1, 1}));
  const tg::Tensor big = tg::full(tg::Shape{1}, (i64{1} << 62) + 1);
  TG_CHECK(big.dtype() == tg::DType::Int64 && big.data<i64>()[0] == (i64{1} << 62) + 1);
  TG_CHECK(tg::full(tg::Shape{1}, 3.7, tg::DType::Int64).data<i64>()[0] == 3);
  TG_CHECK(tg::full(tg::Shape{1}, -1, tg::DType::UInt8).data<std::uint8_t>()[0] == 255);
  TG_CHECK_THROWS(std::invalid_argument, tg::full(tg::Shape{1}, 300, tg::DType::UInt8), "without overflow");
  TG_CHECK_THROWS(std::invalid_argument, tg::full(tg::Shape{1}, std::nan(""), tg::DType::Int32),
                  "without overflow");
  TG_CHECK_THROWS(std::invalid_argument, tg::full(tg::Shape{1}, 1e300, tg::DType::Float32),
                  "without overflow");
  const tg::Tensor x = tg::Tensor::full(tg::Shape{2, 3}, 5.0, tg::DType::Float32);
  const tg::Tensor z = tg::zeros_like(tg::transpose(x));
  TG_CHECK(z.shape() == (tg::Shape{3, 2}) && z.dtype() == tg::DType::Float32 && z.is_contiguous());
  TG_CHECK(tg::full_like(x, 2.5, tg::DType::Int64).data<i64>()[5] == 2);
  TG_CHECK(tg::ones_like(x).data<float>()[0] == 1.0f);
  TG_CHECK(tg::empty_like(x, tg::DType::Bool).dtype() == tg::DType::Bool);
}

TG_TEST(empty_strided_spans_its_strides) {
  const tg::Tensor t = tg::empty_strided(tg::Shape{2, 3}, {1, 2}, tg::DType::Float64);
  TG_CHECK(!t.is_contiguous() && t.strides()[0] == 1 && t.strides()[1] == 2);
  TG_CHECK(t.storage()->nbytes() == 6 * sizeof(double));
  TG_CHECK(tg::empty_strided(tg::Shape{4}, {0}).storage()->nbytes() == sizeof(double));
  TG_CHECK_THROWS(std::invalid_argument, tg::empty_strided(tg::Shape{2}, {-1}), "negative strides");
}

TG_TEST(arange_lengths_values_and_errors) {
  TG_CHECK((values(tg::arange(i64{0}, i64{5})) == std::vector<double>{0, 1, 2, 3, 4}));
  TG_CHECK((values(tg::arange(i64{10}, i64{0}, i64{-3})) == std::vector<double>{10, 7, 4, 1}));
  const tg::Tensor tenths = tg::arange(0.0, 1.0, 0.1, tg::DType::Float64);
  TG_CHECK(tenths.numel() == 10 && tenths.data<double>()[3] == 0.30000000000000004);
  // Element i is fma(step, i, start): one rounding.
  const tg::Tensor r = tg::arange(1.1, 2.0, 0.3, tg::DType::Float64);
  for (i64 i = 0; i < r.numel(); ++i)
    TG_CHECK(r.data<double>()[i] == std::fma(0.3, static_cast<double>(i), 1.1));
  const i64 lo = std::numeric_limits<i64>::min(), hi = std::numeric_limits<i64>::max();
  TG_CHECK(tg::arange(lo, hi, i64{1} << 62).numel() == 4);  // exact, no overflow
  TG_CHECK((values(tg::arange(0.5, 5.0, 1.5, tg::DType::Int64)) == std::vector<double>{0, 1, 2, 3, 4}));
  TG_CHECK_THROWS(std::invalid_argument, tg::arange(i64{0}, i64{1}, i64{0}), "step must be nonzero");
  TG_CHECK_THROWS(std::invalid_argument, tg::arange(0.0, -1.0, 1.0), "inconsistent with step sign");
  TG_CHECK_THROWS(std::invalid_argument, tg::arange(0.0, INFINITY, 1.0), "unsupported range");
  TG_CHECK_THROWS(std::invalid_argument, tg::arange(i64{0}, i64{300}, i64{1}, tg::DType::UInt8),
                  "do not fit uint8");
  TG_CHECK_THROWS(tg::type_error, tg::arange(i64{0}, i64{2}, i64{1}, tg::DType::Bool), "bool");
}

TG_TEST(linspace_counts_from_both_ends) {
  const double a = 1.257302210933933, b = -1.3210486329130189;
  const i64 n = 62;
  const tg::Tensor t = tg::linspace(a, b, n, tg::DType::Float64);
  const double step = (b - a) / static_cast<double>(n - 1);
  for (i64 i = 0; i < n; ++i) {
    const double expected = i < n / 2 ? std::fma(step, static_cast<double>(i), a)
                                      : std::fma(-step, static_cast<double>(n - 1 - i), b);
    TG_CHECK(t.data<double>()[i] == expected);
  }
  TG_CHECK(t.data<double>()[0] == a && t.data<double>()[n - 1] == b);
  TG_CHECK((values(tg::linspace(0, 10, 4, tg::DType::Int64)) == std::vector<double>{0, 3, 6, 10}));
  TG_CHECK((values(tg::linspace(2, 5, 1)) == std::vector<double>{2}));
  TG_CHECK(tg::linspace(2, 5, 0).numel() == 0);
  TG_CHECK((values(tg::logspace(0, 3, 4, 2.0)) == std::vector<double>{1, 2, 4, 8}));
  TG_CHECK_THROWS(std::invalid_argument, tg::linspace(0, 1, -1), "non-negative");
}

TG_TEST(eye_and_triangle_indices) {
  TG_CHECK((values(tg::eye(2, 3)) == std::vector<double>{1, 0, 0, 0, 1, 0}));
  TG_CHECK((values(tg::tril_indices(3, 3)) == std::vector<double>{0, 1, 1, 2, 2, 2, 0, 0, 1, 0, 1, 2}));
  TG_CHECK((values(tg::triu_indices(2, 3, 1)) == std::vector<double>{0, 0, 1, 1, 2, 2}));
  TG_CHECK_THROWS(std::invalid_argument, tg::eye(-1), "greater or equal to 0");
  TG_CHECK_THROWS(tg::type_error, tg::tril_indices(2, 2, 0, tg::DType::Float32), "float32");
}

TG_TEST(samplers_draw_the_random_cores_stream) {
  tg::Generator gen(42), ref(42);
  const tg::Tensor u = tg::rand(tg::Shape{2, 3}, tg::DType::Float64, gen);
  std::vector<double> expected(6);
  tg::uniform(expected.data(), 6, 0.0, 1.0, ref);
  TG_CHECK(values(u) == expected);
  const tg::Tensor k = tg::randint(-5, 5, tg::Shape{7}, tg::DType::Int32, gen);
  std::vector<std::int32_t> kr(7);
  tg::randint(kr.data(), 7, -5, 5, ref);
  for (int i = 0; i < 7; ++i) TG_CHECK(k.data<std::int32_t>()[i] == kr[static_cast<std::size_t>(i)]);
  // normal(mean tensor, std) is mean + std * z for the stream's standard normals z.
  const tg::Tensor mean = tg::Tensor::from_vector({1.0, -1.0, 100.0}, tg::Shape{3});
  const tg::Tensor n = tg::normal(mean, 2.0, gen);
  std::vector<double> z(3);
  tg::normal(z.data(), 3, 0.0, 1.0, ref);
  for (std::size_t i = 0; i < 3; ++i) TG_CHECK(n.data<double>()[i] == mean.data<double>()[i] + 2.0 * z[i]);
  TG_CHECK(gen.offset() == ref.offset());
  const tg::Tensor p = tg::randperm(10, tg::DType::Int64, gen);
  std::vector<double> sorted = values(p);
  std::sort(sorted.begin(), sorted.end());
  TG_CHECK((sorted == std::vector<double>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
}

TG_TEST(sampler_errors_draw_nothing) {
  tg::Generator gen(1);
  TG_CHECK_THROWS(tg::type_error, tg::rand(tg::Shape{2}, tg::DType::Int64, gen), "int64");
  TG_CHECK_THROWS(std::invalid_argument, tg::normal(0.0, -1.0, tg::Shape{2}, tg::DType::Float64, gen),
                  "std >= 0");
  const tg::Tensor bad_std = tg::Tensor::from_vector({1.0, -1.0}, tg::Shape{2});
  TG_CHECK_THROWS(std::invalid_argument, tg::normal(tg::zeros(tg::Shape{2}), bad_std, gen), "std >= 0");
  TG_CHECK_THROWS(std::invalid_argument, tg::randperm(300, tg::DType::UInt8, gen), "too large");
  TG_CHECK_THROWS(std::invalid_argument, tg::multinomial(tg::ones(tg::Shape{2, 2, 2}), 1, false, gen),
                  "1 or 2 dim");
  tg::Tensor i = tg::zeros(tg::Shape{2}, tg::DType::Int64);
  TG_CHECK_THROWS(tg::type_error, tg::uniform_(i, 0.0, 1.0, gen), "uniform_");
  TG_CHECK(gen.offset() == 0);
}

TG_TEST(in_place_samplers_follow_the_in_place_rules) {
  tg::Generator gen(3);
  tg::Tensor w = tg::zeros(tg::Shape{4});
  w.set_requires_grad(true);
  TG_CHECK_THROWS(std::runtime_error, tg::normal_(w, 0.0, 1.0, gen), "leaf");
  {
    tg::NoGradGuard no_grad;
    tg::uniform_(w, -1.0, 1.0, gen);
  }
  bool inside = true, changed = false;
  for (double v : values(w)) {
    inside = inside && v >= -1.0 && v < 1.0;
    changed = changed || v != 0.0;
  }
  TG_CHECK(inside && changed && w.requires_grad() && w.is_leaf());
  tg::Tensor b = tg::zeros(tg::Shape{1000}, tg::DType::Bool);
  tg::bernoulli_(b, 0.5, gen);
  double ones = 0;
  for (double v : values(b)) ones += v;
  TG_CHECK(ones > 400 && ones < 600);
  tg::Tensor r = tg::zeros(tg::Shape{10000}, tg::DType::UInt8);  // misses 255 with p < 1e-16
  tg::random_(r, gen);
  double max = 0;
  for (double v : values(r)) max = std::max(max, v);
  TG_CHECK(max == 255);
  tg::random_(r, 3, gen);
  for (double v : values(r)) TG_CHECK(v < 3);
}

TG_TEST(dlpack_round_trip_shares_memory_and_frees_once) {
  tg::Tensor t = tg::arange(0.0, 12.0, 1.0, tg::DType::Float64);
  const tg::Tensor view = tg::transpose(tg::reshape(t, {3, 4}));  // strided (4, 3)
  DLManagedTensorVersioned* m = tg::to_dlpack_versioned(view);
  TG_CHECK(m->version.major == 1 && m->flags == 0 && m->dl_tensor.ndim == 2);
  TG_CHECK(m->dl_tensor.strides[0] == 1 && m->dl_tensor.strides[1] == 4);
  TG_CHECK(m->dl_tensor.dtype.code == kDLFloat && m->dl_tensor.dtype.bits == 64);
  const tg::Tensor back = tg::from_dlpack(m);  // owns m now
  TG_CHECK(back.shape() == view.shape() && back.to_vector() == view.to_vector());
  t.data<double>()[1] = -7.0;
  TG_CHECK(back.to_vector()[3] == -7.0);  // element (1, 0) of the view

  // An imported tensor runs the producer's deleter exactly once, when its last user goes.
  static int deleted = 0;
  static double buffer[6] = {0, 1, 2, 3, 4, 5};
  static i64 shape[1] = {3};
  static i64 strides[1] = {-2};
  auto* foreign = new DLManagedTensor{};
  foreign->dl_tensor.data = buffer;
  foreign->dl_tensor.device = {kDLCPU, 0};
  foreign->dl_tensor.ndim = 1;
  foreign->dl_tensor.dtype = {kDLFloat, 64, 1};
  foreign->dl_tensor.shape = shape;
  foreign->dl_tensor.strides = strides;
  foreign->dl_tensor.byte_offset = 4 * sizeof(double);  // element 0 is buffer[4]
  foreign->deleter = [](DLManagedTensor* self) {
    ++deleted;
    delete self;
  };
  {
    const tg::Tensor imported = tg::from_dlpack(foreign);
    TG_CHECK((imported.to_vector() == std::vector<double>{4, 2, 0}));
    const tg::Tensor copy = imported;
    TG_CHECK(deleted == 0);
  }
  TG_CHECK(deleted == 1);

  // A failed import frees it too.
  auto* half = new DLManagedTensor{};
  half->dl_tensor.data = buffer;
  half->dl_tensor.device = {kDLCPU, 0};
  half->dl_tensor.ndim = 1;
  half->dl_tensor.dtype = {kDLFloat, 16, 1};
  half->dl_tensor.shape = shape;
  half->deleter = [](DLManagedTensor* self) {
    ++deleted;
    delete self;
  };
  TG_CHECK_THROWS(tg::type_error, tg::from_dlpack(half), "float16");
  TG_CHECK(deleted == 2);
  tg::release_dlpack(tg::to_dlpack(t));  // an export nobody imported
}

TG_TEST_MAIN()
