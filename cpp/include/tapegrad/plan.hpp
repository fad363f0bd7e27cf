#pragma once
// Plan: a recorded step, replayed (tg.compile in Python).
//
// Plan::record runs a function once, eagerly, and records every computation it makes on tensors:
// the ops of the forward pass, backward() (each node's gradient rule and every sum of
// gradients), writes to .grad, and the optimizers' updates. run() then replays that sequence on
// new inputs of the same shapes and dtypes, without the function: every intermediate buffer is
// allocated once and reused, no tape node is made, and the values are bit for bit the ones the
// function would compute (the same kernels in the same order).
//
// Only what the plan can replay exactly is recorded. Anything else makes record() throw
// tapegrad::replay_error naming it, during the eager call: an op outside the replayable set
// (docs/compile.md lists it), reading a value out of a tensor (item(), to_vector()), writing to
// a tensor by an op that is not replayable. Control flow in the function is frozen: record()
// sees one path through it, as a tracing compiler does.
//
//   tapegrad::Plan step = tapegrad::Plan::record(
//       [&](const std::vector<Tensor>& in) { ...; loss.backward(); opt.step(); return {loss}; },
//       {x, t});
//   for (...) loss = step.run({x, t})[0];
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "tapegrad/tensor.hpp"

namespace tapegrad {

// Thrown by Plan::record for what a plan cannot replay.
class replay_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

namespace detail {
struct PlanImpl;
}

class Plan {
 public:
  using Function = std::function<std::vector<Tensor>(const std::vector<Tensor>&)>;

  // Calls fn(inputs) once (eagerly: its effects happen) and records it. The outputs fn returns
  // are what run() returns. Inputs are bound by position; they must be contiguous and must not
  // require gradients (capture tensors that do, such as parameters, in fn instead).
  static Plan record(const Function& fn, const std::vector<Tensor>& inputs);

  // Replays on inputs of the recorded shapes and dtypes (std::invalid_argument otherwise) and
  // returns the outputs. Tensors the plan returns or assigns to .grad are the caller's: a later
  // run() writes into new buffers while the caller still holds them. One run at a time per plan
  // (concurrent calls wait for each other).
  std::vector<Tensor> run(const std::vector<Tensor>& inputs) const;
  // run() when matches(inputs), checked under the same lock; nothing otherwise.
  std::optional<std::vector<Tensor>> try_run(const std::vector<Tensor>& inputs) const;

  // Whether run() can replay now: the inputs fit, and each tensor whose .grad the plan reads or
  // writes has (or lacks) the gradient it had when recorded. When false, record again.
  bool matches(const std::vector<Tensor>& inputs) const;

  // The tensors the plan updates or reads that it did not make: parameters, optimizer state,
  // the tensors whose .grad it sets (for checking a replay against eager execution).
  std::vector<Tensor> state() const;
  // Whether a run touches enough memory to be worth running without Python's lock.
  bool large() const;

  // Whether this thread is recording a plan (bindings refuse to export a tensor's memory then).
  static bool recording() noexcept;

  // The number of recorded steps and of tensors (slots) the plan holds.
  std::size_t steps() const;
  std::size_t buffers() const;

 private:
  explicit Plan(std::shared_ptr<detail::PlanImpl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<detail::PlanImpl> impl_;
};

}  // namespace tapegrad
