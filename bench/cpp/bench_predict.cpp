// Prediction latency from C++, where Python is out of the picture: one row and batches, for
// every registered estimator that predicts or transforms.
//   build/bench/mlkit_bench_predict [--benchmark_filter=...]
#include <benchmark/benchmark.h>

#include <memory>
#include <string>

#include "mlkit/mlkit.hpp"

namespace {

mlkit::Matrix random_matrix(mlkit::Index n, mlkit::Index p, std::uint64_t unit) {
  mlkit::Rng rng(7, unit);
  mlkit::Matrix X(n, p);
  for (mlkit::Index i = 0; i < X.size(); ++i) X.data()[i] = rng.normal();
  return X;
}

std::unique_ptr<mlkit::Estimator> fitted(const std::string& name, mlkit::Index p) {
  auto est = mlkit::make_estimator(name);
  const mlkit::Matrix X = random_matrix(2000, p, 1);
  if (est->tags().requires_y) {
    const mlkit::Vector y = X.rowwise().sum();
    est->fit(X, y);
  } else {
    est->fit(X);
  }
  return est;
}

void run(benchmark::State& state, const std::string& name) {
  const auto rows = static_cast<mlkit::Index>(state.range(0));
  const mlkit::Index p = 20;
  const auto est = fitted(name, p);
  const mlkit::Matrix X = random_matrix(rows, p, 2);
  const bool predicts = est->tags().has_predict;
  for (auto _ : state) {
    if (predicts) {
      benchmark::DoNotOptimize(est->predict(X));
    } else {
      benchmark::DoNotOptimize(est->transform(X));
    }
  }
  state.SetItemsProcessed(state.iterations() * rows);
}

// One benchmark per registered estimator, at 1 and 1,000 rows of 20 features.
const bool registered = [] {
  for (const auto& info : mlkit::Registry::global().all()) {
    const std::string name = info.name;
    benchmark::RegisterBenchmark(("predict/" + name).c_str(),
                                 [name](benchmark::State& s) { run(s, name); })
        ->Arg(1)
        ->Arg(1000);
  }
  return true;
}();

}  // namespace

BENCHMARK_MAIN();
