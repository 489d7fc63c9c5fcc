// Times mlkit's Fashion-MNIST loader (gzipped IDX files from Debian's dataset-fashion-mnist).
// Usage: bench_load [REPEAT] [DIR]. Prints one JSON object with the best wall time, the shape and
// a checksum, for bench/run.py to compare with NumPy's reading of the same files.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "bench/cpp/peak_memory.hpp"
#include "mlkit/core/errors.hpp"
#include "mlkit/datasets/datasets.hpp"

int main(int argc, char** argv) {
  const int repeat = argc > 1 ? std::max(1, std::atoi(argv[1])) : 3;
  const std::string dir = argc > 2 ? argv[2] : "";
  try {
    double best = 1e300, checksum = 0;
    long rows = 0, cols = 0;
    for (int r = 0; r < repeat; ++r) {
      const auto t0 = std::chrono::steady_clock::now();
      const auto d = mlkit::datasets::load_fashion_mnist("all", dir);
      best = std::min(best,
                      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
      rows = static_cast<long>(d.X.rows());
      cols = static_cast<long>(d.X.cols());
      checksum = d.X.sum() + d.y.sum();
    }
    std::printf(
        "{\"seconds\": %.6f, \"rows\": %ld, \"cols\": %ld, \"checksum\": %.17g, "
        "\"peak_mb\": %.1f}\n",
        best, rows, cols, checksum, peak_resident_mb());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_load: %s\n", e.what());
    return 1;
  }
}
