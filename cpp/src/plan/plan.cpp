// Plan: recording (the Recorder every replayable op reports to) and replay.
#include "tapegrad/plan.hpp"

#include <mutex>
#include <optional>
#include <string>

#include "plan/recorder.hpp"

namespace tapegrad {

namespace detail {

std::atomic<int> plans_recording{0};

Recorder*& Recorder::current() noexcept {
  thread_local Recorder* recorder = nullptr;
  return recorder;
}

void note_plan_write(const Storage*) noexcept {
  Recorder* r = Recorder::current();
  if (r && r->offence_.empty()) {
    r->offence_ =
        "an in-place change made by an operation that is not replayable (only backward()'s sums, "
        "zero_grad, .grad assignments and the optimizers' steps change tensors in place in a plan)";
  }
}

TensorImpl& renew(Slot& slot) {
  slot.t = Tensor::empty(slot.t->shape, slot.t->dtype).impl_ptr();
  return *slot.t;
}

Recorder::Recorder() : previous_(current()) {
  current() = this;
  plans_recording.fetch_add(1, std::memory_order_relaxed);
}

Recorder::~Recorder() {
  plans_recording.fetch_sub(1, std::memory_order_relaxed);
  current() = previous_;
}

int Recorder::add_slot(const std::shared_ptr<TensorImpl>& t) {
  slots_.push_back({t});
  last_read_.push_back(0);
  return static_cast<int>(slots_.size() - 1);
}

namespace {
std::string described(const Tensor& t) {
  return "a tensor of shape " + t.shape().str() + " (" + dtype_name(t.dtype()) + ")";
}
}  // namespace

int Recorder::read(const Tensor& t) {
  if (const auto it = by_data_.find(t.raw_data()); it != by_data_.end()) {
    const TensorImpl& known = *slots_[static_cast<std::size_t>(it->second)].t;
    if (known.shape == t.shape() && known.dtype == t.dtype() && t.is_contiguous()) {
      last_read_[static_cast<std::size_t>(it->second)] = steps_.size() + 1;
      return it->second;
    }
  }
  if (const auto it = by_storage_.find(t.storage().get()); it != by_storage_.end())
    return alias(t, it->second);
  if (t.storage()->made_while_recording()) {
    const std::shared_ptr<Node>& made_by = t.impl()->grad_fn;
    refuse(made_by ? std::string("the op ") + made_by->name() + " (it made " + described(t) + ")"
                   : described(t) + " made during the call by an op that is not replayable");
  }
  if (!t.is_contiguous()) refuse(described(t) + " that is a strided view");
  const int slot = add_slot(t.impl_ptr());  // captured: a parameter, a constant, optimizer state
  by_data_[t.raw_data()] = slot;
  captured_.resize(slots_.size());
  captured_.back() = true;
  last_read_.back() = steps_.size() + 1;
  return slot;
}

int Recorder::write(const Tensor& t) {
  if (!t.is_contiguous()) refuse(described(t) + " written as a strided view");
  const int slot = add_slot(t.impl_ptr());
  owned_.resize(slots_.size());
  owned_[static_cast<std::size_t>(slot)] = true;
  by_data_[t.raw_data()] = slot;
  by_storage_[t.storage().get()] = slot;
  return slot;
}

int Recorder::alias(const Tensor& view, int base) {
  const TensorImpl& b = *slots_[static_cast<std::size_t>(base)].t;
  if (!view.is_contiguous()) refuse(described(view) + " that is a strided view (transpose, a step slice)");
  if (view.dtype() != b.dtype) refuse(described(view) + " that views another dtype's memory");
  const std::ptrdiff_t offset = static_cast<const char*>(view.raw_data()) - static_cast<const char*>(b.data);
  const int slot = add_slot(view.impl_ptr());
  by_data_[view.raw_data()] = slot;
  aliases_.emplace_back(slot, base);
  last_read_[static_cast<std::size_t>(base)] = steps_.size() + 1;
  step([slot, base, offset](Slot* s) {
    const TensorImpl& from = *s[base].t;
    Slot& v = s[slot];
    if (v.t.use_count() != 1) v.t = std::make_shared<TensorImpl>(from.storage, v.t->shape, v.t->dtype);
    v.t->storage = from.storage;
    v.t->data = static_cast<char*>(from.data) + offset;
  });
  last_read_.back() = steps_.size() + 1;
  return slot;
}

int Recorder::constant(const Tensor& t) {
  const int slot = add_slot(t.impl_ptr());
  by_data_[t.raw_data()] = slot;
  return slot;
}

int Recorder::grad_owner(const Tensor& t, bool reads_state) {
  const int slot = read(t);
  LeafState& state = leaf(slot);
  if (reads_state && !state.assigned && !state.guarded) {
    guards_.push_back({slot, t.impl()->grad.defined()});
    state.guarded = true;
  }
  return slot;
}

void Recorder::step(Step fn) { steps_.push_back(std::move(fn)); }

std::shared_ptr<bool> Recorder::last_use(int slot) {
  auto flag = std::make_shared<bool>(false);
  last_uses_.push_back({slot, steps_.size(), flag});
  return flag;
}

void Recorder::refuse(const std::string& what) const {
  throw replay_error("tg.compile cannot replay " + what +
                     ". Run this code eagerly, outside the compiled function (docs/compile.md lists what "
                     "a plan replays)");
}

void Recorder::finish_last_uses(const std::vector<int>& outputs) {
  owned_.resize(slots_.size());
  std::vector<bool> returned(slots_.size());
  for (const int o : outputs) returned[static_cast<std::size_t>(o)] = true;
  for (const LastUse& use : last_uses_) {
    const auto s = static_cast<std::size_t>(use.slot);
    *use.flag = owned_[s] && !returned[s] && last_read_[s] == use.step + 1;
  }
  // What may leave the plan: outputs, what steps give to a .grad, and the bases of such views
  // (later aliases first: a view of a view is recorded after its base).
  std::vector<bool> leaves(returned);
  for (const int g : given_) leaves[static_cast<std::size_t>(g)] = true;
  for (auto it = aliases_.rbegin(); it != aliases_.rend(); ++it) {
    if (leaves[static_cast<std::size_t>(it->first)]) leaves[static_cast<std::size_t>(it->second)] = true;
    ++slots_[static_cast<std::size_t>(it->second)].views;
  }
  for (std::size_t i = 0; i < slots_.size(); ++i) slots_[i].internal = owned_[i] && !leaves[i];
}

struct PlanImpl {
  std::vector<Slot> slots;
  std::vector<Step> steps;
  std::vector<int> inputs, outputs;
  std::vector<Shape> input_shapes;
  std::vector<DType> input_dtypes;
  std::vector<Recorder::Guard> guards;
  std::vector<int> rebound;   // slots bound while running (released after)
  std::vector<bool> owned;    // per slot: made by a step (else captured, an input or a constant)
  std::int64_t elements = 0;  // in the slots the steps make
  std::mutex running;
};

}  // namespace detail

namespace {
void check_input(const Tensor& t, std::size_t i) {
  if (!t.defined()) throw std::invalid_argument("plan input " + std::to_string(i) + " is undefined");
  if (!t.is_contiguous()) {
    throw std::invalid_argument("plan input " + std::to_string(i) +
                                " is a strided view; pass a contiguous tensor (contiguous())");
  }
  if (t.requires_grad()) {
    throw std::invalid_argument("plan input " + std::to_string(i) +
                                " requires a gradient; a plan binds its inputs as data: capture tensors that "
                                "require gradients (parameters) in the function instead");
  }
}
}  // namespace

Plan Plan::record(const Function& fn, const std::vector<Tensor>& inputs) {
  auto impl = std::make_shared<detail::PlanImpl>();
  std::vector<Tensor> outputs;
  std::vector<detail::BindsSlots*> binders;  // held by the steps
  {
    detail::Recorder rec;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      check_input(inputs[i], i);
      if (rec.by_data_.count(inputs[i].raw_data())) {
        throw std::invalid_argument("plan input " + std::to_string(i) +
                                    " shares memory with an earlier input; pass each tensor once");
      }
      impl->inputs.push_back(rec.constant(inputs[i]));
      rec.by_storage_[inputs[i].storage().get()] = impl->inputs.back();
      impl->input_shapes.push_back(inputs[i].shape());
      impl->input_dtypes.push_back(inputs[i].dtype());
    }
    outputs = fn(inputs);
    for (const Tensor& out : outputs) {
      if (!out.defined()) throw std::invalid_argument("a recorded function returned an undefined tensor");
      impl->outputs.push_back(rec.read(out));
    }
    if (!rec.offence_.empty()) rec.refuse(rec.offence_);
    rec.finish_last_uses(impl->outputs);
    impl->slots = std::move(rec.slots_);
    impl->steps = std::move(rec.steps_);
    impl->guards = std::move(rec.guards_);
    impl->owned = std::move(rec.owned_);
    impl->rebound = std::move(rec.rebound_);
    impl->owned.resize(impl->slots.size());
    binders = std::move(rec.binders_);
  }
  // The plan's own buffers carry no tape: the recorded graph goes with the eager call.
  for (std::size_t i = 0; i < impl->slots.size(); ++i) {
    detail::Slot& slot = impl->slots[i];
    if (!impl->owned[i]) continue;
    if (slot.t.use_count() == 1) {
      slot.t->grad_fn.reset();
      slot.t->requires_grad = false;
    } else {
      slot.t = Tensor::empty(slot.t->shape, slot.t->dtype).impl_ptr();  // the caller keeps the eager one
    }
  }
  for (std::size_t i = 0; i < impl->slots.size(); ++i) {
    if (impl->owned[i]) impl->elements += impl->slots[i].t->shape.numel();
  }
  for (detail::BindsSlots* b : binders) b->bind(impl->slots.data());  // the buffers are final now
  for (const int i : impl->inputs) impl->slots[static_cast<std::size_t>(i)].t.reset();
  for (const int i : impl->rebound) impl->slots[static_cast<std::size_t>(i)].t.reset();
  return Plan(std::move(impl));
}

