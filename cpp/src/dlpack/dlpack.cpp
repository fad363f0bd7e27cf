// DLPack export and import of tapegrad/dlpack.hpp.
#include "dlpack/dlpack.h"

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "ops/views.hpp"
#include "tapegrad/dlpack.hpp"
#include "tapegrad/ops.hpp"

namespace tapegrad {

namespace {

// What an exported managed tensor owns: the tensor (so its storage lives) and the arrays its
// DLTensor points to.
struct ExportContext {
  Tensor tensor;
  std::vector<std::int64_t> shape, strides;
};

template <class Managed>
void delete_export(Managed* self) {
  delete static_cast<ExportContext*>(self->manager_ctx);
  delete self;
}

DLDataType dl_dtype(DType dtype) {
  const auto bits = static_cast<std::uint8_t>(8 * itemsize(dtype));
  switch (dtype) {
    case DType::Bool: return {kDLBool, 8, 1};
    case DType::UInt8: return {kDLUInt, 8, 1};
    case DType::Int32:
    case DType::Int64: return {kDLInt, bits, 1};
    case DType::Float32:
    case DType::Float64: break;
  }
  return {kDLFloat, bits, 1};
}

std::string dl_dtype_name(DLDataType t) {
  std::string kind;
  switch (t.code) {
    case kDLInt: kind = "int"; break;
    case kDLUInt: kind = "uint"; break;
    case kDLFloat: kind = "float"; break;
    case kDLBfloat: kind = "bfloat"; break;
    case kDLComplex: kind = "complex"; break;
    case kDLBool: kind = "bool"; break;
    default: kind = "type code " + std::to_string(int{t.code}) + " of ";
  }
  std::string name = kind + std::to_string(int{t.bits});
  if (t.lanes != 1) name += " x " + std::to_string(t.lanes) + " lanes";
  return name;
}

DType tapegrad_dtype(DLDataType t) {
  if (t.lanes == 1) {
    if (t.code == kDLBool && t.bits == 8) return DType::Bool;
    if (t.code == kDLUInt && t.bits == 8) return DType::UInt8;
    if (t.code == kDLInt && t.bits == 32) return DType::Int32;
    if (t.code == kDLInt && t.bits == 64) return DType::Int64;
    if (t.code == kDLFloat && t.bits == 32) return DType::Float32;
    if (t.code == kDLFloat && t.bits == 64) return DType::Float64;
  }
  throw type_error("from_dlpack: tensors of dtype " + dl_dtype_name(t) +
                   " cannot be shared; tapegrad tensors are bool, uint8, int32, int64, float32 or float64 "
                   "(convert on the producer's side first)");
}

// Fills `dl` to describe `t` (element 0 at data, byte_offset 0), its arrays held by `ctx`.
void describe(DLTensor& dl, ExportContext& ctx) {
  const Tensor& t = ctx.tensor;
  const Strides strides = t.strides();
  ctx.shape.assign(t.shape().begin(), t.shape().end());
  ctx.strides.assign(strides.begin(), strides.begin() + t.ndim());
  dl.data = t.raw_data();
  dl.device = {kDLCPU, 0};
  dl.ndim = t.ndim();
  dl.dtype = dl_dtype(t.dtype());
  dl.shape = ctx.shape.data();
  dl.strides = ctx.strides.data();
  dl.byte_offset = 0;
}

std::unique_ptr<ExportContext> export_context(const Tensor& t, bool copy) {
  auto ctx = std::make_unique<ExportContext>();
  // No history rides along: the consumer sees values, and the graph is not kept alive.
  ctx->tensor = copy ? clone(t.detach()) : t.detach();
  return ctx;
}

// The tensor over `dl`'s memory, owned by `owner` (which runs the producer's deleter).
Tensor import_tensor(const DLTensor& dl, const std::shared_ptr<void>& owner) {
  if (dl.device.device_type != kDLCPU) {
    throw std::invalid_argument(
        "from_dlpack: tapegrad runs on the CPU only, and this tensor lives on device type " +
        std::to_string(dl.device.device_type) + " (" +
        (dl.device.device_type == kDLCUDA ? "CUDA" : "not the CPU") + "); move it to the CPU first (.cpu())");
  }
  const DType dtype = tapegrad_dtype(dl.dtype);
  if (dl.ndim < 0 || dl.ndim > Shape::kMaxDims) {
    throw std::invalid_argument("from_dlpack: tapegrad supports at most " + std::to_string(Shape::kMaxDims) +
                                " dimensions, got " + std::to_string(dl.ndim));
  }
  const Shape shape(dl.shape, dl.ndim);  // throws for a negative size
  const auto item = static_cast<std::int64_t>(itemsize(dtype));
  detail::Layout layout{shape, contiguous_strides(shape), 0};
  if (dl.strides) {
    for (int d = 0; d < dl.ndim; ++d) layout.strides[static_cast<std::size_t>(d)] = dl.strides[d];
  }
  const std::int64_t n = shape.numel();
  if (n == 0) return Tensor::empty(shape, dtype);  // no memory to share
  // The elements span [lo, hi] around element 0 (strides may be negative or zero).
  std::int64_t lo = 0, hi = 0;
  for (int d = 0; d < dl.ndim; ++d) {
    std::int64_t reach = 0;
    if (!checked_mul(shape[d] - 1, layout.strides[static_cast<std::size_t>(d)], &reach)) {
      throw std::invalid_argument("from_dlpack: the strides reach beyond int64");
    }
    (reach < 0 ? lo : hi) += reach;
  }
  auto* first = static_cast<unsigned char*>(dl.data) + dl.byte_offset;
  if (!dl.data) throw std::invalid_argument("from_dlpack: a tensor with elements and no data pointer");
  if (reinterpret_cast<std::uintptr_t>(first) % static_cast<std::uintptr_t>(item) != 0) {
    throw std::invalid_argument("from_dlpack: the data is not aligned to its " + std::to_string(item) +
                                "-byte elements; copy it on the producer's side first");
  }
  void* base = first + lo * item;
  const auto nbytes = static_cast<std::size_t>((hi - lo + 1) * item);
  auto storage = Storage::wrap(base, nbytes, owner);
  const Tensor whole = detail::alias_storage(std::move(storage), 0, Shape{hi - lo + 1}, dtype);
  layout.offset = -lo;
  return detail::alias_layout(whole, layout);
}

// Runs the producer's deleter when the last tensor sharing its memory goes (or at once when the
// import fails).
template <class Managed>
std::shared_ptr<void> owner_of(Managed* managed) {
  return std::shared_ptr<void>(static_cast<void*>(managed), [](void* p) {
    auto* m = static_cast<Managed*>(p);
    if (m->deleter) m->deleter(m);
  });
}

}  // namespace

DLManagedTensorVersioned* to_dlpack_versioned(const Tensor& t, bool copy) {
  auto ctx = export_context(t, copy);
  auto managed = std::make_unique<DLManagedTensorVersioned>();
  managed->version = {TAPEGRAD_DLPACK_MAJOR_VERSION, TAPEGRAD_DLPACK_MINOR_VERSION};
  managed->flags = copy ? TAPEGRAD_DLPACK_FLAG_IS_COPIED : 0;
  describe(managed->dl_tensor, *ctx);
  managed->manager_ctx = ctx.release();
  managed->deleter = &delete_export<DLManagedTensorVersioned>;
  return managed.release();
}

DLManagedTensor* to_dlpack(const Tensor& t) {
  auto ctx = export_context(t, false);
  auto managed = std::make_unique<DLManagedTensor>();
  describe(managed->dl_tensor, *ctx);
  managed->manager_ctx = ctx.release();
  managed->deleter = &delete_export<DLManagedTensor>;
  return managed.release();
}

Tensor from_dlpack(DLManagedTensorVersioned* managed) {
  if (!managed) throw std::invalid_argument("from_dlpack: a null managed tensor");
  const std::shared_ptr<void> owner = owner_of(managed);
  if (managed->version.major > TAPEGRAD_DLPACK_MAJOR_VERSION) {
    throw std::invalid_argument("from_dlpack: the tensor is in DLPack " +
                                std::to_string(managed->version.major) + "." +
                                std::to_string(managed->version.minor) + ", newer than the " +
                                std::to_string(TAPEGRAD_DLPACK_MAJOR_VERSION) + ".x tapegrad reads");
  }
  if (managed->flags & TAPEGRAD_DLPACK_FLAG_READ_ONLY) {
    throw std::invalid_argument(
        "from_dlpack: the producer exported read-only memory, and tapegrad tensors are writeable; copy it "
        "(tg.tensor(x)) or make it writeable on the producer's side");
  }
  return import_tensor(managed->dl_tensor, owner);
}

Tensor from_dlpack(DLManagedTensor* managed) {
  if (!managed) throw std::invalid_argument("from_dlpack: a null managed tensor");
  return import_tensor(managed->dl_tensor, owner_of(managed));
}

void release_dlpack(DLManagedTensorVersioned* managed) noexcept {
  if (managed && managed->deleter) managed->deleter(managed);
}

void release_dlpack(DLManagedTensor* managed) noexcept {
  if (managed && managed->deleter) managed->deleter(managed);
}

}  // namespace tapegrad
