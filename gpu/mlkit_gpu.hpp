#pragma once
// The interface between mlkit's CPU code and its CUDA kernels. Plain C++ types only, so the
// library's .cpp files never see CUDA headers. A build without CUDA links gpu/stub.cpp, whose
// functions report "built without CUDA" and throw DeviceError.

#include <cstdint>

namespace mlkit::gpu {

/// Whether this build has the CUDA backend.
bool built_with_cuda();
/// Number of usable CUDA devices (0 without CUDA or without a GPU).
int device_count();

/// D (n × m, row-major, host memory) = squared Euclidean distances between the rows of X (n × d)
/// and Y (m × d), both row-major in host memory: ||x||² + ||y||² − 2 X·Yᵀ by cuBLAS DGEMM and a
/// norm kernel, clipped at zero. Throws DeviceError on any CUDA failure.
void sq_euclidean(const double* X, std::int64_t n, const double* Y, std::int64_t m, std::int64_t d,
                  double* D);

}  // namespace mlkit::gpu