bool Plan::matches(const std::vector<Tensor>& inputs) const {
  if (inputs.size() != impl_->inputs.size()) return false;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const Tensor& t = inputs[i];
    if (!t.defined() || !t.is_contiguous() || t.requires_grad()) return false;
    if (t.shape() != impl_->input_shapes[i] || t.dtype() != impl_->input_dtypes[i]) return false;
  }
  for (const detail::Recorder::Guard& g : impl_->guards) {
    if (impl_->slots[static_cast<std::size_t>(g.slot)].t->grad.defined() != g.defined) return false;
  }
  return true;
}

namespace {
// Lets go of the caller's tensors once a run is over.
void release(detail::PlanImpl& p) {
  for (const int i : p.inputs) p.slots[static_cast<std::size_t>(i)].t.reset();
  for (const int i : p.rebound) p.slots[static_cast<std::size_t>(i)].t.reset();
}
}  // namespace

namespace {
// Binds the inputs, runs the steps, collects the outputs.
std::vector<Tensor> replay(detail::PlanImpl& p, const std::vector<Tensor>& inputs) {
  std::vector<Tensor> outputs;
  try {
    for (std::size_t i = 0; i < inputs.size(); ++i)
      p.slots[static_cast<std::size_t>(p.inputs[i])].t = inputs[i].impl_ptr();
    detail::Slot* slots = p.slots.data();
    for (detail::Step& step : p.steps) step(slots);
    outputs.reserve(p.outputs.size());
    for (const int o : p.outputs) outputs.emplace_back(p.slots[static_cast<std::size_t>(o)].t);
  } catch (...) {
    release(p);
    throw;
  }
  release(p);
  return outputs;
}
}  // namespace

