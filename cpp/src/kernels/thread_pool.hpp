#pragma once
// The core's thread pool (internal). Kernels hand it independent tasks; the public knobs are in
// tapegrad/threading.hpp.

namespace tapegrad::kernels {

using TaskFn = void (*)(void* ctx, int task);

// Runs fn(ctx, 0 .. n_tasks - 1), each exactly once, and returns when all are done. The calling
// thread takes part. Tasks run on up to get_num_threads() threads when the pool is free;
// when another parallel region is running (another user thread, or a pool worker calling a
// kernel) they run serially on the caller instead, so nested and concurrent calls never
// deadlock. The first exception thrown by a task is rethrown here.
void parallel_for(int n_tasks, TaskFn fn, void* ctx);

template <class F>
void parallel_for(int n_tasks, F& body) {
  parallel_for(n_tasks, [](void* ctx, int task) { (*static_cast<F*>(ctx))(task); }, &body);
}

}  // namespace tapegrad::kernels
