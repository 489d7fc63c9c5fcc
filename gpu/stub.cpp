// CPU-only builds: the GPU entry points exist and refuse with DeviceError.
#include "gpu/mlkit_gpu.hpp"
#include "mlkit/core/errors.hpp"

namespace mlkit::gpu {

bool built_with_cuda() { return false; }
int device_count() { return 0; }

void sq_euclidean(const double*, std::int64_t, const double*, std::int64_t, std::int64_t, double*) {
  throw DeviceError("mlkit was built without CUDA");
}

}  // namespace mlkit::gpu
