// The thread pool behind tapegrad::set_num_threads and kernels::parallel_for.
//
// Lifetime: the pool is created on first use and deliberately never destroyed. Its workers
// sleep on a condition variable that lives on the heap, so at process exit (including the
// interpreter shutdown of a dlopen'd Python module) no static destructor joins threads or
// destroys primitives they still wait on; the OS reclaims the sleeping workers. After fork()
// the child gets a fresh pool, since the parent's workers do not exist there.
//
// Waiting: a worker polls for the next region for a short while (kSpinBudget) before it sleeps,
// and the caller polls for the workers still inside a region the same way. A training step runs
// a dozen GEMMs tens of microseconds apart; waking a sleeping worker through the condition
// variable costs about as long (much longer on a busy or virtualised machine). The polls yield
// the CPU, so that on a busy machine they hand it to whatever else is runnable.
//
// Joining: a worker joins a region only while it is open, and the caller closes it once it has
// run out of tasks to take. So the caller waits only for workers that are running a task, never
// for one that has not woken up yet (on a loaded machine that can be milliseconds): the tasks
// that such a worker would have taken, the caller takes.
#include "kernels/thread_pool.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "tapegrad/threading.hpp"

#if defined(__unix__) || defined(__APPLE__)
#include <unistd.h>
#define TAPEGRAD_HAVE_FORK 1
#endif

namespace tapegrad {
namespace kernels {
namespace {

int process_id() {
#ifdef TAPEGRAD_HAVE_FORK
  return static_cast<int>(getpid());
#else
  return 0;
#endif
}

int default_num_threads() {
  if (const char* env = std::getenv("TAPEGRAD_NUM_THREADS")) {
    char* end = nullptr;
    const long n = std::strtol(env, &end, 10);
    if (end != env && *end == '\0' && n >= 1 && n <= 4096) return static_cast<int>(n);
  }
  return std::max(1u, std::thread::hardware_concurrency());
}

std::atomic<int>& num_threads_setting() {
  static std::atomic<int> n{default_num_threads()};
  return n;
}

thread_local bool t_is_worker = false;

// How long a thread polls before it blocks: longer than the gap between two GEMMs of a step
// (the loss, a small serial GEMM and the Python around them), short enough that an idle
// process gives its cores back at once.
constexpr std::chrono::microseconds kSpinBudget{200};

void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

// Polls `ready` until it holds or kSpinBudget has passed; returns its last value. Every few
// dozen polls it yields, so a spinning thread never keeps a runnable one off its CPU.
template <class Ready>
bool spin_until(Ready ready) {
  const auto deadline = std::chrono::steady_clock::now() + kSpinBudget;
  for (;;) {
    for (int i = 0; i < 64; ++i) {
      if (ready()) return true;
      cpu_relax();
    }
    std::this_thread::yield();
    if (std::chrono::steady_clock::now() >= deadline) return ready();
  }
}

// The region word: generation (bits 32-63), closed flag (bit 16), workers inside (bits 0-15).
constexpr std::uint64_t kInsideMask = 0xffff;
constexpr std::uint64_t kClosed = std::uint64_t{1} << 16;
constexpr int kGenerationShift = 32;
constexpr std::uint64_t generation_of(std::uint64_t state) { return state >> kGenerationShift; }

class ThreadPool {
 public:
  ThreadPool() : pid_(process_id()) {}
  int pid() const { return pid_; }

  // Runs a parallel region with `threads - 1` workers besides the caller; false, without
  // running anything, when another region holds the pool.
  bool try_run(int threads, int n_tasks, TaskFn fn, void* ctx) {
    std::unique_lock<std::mutex> region(region_, std::try_to_lock);
    if (!region.owns_lock()) return false;
    if (static_cast<int>(workers_.size()) != threads - 1) resize(threads - 1);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      fn_ = fn;
      ctx_ = ctx;
      n_tasks_ = n_tasks;
      next_task_.store(0, std::memory_order_relaxed);
      error_ = nullptr;
      const std::uint64_t next = generation_of(state_.load(std::memory_order_relaxed)) + 1;
      state_.store(next << kGenerationShift, std::memory_order_release);  // open, nobody in
    }
    wake_.notify_all();
    drain();
    // Every task is taken: close the region and wait for the workers still running one.
    state_.fetch_or(kClosed, std::memory_order_acq_rel);
    const auto empty = [&] { return (state_.load(std::memory_order_acquire) & kInsideMask) == 0; };
    spin_until(empty);
    std::unique_lock<std::mutex> lock(mutex_);
    done_.wait(lock, empty);
    if (error_) std::rethrow_exception(error_);
    return true;
  }

