// The reverse sweep.
//
// A node joins a max-heap on its sequence number when it first receives a gradient. Every
// consumer of a node has a larger number, so when the node is popped all contributions to its
// gradient have arrived: the sweep is topological with no hash set, no sort and no recursion.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "grad_lock.hpp"
#include "history.hpp"
#include "ops/elementwise_kernels.hpp"
#include "plan/recorder.hpp"
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
// inputs (as add does), and such shared gradients must never be written into. A recorded
// backward (create_graph) always adds out of place, on the tape.
void sum_gradients(Tensor& grad, Tensor&& incoming, bool create_graph);

// grad += incoming, as a step of the plan being recorded (out of place into a buffer of the
// plan's; the values are the same).
[[gnu::cold]] void record_sum(detail::Recorder& rec, Tensor& grad, Tensor&& incoming) {
  if (grad.shape() != incoming.shape() || grad.dtype() != incoming.dtype()) {
    rec.refuse("a sum of gradients of different shapes or dtypes");
  }
  const int a = rec.read(grad), b = rec.read(incoming);
  {
    const detail::Recorder::Mute mute(rec);
    sum_gradients(grad, std::move(incoming), false);
  }
  const int out = rec.write(grad);
  rec.step([a, b, out](detail::Slot* s) {
    TensorImpl& o = detail::writable(s[out]);
    const TensorImpl &x = *s[a].t, &y = *s[b].t;
    dispatch(o.dtype, [&](auto zero) {
      using T = decltype(zero);
      T* po = static_cast<T*>(o.data);
      const T* px = static_cast<const T*>(x.data);
      const T* py = static_cast<const T*>(y.data);
      for (std::int64_t i = 0, n = o.shape.numel(); i < n; ++i) po[i] = detail::wrapping_add(px[i], py[i]);
    });
  });
}

[[gnu::noinline]] void add_gradient(Tensor& grad, Tensor&& incoming, bool create_graph) {
  if (!create_graph) {
    if (detail::Recorder* rec = detail::Recorder::active())
      return record_sum(*rec, grad, std::move(incoming));
  }
  sum_gradients(grad, std::move(incoming), create_graph);
}

inline void accumulate(Tensor& grad, Tensor&& incoming, bool create_graph) {
  if (!grad.defined()) {
    grad = std::move(incoming);  // the first gradient to arrive: the usual case in a chain
    return;
  }
  add_gradient(grad, std::move(incoming), create_graph);
}

void sum_gradients(Tensor& grad, Tensor&& incoming, bool create_graph) {
  if (!grad.defined()) {
    grad = std::move(incoming);
  } else if (!create_graph && detail::sole_owner(grad) && grad.shape() == incoming.shape() &&
             grad.dtype() == incoming.dtype()) {
    detail::add_into(grad, incoming);  // nobody else sees this buffer: no checks, no version
  } else {
    grad = add(grad, incoming);
  }
}

// leaf.grad += incoming, in leaf.grad's own buffer (made on first use). Also used for non-leaf
// tensors that retain their gradient. In a recorded backward the sum is on the tape instead, out
// of place, and a first gradient is kept with its history (a clone when others hold it), as
// PyTorch's AccumulateGrad does.
void add_to_leaf(TensorImpl& leaf, const Tensor& incoming, bool create_graph);

// leaf.grad += incoming as a step of the plan being recorded. The step decides as eager does
// (add in place to a .grad that is set, else make it), except that it takes the incoming buffer
// over only when no later step reads it; otherwise .grad gets a buffer of the plan's.
void record_into_leaf(detail::Recorder& rec, const std::shared_ptr<TensorImpl>& leaf,
                      const Tensor& incoming) {
  const Tensor owner(leaf);
  const int l = rec.grad_owner(owner, true), g = rec.read(incoming);
  std::shared_ptr<bool> adopt = rec.last_use(g);
  {
    const detail::Recorder::Mute mute(rec);
    add_to_leaf(*leaf, incoming, false);
  }
  const int buffer = rec.write(Tensor::empty(leaf->shape, leaf->dtype));
  rec.given(g);
  rec.given(buffer);
  rec.grad_assigned(l);
  rec.step([l, g, buffer, adopt](detail::Slot* s) {
    TensorImpl& t = *s[l].t;
    const TensorImpl& in = *s[g].t;
    if (t.grad.defined()) {
      TensorImpl& sum = *t.grad.impl();
      dispatch(sum.dtype, [&](auto zero) {  // add_into's loop
        using T = decltype(zero);
        T* d = static_cast<T*>(sum.data);
        const T* x = static_cast<const T*>(in.data);
        for (std::int64_t i = 0, n = sum.shape.numel(); i < n; ++i) d[i] = detail::wrapping_add(d[i], x[i]);
      });
      sum.storage->bump_version();
    } else if (*adopt) {
      t.grad = Tensor(s[g].t);
    } else {
      TensorImpl& own = detail::writable(s[buffer]);
      std::memcpy(own.data, in.data, static_cast<std::size_t>(in.shape.numel()) * itemsize(in.dtype));
      t.grad = Tensor(s[buffer].t);
    }
  });
}

