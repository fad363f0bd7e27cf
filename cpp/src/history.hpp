#pragma once
// What a saved tensor needs to unpack with its history in a recorded backward (create_graph):
// which tensor the op being recorded produces (so that saving it marks it as the node's output),
// and which node's backward_graph is running (so that the output unpacks with that node as its
// grad_fn). Both per thread, set for a short scope, read rarely.
#include <memory>

#include "tapegrad/autograd.hpp"

namespace tapegrad::detail {

// Set by record() while it builds a node, around the node's constructor.
class RecordingOutput {
 public:
  explicit RecordingOutput(const TensorImpl* out) noexcept;
  ~RecordingOutput();
  RecordingOutput(const RecordingOutput&) = delete;
  RecordingOutput& operator=(const RecordingOutput&) = delete;
  static const TensorImpl* current() noexcept;

 private:
  const TensorImpl* previous_;
};

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
