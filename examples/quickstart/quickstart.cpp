// mlkit quickstart: fit every registered regressor on the bundled diabetes data, print held-out
// and 5-fold cross-validated R² and fit times, the same behind each transformer in a pipeline, a
// grid search over a pipeline, then save a model in both encodings, load it back
// and check that the loaded model predicts exactly what the fitted one does.
#include <chrono>
#include <cmath>
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

// 75 % for training, 25 % held out, from a seeded shuffle.
Split split(const mlkit::datasets::Dataset& d, std::int64_t seed) {
  namespace ms = mlkit::model_selection;
  const auto parts =
      ms::train_test_split(d.X.rows(), ms::SplitSize::fraction(0.25), std::nullopt, seed);
  return {ms::take_rows(d.X, parts.train), ms::take_rows(d.X, parts.test),
          ms::take(d.y, parts.train), ms::take(d.y, parts.test)};
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main() {
  try {
    const auto data = mlkit::datasets::load_diabetes();
    const Split s = split(data, 0);
    std::printf("mlkit %s quickstart: diabetes, %ld train / %ld test rows, %ld features\n\n",
                MLKIT_VERSION_STRING, static_cast<long>(s.X_train.rows()),
                static_cast<long>(s.X_test.rows()), static_cast<long>(s.X_train.cols()));
    std::printf("%-40s %12s %18s %10s\n", "model", "test R2", "5-fold CV R2", "fit ms");

    std::unique_ptr<mlkit::Estimator> last;
    const mlkit::model_selection::KFold folds(5, true, 0);
    for (const auto& info : mlkit::Registry::global().all()) {
      if (info.composite()) continue;  // their parts are the user's choice; shown below
      auto est = info.create();
      if (est->tags().kind != mlkit::Tags::Kind::Regressor) continue;
      // Cross-validated R² on the training part, then one fit scored on the held-out part.
      const std::vector<double> cv =
          mlkit::model_selection::cross_val_score(*est, s.X_train, s.y_train, folds);
      const double mean = std::accumulate(cv.begin(), cv.end(), 0.0) / cv.size();
      double var = 0;
      for (double v : cv) var += (v - mean) * (v - mean);
      const auto t0 = std::chrono::steady_clock::now();
      est->fit(s.X_train, s.y_train);
      const double fit_s = seconds_since(t0);
      std::printf("%-40s %12.4f %11.4f ± %.4f %10.3f\n", std::string(est->class_name()).c_str(),
                  est->score(s.X_test, s.y_test), mean, std::sqrt(var / cv.size()), fit_s * 1e3);
      last = std::move(est);
    }
    // Each transformer in front of each regressor, as a pipeline.
    for (const auto& tinfo : mlkit::Registry::global().all()) {
      if (tinfo.composite()) continue;
      auto tr = tinfo.create();
      // Encoders take category codes, which diabetes' continuous features are not.
      if (tr->tags().kind != mlkit::Tags::Kind::Transformer || tr->tags().categorical) continue;
      for (const auto& rinfo : mlkit::Registry::global().all()) {
        if (rinfo.composite()) continue;
        auto reg = rinfo.create();
        if (reg->tags().kind != mlkit::Tags::Kind::Regressor) continue;
        const std::string label =
            std::string(tr->class_name()) + " + " + std::string(reg->class_name());
        mlkit::pipeline::Pipeline pipe;
        pipe.add(tinfo.name, tr->clone()).add(rinfo.name, std::move(reg));
        const auto t0 = std::chrono::steady_clock::now();
        pipe.fit(s.X_train, s.y_train);
        const double fit_s = seconds_since(t0);
        std::printf("%-40s %12.4f %18s %10.3f\n", label.c_str(), pipe.score(s.X_test, s.y_test), "",
                    fit_s * 1e3);
      }
    }

    // A grid search over a pipeline: the polynomial degree and the intercept, 5-fold CV.
    {
      mlkit::pipeline::Pipeline pipe;
      pipe.add("scale", mlkit::make_estimator("standard_scaler"))
          .add("poly", mlkit::make_estimator("polynomial_features"))
          .add("lr", mlkit::make_estimator("linear_regression"));
      mlkit::model_selection::GridSearchCV search(
          pipe, {{{"poly__degree", {1, 2, 3}}, {"lr__fit_intercept", {true, false}}}}, folds);
      search.fit(s.X_train, s.y_train);
      std::string best;
      for (const auto& [name, value] : search.best_params())
        best += (best.empty() ? "" : ", ") + name + "=" + value.repr();
      std::printf("\ngrid search over %ld candidates: best %s, CV R2 %.4f, test R2 %.4f\n",
                  static_cast<long>(search.cv_results().rows()), best.c_str(), search.best_score(),
                  search.score(s.X_test, s.y_test));
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
