// Tensors, shapes and storage: factories, views that share memory, dtypes, gradients held by
// tensors, and the errors bad arguments raise (exception type and message).
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "tapegrad/tapegrad.hpp"
#include "testing.hpp"

namespace tg = tapegrad;
using tg::DType;
using tg::Shape;
using tg::Tensor;

TG_TEST(factories_make_the_shape_dtype_and_values_asked_for) {
  const Tensor z = Tensor::zeros(Shape{2, 3});
  TG_CHECK(z.defined());
  TG_CHECK(z.dtype() == DType::Float64);
  TG_CHECK(z.shape() == (Shape{2, 3}));
  TG_CHECK(z.ndim() == 2);
  TG_CHECK(z.numel() == 6);
  for (double v : z.to_vector()) TG_CHECK_NEAR(v, 0, 0);

  const Tensor f = Tensor::full(Shape{4}, 2.5, DType::Float32);
  TG_CHECK(f.dtype() == DType::Float32);
  TG_CHECK(f.storage()->nbytes() == 16);
  for (double v : f.to_vector()) TG_CHECK_NEAR(v, 2.5, 0);
  TG_CHECK_NEAR(f.data<float>()[3], 2.5f, 0);

  const Tensor s = Tensor::scalar(-1.5);
  TG_CHECK(s.ndim() == 0);
  TG_CHECK(s.numel() == 1);
  TG_CHECK_NEAR(s.item(), -1.5, 0);

  const Tensor v = Tensor::from_vector({1, 2, 3, 4, 5, 6}, Shape{3, 2});
  TG_CHECK_NEAR(v.data<double>()[3], 4, 0);  // row-major
  TG_CHECK(v.to_vector() == (std::vector<double>{1, 2, 3, 4, 5, 6}));
  TG_CHECK(!v.requires_grad());
  TG_CHECK(v.is_leaf());
  TG_CHECK(!v.grad().defined());

  TG_CHECK(Tensor::empty(Shape{0, 3}).numel() == 0);
  TG_CHECK(!Tensor().defined());
}

TG_TEST(float32_values_round_as_float) {
  const Tensor t = Tensor::from_vector({0.1}, Shape{1}, DType::Float32);
  TG_CHECK(t.item() == static_cast<double>(0.1f));
}

TG_TEST(storage_is_aligned_shared_and_versioned) {
  const Tensor big = Tensor::empty(Shape{100});
  TG_CHECK(reinterpret_cast<std::uintptr_t>(big.raw_data()) % 64 == 0);
  const Tensor small = Tensor::empty(Shape{2});  // 16 bytes live inside the Storage object
  TG_CHECK(reinterpret_cast<std::uintptr_t>(small.raw_data()) % 16 == 0);

  const Tensor a = Tensor::from_vector({1, 2, 3, 4}, Shape{4});
  const Tensor view = Tensor::from_storage(a.storage(), Shape{2, 2}, DType::Float64);
  view.data<double>()[0] = 42;
  TG_CHECK_NEAR(a.to_vector()[0], 42, 0);  // same memory
  TG_CHECK(a.storage()->version() == 0);
  a.storage()->bump_version();
  TG_CHECK(view.storage()->version() == 1);
}

TG_TEST(wrapped_foreign_memory_keeps_its_owner_alive) {
  auto owner = std::make_shared<std::vector<double>>(std::vector<double>{1, 2, 3});
  std::weak_ptr<std::vector<double>> watch = owner;
  Tensor t;
  {
    auto storage = tg::Storage::wrap(owner->data(), 3 * sizeof(double), owner);
    owner.reset();
    t = Tensor::from_storage(storage, Shape{3}, DType::Float64);
  }
  TG_CHECK(!watch.expired());
  TG_CHECK_NEAR(t.to_vector()[2], 3, 0);
  t = Tensor();
  TG_CHECK(watch.expired());
}

TG_TEST(shapes) {
  TG_CHECK(Shape{}.str() == "()");
  TG_CHECK(Shape{3}.str() == "(3,)");
  TG_CHECK((Shape{2, 3}).str() == "(2, 3)");
  TG_CHECK(Shape{}.numel() == 1);
  TG_CHECK((Shape{2, 0, 5}).numel() == 0);
  TG_CHECK((Shape{2, 3}) != (Shape{3, 2}));
  TG_CHECK(tg::broadcast_shapes(Shape{2, 1}, Shape{3}) == (Shape{2, 3}));
  TG_CHECK(tg::broadcast_shapes(Shape{}, Shape{4, 1}) == (Shape{4, 1}));
  TG_CHECK(tg::normalize_axis(-1, 3) == 2);
  TG_CHECK_THROWS(std::invalid_argument, tg::broadcast_shapes(Shape{2, 3}, Shape{2}),
                  "shapes (2, 3) and (2,) cannot be broadcast together");
  TG_CHECK_THROWS(std::out_of_range, tg::normalize_axis(3, 3),
                  "axis 3 is out of bounds for a tensor of 3 dimensions");
  TG_CHECK_THROWS(std::invalid_argument, (Shape{2, -1}), "negative dimension -1");
  TG_CHECK_THROWS(std::invalid_argument, (Shape{1, 1, 1, 1, 1, 1, 1, 1, 1}), "at most 8 dimensions");
  const std::int64_t huge = std::numeric_limits<std::int64_t>::max() / 2;
  TG_CHECK_THROWS(std::overflow_error, (Shape{huge, 4}).numel(), "more elements than fit in int64");
  TG_CHECK_THROWS(std::overflow_error, Tensor::empty(Shape{huge}), "does not fit in memory");
}

