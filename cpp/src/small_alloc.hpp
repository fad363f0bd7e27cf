#pragma once
// Allocation of the small objects every op makes: tensor state, storage headers and tape nodes.
// On a one-element tensor malloc and free cost more than the arithmetic, so each thread keeps
// the blocks it frees in a few size classes and hands them out again. Used through
// std::allocate_shared, so shared_ptr control blocks share the block with their object.
#include <cstddef>
#include <memory>
#include <new>

namespace tapegrad::detail {

// A block of at least `bytes`, 16-byte aligned; free it with cached_free(p, bytes).
void* cached_alloc(std::size_t bytes);
void cached_free(void* p, std::size_t bytes) noexcept;

template <class T>
struct CachedAllocator {
  using value_type = T;
  CachedAllocator() noexcept = default;
  template <class U>
  CachedAllocator(const CachedAllocator<U>&) noexcept {}  // NOLINT: rebinding is implicit by design

  T* allocate(std::size_t n) {
    static_assert(alignof(T) <= 16, "cached blocks are 16-byte aligned");
    return static_cast<T*>(cached_alloc(n * sizeof(T)));
  }
  void deallocate(T* p, std::size_t n) noexcept { cached_free(p, n * sizeof(T)); }

  template <class U>
  bool operator==(const CachedAllocator<U>&) const noexcept {
    return true;
  }
  template <class U>
  bool operator!=(const CachedAllocator<U>&) const noexcept {
    return false;
  }
};

// std::make_shared with the cached allocator.
template <class T, class... Args>
std::shared_ptr<T> make_cached(Args&&... args) {
  return std::allocate_shared<T>(CachedAllocator<T>(), std::forward<Args>(args)...);
}

}  // namespace tapegrad::detail
