#include "tapegrad/autograd.hpp"

namespace tapegrad {

namespace {
thread_local bool grad_enabled = true;
}

bool GradMode::enabled() noexcept { return grad_enabled; }
void GradMode::set_enabled(bool enabled) noexcept { grad_enabled = enabled; }

}  // namespace tapegrad
