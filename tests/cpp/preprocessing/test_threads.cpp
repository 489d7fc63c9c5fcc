// Every preprocessing estimator gives bit-identical fits and outputs whatever the number of
// threads: the blocks of work are split so that no value depends on the split.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/cpp/support/data.hpp"

TEST_CASE("preprocessing estimators do not depend on the number of threads",
          "[preprocessing][threads]") {
  const mlkit::Matrix X = (4.0 * mlkit::test::normal_matrix(120, 40, 4242).array()).round();
  const int before = mlkit::get_num_threads();
  for (const char* name :
       {"standard_scaler", "min_max_scaler", "max_abs_scaler", "robust_scaler", "normalizer",
        "simple_imputer", "polynomial_features", "k_bins_discretizer", "ordinal_encoder",
        "one_hot_encoder", "label_encoder"}) {
    INFO("estimator " << name);
    mlkit::set_num_threads(1);
    auto one = mlkit::make_estimator(name);
    one->fit(X);
    const mlkit::Matrix a = one->transform(X);
    mlkit::set_num_threads(4);
    auto four = mlkit::make_estimator(name);
    four->fit(X);
    const mlkit::Matrix b = four->transform(X);
    CHECK(mlkit::test::identical(a, b));
    CHECK(mlkit::save_bytes(*one, mlkit::ModelEncoding::Json) ==
          mlkit::save_bytes(*four, mlkit::ModelEncoding::Json));
  }
  mlkit::set_num_threads(before);
}

TEST_CASE("StandardScaler: NaN in some rows, weighted or not, the same on 1 and 4 threads",
          "[preprocessing][threads]") {
  // NaN in a few rows only: those rows are added value by value, the others as vectors.
  mlkit::Matrix X = 3.0 * mlkit::test::normal_matrix(9000, 7, 77).array() + 5.0;
  X(100, 2) = X(6000, 2) = X(8999, 0) = std::numeric_limits<double>::quiet_NaN();
  mlkit::FitOptions opts;
  opts.sample_weight = (mlkit::test::normal_matrix(9000, 1, 78).col(0).array().abs() + 0.1);
  const int before = mlkit::get_num_threads();
  std::vector<std::vector<std::uint8_t>> files;
  for (const int threads : {1, 4}) {
    mlkit::set_num_threads(threads);
    for (const bool weighted : {false, true}) {
      auto s = mlkit::make_estimator("standard_scaler");
      s->fit(X, weighted ? opts : mlkit::FitOptions{});
      files.push_back(mlkit::save_bytes(*s, mlkit::ModelEncoding::Json));
      if (threads == 1 && !weighted) {
        // Against the column statistics computed directly, NaN left out.
        const auto state = nlohmann::json::parse(files.back().begin(), files.back().end());
        for (mlkit::Index c = 0; c < 7; ++c) {
          double n = 0, sum = 0, sq = 0;
          for (mlkit::Index i = 0; i < 9000; ++i)
            if (!std::isnan(X(i, c))) n += 1, sum += X(i, c);
          for (mlkit::Index i = 0; i < 9000; ++i)
            if (!std::isnan(X(i, c))) sq += (X(i, c) - sum / n) * (X(i, c) - sum / n);
          INFO("column " << c);
          const auto& st = state.at("state");
          CHECK(st.at("mean_")[c].get<double>() == Approx(sum / n).epsilon(1e-13));
          CHECK(st.at("var_")[c].get<double>() == Approx(sq / n).epsilon(1e-12));
          CHECK(st.at("n_samples_seen_")[c].get<double>() == n);
          CHECK(n == (c == 0 ? 8999 : (c == 2 ? 8998 : 9000)));
        }
      }
    }
  }
  mlkit::set_num_threads(before);
  CHECK(files[0] == files[2]);
  CHECK(files[1] == files[3]);
  CHECK(files[0] != files[1]);
}