void accumulate_into_leaf(const std::shared_ptr<TensorImpl>& leaf, const Tensor& incoming,
                          bool create_graph) {
  if (!create_graph) {
    if (detail::Recorder* rec = detail::Recorder::active()) return record_into_leaf(*rec, leaf, incoming);
  }
  add_to_leaf(*leaf, incoming, create_graph);
}

void add_to_leaf(TensorImpl& leaf, const Tensor& incoming, bool create_graph) {
  std::lock_guard<std::mutex> lock(detail::grad_mutex(leaf));
  if (create_graph) {
    leaf.grad = leaf.grad.defined()            ? add(leaf.grad, incoming)
                : detail::sole_owner(incoming) ? incoming
                                               : clone(incoming);
  } else if (leaf.grad.defined()) {
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
  explicit LeafGrads(bool create_graph) : create_graph_(create_graph) {}

  void add(const std::shared_ptr<TensorImpl>& tensor, Tensor&& grad) {
    if (Entry* entry = find(tensor.get())) {
      accumulate(entry->grad, std::move(grad), create_graph_);
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
      accumulate_into_leaf(entry.tensor, grad, create_graph_);
    }
  }

  // The sum for `tensor`, handed over (undefined when none arrived).
  Tensor take(const TensorImpl* tensor) {
    Entry* entry = find(tensor);
    return entry ? std::move(entry->grad) : Tensor();
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

  bool create_graph_;
  std::vector<Entry> entries_;
  std::unordered_map<const TensorImpl*, std::size_t> index_;
};

// The tensors a sweep is restricted to (autograd.grad's inputs, backward(inputs=...)): leaves by
// their state, others by the node that made them, and the nodes that lead to any of them (only
// those run). Without targets every node reached runs and every leaf receives its gradient.
class Targets {
 public:
  Targets(const std::vector<Tensor>& tensors, const std::vector<Node*>& roots) : tensors_(tensors) {
    for (std::size_t i = 0; i < tensors.size(); ++i) {
      const Tensor& t = tensors[i];
      const void* key = t.is_leaf() ? static_cast<const void*>(t.impl()) : t.grad_fn().get();
      index_.emplace(key, i);  // a tensor listed twice keeps its first place
    }
    mark_needed(roots);
  }

  const std::vector<Tensor>& tensors() const noexcept { return tensors_; }
  // The place in the list of the leaf `impl` or of the tensor `node` made; -1 when not a target.
  std::ptrdiff_t index_of(const void* key) const {
    const auto it = index_.find(key);
    return it == index_.end() ? -1 : static_cast<std::ptrdiff_t>(it->second);
  }
  bool needed(const Node* node) const { return needed_.count(node) != 0; }
  bool wants_leaf(const TensorImpl* leaf) const { return index_.count(leaf) != 0; }

 private:
  // Every node reached from the roots, then, inputs first (a node's number exceeds its inputs'),
  // those from which a target can be reached.
  void mark_needed(const std::vector<Node*>& roots) {
    std::vector<Node*> reached, stack(roots.begin(), roots.end());
    std::unordered_set<const Node*> seen(roots.begin(), roots.end());
    while (!stack.empty()) {
      Node* node = stack.back();
      stack.pop_back();
      reached.push_back(node);
      for (int k = 0; k < node->num_inputs(); ++k) {
        Node* input = node->input(k).node.get();
        if (input && seen.insert(input).second) stack.push_back(input);
      }
    }
    std::sort(reached.begin(), reached.end(), LaterFirst{});  // ascending numbers: inputs first
    for (const Node* node : reached) {
      bool leads = index_.count(node) != 0;
      for (int k = 0; k < node->num_inputs() && !leads; ++k) {
        const Edge& edge = node->input(k);
        leads = (edge.node && needed_.count(edge.node.get())) || (edge.leaf && index_.count(edge.leaf.get()));
      }
      if (leads) needed_.insert(node);
    }
  }

  std::vector<Tensor> tensors_;
  std::unordered_map<const void*, std::size_t> index_;
  std::unordered_set<const Node*> needed_;
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

struct SweepOptions {
  bool retain_graph = false;
  bool create_graph = false;
  bool accumulate = true;  // into .grad; false: only captured for the targets (autograd.grad)
};

// One reverse sweep from several roots. Returns the targets' gradients (when there are targets
// and !accumulate), in their order, undefined for a target no gradient reached.
//
// kGeneral is false for a plain backward() (no targets, nothing recorded), the hot path of every
// training step: that instantiation compiles the checks for targets and create_graph away.
template <bool kGeneral>
class Sweep {
 public:
  // roots[i] is seeded with seeds[i], for i < count.
  Sweep(const Tensor* roots, const Tensor* seeds, std::size_t count, const SweepOptions& options,
        const std::vector<Tensor>& targets)
      : options_(options), leaf_grads_(kGeneral && options.create_graph) {
    if (detail::Recorder* rec = kGeneral ? detail::Recorder::active() : nullptr) {
      rec->refuse(
          "autograd.grad(), backward() with inputs= or create_graph=True (plans replay plain backward())");
    }
    if (kGeneral && !targets.empty()) {
      std::vector<Node*> root_nodes;
      for (std::size_t i = 0; i < count; ++i) {
        if (!roots[i].is_leaf()) root_nodes.push_back(roots[i].grad_fn().get());
      }
      targets_.emplace(targets, root_nodes);
      captured_.resize(targets.size());
    }
    run(roots, seeds, count);
  }

  std::vector<Tensor> take_captured() { return std::move(captured_); }

 private:
  void run(const Tensor* roots, const Tensor* seeds, std::size_t count) {
    const GradModeGuard recording(recorded());           // backward is recorded only for create_graph
    const bool detect_anomaly = AnomalyMode::enabled();  // read once: free when off
    Node* node = nullptr;                                // the node being worked on: popped, still claimed
    try {
      for (std::size_t i = 0; i < count; ++i) seed(roots[i], Tensor(seeds[i]));
      while (!heap_.empty()) {
        std::pop_heap(heap_.begin(), heap_.end(), LaterFirst{});
        node = heap_.back();
        heap_.pop_back();
        throw_if_released(*node);
        Tensor grad = std::move(node->pending_grad);  // leaves pending_grad undefined
        if (restricted()) {
          capture(node, grad);
        } else if (auto out = node->output_retains_grad ? node->output.lock() : nullptr;
                   out && out->retains_grad) {
          // Into a buffer of its own, as for a leaf: `grad` may be shared with other tensors'
          // gradients, and the user can write to or zero this one through its NumPy view.
          leaf_grads_.add(out, Tensor(grad));
        }
        Node::Grads grads = run_node(*node, std::move(grad));
        for (Tensor& g : grads) {  // gradients are summed by plain loops
          if (g.defined() && !g.is_contiguous()) g = g.contiguous();
        }
        if (detect_anomaly) check_for_nan(*node, grads);
        propagate(*node, grads);
        if (!options_.retain_graph) node->release();
        node->claimed_by.store(nullptr, std::memory_order_release);
        node = nullptr;
      }
    } catch (...) {
      if (node) node->claimed_by.store(nullptr, std::memory_order_release);
      for (Node* waiting : heap_) {
        waiting->pending_grad = Tensor();
        waiting->claimed_by.store(nullptr, std::memory_order_release);
      }
      throw;
    }
    finish();
  }

  // A root's gradient: to its node, or straight to the root when it is a leaf.
  void seed(const Tensor& root, Tensor&& grad) {
    if (root.is_leaf()) {
      if (wants_leaf(root.impl())) leaf_grads_.add(root.impl_ptr(), std::move(grad));
      return;
    }
    const std::shared_ptr<Node>& node = root.grad_fn();
    if (!needed(node.get())) return;
    send(node, std::move(grad));
  }

  bool recorded() const { return kGeneral && options_.create_graph; }
  bool restricted() const { return kGeneral && targets_.has_value(); }
  bool needed(const Node* node) const { return !restricted() || targets_->needed(node); }
  bool wants_leaf(const TensorImpl* leaf) const { return !restricted() || targets_->wants_leaf(leaf); }

  void send(const std::shared_ptr<Node>& node, Tensor&& grad) {
    if (claim(*node, &heap_)) {
      heap_.push_back(node.get());
      std::push_heap(heap_.begin(), heap_.end(), LaterFirst{});
      if (recorded()) (owners_ ? *owners_ : owners_.emplace())[node.get()] = node;
    }
    accumulate(node->pending_grad, std::move(grad), recorded());
  }

  Node::Grads run_node(Node& node, Tensor&& grad) {
    if (!recorded()) {
      if (recorder_) return record_node(*recorder_, node, std::move(grad));
      return node.backward(std::move(grad));
    }
    const detail::RunningNode running(owners_->at(&node));
    return node.backward_graph(std::move(grad));
  }

  // A node's backward in a plan being recorded: run eagerly, then described by the node.
  [[gnu::cold]] static Node::Grads record_node(detail::Recorder& rec, Node& node, Tensor&& grad) {
    if (node.backward_is_ops()) return node.backward(std::move(grad));
    const int g = rec.read(grad);
    Node::Grads grads;
    {
      const detail::Recorder::Mute mute(rec);
      grads = node.backward(std::move(grad));
    }
    node.record_backward(rec, g, grads);
    return grads;
  }

  // The gradient of a target made by `node` (a tensor that is not a leaf).
  void capture(const Node* node, const Tensor& grad) {
    const std::ptrdiff_t i = targets_->index_of(node);
    if (i < 0) return;
    captured_[static_cast<std::size_t>(i)] = grad;
  }

  // Sends a node's input gradients along its edges: to leaves (summed for later), to nodes
  // through the heap. Takes the gradients over: moving them on keeps a chain's gradient the sole
  // handle to its buffer, so the next node can work in place.
  void propagate(const Node& node, Node::Grads& grads) {
    for (int k = 0; k < node.num_inputs(); ++k) {
      const Edge& edge = node.input(k);
      Tensor& g = grads[static_cast<std::size_t>(k)];
      if (!edge.needed() || !g.defined()) continue;
      if (edge.leaf) {
        check_grad_shape(node, g, edge.leaf->shape);
        if (wants_leaf(edge.leaf.get())) leaf_grads_.add(edge.leaf, std::move(g));
      } else if (needed(edge.node.get())) {
        send(edge.node, std::move(g));
      }
    }
  }

  // Applies the gradients once the sweep has succeeded: into .grad, or into the results.
  // Runs inside run()'s GradModeGuard: a recorded backward records the sums into .grad too.
  void finish() {
    if (!restricted()) {
      if (options_.accumulate) leaf_grads_.apply();
      return;
    }
    const std::vector<Tensor>& targets = targets_->tensors();
    for (std::size_t i = 0; i < targets.size(); ++i) {
      const Tensor& t = targets[i];
      const std::ptrdiff_t first =
          targets_->index_of(t.is_leaf() ? static_cast<const void*>(t.impl()) : t.grad_fn().get());
      Tensor& grad = captured_[i];
      if (static_cast<std::size_t>(first) != i) {
        grad = captured_[static_cast<std::size_t>(first)];  // listed twice: the same gradient
      } else if (t.is_leaf()) {
        grad = leaf_grads_.take(t.impl());
      }
      if (options_.accumulate && grad.defined() && static_cast<std::size_t>(first) == i) {
        accumulate_into_leaf(t.impl_ptr(), grad, recorded());
      }
    }
  }

  SweepOptions options_;
  detail::Recorder* recorder_ = detail::Recorder::active();  // a Plan being recorded, looked up once
  std::optional<Targets> targets_;  // none: every node reached runs, every leaf gets its gradient
  LeafGrads leaf_grads_;
  std::vector<Node*> heap_;
  // create_graph only: each node's handle, for the saved outputs it unpacks with itself as grad_fn.
  std::optional<std::unordered_map<const Node*, std::shared_ptr<Node>>> owners_;
  std::vector<Tensor> captured_;
};

}  // namespace

void run_backward(const Tensor& root, const Tensor& grad_root, bool retain_graph) {
  if (root.is_leaf()) {
    accumulate_into_leaf(root.impl_ptr(), grad_root, false);
    return;
  }
  SweepOptions options;
  options.retain_graph = retain_graph;
  Sweep<false>(&root, &grad_root, 1, options, {});
}

namespace autograd {

namespace {

// The seed for each output: the given gradient (checked, cast to the output's dtype) or, for a
// one-element output, ones. `what` names the call in messages.
std::vector<Tensor> seeds_for(const std::vector<Tensor>& outputs, const std::vector<Tensor>& grad_outputs,
                              const char* what) {
  if (!grad_outputs.empty() && grad_outputs.size() != outputs.size()) {
    throw std::invalid_argument(std::string(what) + ": got " + std::to_string(grad_outputs.size()) +
                                " gradients for " + std::to_string(outputs.size()) + " outputs");
  }
  std::vector<Tensor> seeds;
  seeds.reserve(outputs.size());
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    const Tensor& out = outputs[i];
    if (!out.defined() || !out.requires_grad()) {
      throw std::runtime_error("element " + std::to_string(i) +
                               " of tensors does not require grad and does not have a grad_fn");
    }
    Tensor seed = grad_outputs.empty() ? Tensor() : grad_outputs[i];
    if (!seed.defined()) {
      if (out.numel() != 1) {
        throw std::runtime_error("grad can be implicitly created only for one-element outputs, but output " +
                                 std::to_string(i) + " has shape " + out.shape().str() +
                                 "; pass its gradient (grad_outputs, or gradient= for backward)");
      }
      seed = Tensor::full(out.shape(), 1.0, out.dtype());
    } else if (seed.shape() != out.shape()) {
      throw std::invalid_argument("the gradient's shape " + seed.shape().str() +
                                  " does not match the shape " + out.shape().str() + " of output " +
                                  std::to_string(i));
    } else if (seed.dtype() != out.dtype() || !seed.is_contiguous()) {
      seed = cast(seed, out.dtype()).contiguous();
    }
    seeds.push_back(std::move(seed));
  }
  return seeds;
}

// Every input must require a gradient, and must not be a view made by an op (indexing, reshape,
// transpose...) of which further views were taken: views of a view are recorded as views of its
// base (invariant 7), so the gradient reaching it would miss what flows through them.
void check_inputs(const std::vector<Tensor>& inputs, const char* what) {
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    if (!inputs[i].defined() || !inputs[i].requires_grad()) {
      throw std::runtime_error(std::string(what) + ": input " + std::to_string(i) +
                               " does not require grad (one of the differentiated Tensors does not "
                               "require grad); set requires_grad=True on it before the forward pass");
    }
    const TensorImpl& impl = *inputs[i].impl();
    if (impl.view && impl.has_views && !inputs[i].is_leaf()) {
      throw std::invalid_argument(std::string(what) + ": input " + std::to_string(i) + " (shape " +
                                  inputs[i].shape().str() +
                                  ") is a view of another tensor of which views were taken; gradients "
                                  "with respect to it are not supported: differentiate with respect to a "
                                  "clone() of it, used in its place, or to its base");
    }
  }
}

}  // namespace

void backward(const std::vector<Tensor>& tensors, const std::vector<Tensor>& grad_tensors,
              std::optional<bool> retain_graph, bool create_graph, const std::vector<Tensor>& inputs) {
  const std::vector<Tensor> seeds = seeds_for(tensors, grad_tensors, "backward");
  check_inputs(inputs, "backward");
  SweepOptions options;
  options.retain_graph = retain_graph.value_or(create_graph);
  options.create_graph = create_graph;
  Sweep<true>(tensors.data(), seeds.data(), tensors.size(), options, inputs);
}

std::vector<Tensor> grad(const std::vector<Tensor>& outputs, const std::vector<Tensor>& inputs,
                         const std::vector<Tensor>& grad_outputs, std::optional<bool> retain_graph,
                         bool create_graph, bool allow_unused) {
  if (inputs.empty()) throw std::invalid_argument("grad requires at least one input tensor");
  const std::vector<Tensor> seeds = seeds_for(outputs, grad_outputs, "grad");
  check_inputs(inputs, "grad");
  SweepOptions options;
  options.retain_graph = retain_graph.value_or(create_graph);
  options.create_graph = create_graph;
  options.accumulate = false;
  std::vector<Tensor> grads =
      Sweep<true>(outputs.data(), seeds.data(), outputs.size(), options, inputs).take_captured();
  if (!allow_unused) {
    for (std::size_t i = 0; i < grads.size(); ++i) {
      if (!grads[i].defined()) {
        throw std::runtime_error("One of the differentiated Tensors (input " + std::to_string(i) +
                                 ") appears to not have been used in the graph. Set allow_unused=True if "
                                 "this is the desired behavior.");
      }
    }
  }
  return grads;
}

}  // namespace autograd

}  // namespace tapegrad
