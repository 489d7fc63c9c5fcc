// Every preprocessing estimator gives bit-identical fits and outputs whatever the number of
// threads: columns are split into fixed blocks and each column is computed by one task.
#include <catch2/catch.hpp>
#include <string>

#include "tests/cpp/support/data.hpp"

TEST_CASE("preprocessing estimators do not depend on the number of threads",
          "[preprocessing][threads]") {
  const mlkit::Matrix X = (4.0 * mlkit::test::normal_matrix(120, 40, 4242).array()).round();
  const int before = mlkit::get_num_threads();
  for (const char* name : {"min_max_scaler", "max_abs_scaler", "robust_scaler", "normalizer",
                           "simple_imputer", "polynomial_features", "k_bins_discretizer",
                           "ordinal_encoder", "one_hot_encoder", "label_encoder"}) {
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
