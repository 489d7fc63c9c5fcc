#pragma once
// RAII owners of device memory, streams and cuBLAS handles. Destructors never throw: a failure
// while releasing is ignored, as there is nothing the caller could do about it.

#include <cublas_v2.h>
#include <cuda_runtime.h>

#include <cstddef>
#include <utility>

#include "gpu/cuda_check.hpp"

namespace mlkit::gpu {

/// A stream created non-blocking and destroyed with its owner.
class Stream {
 public:
  Stream() { MLKIT_CUDA_TRY(cudaStreamCreateWithFlags(&s_, cudaStreamNonBlocking)); }
  ~Stream() {
    if (s_) cudaStreamDestroy(s_);
  }
  Stream(const Stream&) = delete;
  Stream& operator=(const Stream&) = delete;
  cudaStream_t get() const { return s_; }
  void synchronize() const { MLKIT_CUDA_TRY(cudaStreamSynchronize(s_)); }

 private:
  cudaStream_t s_ = nullptr;
};

/// n elements of T in device memory, allocated stream-ordered on `stream`.
template <class T>
class DeviceBuffer {
 public:
  DeviceBuffer(std::size_t n, cudaStream_t stream) : n_(n), stream_(stream) {
    if (n_) MLKIT_CUDA_TRY(cudaMallocAsync(reinterpret_cast<void**>(&p_), n_ * sizeof(T), stream_));
  }
  ~DeviceBuffer() {
    if (p_) cudaFreeAsync(p_, stream_);
  }
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;
  T* data() { return p_; }
  const T* data() const { return p_; }
  std::size_t size() const { return n_; }
  void copy_from_host(const T* src) {
    MLKIT_CUDA_TRY(cudaMemcpyAsync(p_, src, n_ * sizeof(T), cudaMemcpyHostToDevice, stream_));
  }
  void copy_to_host(T* dst) const {
    MLKIT_CUDA_TRY(cudaMemcpyAsync(dst, p_, n_ * sizeof(T), cudaMemcpyDeviceToHost, stream_));
  }

 private:
  T* p_ = nullptr;
  std::size_t n_;
  cudaStream_t stream_;
};

/// A cuBLAS handle bound to one stream.
class CublasHandle {
 public:
  explicit CublasHandle(cudaStream_t stream) {
    MLKIT_CUBLAS_TRY(cublasCreate(&h_));
    MLKIT_CUBLAS_TRY(cublasSetStream(h_, stream));
  }
  ~CublasHandle() {
    if (h_) cublasDestroy(h_);
  }
  CublasHandle(const CublasHandle&) = delete;
  CublasHandle& operator=(const CublasHandle&) = delete;
  cublasHandle_t get() const { return h_; }

 private:
  cublasHandle_t h_ = nullptr;
};

}  // namespace mlkit::gpu
