#pragma once
// How an op puts itself on the tape.
#include <initializer_list>
#include <memory>
#include <utility>

#include "small_alloc.hpp"
#include "tapegrad/autograd.hpp"

namespace tapegrad::detail {

// An op records a node when gradients are recorded and some input requires one.
inline bool should_record(std::initializer_list<const Tensor*> inputs) {
  if (!GradMode::enabled()) return false;
  for (const Tensor* t : inputs) {
    if (t && t->defined() && t->requires_grad()) return true;
  }
  return false;
}

// Makes the node N(args...), wires it to `inputs` and makes it the producer of `out`.
template <class N, class... Args>
N& record(Tensor& out, std::initializer_list<const Tensor*> inputs, Args&&... args) {
  out.impl()->being_recorded = true;  // a SavedTensor of `out` made by N's constructor is its output
  std::shared_ptr<N> node = make_cached<N>(std::forward<Args>(args)...);
  out.impl()->being_recorded = false;
  node->set_inputs(inputs);
  if (OutputLinks::enabled()) node->output = out.impl_ptr();
  N& ref = *node;
  out.impl()->grad_fn = std::move(node);
  out.impl()->requires_grad = true;
  return ref;
}

// The gradient for input i only when that input needs it (saves work in backward).
inline bool needs_grad(const Node& node, int i) { return node.input(i).needed(); }

}  // namespace tapegrad::detail