std::optional<std::vector<Tensor>> Plan::try_run(const std::vector<Tensor>& inputs) const {
  const std::lock_guard<std::mutex> lock(impl_->running);
  if (!matches(inputs)) return std::nullopt;
  return replay(*impl_, inputs);
}

std::vector<Tensor> Plan::run(const std::vector<Tensor>& inputs) const {
  if (std::optional<std::vector<Tensor>> outputs = try_run(inputs)) return std::move(*outputs);
  // Why not, in the order matches() looks.
  const detail::PlanImpl& p = *impl_;
  if (inputs.size() != p.inputs.size()) {
    throw std::invalid_argument("the plan takes " + std::to_string(p.inputs.size()) + " inputs, got " +
                                std::to_string(inputs.size()));
  }
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    check_input(inputs[i], i);
    if (inputs[i].shape() != p.input_shapes[i] || inputs[i].dtype() != p.input_dtypes[i]) {
      throw std::invalid_argument("plan input " + std::to_string(i) + " has shape " +
                                  inputs[i].shape().str() + " and dtype " + dtype_name(inputs[i].dtype()) +
                                  "; the plan was recorded with " + p.input_shapes[i].str() + " and " +
                                  dtype_name(p.input_dtypes[i]));
    }
  }
  throw std::invalid_argument(
      "the plan cannot replay now: a tensor's .grad is set where it was not when recorded, or the "
      "reverse; record again");
}

std::vector<Tensor> Plan::state() const {
  std::vector<Tensor> out;
  for (std::size_t i = 0; i < impl_->slots.size(); ++i) {
    if (!impl_->owned[i] && impl_->slots[i].t) out.emplace_back(impl_->slots[i].t);
  }
  return out;
}

bool Plan::large() const { return impl_->elements >= (std::int64_t{1} << 15); }

bool Plan::recording() noexcept { return detail::Recorder::active() != nullptr; }

std::size_t Plan::steps() const { return impl_->steps.size(); }
std::size_t Plan::buffers() const { return impl_->slots.size(); }

}  // namespace tapegrad
