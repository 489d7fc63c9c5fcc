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
    mlkit::Vector y = X.rowwise().sum();
    if (est->tags().kind == mlkit::Tags::Kind::Classifier)
      y = (y.array() > 0).cast<double>();  // classifiers take labels
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

// The embedded path: one row through a 100-tree random forest (trees grown on 20,000 rows of
// make_classification, 20 features), by ForestBase::predict_row without checks or allocation.
void forest_row(benchmark::State& state, const std::string& name) {
  mlkit::datasets::ClassificationOptions o;
  o.n_samples = 20000;
  o.n_features = 20;
  o.n_informative = 10;
  o.random_state = 0;
  const auto d = mlkit::datasets::make_classification(o);
  auto est = mlkit::make_estimator(name, {{"n_estimators", 100}, {"random_state", 0}});
  est->fit(d.X, d.y);
  const auto& forest = dynamic_cast<const mlkit::ensemble::ForestBase&>(*est);
  mlkit::Index i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(forest.predict_row(d.X.row(i).data()));
    i = (i + 1) % d.X.rows();
  }
}
const bool forest_rows = [] {
  for (const char* name : {"random_forest_classifier", "random_forest_regressor"})
    benchmark::RegisterBenchmark((std::string("predict_row/") + name).c_str(),
                                 [name](benchmark::State& s) { forest_row(s, name); });
  return true;
}();

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
