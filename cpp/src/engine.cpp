// The reverse sweep.
#include <algorithm>
#include <stdexcept>
#include <string>
#include <unordered_set>
#include <vector>

#include "tapegrad/autograd.hpp"
#include "tapegrad/ops.hpp"

namespace tapegrad {

namespace {

// Every node reachable from root, in decreasing sequence number: a reverse topological order.
std::vector<Node*> nodes_in_backward_order(Node* root) {
  std::vector<Node*> order{root};
  std::unordered_set<Node*> seen{root};
  for (std::size_t i = 0; i < order.size(); ++i) {
    Node* node = order[i];
    for (int k = 0; k < node->num_inputs(); ++k) {
      Node* input = node->input(k).node.get();
      if (input && seen.insert(input).second) order.push_back(input);
    }
  }
  std::sort(order.begin(), order.end(),
            [](const Node* a, const Node* b) { return a->sequence_nr() > b->sequence_nr(); });
  return order;
}

// grad += incoming. Out of place: a node may pass one gradient tensor to several inputs (as
// add does), so pending gradients are shared and must never be written into.
void accumulate(Tensor& grad, const Tensor& incoming) {
  grad = grad.defined() ? add(grad, incoming) : incoming;
}

void accumulate_into_leaf(TensorImpl& leaf, const Tensor& incoming) {
  std::lock_guard<std::mutex> lock(leaf.grad_mutex);
  if (leaf.grad.defined()) {
    add_(leaf.grad, incoming);
  } else {
    // A fresh buffer of the leaf's own: incoming may be shared with other gradients.
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

}  // namespace

void run_backward(const Tensor& root, const Tensor& grad_root, bool retain_graph) {
  NoGradGuard no_grad;  // backward itself is never recorded
  if (root.is_leaf()) {
    accumulate_into_leaf(*root.impl(), grad_root);
    return;
  }
  std::vector<Node*> order = nodes_in_backward_order(root.grad_fn().get());
  for (Node* node : order) {
    if (node->released()) {
      throw std::runtime_error(std::string("trying to backward through ") + node->name() +
                               " a second time, but its saved tensors were freed after the first "
                               "backward; pass retain_graph=True to the first backward()");
    }
  }
  order.front()->pending_grad = grad_root;
  try {
    for (Node* node : order) {
      Tensor grad = std::move(node->pending_grad);
      node->pending_grad = Tensor();
      if (!grad.defined()) continue;  // no path from root carried a gradient here
      if (auto out = node->output.lock(); out && out->retains_grad) {
        std::lock_guard<std::mutex> lock(out->grad_mutex);
        accumulate(out->grad, grad);
      }
      Node::Grads grads = node->backward(grad);
      for (int k = 0; k < node->num_inputs(); ++k) {
        const Edge& edge = node->input(k);
        const Tensor& g = grads[static_cast<std::size_t>(k)];
        if (!edge.needed() || !g.defined()) continue;
        if (edge.leaf) {
          check_grad_shape(*node, g, edge.leaf->shape);
          accumulate_into_leaf(*edge.leaf, g);
        } else {
          accumulate(edge.node->pending_grad, g);
        }
      }
      if (!retain_graph) node->release();
    }
  } catch (...) {
    for (Node* node : order) node->pending_grad = Tensor();
    throw;
  }
}

}  // namespace tapegrad
