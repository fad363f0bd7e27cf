#include "small_alloc.hpp"

#include <cstdint>

namespace tapegrad::detail {

namespace {
constexpr std::size_t kClassBytes = 64;     // size classes of 64, 128, ... bytes
constexpr std::size_t kClasses = 8;         // up to 512 bytes; larger blocks go to operator new
constexpr std::uint32_t kMaxCached = 4096;  // per class and thread: a bounded cache, not a heap

struct FreeBlock {
  FreeBlock* next;
};

// Plain data, constant-initialised: reaching it costs no thread-local guard check.
struct ThreadCache {
  FreeBlock* head[kClasses];
  std::uint32_t count[kClasses];  // a class holding kMaxCached blocks sends frees to the heap
  bool gone;                      // set at thread exit: blocks go straight to and from the heap
};
thread_local ThreadCache cache = {};

// Returns the cached blocks to the heap when the thread ends, and marks every class full so
// that blocks freed later go to the heap too. Armed by the first block a thread takes from the
// heap, so the hot path never touches it.
struct CacheReleaser {
  ~CacheReleaser() {
    cache.gone = true;
    for (std::size_t c = 0; c < kClasses; ++c) {
      cache.count[c] = kMaxCached;
      while (FreeBlock* block = cache.head[c]) {
        cache.head[c] = block->next;
        ::operator delete(block);
      }
    }
  }
};

// The slow path, kept out of cached_alloc's short one: a block of class c from the heap (or of
// exactly `bytes` once the thread's cache is gone).
void* allocate_from_heap(std::size_t c, std::size_t bytes) {
  if (cache.gone) return ::operator new(bytes);
  thread_local CacheReleaser releaser;
  (void)releaser;
  return ::operator new((c + 1) * kClassBytes);
}

std::size_t size_class(std::size_t bytes) { return (bytes + kClassBytes - 1) / kClassBytes - 1; }
}  // namespace

// Under AddressSanitizer recycled blocks would hide use-after-free: every block goes to the heap.
#if defined(__SANITIZE_ADDRESS__)
#define TAPEGRAD_BLOCK_CACHE 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TAPEGRAD_BLOCK_CACHE 0
#endif
#endif
#ifndef TAPEGRAD_BLOCK_CACHE
#define TAPEGRAD_BLOCK_CACHE 1
#endif

void* cached_alloc(std::size_t bytes) {
  if (!TAPEGRAD_BLOCK_CACHE) return ::operator new(bytes);
  const std::size_t c = size_class(bytes);
  if (c >= kClasses) return ::operator new(bytes);
  if (FreeBlock* block = cache.head[c]) {
    cache.head[c] = block->next;
    --cache.count[c];
    return block;
  }
  return allocate_from_heap(c, bytes);
}

void cached_free(void* p, std::size_t bytes) noexcept {
  if (!TAPEGRAD_BLOCK_CACHE) return ::operator delete(p);
  const std::size_t c = size_class(bytes);
  if (c < kClasses && cache.count[c] < kMaxCached) {
    auto* block = static_cast<FreeBlock*>(p);
    block->next = cache.head[c];
    cache.head[c] = block;
    ++cache.count[c];
    return;
  }
  ::operator delete(p);
}

}  // namespace tapegrad::detail
