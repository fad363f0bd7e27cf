#pragma once
// The tape.
//
// Invariants, written down here because everything else relies on them:
//  * Every differentiable op run while gradients are recorded (GradMode::enabled() on this
//    thread) and with at least one input that requires a gradient makes exactly one Node. The
//    node's output tensor owns it through `grad_fn`; the node owns the nodes of its inputs
//    through `inputs` (and the leaf tensors that collect gradients). A node never owns its
//    output, so the graph has no cycles, and it lives exactly as long as some tensor that
//    depends on it.
//  * A node's sequence number is larger than the numbers of all nodes it reaches (set_inputs
//    makes it so: one past the thread's last number, and past every input's), so visiting
//    nodes in decreasing number is a reverse topological sweep of the tape. Numbers come from
//    a per-thread counter: recording takes no lock, and unrelated nodes may share a number.
//  * Gradients meeting at a node or a leaf are summed (`+=`), so a value used twice gets both
//    contributions.
//  * Nothing recurses: backward walks the graph with an explicit stack, and destroying a node
//    unlinks the chain behind it iteratively, so a million-node chain is safe.
//  * One sweep at a time per node: backward passes in several threads may share leaves, but a
//    sweep that reaches a node another thread's sweep is working on throws, never races.
//  * Tensors saved for backward hold their storage and the storage's version at save time; an
//    in-place change through tapegrad after that makes the backward throw instead of
//    returning a wrong gradient. After a backward without retain_graph the saved tensors are
//    freed and a second backward through the same nodes throws.
#include <array>
#include <atomic>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <vector>

#include "tapegrad/tensor.hpp"

namespace tapegrad {
namespace detail {
class Recorder;  // a Plan being recorded (cpp/src/plan/recorder.hpp)
}

// Whether ops record nodes on this thread. Recording is per thread: no lock on the hot path.
struct GradMode {
  static bool enabled() noexcept;
  static void set_enabled(bool enabled) noexcept;
};

// Turns recording on or off for its lifetime, restoring the previous state (as
// torch.set_grad_enabled used as a context manager).
class GradModeGuard {
 public:
  explicit GradModeGuard(bool enabled) noexcept : previous_(GradMode::enabled()) {
    GradMode::set_enabled(enabled);
  }
  ~GradModeGuard() { GradMode::set_enabled(previous_); }
  GradModeGuard(const GradModeGuard&) = delete;
  GradModeGuard& operator=(const GradModeGuard&) = delete;

 private:
  bool previous_;
};

// Turns recording off for its lifetime (as torch.no_grad()).
class NoGradGuard : public GradModeGuard {
 public:
  NoGradGuard() noexcept : GradModeGuard(false) {}
};

// Whether backward checks what each node's backward returns for NaN (tg.detect_anomaly(), as
// torch.autograd.detect_anomaly). Per thread like GradMode, and off by default: when off the
// sweep reads one thread-local flag per backward() and nothing else. When on, the first node
// whose backward produces a NaN gradient makes backward() throw std::runtime_error naming the
// node, the input index and its shape; no .grad is changed.
struct AnomalyMode {
  static bool enabled() noexcept;
  static void set_enabled(bool enabled) noexcept;
};

// Turns the NaN check on (or off) for its lifetime, restoring the previous state.
class AnomalyModeGuard {
 public:
  explicit AnomalyModeGuard(bool enabled = true) noexcept : previous_(AnomalyMode::enabled()) {
    AnomalyMode::set_enabled(enabled);
  }
  ~AnomalyModeGuard() { AnomalyMode::set_enabled(previous_); }
  AnomalyModeGuard(const AnomalyModeGuard&) = delete;
  AnomalyModeGuard& operator=(const AnomalyModeGuard&) = delete;

