#pragma once
// Whether a gradient buffer may be written in place.
#include "tapegrad/tensor.hpp"

namespace tapegrad::detail {

// True when `t` is the only handle to its state and to its storage (no copies, no views). The
// gradients flowing down a chain are, and writing into them spares an allocation per node.
// Safe across threads: with a count of one there is no other holder that could copy it.
inline bool sole_owner(const Tensor& t) noexcept {
  return t.impl_ptr().use_count() == 1 && t.impl()->storage.use_count() == 1;
}

}  // namespace tapegrad::detail
