// The reverse sweep.
//
// A node joins a max-heap on its sequence number when it first receives a gradient. Every
// consumer of a node has a larger number, so when the node is popped all contributions to its
// gradient have arrived: the sweep is topological with no hash set, no sort and no recursion.
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "grad_lock.hpp"
#include "ops/elementwise_kernels.hpp"
#include "sole_owner.hpp"
#include "tapegrad/autograd.hpp"
#include "tapegrad/ops.hpp"

namespace tapegrad {

namespace {

struct LaterFirst {
  bool operator()(const Node* a, const Node* b) const { return a->sequence_nr() < b->sequence_nr(); }
};

// grad += incoming. In grad's own buffer when nobody else holds it (the usual case once a first
// sum has been made); otherwise out of place: a node may pass one gradient tensor to several
// inputs (as add does), and such shared gradients must never be written into.
void accumulate(Tensor& grad, Tensor&& incoming) {
  if (!grad.defined()) {
    grad = std::move(incoming);
  } else if (detail::sole_owner(grad) && grad.shape() == incoming.shape() &&
             grad.dtype() == incoming.dtype()) {
    detail::add_into(grad, incoming);  // nobody else sees this buffer: no checks, no version
  } else {
    grad = add(grad, incoming);
  }
}

// leaf.grad += incoming, in leaf.grad's own buffer (made on first use). Also used for non-leaf
// tensors that retain their gradient.
void accumulate_into_leaf(TensorImpl& leaf, const Tensor& incoming) {
  std::lock_guard<std::mutex> lock(detail::grad_mutex(leaf));
  if (leaf.grad.defined()) {
    add_(leaf.grad, incoming);
  } else if (detail::sole_owner(incoming)) {
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
    const bool has_nan = dispatch_floating(g.dtype(), "detect_anomaly", [&](auto zero) {
      using T = decltype(zero);
      const T* p = g.data<T>();
      return std::any_of(p, p + g.numel(), [](T v) { return std::isnan(v); });
    });
    if (!has_nan) continue;
    const Edge& edge = node.input(k);
    throw std::runtime_error(
        std::string("anomaly detected: the backward of ") + node.name() + " (node #" +
        std::to_string(node.sequence_nr()) + ") returned NaN in the gradient of its input " +
        std::to_string(k) + " (shape " + g.shape().str() + ", " +
        (edge.leaf ? std::string("a leaf tensor") : std::string("the output of ") + edge.node->name()) +
        "); no .grad was changed");
  }
}

// Gradients for leaves (and tensors that retain theirs), summed per tensor during the sweep and
// applied when the whole sweep has succeeded: a backward that throws halfway (a freed graph, a
// tensor changed in place) leaves every .grad as it was. A weight used a thousand times gets
// one locked update, not a thousand.
class LeafGrads {
 public:
  void add(const std::shared_ptr<TensorImpl>& tensor, Tensor&& grad) {
    if (Entry* entry = find(tensor.get())) {
      accumulate(entry->grad, std::move(grad));
      return;
    }
    if (entries_.size() == kLinearScan) index_all();
    if (entries_.size() >= kLinearScan) index_.emplace(tensor.get(), entries_.size());
    entries_.push_back({tensor, std::move(grad)});
  }

  // Moves each sum into its tensor's .grad (adopted when nobody else holds it).
  void apply() {
    for (Entry& entry : entries_) {
      const Tensor grad = std::move(entry.grad);
      accumulate_into_leaf(*entry.tensor, grad);
    }
  }

 private:
  struct Entry {
    std::shared_ptr<TensorImpl> tensor;
    Tensor grad;
  };
  // A few leaves are searched in order; past that a hash map finds them.
  static constexpr std::size_t kLinearScan = 8;

