// tapegrad::Generator: a seed, an offset in its Philox stream, and the mutex that makes
// reserving words safe from any thread; and the process-wide default generator.
#include <cstdint>
#include <cstring>
#include <limits>
#include <mutex>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "tapegrad/random.hpp"

namespace tapegrad {

namespace {
constexpr unsigned char kStateMagic[4] = {'T', 'G', 'P', 'X'};
constexpr unsigned char kStateVersion = 1;

void put_le64(std::uint8_t* p, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) p[i] = static_cast<std::uint8_t>(v >> (8 * i));
}

std::uint64_t get_le64(const std::uint8_t* p) {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= std::uint64_t{p[i]} << (8 * i);
  return v;
}
}  // namespace

void Generator::manual_seed(std::uint64_t seed) {
  std::lock_guard<std::mutex> lock(mutex_);
  seed_ = seed;
  offset_ = 0;
}

std::uint64_t Generator::seed() {
  std::random_device device;
  const std::uint64_t hi = device(), lo = device();
  const std::uint64_t s = (hi << 32) ^ lo;
  manual_seed(s);
  return s;
}

std::uint64_t Generator::initial_seed() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return seed_;
}

std::uint64_t Generator::offset() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return offset_;
}

void Generator::set_offset(std::uint64_t offset) {
  std::lock_guard<std::mutex> lock(mutex_);
  offset_ = offset;
}

std::vector<std::uint8_t> Generator::get_state() const {
  std::uint64_t seed = 0, offset = 0;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    seed = seed_;
    offset = offset_;
  }
  std::vector<std::uint8_t> state(kStateSize, 0);
  std::memcpy(state.data(), kStateMagic, sizeof kStateMagic);
  state[4] = kStateVersion;
  put_le64(&state[8], seed);
  put_le64(&state[16], offset);
  return state;
}

void Generator::set_state(const std::vector<std::uint8_t>& state) {
  const std::string what = "Generator::set_state: ";
  if (state.size() != kStateSize) {
    throw std::invalid_argument(what + "expected a state of " + std::to_string(kStateSize) +
                                " bytes (from get_state), got " + std::to_string(state.size()));
  }
  if (std::memcmp(state.data(), kStateMagic, sizeof kStateMagic) != 0) {
    throw std::invalid_argument(what + "not a tapegrad generator state (bad magic bytes)");
  }
  if (state[4] != kStateVersion) {
    throw std::invalid_argument(what + "unsupported state version " + std::to_string(int{state[4]}) +
                                " (this build reads version " + std::to_string(int{kStateVersion}) + ")");
  }
  if (state[5] != 0 || state[6] != 0 || state[7] != 0) {
    throw std::invalid_argument(what + "corrupt state (reserved bytes 5-7 must be zero)");
  }
  std::lock_guard<std::mutex> lock(mutex_);
  seed_ = get_le64(&state[8]);
  offset_ = get_le64(&state[16]);
}

Generator::Block Generator::reserve(std::uint64_t words) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (words > std::numeric_limits<std::uint64_t>::max() - offset_) {
    throw std::overflow_error("Generator: the stream of seed " + std::to_string(seed_) +
                              " is exhausted (offset " + std::to_string(offset_) + ", " +
                              std::to_string(words) + " words requested)");
  }
  const Block block{seed_, offset_};
  offset_ += words;
  return block;
}

Generator& default_generator() {
  // Never destroyed, like the thread pool: code that runs during static destruction (an
  // interpreter shutting down a dlopen'd module) may still draw from it.
  static Generator* const generator = new Generator();
  return *generator;
}

void manual_seed(std::uint64_t seed) { default_generator().manual_seed(seed); }

}  // namespace tapegrad
