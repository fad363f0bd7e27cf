#pragma once
// What a saved output needs to unpack with its history in a recorded backward (create_graph):
// which node's backward_graph is running, so that the output unpacks with that node as its
// grad_fn. Per thread, set by the engine around each call, read rarely. (That a saved tensor is
// the node's output is noted when it is saved: TensorImpl::being_recorded.)
#include <memory>

#include "tapegrad/autograd.hpp"

namespace tapegrad::detail {

// Set by the engine around a node's backward_graph.
class RunningNode {
 public:
  explicit RunningNode(const std::shared_ptr<Node>& node) noexcept;
  ~RunningNode();
  RunningNode(const RunningNode&) = delete;
  RunningNode& operator=(const RunningNode&) = delete;
  static const std::shared_ptr<Node>* current() noexcept;

 private:
  const std::shared_ptr<Node>* previous_;
};

}  // namespace tapegrad::detail
