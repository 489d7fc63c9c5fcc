#pragma once
/// @file random.hpp
/// @brief Reproducible random streams. Each unit of random work (a tree, a restart, a chunk)
/// draws from its own stream keyed by (seed, unit index), so results do not depend on how units
/// are spread over threads. The generator is Philox4x64-10 (Salmon et al., "Parallel random
/// numbers: as easy as 1, 2, 3", SC 2011), a counter-based generator.

#include <array>
#include <cstdint>
#include <limits>
#include <optional>

namespace mlkit {

/// @brief The base seed for a `random_state` parameter: the value itself, or a fresh seed from
/// std::random_device when it is None.
std::uint64_t resolve_seed(std::optional<std::int64_t> random_state);

/// @brief One random stream; satisfies UniformRandomBitGenerator.
class Rng {
 public:
  using result_type = std::uint64_t;
  /// @brief Stream number `unit` of base seed `seed`.
  explicit Rng(std::uint64_t seed, std::uint64_t unit = 0);

  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }
  result_type operator()();

  /// @brief Uniform in [0, 1) with 53 random bits.
  double uniform();
  /// @brief Standard normal (Box–Muller, both values used).
  double normal();
  /// @brief Uniform integer in [0, n) without modulo bias (Lemire, 2019); n > 0.
  std::uint64_t below(std::uint64_t n);

 private:
  void refill();
  std::array<std::uint64_t, 2> key_;
  std::array<std::uint64_t, 4> counter_{};
  std::array<std::uint64_t, 4> buffer_{};
  int used_ = 4;
  std::optional<double> spare_normal_;
};

}  // namespace mlkit
