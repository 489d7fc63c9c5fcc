// Times mlkit's CSV reader on one file: read_csv (the whole table) and CsvReader (chunks).
// Usage: bench_csv FILE [REPEAT] [CHUNK_ROWS]. Prints one JSON object with the best times.
// Built with -DMLKIT_BUILD_BENCH=ON; driven by bench/csv/bench_csv_parse.py.

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>

#include "bench/cpp/peak_memory.hpp"
#include "mlkit/core/errors.hpp"
#include "mlkit/io/csv.hpp"

namespace {

// Wall and CPU seconds: the machine may be shared, so CPU time is the steadier measure.
struct Clock {
  std::chrono::steady_clock::time_point wall = std::chrono::steady_clock::now();
  std::clock_t cpu = std::clock();
  double wall_s() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - wall).count();
  }
  double cpu_s() const { return static_cast<double>(std::clock() - cpu) / CLOCKS_PER_SEC; }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s FILE [REPEAT] [CHUNK_ROWS]\n", argv[0]);
    return 2;
  }
  const std::string path = argv[1];
  const int repeat = argc > 2 ? std::max(1, std::atoi(argv[2])) : 3;
  const std::size_t chunk = argc > 3 ? std::max(1L, std::atol(argv[3])) : 100000;
  try {
    double best_whole = 1e300, best_chunked = 1e300, cpu_whole = 1e300, cpu_chunked = 1e300;
    double checksum = 0;
    long rows = 0, cols = 0;
    for (int r = 0; r < repeat; ++r) {
      Clock t0;
      const auto table = mlkit::io::read_csv(path);
      best_whole = std::min(best_whole, t0.wall_s());
      cpu_whole = std::min(cpu_whole, t0.cpu_s());
      rows = static_cast<long>(table.X.rows());
      cols = static_cast<long>(table.X.cols());
      checksum = table.X.sum();

      Clock t1;
      mlkit::io::CsvReader reader(path);
      double sum = 0;
      while (auto c = reader.next(chunk)) sum += c->X.sum();
      best_chunked = std::min(best_chunked, t1.wall_s());
      cpu_chunked = std::min(cpu_chunked, t1.cpu_s());
      if (std::abs(sum - checksum) > 1e-9 * std::max(1.0, std::abs(checksum)))
        std::fprintf(stderr, "bench_csv: the chunked sum differs\n");
    }
    std::printf(
        "{\"rows\": %ld, \"cols\": %ld, \"read_csv_s\": %.4f, \"chunked_s\": %.4f, "
        "\"read_csv_cpu_s\": %.4f, \"chunked_cpu_s\": %.4f, \"chunk_rows\": %zu, "
        "\"checksum\": %.17g, \"peak_mb\": %.1f}\n",
        rows, cols, best_whole, best_chunked, cpu_whole, cpu_chunked, chunk, checksum,
        peak_resident_mb());
  } catch (const mlkit::Error& e) {
    std::fprintf(stderr, "bench_csv: %s\n", e.what());
    return 1;
  }
  return 0;
}
