#pragma once
// How ops put themselves into a Plan being recorded (tapegrad/plan.hpp).
//
// While Plan::record runs its function, this thread has a Recorder. Each replayable op, after
// computing eagerly, calls Recorder::active() and, when it gets one, describes what it did as a
// step: a function of the plan's slots. A slot holds one tensor: an input of the plan (bound to
// the caller's tensor on each run), a tensor made before recording (a parameter, a constant),
// or a tensor a step makes (the plan's own buffer, reused on every run).
//
// The invariants that make replay exact:
//   - Steps are kept in the order the eager work ran, and run the same kernels on the same values.
//   - A step writes only its own output slots (through writable()), the .grad of a tensor, or a
//     tensor the eager op also updated in place (an optimizer's parameter and state).
//   - Anything else is refused while recording: a tensor that a step reads but no step made and
//     that did not exist before recording (an op that is not replayable made it), an in-place
//     write by an op that is not replayable, a value read out into the caller's code.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "tapegrad/autograd.hpp"
#include "tapegrad/plan.hpp"
#include "tapegrad/tensor.hpp"

namespace tapegrad::detail {

// One tensor of a plan. Steps read `t->data` and write through writable().
struct Slot {
  std::shared_ptr<TensorImpl> t;
  // Set when recording ends: nothing outside the plan can hold this tensor (no step gives it to
  // the caller or to a .grad, and no view of it does), so writing into it needs no check.
  bool internal = false;
  int views = 0;  // the plan's own views of it (alias slots), which share its storage
};

// A step: a callable on the plan's slots. Its captures live inside it when they fit (nearly all
// steps': a few slot numbers, a size, a scalar), so a replay walks one contiguous array of steps
// instead of following a pointer per step to a heap block, as std::function would past 16 bytes.
class Step {
 public:
  template <class F, class = std::enable_if_t<!std::is_same_v<std::decay_t<F>, Step>>>
  Step(F f) {  // NOLINT(google-explicit-constructor): rec.step([..](Slot* s) {...}) reads best
    if constexpr (sizeof(F) <= kInline && alignof(F) <= alignof(std::max_align_t) &&
                  std::is_nothrow_move_constructible_v<F>) {
      new (buffer_) F(std::move(f));
      run_ = [](void* self, Slot* s) { (*static_cast<F*>(self))(s); };
      manage_ = [](void* self, void* to) noexcept {
        if (to) new (to) F(std::move(*static_cast<F*>(self)));
        static_cast<F*>(self)->~F();
      };
    } else {
      new (buffer_) F*(new F(std::move(f)));
      run_ = [](void* self, Slot* s) { (**static_cast<F**>(self))(s); };
      manage_ = [](void* self, void* to) noexcept {
        if (to) {
          new (to) F*(*static_cast<F**>(self));
        } else {
          delete *static_cast<F**>(self);
        }
      };
    }
  }
  Step(Step&& other) noexcept : run_(other.run_), manage_(other.manage_) {
    manage_(other.buffer_, buffer_);
    other.manage_ = nullptr;
  }
  Step(const Step&) = delete;
  Step& operator=(const Step&) = delete;  // (steps are only ever added and moved into a plan)
  ~Step() {
    if (manage_) manage_(buffer_, nullptr);
  }

  void operator()(Slot* s) { run_(buffer_, s); }

 private:
  static constexpr std::size_t kInline = 48;
  void (*run_)(void*, Slot*);
  void (*manage_)(void* self, void* to) noexcept;  // moves self into `to` (null: destroys self)
  alignas(std::max_align_t) unsigned char buffer_[kInline];
};

// A step that looks its slots' buffers up once, when recording ends, for the slots whose
// buffers are the plan's for good (internal ones): steps.hpp's ScalarChain.
class BindsSlots {
 public:
  virtual void bind(const Slot* slots) = 0;

 protected:
  ~BindsSlots() = default;
};

// The slot's tensor, made the plan's alone first: when someone else holds it (the caller kept a
// returned loss, or a .grad adopted it) the step writes into a new buffer and leaves theirs as
// it was, as eager execution would have made a new tensor.
TensorImpl& renew(Slot& slot);
inline TensorImpl& writable(Slot& slot) {
  if (slot.internal) return *slot.t;
  TensorImpl& t = *slot.t;
  if (slot.t.use_count() == 1 && t.storage.use_count() == 1 + slot.views) return t;
  return renew(slot);
}

class Recorder {
 public:
  // This thread's recorder, or null (also while muted). One relaxed load when nobody records.
  static Recorder* active() noexcept {
    return plans_recording.load(std::memory_order_relaxed) == 0 ? nullptr : current();
  }

