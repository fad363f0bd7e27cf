#pragma once
// The DLPack ABI (https://dmlc.github.io/dlpack/latest/c_api.html), version 1.1: the structs and
// constants tapegrad reads and writes, declared from the specification rather than vendored
// (tapegrad needs ten declarations of the header's many, on the CPU only). The layout is the
// specification's, checked below; the struct names are the official header's, so a program
// that includes that header gets the same types for tapegrad/dlpack.hpp's functions.
#include <cstddef>
#include <cstdint>

#define TAPEGRAD_DLPACK_MAJOR_VERSION 1
#define TAPEGRAD_DLPACK_MINOR_VERSION 1

struct DLPackVersion {
  std::uint32_t major;
  std::uint32_t minor;
};

// DLDeviceType: a C enum, an int32 in every ABI DLPack supports.
enum : std::int32_t { kDLCPU = 1, kDLCUDA = 2, kDLCUDAHost = 3 };

struct DLDevice {
  std::int32_t device_type;
  std::int32_t device_id;
};

// DLDataTypeCode.
enum : std::uint8_t { kDLInt = 0, kDLUInt = 1, kDLFloat = 2, kDLBfloat = 4, kDLComplex = 5, kDLBool = 6 };

struct DLDataType {
  std::uint8_t code;
  std::uint8_t bits;
  std::uint16_t lanes;
};

struct DLTensor {
  void* data;
  DLDevice device;
  std::int32_t ndim;
  DLDataType dtype;
  std::int64_t* shape;
  std::int64_t* strides;  // in elements; null means compact row-major
  std::uint64_t byte_offset;
};

// The legacy (pre-1.0) managed tensor, in capsules named "dltensor".
struct DLManagedTensor {
  DLTensor dl_tensor;
  void* manager_ctx;
  void (*deleter)(DLManagedTensor* self);
};

#define TAPEGRAD_DLPACK_FLAG_READ_ONLY (std::uint64_t{1} << 0)
#define TAPEGRAD_DLPACK_FLAG_IS_COPIED (std::uint64_t{1} << 1)

// The versioned managed tensor of DLPack 1.x, in capsules named "dltensor_versioned".
struct DLManagedTensorVersioned {
  DLPackVersion version;
  void* manager_ctx;
  void (*deleter)(DLManagedTensorVersioned* self);
  std::uint64_t flags;
  DLTensor dl_tensor;
};

static_assert(sizeof(DLDevice) == 8 && sizeof(DLDataType) == 4, "DLPack layout");
static_assert(sizeof(void*) != 8 ||
                  (sizeof(DLTensor) == 48 && offsetof(DLTensor, shape) == 24 &&
                   sizeof(DLManagedTensor) == 64 && sizeof(DLManagedTensorVersioned) == 80 &&
                   offsetof(DLManagedTensorVersioned, dl_tensor) == 32),
              "DLPack layout on 64-bit platforms");
