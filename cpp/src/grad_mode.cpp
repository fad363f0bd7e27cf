#include "tapegrad/autograd.hpp"

namespace tapegrad {

namespace {
thread_local bool grad_enabled = true;
thread_local bool anomaly_enabled = false;
}

bool GradMode::enabled() noexcept { return grad_enabled; }
void GradMode::set_enabled(bool enabled) noexcept { grad_enabled = enabled; }

bool AnomalyMode::enabled() noexcept { return anomaly_enabled; }
void AnomalyMode::set_enabled(bool enabled) noexcept { anomaly_enabled = enabled; }

}  // namespace tapegrad