 private:
  bool previous_;
};

// Whether each new node keeps a weak link to the tensor it produced (Node::output), for tools
// that draw the graph with its intermediate values. Process-wide, and off unless turned on (the
// Python module turns it on when imported): the link keeps the header of every intermediate
// tensor allocated for as long as the graph lives, which on a chain of scalar ops spills the
// tape out of the L2 cache. retain_grad() links its own tensor either way.
struct OutputLinks {
  static bool enabled() noexcept;
  static void set_enabled(bool enabled) noexcept;
};

// Where a node sends the gradient of one of its inputs: the node that produced the input, or
// the leaf tensor that accumulates it. Both empty when that input needs no gradient.
struct Edge {
  std::shared_ptr<Node> node;
  std::shared_ptr<TensorImpl> leaf;
  bool needed() const noexcept { return node || leaf; }
};

// A tensor's values kept for backward: its storage, where its element 0 lies in it, and the
// storage's version when saved, without the shape (for nodes that know it otherwise, such as an
// elementwise op from its gradient). The tensor must be contiguous (ops save their contiguous
// inputs). It does not keep the tensor's own node alive (saving an op's output must not make a
// cycle). Its unpack() has no history: a node that saves its inputs this way (to stay small)
// joins them to their history itself in backward_graph (input_history below).
class SavedStorage {
 public:
  SavedStorage() = default;  // nothing saved: an input whose values backward will not need
  explicit SavedStorage(const Tensor& tensor);
  // The saved values' first element; throws std::runtime_error if they were freed or changed in
  // place since (`shape` names the tensor in the message).
  const void* get(const Node& owner, const Shape& shape) const;
  // The saved values as a tensor of `shape` and `dtype`, after the same checks.
  Tensor unpack(const Node& owner, const Shape& shape, DType dtype) const;
  void reset() noexcept { storage_.reset(); }

 private:
  std::shared_ptr<Storage> storage_;
  std::uint64_t version_ = 0;
  std::int64_t offset_ = 0;  // bytes from the storage's start to element 0
};

// A tensor kept for backward: its values, shape and dtype, and where it came from (an input of
// the owner, the owner's own output, or neither), so that a backward recorded for higher-order
// gradients (create_graph) unpacks it with its history: an input as the tensor its producer made
// (or the leaf itself), the output with the owner as its grad_fn. Noting it costs one word and
// no reference count.
class SavedTensor {
 public:
  SavedTensor() = default;
  explicit SavedTensor(const Tensor& tensor);
  // The saved values; throws std::runtime_error if they were freed or changed in place since.
  // While gradients are recorded (in Node::backward_graph) the tensor carries its history.
  Tensor unpack(const Node& owner) const;
  const Shape& shape() const noexcept { return shape_; }
  DType dtype() const noexcept { return dtype_; }
  void reset() noexcept { values_.reset(); }

 private:
  // Where the values came from, in one word: the producing node's address (an input made by an
  // op), the leaf's TensorImpl address tagged with kLeaf (an input that is a leaf), kOutput (the
  // owner's own output), or 0 (nothing upstream: a constant). Nodes and TensorImpls are aligned
  // to 8 bytes, so the low bits are free for the tags.
  static constexpr std::uintptr_t kLeaf = 1, kOutput = 2;
  Tensor with_history(const Node& owner, Tensor values) const;

  SavedStorage values_;
  Shape shape_;
  DType dtype_ = DType::Float64;
  std::uintptr_t origin_ = 0;
};

// `values` (the saved values of the owner's input `k`) joined to that input's history: the leaf
// itself, or the values with the input's producer as grad_fn. For backward_graph of nodes that
// keep their inputs as SavedStorage.
Tensor input_history(const Node& owner, int k, Tensor values);

// One op on the tape. Subclasses (one per op, next to the op's forward) implement backward().
class Node {
 public:
  static constexpr int kMaxInputs = 3;
  using Grads = std::array<Tensor, kMaxInputs>;

  explicit Node(const char* name) noexcept;
  virtual ~Node();
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;

  const char* name() const noexcept { return name_; }
  std::uint64_t sequence_nr() const noexcept { return sequence_nr_; }
  int num_inputs() const noexcept { return num_inputs_; }
  const Edge& input(int i) const { return inputs_[static_cast<std::size_t>(i)]; }
  bool released() const noexcept { return released_; }

  // Given the gradient of the output, the gradient of each input (undefined where an input
  // needs none). Runs with recording off. The node owns grad_output: it may hand it on as an
  // input's gradient, or write into its buffer when nobody else holds it (a chain then moves one
  // buffer from node to node without allocating or touching a reference count).
  virtual Grads backward(Tensor grad_output) = 0;

  // The same gradients for backward(create_graph=True): runs with recording on and must build
  // them from tapegrad ops on grad_output and on the saved tensors (which then unpack with their
  // history), never by writing into a buffer, so that they are differentiable in turn. A node
  // whose backward() is made of such ops returns backward(); a node with a fused kernel writes
  // its rule with ops. The default throws std::runtime_error naming the node: a gradient that
  // silently lacked its second-order terms would be a wrong answer.
  virtual Grads backward_graph(Tensor grad_output);

  // For a Plan being recorded (tapegrad/plan.hpp): after backward() has run, describes it as
  // steps of `recorder` that read the gradient in slot `grad_output` and make `grads`. The
  // default refuses (detail::replay_error naming the node): a node replays only when its rule
  // has been written as steps.
  virtual void record_backward(detail::Recorder& recorder, int grad_output, const Grads& grads);
  // True for a node whose backward() is made only of ops: while a plan records, it runs with
  // recording on, and its ops record their own steps (or refuse).
  virtual bool backward_is_ops() const noexcept { return false; }

