// mlkit quickstart: fit every registered regressor on the bundled diabetes data, print held-out
// R² and fit times, then save a model in both encodings, load it back and check that the loaded
// model predicts exactly what the fitted one does.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <numeric>
#include <vector>

#include "mlkit/mlkit.hpp"

namespace {

struct Split {
  mlkit::Matrix X_train, X_test;
  mlkit::Vector y_train, y_test;
};

// A seeded shuffle, then 75 % for training.
Split train_test_split(const mlkit::datasets::Dataset& d, std::uint64_t seed) {
  std::vector<mlkit::Index> order(static_cast<std::size_t>(d.X.rows()));
  std::iota(order.begin(), order.end(), 0);
  mlkit::Rng rng(seed);
  for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng.below(i)]);
  const auto n_train = static_cast<mlkit::Index>(order.size() * 3 / 4);
  const auto n_test = static_cast<mlkit::Index>(order.size()) - n_train;
  Split s{mlkit::Matrix(n_train, d.X.cols()), mlkit::Matrix(n_test, d.X.cols()),
          mlkit::Vector(n_train), mlkit::Vector(n_test)};
  for (mlkit::Index i = 0; i < n_train; ++i) {
    s.X_train.row(i) = d.X.row(order[i]);
    s.y_train[i] = d.y[order[i]];
  }
  for (mlkit::Index i = 0; i < n_test; ++i) {
    s.X_test.row(i) = d.X.row(order[n_train + i]);
    s.y_test[i] = d.y[order[n_train + i]];
  }
  return s;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main() {
  try {
    const auto data = mlkit::datasets::load_diabetes();
    const Split s = train_test_split(data, 0);
    std::printf("mlkit %s quickstart: diabetes, %ld train / %ld test rows, %ld features\n\n",
                MLKIT_VERSION_STRING, static_cast<long>(s.X_train.rows()),
                static_cast<long>(s.X_test.rows()), static_cast<long>(s.X_train.cols()));
    std::printf("%-40s %12s %12s\n", "model", "test R2", "fit ms");

    std::unique_ptr<mlkit::Estimator> last;
    for (const auto& info : mlkit::Registry::global().all()) {
      auto est = info.create();
      if (est->tags().kind != mlkit::Tags::Kind::Regressor) continue;
      const auto t0 = std::chrono::steady_clock::now();
      est->fit(s.X_train, s.y_train);
      const double fit_s = seconds_since(t0);
      std::printf("%-40s %12.4f %12.3f\n", std::string(est->class_name()).c_str(),
                  est->score(s.X_test, s.y_test), fit_s * 1e3);
      last = std::move(est);
    }
    // Transformers in front of each regressor (pipelines compose this once they exist).
    for (const auto& tinfo : mlkit::Registry::global().all()) {
      auto tr = tinfo.create();
      if (tr->tags().kind != mlkit::Tags::Kind::Transformer) continue;
      for (const auto& rinfo : mlkit::Registry::global().all()) {
        auto reg = rinfo.create();
        if (reg->tags().kind != mlkit::Tags::Kind::Regressor) continue;
        const auto t0 = std::chrono::steady_clock::now();
        const mlkit::Matrix Z = tr->fit_transform(s.X_train);
        reg->fit(Z, s.y_train);
        const double fit_s = seconds_since(t0);
        const std::string label =
            std::string(tr->class_name()) + " + " + std::string(reg->class_name());
        std::printf("%-40s %12.4f %12.3f\n", label.c_str(),
                    reg->score(tr->transform(s.X_test), s.y_test), fit_s * 1e3);
      }
    }

    const auto dir = std::filesystem::temp_directory_path() / "mlkit-quickstart";
    std::filesystem::create_directories(dir);
    const mlkit::Vector expected = last->predict(s.X_test);
    for (const char* file : {"model.json", "model.mlkb"}) {
      const auto path = (dir / file).string();
      mlkit::save(*last, path);
      const auto loaded = mlkit::load(path);
      const bool same = (loaded->predict(s.X_test).array() == expected.array()).all();
      std::printf("\nsaved %s (%ju bytes), loaded it back: predictions %s\n", path.c_str(),
                  static_cast<std::uintmax_t>(std::filesystem::file_size(path)),
                  same ? "identical" : "DIFFER");
      if (!same) return 1;
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "quickstart: %s\n", e.what());
    return 1;
  }
}