  // The slot of a tensor a step reads. A tensor no step made is captured (held by the plan) if it
  // existed before recording began; otherwise replay_error, naming what made it.
  int read(const Tensor& t);
  // Whether the slot holds a tensor captured from before recording (a parameter, optimizer
  // state): the same tensor on every run, which a step may keep a handle to.
  bool fixed(int slot) const {
    return static_cast<std::size_t>(slot) < captured_.size() && captured_[static_cast<std::size_t>(slot)];
  }
  // The tensor a slot holds while recording.
  const TensorImpl& tensor(int slot) const { return *slots_[static_cast<std::size_t>(slot)].t; }
  // The slot that holds t's values now, or -1 (nothing recorded).
  int find(const Tensor& t) const {
    const auto it = by_data_.find(t.raw_data());
    return it == by_data_.end() ? -1 : it->second;
  }
  // A new slot for a tensor a step makes (its buffer is the plan's from now on).
  int write(const Tensor& t);
  // A tensor whose values are fixed when recorded (backward()'s implicit seed of ones).
  int constant(const Tensor& t);
  // A slot a step binds to a tensor found when the plan runs (a .grad); released after each run.
  int bound(const Tensor& t) {
    rebound_.push_back(constant(t));
    return rebound_.back();
  }
  // The slot of a tensor whose .grad a step uses. `reads_state`: the step does something
  // different depending on whether .grad is set, so the plan only replays while it is set (or
  // not) as when recorded, unless a step of this plan set it first.
  int grad_owner(const Tensor& t, bool reads_state);
  // A step may hand the tensor in `slot` to the caller's code (it becomes a .grad).
  void given(int slot) { given_.push_back(slot); }
  // After a step that assigns or clears t's .grad: its state is the plan's from here on.
  void grad_assigned(int owner) { leaf(owner).assigned = true; }

  void step(Step fn);
  // The step just added is a chain of one-element maps of `dtype` (steps.hpp's ScalarChain),
  // which the next such map may join: open_chain gives it back until another step is added.
  // The chain binds its slots when recording ends.
  void open_chain(BindsSlots* chain, DType dtype) {
    chain_ = chain;
    chain_dtype_ = dtype;
    chain_end_ = steps_.size();
    binders_.push_back(chain);
  }
  BindsSlots* open_chain(DType dtype) const {
    return steps_.size() == chain_end_ && chain_dtype_ == dtype ? chain_ : nullptr;
  }
  // The step about to be added reads `slot` and is the last to; for steps that may take the
  // slot's buffer over (a leaf adopting its gradient). Decided when recording ends.
  std::shared_ptr<bool> last_use(int slot);

  [[noreturn]] void refuse(const std::string& what) const;

  // Eager work done by an op that records its own step: what it does inside (ops, in-place
  // writes) is not recorded again.
  class Mute {
   public:
    explicit Mute(Recorder& r) noexcept : saved_(&r) { current() = nullptr; }
    ~Mute() { current() = saved_; }
    Mute(const Mute&) = delete;
    Mute& operator=(const Mute&) = delete;

   private:
    Recorder* saved_;
  };

 private:
  friend struct PlanImpl;
  friend class ::tapegrad::Plan;
  struct LeafState {
    bool assigned = false;  // a step of this plan set or cleared .grad
    bool guarded = false;
  };
  struct Guard {
    int slot;
    bool defined;  // whether .grad must be set when a run begins
  };
  struct LastUse {
    int slot;
    std::size_t step;
    std::shared_ptr<bool> flag;
  };

  Recorder();
  ~Recorder();
  static Recorder*& current() noexcept;
  friend void note_plan_write(const Storage* storage) noexcept;

  int add_slot(const std::shared_ptr<TensorImpl>& t);
  // A view of the tensor in slot `base` (its storage), rebuilt on each run over base's buffer.
  int alias(const Tensor& view, int base);
  LeafState& leaf(int slot) { return leaves_[slot]; }
  void finish_last_uses(const std::vector<int>& outputs);

  std::vector<Slot> slots_;
  std::vector<Step> steps_;
  std::unordered_map<const void*, int> by_data_;        // where a tensor's values are -> its slot now
  std::unordered_map<const Storage*, int> by_storage_;  // the storage of an input or a made slot
  std::vector<bool> owned_;                             // per slot: made by a step
  std::vector<bool> captured_;                          // per slot: captured by read()
  std::vector<std::size_t> last_read_;                  // per slot: the step index of its last reader + 1
  std::unordered_map<int, LeafState> leaves_;
  std::vector<Guard> guards_;
  std::vector<LastUse> last_uses_;
  std::vector<int> rebound_;
  std::vector<int> given_;
  std::vector<std::pair<int, int>> aliases_;  // (view slot, base slot)
  BindsSlots* chain_ = nullptr;               // see open_chain
  std::vector<BindsSlots*> binders_;
  DType chain_dtype_ = DType::Float64;
  std::size_t chain_end_ = 0;
  std::string offence_;  // an in-place write nobody recorded, reported when recording ends
  Recorder* previous_;
};

}  // namespace tapegrad::detail
