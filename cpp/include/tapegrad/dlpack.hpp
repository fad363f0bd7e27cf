#pragma once
// Sharing tensors with other libraries through DLPack (https://dmlc.github.io/dlpack/), the
// protocol behind __dlpack__ and from_dlpack in NumPy, PyTorch, JAX, CuPy, ...
//
// The DLPack structs are declared here only by name: a program that uses these functions
// includes DLPack's own dlpack.h (version 1.x) for their members.
#include "tapegrad/tensor.hpp"

struct DLManagedTensor;
struct DLManagedTensorVersioned;

namespace tapegrad {

// A DLPack 1.x managed tensor sharing t's memory (its own shape and strides: views keep their
// layout), or a compact copy of it with `copy`. The caller owns the result and frees it with its
// deleter, which may run on any thread; t's memory lives until then.
DLManagedTensorVersioned* to_dlpack_versioned(const Tensor& t, bool copy = false);
// The same as a legacy (pre-1.0) managed tensor, for consumers that read no other.
DLManagedTensor* to_dlpack(const Tensor& t);

// A tensor over the managed tensor's memory (no copy), with its shape and strides: writes show
// on both sides. Takes ownership in every case: the deleter runs once the last tensor sharing
// the memory is gone, or before from_dlpack throws. Throws std::invalid_argument for memory not
// on the CPU, more than 8 dimensions, misaligned data, a read-only tensor, or a DLPack major
// version above 1; tapegrad::type_error for an element type other than tapegrad's six.
Tensor from_dlpack(DLManagedTensorVersioned* managed);
Tensor from_dlpack(DLManagedTensor* managed);

// Runs a managed tensor's deleter, if it has one (for code that holds a managed tensor it will
// not import, without DLPack's header: a Python capsule's destructor).
void release_dlpack(DLManagedTensorVersioned* managed) noexcept;
void release_dlpack(DLManagedTensor* managed) noexcept;

}  // namespace tapegrad