  Entry* find(const TensorImpl* tensor) {
    if (entries_.size() <= kLinearScan) {
      for (Entry& entry : entries_) {
        if (entry.tensor.get() == tensor) return &entry;
      }
      return nullptr;
    }
    const auto it = index_.find(tensor);
    return it == index_.end() ? nullptr : &entries_[it->second];
  }

  void index_all() {
    for (std::size_t i = 0; i < entries_.size(); ++i) index_.emplace(entries_[i].tensor.get(), i);
  }

  std::vector<Entry> entries_;
  std::unordered_map<const TensorImpl*, std::size_t> index_;
};

// Claims `node` for the sweep `sweep` on its first gradient (true), or finds it already claimed
// by this sweep (false). A node claimed by a sweep in another thread makes this one throw.
bool claim(Node& node, const void* sweep) {
  const void* owner = node.claimed_by.load(std::memory_order_acquire);
  if (owner == sweep) return false;
  if (owner == nullptr && node.claimed_by.compare_exchange_strong(owner, sweep, std::memory_order_acq_rel)) {
    return true;
  }
  throw std::runtime_error(std::string("backward() reached ") + node.name() +
                           " while another thread's backward() was running through it; backward passes "
                           "through shared intermediate results must run one after the other (shared "
                           "leaves are fine: docs/threads.md)");
}

// Sends a node's input gradients along its edges: to leaves (summed for later), to nodes
// through the heap. Takes the gradients over: moving them on keeps a chain's gradient the sole
// handle to its buffer, so the next node can work in place.
void propagate(const Node& node, Node::Grads& grads, std::vector<Node*>& heap, LeafGrads& leaf_grads) {
  const void* sweep = &heap;
  for (int k = 0; k < node.num_inputs(); ++k) {
    const Edge& edge = node.input(k);
    Tensor& g = grads[static_cast<std::size_t>(k)];
    if (!edge.needed() || !g.defined()) continue;
    if (edge.leaf) {
      check_grad_shape(node, g, edge.leaf->shape);
      leaf_grads.add(edge.leaf, std::move(g));
      continue;
    }
    Node& input = *edge.node;
    if (claim(input, sweep)) {
      heap.push_back(&input);
      std::push_heap(heap.begin(), heap.end(), LaterFirst{});
    }
    accumulate(input.pending_grad, std::move(g));
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
  std::vector<Node*> heap{first};
  claim(*first, &heap);
  LeafGrads leaf_grads;
  first->pending_grad = grad_root;
  const bool detect_anomaly = AnomalyMode::enabled();  // read once: free when off
  Node* node = nullptr;                                // the node being worked on: popped, still claimed
  try {
    while (!heap.empty()) {
      std::pop_heap(heap.begin(), heap.end(), LaterFirst{});
      node = heap.back();
      heap.pop_back();
      throw_if_released(*node);
      Tensor grad = std::move(node->pending_grad);  // leaves pending_grad undefined
      if (auto out = node->output_retains_grad ? node->output.lock() : nullptr; out && out->retains_grad) {
        // Into a buffer of its own, as for a leaf: `grad` may be shared with other tensors'
        // gradients, and the user can write to or zero this one through its NumPy view.
        leaf_grads.add(out, Tensor(grad));
      }
      Node::Grads grads = node->backward(std::move(grad));
      for (Tensor& g : grads) {  // gradients are summed by plain loops
        if (g.defined() && !g.is_contiguous()) g = g.contiguous();
      }
      if (detect_anomaly) check_for_nan(*node, grads);
      propagate(*node, grads, heap, leaf_grads);
      if (!retain_graph) node->release();
      node->claimed_by.store(nullptr, std::memory_order_release);
      node = nullptr;
    }
  } catch (...) {
    if (node) node->claimed_by.store(nullptr, std::memory_order_release);
    for (Node* waiting : heap) {
      waiting->pending_grad = Tensor();
      waiting->claimed_by.store(nullptr, std::memory_order_release);
    }
    throw;
  }
  leaf_grads.apply();
}

}  // namespace tapegrad
