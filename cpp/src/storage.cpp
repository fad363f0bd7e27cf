#include "tapegrad/storage.hpp"

#include <cstdlib>
#include <new>

#include "small_alloc.hpp"

namespace tapegrad {

struct Storage::Private {};

namespace {
constexpr std::size_t kAlignment = 64;  // a cache line; also what AVX-512 loads like

void* aligned_alloc_bytes(std::size_t nbytes) {
  const std::size_t rounded = (nbytes + kAlignment - 1) / kAlignment * kAlignment;
  return ::operator new(rounded, std::align_val_t(kAlignment));
}
}  // namespace

Storage::Storage(Private, void* data, std::size_t nbytes, std::shared_ptr<void> owner, bool heap_owned)
    : data_(data ? data : inline_),
      nbytes_(nbytes),
      owner_(std::move(owner)),  // inline_ uninitialised, as promised
      heap_owned_(heap_owned) {}

Storage::~Storage() {
  if (heap_owned_) ::operator delete(data_, std::align_val_t(kAlignment));
}

std::shared_ptr<Storage> Storage::allocate(std::size_t nbytes) {
  std::shared_ptr<Storage> storage =
      nbytes <= kInlineBytes ? detail::make_cached<Storage>(Private{}, nullptr, nbytes, nullptr, false)
                             : allocate_heap(nbytes);
  if (detail::plans_recording.load(std::memory_order_relaxed) != 0) storage->made_while_recording_ = true;
  return storage;
}

std::shared_ptr<Storage> Storage::allocate_heap(std::size_t nbytes) {
  void* data = aligned_alloc_bytes(nbytes);
  try {
    return detail::make_cached<Storage>(Private{}, data, nbytes, nullptr, true);
  } catch (...) {
    ::operator delete(data, std::align_val_t(kAlignment));
    throw;
  }
}

std::shared_ptr<Storage> Storage::wrap(void* data, std::size_t nbytes, std::shared_ptr<void> owner) {
  // A zero-byte foreign block may have a null pointer; point at the inline bytes instead.
  return detail::make_cached<Storage>(Private{}, data, nbytes, std::move(owner), false);
}

}  // namespace tapegrad