 private:
  // Called with region_ held and no region running.
  void resize(int n) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_.store(true, std::memory_order_relaxed);
    }
    wake_.notify_all();
    for (auto& w : workers_) w.join();
    workers_.clear();
    stop_.store(false, std::memory_order_relaxed);
    const std::uint64_t seen = generation_of(state_.load(std::memory_order_relaxed));
    for (int i = 0; i < n; ++i) workers_.emplace_back([this, seen] { work(seen); });
  }

  // Waits for a region newer than `seen`, joins it if it is still open, takes tasks, leaves.
  void work(std::uint64_t seen) {
    t_is_worker = true;
    const auto woken = [&] {
      return stop_.load(std::memory_order_relaxed) ||
             generation_of(state_.load(std::memory_order_acquire)) != seen;
    };
    for (;;) {
      if (!spin_until(woken)) {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, woken);
      }
      if (stop_.load(std::memory_order_relaxed)) return;
      std::uint64_t state = state_.load(std::memory_order_acquire);
      seen = generation_of(state);
      if (!join(state)) continue;
      drain();
      const std::uint64_t left = state_.fetch_sub(1, std::memory_order_acq_rel) - 1;
      if ((left & kInsideMask) == 0 && (left & kClosed) != 0) {
        std::lock_guard<std::mutex> lock(mutex_);  // the caller may be blocked in done_.wait
        done_.notify_one();
      }
    }
  }

  // Counts this worker in, unless the region of `state` has closed or been replaced meanwhile.
  bool join(std::uint64_t state) {
    const std::uint64_t gen = generation_of(state);
    while ((state & kClosed) == 0 && generation_of(state) == gen) {
      if (state_.compare_exchange_weak(state, state + 1, std::memory_order_acq_rel,
                                       std::memory_order_acquire))
        return true;
    }
    return false;
  }

  // Takes tasks until none is left: whoever is free first does the next one.
  void drain() {
    for (int t; (t = next_task_.fetch_add(1, std::memory_order_relaxed)) < n_tasks_;) {
      try {
        fn_(ctx_, t);
      } catch (...) {
        std::lock_guard<std::mutex> lock(mutex_);
        if (!error_) error_ = std::current_exception();
      }
    }
  }

  const int pid_;
  std::mutex region_;  // held for a whole parallel region
  std::mutex mutex_;   // guards the sleeping and the region's fields below
  std::condition_variable wake_, done_;
  std::vector<std::thread> workers_;
  // Atomic because the polling threads read them without the mutex.
  std::atomic<std::uint64_t> state_{0};
  std::atomic<bool> stop_{false};
  TaskFn fn_ = nullptr;
  void* ctx_ = nullptr;
  int n_tasks_ = 0;
  std::atomic<int> next_task_{0};
  std::exception_ptr error_;
};

ThreadPool& pool() {
  static std::atomic<ThreadPool*> current{nullptr};
  ThreadPool* p = current.load(std::memory_order_acquire);
  while (p == nullptr || p->pid() != process_id()) {  // first use, or the child of a fork()
    auto* fresh = new ThreadPool;                     // never deleted: see the lifetime note at the top
    if (current.compare_exchange_strong(p, fresh, std::memory_order_acq_rel)) return *fresh;
    delete fresh;  // another thread won; p now holds its pool
  }
  return *p;
}

}  // namespace

void parallel_for(int n_tasks, TaskFn fn, void* ctx) {
  const int threads = get_num_threads();  // the pool keeps this size whatever n_tasks is
  if (threads > 1 && n_tasks > 1 && !t_is_worker && pool().try_run(threads, n_tasks, fn, ctx)) return;
  for (int t = 0; t < n_tasks; ++t) fn(ctx, t);
}

}  // namespace kernels

void set_num_threads(int n) {
  if (n < 1) throw std::invalid_argument("set_num_threads: n must be >= 1, got " + std::to_string(n));
  kernels::num_threads_setting().store(n, std::memory_order_relaxed);
}

int get_num_threads() { return kernels::num_threads_setting().load(std::memory_order_relaxed); }

}  // namespace tapegrad
