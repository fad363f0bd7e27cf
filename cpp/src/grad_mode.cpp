#include <atomic>

#include "tapegrad/autograd.hpp"

namespace tapegrad {

namespace {
thread_local bool grad_enabled = true;
thread_local bool anomaly_enabled = false;
std::atomic<bool> output_links{false};  // process-wide: drawing may happen in another thread
}  // namespace

bool GradMode::enabled() noexcept { return grad_enabled; }
void GradMode::set_enabled(bool enabled) noexcept { grad_enabled = enabled; }

bool AnomalyMode::enabled() noexcept { return anomaly_enabled; }
void AnomalyMode::set_enabled(bool enabled) noexcept { anomaly_enabled = enabled; }

bool OutputLinks::enabled() noexcept { return output_links.load(std::memory_order_relaxed); }
void OutputLinks::set_enabled(bool enabled) noexcept {
  output_links.store(enabled, std::memory_order_relaxed);
}

}  // namespace tapegrad
