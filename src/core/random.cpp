#include "mlkit/core/random.hpp"

#include <Random123/philox.h>

#include <cmath>
#include <numbers>
#include <random>

namespace mlkit {

std::uint64_t resolve_seed(std::optional<std::int64_t> random_state) {
  if (random_state) return static_cast<std::uint64_t>(*random_state);
  std::random_device rd;
  return (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
}

Rng::Rng(std::uint64_t seed, std::uint64_t unit) : key_{seed, unit} {}

void Rng::refill() {
  using Philox = r123::Philox4x64;
  Philox::ctr_type c = {{counter_[0], counter_[1], counter_[2], counter_[3]}};
  Philox::key_type k = {{key_[0], key_[1]}};
  const auto r = Philox()(c, k);
  for (int i = 0; i < 4; ++i) buffer_[i] = r[i];
  if (++counter_[0] == 0) ++counter_[1];
  used_ = 0;
}

Rng::result_type Rng::operator()() {
  if (used_ == 4) refill();
  return buffer_[used_++];
}

double Rng::uniform() { return static_cast<double>((*this)() >> 11) * 0x1.0p-53; }

double Rng::normal() {
  if (spare_normal_) {
    const double v = *spare_normal_;
    spare_normal_.reset();
    return v;
  }
  double u1;
  do u1 = uniform();
  while (u1 <= 0.0);
  const double u2 = uniform();
  const double r = std::sqrt(-2.0 * std::log(u1));
  const double t = 2.0 * std::numbers::pi * u2;
  spare_normal_ = r * std::sin(t);
  return r * std::cos(t);
}

std::uint64_t Rng::below(std::uint64_t n) {
  // Lemire, "Fast random integer generation in an interval", ACM TOMACS 2019.
  unsigned __int128 m = static_cast<unsigned __int128>((*this)()) * n;
  auto low = static_cast<std::uint64_t>(m);
  if (low < n) {
    const std::uint64_t threshold = -n % n;
    while (low < threshold) {
      m = static_cast<unsigned __int128>((*this)()) * n;
      low = static_cast<std::uint64_t>(m);
    }
  }
  return static_cast<std::uint64_t>(m >> 64);
}

}  // namespace mlkit
