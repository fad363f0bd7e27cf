#pragma once
// The size of tapegrad's thread pool, shared by every kernel in the process.
//
// The default is the TAPEGRAD_NUM_THREADS environment variable when it holds a positive
// integer, else std::thread::hardware_concurrency(). Kernels split work across threads only
// when a problem is large enough to gain from it; small ones stay on the calling thread.
// Kernels may be called from several threads at once: one parallel region runs on the pool at
// a time and concurrent callers (pool workers included) compute serially on their own thread.

namespace tapegrad {

// Sets the number of threads kernels may use (the calling thread included). Throws
// std::invalid_argument when n < 1. Takes effect at the next parallel kernel.
void set_num_threads(int n);

// The number of threads kernels may use.
int get_num_threads();

}  // namespace tapegrad
