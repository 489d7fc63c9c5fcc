// Times mlkit's CSV reader on one file: read_csv (the whole table) and CsvReader (chunks).
// Usage: bench_csv FILE [REPEAT] [CHUNK_ROWS]. Prints one JSON object with the best times.
// Built with -DMLKIT_BUILD_BENCH=ON; driven by bench/csv/bench_csv_parse.py.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "mlkit/core/errors.hpp"
#include "mlkit/io/csv.hpp"

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

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
    double best_whole = 1e300, best_chunked = 1e300, checksum = 0;
    long rows = 0, cols = 0;
    for (int r = 0; r < repeat; ++r) {
      auto t0 = std::chrono::steady_clock::now();
      const auto table = mlkit::io::read_csv(path);
      best_whole = std::min(best_whole, seconds_since(t0));
      rows = static_cast<long>(table.X.rows());
      cols = static_cast<long>(table.X.cols());
      checksum = table.X.sum();

      t0 = std::chrono::steady_clock::now();
      mlkit::io::CsvReader reader(path);
      double sum = 0;
      while (auto c = reader.next(chunk)) sum += c->X.sum();
      best_chunked = std::min(best_chunked, seconds_since(t0));
      if (sum != checksum) std::fprintf(stderr, "bench_csv: chunked sum differs\n");
    }
    std::printf(
        "{\"rows\": %ld, \"cols\": %ld, \"read_csv_s\": %.4f, \"chunked_s\": %.4f, "
        "\"chunk_rows\": %zu, \"checksum\": %.17g}\n",
        rows, cols, best_whole, best_chunked, chunk, checksum);
  } catch (const mlkit::Error& e) {
    std::fprintf(stderr, "bench_csv: %s\n", e.what());
    return 1;
  }
  return 0;
}
