#pragma once
// Checked CUDA and cuBLAS calls: every failure becomes a DeviceError naming the call and where.

#include <cublas_v2.h>
#include <cuda_runtime.h>

#include <string>

#include "mlkit/core/errors.hpp"

namespace mlkit::gpu::detail {

[[noreturn]] inline void throw_cuda(const char* call, const char* file, int line,
                                    const std::string& what) {
  throw DeviceError(std::string("CUDA call ") + call + " failed at " + file + ":" +
                    std::to_string(line) + ": " + what);
}

}  // namespace mlkit::gpu::detail

#define MLKIT_CUDA_TRY(call)                                               \
  do {                                                                     \
    const cudaError_t mlkit_status_ = (call);                              \
    if (mlkit_status_ != cudaSuccess)                                      \
      ::mlkit::gpu::detail::throw_cuda(#call, __FILE__, __LINE__,          \
                                       cudaGetErrorString(mlkit_status_)); \
  } while (0)

#define MLKIT_CUBLAS_TRY(call)                                                \
  do {                                                                        \
    const cublasStatus_t mlkit_status_ = (call);                              \
    if (mlkit_status_ != CUBLAS_STATUS_SUCCESS)                               \
      ::mlkit::gpu::detail::throw_cuda(#call, __FILE__, __LINE__,             \
                                       cublasGetStatusString(mlkit_status_)); \
  } while (0)
