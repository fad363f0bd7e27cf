// The reverse sweep.
//
// A node joins a max-heap on its sequence number when it first receives a gradient. Every
// consumer of a node has a larger number, so when the node is popped all contributions to its
// gradient have arrived: the sweep is topological with no hash set, no sort and no recursion.
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "tapegrad/autograd.hpp"
#include "tapegrad/ops.hpp"

namespace tapegrad {

namespace {

struct LaterFirst {
  bool operator()(const Node* a, const Node* b) const { return a->sequence_nr() < b->sequence_nr(); }
};

// grad += incoming. Out of place: a node may pass one gradient tensor to several inputs (as
// add does), so pending gradients are shared and must never be written into.
void accumulate(Tensor& grad, const Tensor& incoming) {
  grad = grad.defined() ? add(grad, incoming) : incoming;
}

// leaf.grad += incoming, in leaf.grad's own buffer (made on first use). Also used for non-leaf
// tensors that retain their gradient.
void accumulate_into_leaf(TensorImpl& leaf, const Tensor& incoming) {
  std::lock_guard<std::mutex> lock(leaf.grad_mutex);
  if (leaf.grad.defined()) {
    add_(leaf.grad, incoming);
  } else if (incoming.impl_ptr().use_count() == 1 && incoming.storage().use_count() == 1) {
    leaf.grad = incoming;  // nobody else holds it: adopt it rather than copy
  } else {
    // A buffer of the leaf's own: incoming is shared with other gradients or views.
    leaf.grad = Tensor::empty(leaf.shape, leaf.dtype);
    copy_(leaf.grad, incoming);
  }
}

void check_grad_shape(const Node& node, const Tensor& grad, const Shape& expected) {
  if (grad.shape() != expected) {
    throw std::logic_error(std::string("internal error: ") + node.name() + " returned a gradient of shape " +
                           grad.shape().str() + " for an input of shape " + expected.str());
  }
}

void throw_if_released(const Node& node) {
  if (node.released()) {
    throw std::runtime_error(std::string("trying to backward through ") + node.name() +
                             " a second time, but its saved tensors were freed after the first "
                             "backward; pass retain_graph=True to the first backward()");
  }
}

// Under detect_anomaly(): the first NaN in what a node's backward returned stops the sweep, naming
// the node, which input the gradient is for, and that input's shape and origin.
void check_for_nan(const Node& node, const Node::Grads& grads) {
  for (int k = 0; k < node.num_inputs(); ++k) {
    const Tensor& g = grads[static_cast<std::size_t>(k)];
    if (!g.defined() || !node.input(k).needed()) continue;
    const bool has_nan = dispatch(g.dtype(), [&](auto zero) {
      using T = decltype(zero);
      const T* p = g.data<T>();
      return std::any_of(p, p + g.numel(), [](T v) { return std::isnan(v); });
    });
    if (!has_nan) continue;
    const Edge& edge = node.input(k);
    throw std::runtime_error(std::string("anomaly detected: the backward of ") + node.name() + " (node #" +
                             std::to_string(node.sequence_nr()) + ") returned NaN in the gradient of its input " +
                             std::to_string(k) + " (shape " + g.shape().str() + ", " +
                             (edge.leaf ? std::string("a leaf tensor") : std::string("the output of ") + edge.node->name()) +
                             "); no .grad was changed");
  }
}

// A gradient for a leaf (or a tensor that retains its gradient), applied when the whole sweep
// has succeeded: a backward that throws halfway (a freed graph, a tensor changed in place)
// leaves every .grad as it was.
struct DeferredGrad {
  std::shared_ptr<TensorImpl> tensor;
  Tensor grad;
};

// Sends a node's input gradients along its edges: to leaves (deferred), to nodes through the heap.
void propagate(const Node& node, const Node::Grads& grads, std::vector<Node*>& heap,
               std::vector<DeferredGrad>& deferred) {
  for (int k = 0; k < node.num_inputs(); ++k) {
    const Edge& edge = node.input(k);
    const Tensor& g = grads[static_cast<std::size_t>(k)];
    if (!edge.needed() || !g.defined()) continue;
    if (edge.leaf) {
      check_grad_shape(node, g, edge.leaf->shape);
      deferred.push_back({edge.leaf, g});
      continue;
    }
    Node& input = *edge.node;
    const bool first = !input.pending_grad.defined();
    accumulate(input.pending_grad, g);
    if (first) {
      heap.push_back(&input);
      std::push_heap(heap.begin(), heap.end(), LaterFirst{});
    }
  }
}

}  // namespace

void run_backward(const Tensor& root, const Tensor& grad_root, bool retain_graph) {
  NoGradGuard no_grad;  // backward itself is never recorded
  if (root.is_leaf()) {
    accumulate_into_leaf(*root.impl(), grad_root);
    return;
  }
  Node* first = root.grad_fn().get();
  throw_if_released(*first);
  std::vector<Node*> heap{first};
  std::vector<DeferredGrad> deferred;
  first->pending_grad = grad_root;
  const bool detect_anomaly = AnomalyMode::enabled();  // read once: free when off
  try {
    while (!heap.empty()) {
      std::pop_heap(heap.begin(), heap.end(), LaterFirst{});
      Node* node = heap.back();
      heap.pop_back();
      throw_if_released(*node);
      Tensor grad = std::move(node->pending_grad);
      node->pending_grad = Tensor();
      if (auto out = node->output_retains_grad ? node->output.lock() : nullptr; out && out->retains_grad) {
        // Into a buffer of its own, as for a leaf: `grad` may be shared with other tensors'
        // gradients, and the user can write to or zero this one through its NumPy view.
        deferred.push_back({out, grad});
      }
      const Node::Grads grads = node->backward(grad);
      if (detect_anomaly) check_for_nan(*node, grads);
      propagate(*node, grads, heap, deferred);
      if (!retain_graph) node->release();
    }
  } catch (...) {
    for (Node* node : heap) node->pending_grad = Tensor();
    throw;
  }
  for (DeferredGrad& d : deferred) {
    const Tensor g = std::move(d.grad);  // the last holder, unless shared: then it is copied
    accumulate_into_leaf(*d.tensor, g);
  }
}

}  // namespace tapegrad
