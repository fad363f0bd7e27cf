#pragma once
// The library version; VERSION at the top of the repository is the one source of it.
namespace tapegrad {
const char* version() noexcept;
}