TG_TEST(dtypes) {
  const char* names[] = {"bool", "uint8", "int32", "int64", "float32", "float64"};
  const std::size_t sizes[] = {1, 1, 4, 8, 4, 8};
  for (int i = 0; i < 6; ++i) {
    const auto d = static_cast<DType>(i);
    TG_CHECK(std::string(tg::dtype_name(d)) == names[i]);
    TG_CHECK(tg::itemsize(d) == sizes[i]);
    TG_CHECK(tg::is_floating_point(d) == (i >= 4));
  }
  // torch.promote_types for every pair of these types is the later one in DType's order.
  TG_CHECK(tg::promote_types(DType::Float32, DType::Float64) == DType::Float64);
  TG_CHECK(tg::promote_types(DType::Int64, DType::Float32) == DType::Float32);
  TG_CHECK(tg::promote_types(DType::UInt8, DType::Int32) == DType::Int32);
  TG_CHECK(tg::promote_types(DType::Bool, DType::UInt8) == DType::UInt8);
  TG_CHECK(tg::can_cast(DType::Int64, DType::Float32));
  TG_CHECK(!tg::can_cast(DType::Float32, DType::Int64));
  TG_CHECK(!tg::can_cast(DType::Int64, DType::Bool));
  TG_CHECK(tg::can_cast(DType::Bool, DType::UInt8));
  static_assert(tg::dtype_of<float>() == DType::Float32, "float is float32");
  static_assert(tg::dtype_of<std::int64_t>() == DType::Int64, "int64_t is int64");
}

TG_TEST(result_type_follows_pytorch) {
  const Tensor f32 = Tensor::zeros(Shape{3}, DType::Float32);
  const Tensor i64 = Tensor::zeros(Shape{3}, DType::Int64);
  const Tensor u8 = Tensor::zeros(Shape{3}, DType::UInt8);
  const Tensor b = Tensor::zeros(Shape{3}, DType::Bool);
  const Tensor f64_0d = Tensor::scalar(1.0, DType::Float64);
  const Tensor i64_0d = Tensor::scalar(1.0, DType::Int64);
  TG_CHECK(tg::result_type(f32, i64) == DType::Float32);
  TG_CHECK(tg::result_type(f32, f64_0d) == DType::Float32);  // a 0-d tensor of the same kind does not widen
  TG_CHECK(tg::result_type(i64, f64_0d) == DType::Float64);  // ...of a higher kind it does
  TG_CHECK(tg::result_type(u8, i64_0d) == DType::UInt8);
  TG_CHECK(tg::result_type(b, i64_0d) == DType::Int64);
  TG_CHECK(tg::result_type(b, b) == DType::Bool);
  // A Python number (wrapped) yields to every tensor of its kind or higher.
  Tensor wrapped = Tensor::scalar(2.5, tg::default_dtype());
  wrapped.impl()->wrapped_number = true;
  TG_CHECK(tg::result_type(f64_0d, wrapped) == DType::Float64);
  TG_CHECK(tg::result_type(Tensor::scalar(1.0, DType::Float32), wrapped) == DType::Float32);
  TG_CHECK(tg::result_type(i64, wrapped) == tg::default_dtype());
  TG_CHECK(tg::default_dtype() == DType::Float64);
  TG_CHECK_THROWS(tg::type_error, tg::set_default_dtype(DType::Int64), "must be floating point");
}

TG_TEST(gradient_buffers) {
  Tensor x = Tensor::zeros(Shape{2});
  x.set_requires_grad(true);
  TG_CHECK(x.requires_grad());
  x.set_grad(Tensor::full(Shape{2}, 3));
  TG_CHECK_NEAR(x.grad().to_vector()[1], 3, 0);
  x.zero_grad();
  TG_CHECK_NEAR(x.grad().to_vector()[1], 0, 0);
  x.set_grad(Tensor());
  TG_CHECK(!x.grad().defined());
  x.zero_grad();  // no gradient: nothing to do
  TG_CHECK_THROWS(std::invalid_argument, x.set_grad(Tensor::zeros(Shape{3})),
                  "a gradient of shape (3,) and dtype float64 cannot be assigned to a tensor of shape (2,)");
  TG_CHECK_THROWS(std::invalid_argument, x.set_grad(Tensor::zeros(Shape{2}, DType::Float32)),
                  "dtype float32");
}

TG_TEST(tensor_errors_name_the_problem) {
  const Tensor v = Tensor::from_vector({1, 2}, Shape{2});
  TG_CHECK_THROWS(std::invalid_argument, Tensor::from_vector({1, 2, 3}, Shape{2, 2}),
                  "3 values cannot fill a tensor of shape (2, 2)");
  TG_CHECK_THROWS(std::invalid_argument, v.item(),
                  "item() needs a one-element tensor, but this one has shape (2,)");
  TG_CHECK_THROWS(tg::type_error, v.data<float>(), "tensor has dtype float64");
  TG_CHECK_THROWS(std::invalid_argument, Tensor::from_storage(v.storage(), Shape{3}, DType::Float64),
                  "a storage of 16 bytes is too small for a tensor of shape (3,)");
  TG_CHECK_THROWS(std::invalid_argument, Tensor::from_storage(nullptr, Shape{1}, DType::Float64),
                  "null storage");
  TG_CHECK_THROWS(std::invalid_argument, Tensor().shape(), "the tensor is undefined");
  // type_error is an invalid_argument too, so code that catches the broader kind still works.
  TG_CHECK_THROWS(std::invalid_argument, v.data<float>(), "float64");
}

TG_TEST(version_string) {
  TG_CHECK(std::string(tg::version()) == TAPEGRAD_EXPECTED_VERSION);  // VERSION, via CMake
}

TG_TEST_MAIN()
