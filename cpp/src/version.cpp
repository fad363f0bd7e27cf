#include "tapegrad/version.hpp"

namespace tapegrad {
const char* version() noexcept { return TAPEGRAD_VERSION_STRING; }
}  // namespace tapegrad
