#include "mlkit/core/context.hpp"

#include <oneapi/tbb/info.h>
#include <oneapi/tbb/task_arena.h>

#include <atomic>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>

#include "gpu/mlkit_gpu.hpp"
#include "mlkit/core/errors.hpp"

extern "C" void openblas_set_num_threads(int);

namespace mlkit {

namespace {

int initial_threads() {
  if (const char* env = std::getenv("MLKIT_NUM_THREADS")) {
    char* end = nullptr;
    const long v = std::strtol(env, &end, 10);
    if (end != env && *end == '\0' && v > 0 && v < 1 << 16) return static_cast<int>(v);
  }
  return hardware_threads();
}

std::atomic<int>& default_threads() {
  static std::atomic<int> n{initial_threads()};
  return n;
}

// TBB owns the parallelism; BLAS calls made from inside TBB tasks must not start threads of
// their own, or the two oversubscribe the cores.
void keep_blas_single_threaded() {
  static std::once_flag once;
  std::call_once(once, [] { openblas_set_num_threads(1); });
}

}  // namespace

int hardware_threads() {
  const int n = oneapi::tbb::info::default_concurrency();
  return n > 0 ? n : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

void set_num_threads(int n) { default_threads() = n < 1 ? hardware_threads() : n; }

int get_num_threads() { return default_threads(); }

int resolve_n_jobs(std::optional<int> n_jobs) {
  if (!n_jobs) return get_num_threads();
  const int all = hardware_threads();
  if (*n_jobs == 0) throw InvalidParameter("n_jobs == 0 has no meaning; use None, -1 or k > 0");
  if (*n_jobs < 0) return std::max(1, all + 1 + *n_jobs);
  return *n_jobs;
}

bool cuda_available() { return gpu::built_with_cuda() && gpu::device_count() > 0; }

Device resolve_device(std::string_view device) {
  if (device == "cpu") return Device::Cpu;
  if (device == "auto") return cuda_available() ? Device::Cuda : Device::Cpu;
  if (device == "cuda") {
    if (!gpu::built_with_cuda())
      throw DeviceError("device='cuda' was asked for, but mlkit was built without CUDA");
    if (gpu::device_count() < 1)
      throw DeviceError("device='cuda' was asked for, but no CUDA device is present");
    return Device::Cuda;
  }
  throw InvalidParameter("device must be 'cpu', 'cuda' or 'auto'. Got '" + std::string(device) +
                         "' instead.");
}

struct Context::Arena {
  explicit Arena(int n) : arena(n) {}
  oneapi::tbb::task_arena arena;
};

Context::Context(std::optional<int> n_jobs, std::uint64_t seed, Device device)
    : n_threads_(resolve_n_jobs(n_jobs)),
      seed_(seed),
      device_(device),
      arena_(std::make_unique<Arena>(n_threads_)) {
  keep_blas_single_threaded();
}

Context::~Context() = default;

void Context::run(const std::function<void()>& fn) const { arena_->arena.execute(fn); }

}  // namespace mlkit
