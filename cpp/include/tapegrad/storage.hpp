#pragma once
// Storage: a block of memory that tensors share. It either owns its bytes (64-byte aligned) or
// wraps foreign memory, such as a NumPy array's, kept alive by an opaque owner.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>

namespace tapegrad {
class Storage;
namespace detail {
// How many threads are recording a Plan, and the hook that tells them of an in-place write.
extern std::atomic<int> plans_recording;
void note_plan_write(const Storage* storage) noexcept;
}  // namespace detail

class Storage {
 public:
  // Uninitialised bytes, 64-byte aligned. Blocks of up to 32 bytes live inside the Storage object itself
  // (16-byte aligned).
  static std::shared_ptr<Storage> allocate(std::size_t nbytes);
  // Shares `data` without copying; `owner` is held as long as this storage lives.
  static std::shared_ptr<Storage> wrap(void* data, std::size_t nbytes, std::shared_ptr<void> owner);

  Storage(const Storage&) = delete;
  Storage& operator=(const Storage&) = delete;
  ~Storage();

  void* data() const noexcept { return data_; }
  std::size_t nbytes() const noexcept { return nbytes_; }

  // Bumped by every in-place write made through tapegrad, so that a backward that saved this
  // storage can tell that its values changed. Writes through NumPy views are not counted.
  std::uint64_t version() const noexcept { return version_.load(std::memory_order_relaxed); }
  void bump_version() noexcept {
    version_.fetch_add(1, std::memory_order_relaxed);
    if (detail::plans_recording.load(std::memory_order_relaxed) != 0) detail::note_plan_write(this);
  }
  // Allocated while some thread was recording a Plan (tapegrad/plan.hpp): a tensor in it was
  // made during the recording, so the plan must know which step made it.
  bool made_while_recording() const noexcept { return made_while_recording_; }

  struct Private;  // lets allocate()/wrap() construct; not for users
  Storage(Private, void* data, std::size_t nbytes, std::shared_ptr<void> owner, bool heap_owned);

 private:
  static constexpr std::size_t kInlineBytes = 32;
  static std::shared_ptr<Storage> allocate_heap(std::size_t nbytes);
  alignas(16) unsigned char inline_[kInlineBytes];
  void* data_;
  std::size_t nbytes_;
  std::shared_ptr<void> owner_;
  bool heap_owned_;
  bool made_while_recording_ = false;
  std::atomic<std::uint64_t> version_{0};
};

}  // namespace tapegrad
