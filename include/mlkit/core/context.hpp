#pragma once
/// @file context.hpp
/// @brief Threads, device and seed of one call. Work runs in a oneTBB task arena of the
/// requested size; OpenBLAS is kept single-threaded so the two never oversubscribe the cores.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace mlkit {

/// @brief Set the process-wide default number of threads (used when n_jobs is None).
/// Values < 1 mean "all cores". The initial default comes from MLKIT_NUM_THREADS, else all cores.
void set_num_threads(int n);
/// @brief The process-wide default number of threads.
int get_num_threads();
/// @brief Threads for scikit-learn's n_jobs: None → the process default, -1 → all cores,
/// -2 → all but one, k > 0 → k. Throws InvalidParameter for 0.
int resolve_n_jobs(std::optional<int> n_jobs);
/// @brief The number of hardware threads.
int hardware_threads();

/// @brief Compute device.
enum class Device { Cpu, Cuda };
/// @brief Parse "cpu" | "cuda" | "auto". "auto" picks CUDA when a usable GPU exists.
/// "cuda" throws DeviceError when mlkit was built without CUDA or no GPU is present.
Device resolve_device(std::string_view device);
/// @brief Whether this build has CUDA support and a GPU is present.
bool cuda_available();

/// @brief Per-call execution context: thread count, device and base seed.
class Context {
 public:
  /// @param n_jobs scikit-learn meaning (see resolve_n_jobs)
  /// @param seed base seed for per-unit random streams (see random.hpp)
  explicit Context(std::optional<int> n_jobs = std::nullopt, std::uint64_t seed = 0,
                   Device device = Device::Cpu);
  ~Context();
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

  int n_threads() const { return n_threads_; }
  std::uint64_t seed() const { return seed_; }
  Device device() const { return device_; }

  /// @brief Run `fn` inside this context's task arena, so TBB algorithms it calls use at most
  /// n_threads() threads.
  void run(const std::function<void()>& fn) const;

  /// @brief Pick the backend for this context's device (XGBoost's DispatchDevice).
  template <class CpuFn, class CudaFn>
  auto dispatch(CpuFn&& cpu, CudaFn&& cuda) const {
    return device_ == Device::Cuda ? cuda() : cpu();
  }

 private:
  int n_threads_;
  std::uint64_t seed_;
  Device device_;
  struct Arena;
  std::unique_ptr<Arena> arena_;
};

}  // namespace mlkit