  // Wires the node to its inputs and numbers it; called once by the op that made it.
  void set_inputs(std::initializer_list<const Tensor*> inputs);
  // Frees what backward needed; later backward() calls through this node throw.
  void release();

  // The tensor this node produced, while it lives, when OutputLinks was on as it was recorded or
  // the tensor retains its gradient (for drawing the graph, and for retain_grad).
  std::weak_ptr<TensorImpl> output;
  // Engine bookkeeping. A sweep claims a node when it first sends it a gradient and lets go once
  // the node's backward has run, so a second thread's sweep reaching the same node meanwhile
  // throws std::runtime_error instead of racing on pending_grad.
  Tensor pending_grad;
  std::atomic<const void*> claimed_by{nullptr};
  bool output_retains_grad = false;  // set by retain_grad(): spares the sweep a weak_ptr lock per node

 protected:
  virtual void release_saved() noexcept {}

 private:
  // The small fields share one 8-byte slot after output_retains_grad: at 168 bytes a node with
  // one 8-byte field of its own (Affine's alpha) and its reference counts fills three cache
  // lines, not four.
  bool released_ = false;
  int num_inputs_ = 0;
  std::uint64_t sequence_nr_;
  const char* name_;
  std::array<Edge, kMaxInputs> inputs_;
};

// Writing a custom op (a differentiable function of your own, as torch.autograd.Function; see
// examples/cpp/custom_op.cpp):
//  1. Subclass Node. Give it SavedTensor members for the values backward needs and implement
//     backward(grad_output): one gradient per input, in set_inputs' order, each of its input's
//     shape (undefined where input(i).needed() is false). It runs with recording off.
//  2. For higher-order gradients also override backward_graph(grad_output) with the same rule
//     built from tapegrad ops (return backward(g) when backward() is made only of ops): in a
//     recorded backward the SavedTensors unpack with their history.
//  3. In the forward: compute the output (with any kernel or under NoGradGuard), then, when
//     GradMode::enabled() and some input requires a gradient, make the node, call
//     node->set_inputs({&a, &b}) (at most Node::kMaxInputs), set_history(out, node), and only
//     then save: SavedTensor(a) for an input, SavedTensor(out) for the output (saved after
//     set_history it is known as the node's own output, so it does not keep the node alive and
//     unpacks with the node as its grad_fn in a recorded backward). Saved tensors must be
//     contiguous.

// Makes `node` the producer of `output` (its grad_fn; output then requires a gradient), as a
// built-in op does when it records itself. `output` must be a new tensor made by the op: throws
// std::invalid_argument for a view (its history follows its base) or a tensor that already
// requires a gradient (a leaf or another op's output), and for an undefined tensor or node.
void set_history(Tensor& output, std::shared_ptr<Node> node);

// Runs a reverse sweep from `root`, seeded with `grad_root` (same shape as root).
void run_backward(const Tensor& root, const Tensor& grad_root, bool retain_graph);

namespace autograd {

// torch.autograd.backward: sums d(tensors)/d(leaf), weighted by grad_tensors, into each leaf's
// grad() (only into `inputs`' when given: leaves or non-leaf tensors). grad_tensors may be empty
// (or hold undefined tensors) for one-element outputs. retain_graph defaults to create_graph.
// With create_graph the backward pass is itself recorded: the gradients have a grad_fn and can be
// differentiated again. Throws std::runtime_error, changing no gradient, as Tensor::backward.
void backward(const std::vector<Tensor>& tensors, const std::vector<Tensor>& grad_tensors = {},
              std::optional<bool> retain_graph = std::nullopt, bool create_graph = false,
              const std::vector<Tensor>& inputs = {});

// torch.autograd.grad: the gradients of `outputs` (weighted by grad_outputs) with respect to each
// of `inputs`, returned rather than accumulated (no grad() changes). An input the outputs do not
// depend on throws std::runtime_error unless allow_unused, which gives an undefined tensor in its
// place. With create_graph the results are differentiable (Hessian-vector products: grad of a
// grad). Only the nodes between the outputs and the inputs run.
std::vector<Tensor> grad(const std::vector<Tensor>& outputs, const std::vector<Tensor>& inputs,
                         const std::vector<Tensor>& grad_outputs = {},
                         std::optional<bool> retain_graph = std::nullopt, bool create_graph = false,
                         bool allow_unused = false);

}  // namespace autograd

}  // namespace tapegrad
