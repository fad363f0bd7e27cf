#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include "history.hpp"
#include "ops/views.hpp"
#include "plan/recorder.hpp"
#include "tapegrad/autograd.hpp"

namespace tapegrad {

namespace {
// Per thread, so recording takes no lock and no atomic; set_inputs lifts a node above inputs
// recorded on other threads.
thread_local std::uint64_t next_sequence_nr = 0;
thread_local const std::shared_ptr<Node>* running_node = nullptr;
}  // namespace

namespace detail {
RunningNode::RunningNode(const std::shared_ptr<Node>& node) noexcept : previous_(running_node) {
  running_node = &node;
}
RunningNode::~RunningNode() { running_node = previous_; }
const std::shared_ptr<Node>* RunningNode::current() noexcept { return running_node; }
}  // namespace detail

Node::Grads Node::backward_graph(Tensor) {
  throw std::runtime_error(std::string("higher-order gradients through ") + name_ +
                           " are not supported: its backward cannot be recorded (create_graph=True)");
}

Node::Node(const char* name) noexcept : sequence_nr_(0), name_(name) {}

// Destroying the last tensor of a long chain would destroy node after node recursively and
// overflow the stack. Instead, a dying node hands the input nodes it alone owns to a local
// stack, and those are unlinked one at a time.
Node::~Node() {
  std::vector<std::shared_ptr<Node>> orphans;
  auto adopt_inputs = [&orphans](Node& node) {
    for (int i = 0; i < node.num_inputs_; ++i) {
      auto& input = node.inputs_[static_cast<std::size_t>(i)].node;
      if (input && input.use_count() == 1) orphans.push_back(std::move(input));
      input.reset();
    }
    node.num_inputs_ = 0;  // done: its own destructor need not look again
  };
  adopt_inputs(*this);
  while (!orphans.empty()) {
    std::shared_ptr<Node> node = std::move(orphans.back());
    orphans.pop_back();
    adopt_inputs(*node);
    // node dies here with no input nodes left, so its own destructor does not recurse.
  }
}

void Node::set_inputs(std::initializer_list<const Tensor*> inputs) {
  num_inputs_ = 0;
  std::uint64_t sequence_nr = next_sequence_nr;
  for (const Tensor* t : inputs) {
    Edge& edge = inputs_[static_cast<std::size_t>(num_inputs_++)];
    TensorImpl* impl = t ? t->impl() : nullptr;
    if (!impl || !impl->requires_grad) continue;
    if (impl->view) detail::refresh_view_history(*t);
    if (impl->grad_fn) {
      edge.node = impl->grad_fn;
      sequence_nr = std::max(sequence_nr, edge.node->sequence_nr_ + 1);
    } else {
      edge.leaf = t->impl_ptr();
    }
  }
  sequence_nr_ = sequence_nr;
  next_sequence_nr = sequence_nr + 1;
}

void set_history(Tensor& output, std::shared_ptr<Node> node) {
  if (!output.defined() || !node) throw std::invalid_argument("set_history: undefined output tensor or node");
  TensorImpl* impl = output.impl();
  if (impl->view) {
    throw std::invalid_argument("set_history: the output of shape " + impl->shape.str() +
                                " is a view of another tensor; give the node a tensor of its own "
                                "(clone() it)");
  }
  if (impl->requires_grad) {
    throw std::invalid_argument("set_history: the output of shape " + impl->shape.str() +
                                " already requires a gradient (a leaf or another op's result); give "
                                "the node a new tensor");
  }
  if (OutputLinks::enabled()) node->output = output.impl_ptr();
  impl->grad_fn = std::move(node);
  impl->requires_grad = true;
}

void Node::release() {
  released_ = true;
  release_saved();
}

SavedStorage::SavedStorage(const Tensor& tensor)
    : storage_(tensor.storage()),
      version_(storage_->version()),
      offset_(static_cast<const unsigned char*>(tensor.raw_data()) -
              static_cast<const unsigned char*>(storage_->data())) {}

Tensor SavedStorage::unpack(const Node& owner, const Shape& shape, DType dtype) const {
  get(owner, shape);  // throws when freed or changed
  return detail::alias_storage(storage_, offset_, shape, dtype);
}

SavedTensor::SavedTensor(const Tensor& tensor)
    : values_(tensor), shape_(tensor.shape()), dtype_(tensor.dtype()) {
  const TensorImpl* impl = tensor.impl();
  if (impl->being_recorded) {
    origin_ = kOutput;
  } else if (impl->requires_grad) {
    const std::shared_ptr<Node>& producer = tensor.grad_fn();  // refreshes a view's history
    origin_ = producer ? reinterpret_cast<std::uintptr_t>(producer.get())
                       : reinterpret_cast<std::uintptr_t>(impl) | kLeaf;
  }
}

Tensor SavedTensor::unpack(const Node& owner) const {
  Tensor values = values_.unpack(owner, shape_, dtype_);
  if (origin_ == 0 || !GradMode::enabled()) return values;
  return with_history(owner, std::move(values));
}

namespace {
// The leaf itself, once its values are checked to be the saved ones.
Tensor leaf_of(const Node& owner, const std::shared_ptr<TensorImpl>& leaf, const Tensor& values) {
  if (leaf->storage != values.storage() || leaf->data != values.raw_data() || leaf->shape != values.shape()) {
    throw std::runtime_error(std::string("a leaf tensor of shape ") + values.shape().str() + " saved by " +
                             owner.name() +
                             " was given other values (.data or set_data) since; its gradient "
                             "would be wrong. Reassign it after backward()");
  }
  return Tensor(leaf);  // the leaf itself: its gradient is accumulated where it should be
}
}  // namespace

// In a recorded backward: the saved values joined to the graph where they came from. An input
// is found among the owner's edges (a saved tensor that is no input keeps no history: nothing
// upstream of it is on the owner's tape).
Tensor SavedTensor::with_history(const Node& owner, Tensor values) const {
  if (origin_ == kOutput || origin_ == reinterpret_cast<std::uintptr_t>(&owner)) {
    const std::shared_ptr<Node>* running = detail::RunningNode::current();
    if (!running || running->get() != &owner) {
      throw std::logic_error(std::string("internal error: the output saved by ") + owner.name() +
                             " was unpacked outside its node's recorded backward");
    }
    values.impl()->grad_fn = *running;
    values.impl()->requires_grad = true;
    return values;
  }
  for (int i = 0; i < owner.num_inputs(); ++i) {
    const Edge& edge = owner.input(i);
    if (origin_ == reinterpret_cast<std::uintptr_t>(edge.node.get())) {
      values.impl()->grad_fn = edge.node;
      values.impl()->requires_grad = true;
      return values;
    }
    if (edge.leaf && origin_ == (reinterpret_cast<std::uintptr_t>(edge.leaf.get()) | kLeaf)) {
      return leaf_of(owner, edge.leaf, values);
    }
  }
  return values;
}

Tensor input_history(const Node& owner, int k, Tensor values) {
  const Edge& edge = owner.input(k);
  if (edge.leaf) return leaf_of(owner, edge.leaf, values);
  if (edge.node) {
    values.impl()->grad_fn = edge.node;
    values.impl()->requires_grad = true;
  }
  return values;
}

const void* SavedStorage::get(const Node& owner, const Shape& shape) const {
  if (!storage_) {
    throw std::runtime_error(std::string("trying to backward through ") + owner.name() +
                             " a second time, but its saved tensors were freed after the first "
                             "backward; pass retain_graph=True to the first backward()");
  }
  if (storage_->version() != version_) {
    throw std::runtime_error(std::string("a tensor of shape ") + shape.str() + " saved by " + owner.name() +
                             " for backward was modified in place (version " + std::to_string(version_) +
                             ", now " + std::to_string(storage_->version()) +
                             "); its gradient would be wrong. Update it after backward(), or clone it first");
  }
  return static_cast<const unsigned char*>(storage_->data()) + offset_;
}

void Node::record_backward(detail::Recorder& recorder, int, const Grads&) {
  recorder.refuse(std::string("the backward of ") + name());
}

}  // namespace tapegrad
