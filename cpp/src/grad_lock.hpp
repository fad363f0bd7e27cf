#pragma once
// The lock that guards a tensor's gradient while threads sum into it.
#include <mutex>

#include "tapegrad/tensor.hpp"

namespace tapegrad::detail {

// One of a fixed set of mutexes, picked by the tensor's address: a tensor keeps no mutex of its
// own (40 bytes on every intermediate value), and two leaves rarely share one.
std::mutex& grad_mutex(const TensorImpl& tensor) noexcept;

}  // namespace tapegrad::detail
