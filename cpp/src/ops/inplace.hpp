#pragma once
// The machinery behind every in-place update (ops.hpp states the rules).
#include <functional>
#include <initializer_list>

#include "tapegrad/tensor.hpp"

namespace tapegrad::detail {

// Updates x in place. When the update is not recorded, `direct` writes x's memory itself (an
// update of a few elements then costs only them). When it is, `out_of_place` computes x's new
// values from a clone of x (so nothing it saves is overwritten), and they become x's values and
// history. `others` are the update's operands, checked for gradients. Bumps x's version.
Tensor& update_in_place(Tensor& x, const char* name, std::initializer_list<const Tensor*> others,
                        const std::function<void(Tensor&)>& direct,
                        const std::function<Tensor(const Tensor&)>& out_of_place);

// x's memory = values (broadcast to x's shape), converted to x's dtype, or += with `accumulate`.
// Copies values first when they share x's memory. No tape, no version bump.
void write_values(const Tensor& x, const Tensor& values, bool accumulate = false);

}  // namespace tapegrad::detail
