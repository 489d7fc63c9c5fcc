#include <catch2/catch.hpp>

#include "mlkit/core/errors.hpp"
#include "mlkit/preprocessing/k_bins_discretizer.hpp"
#include "tests/cpp/preprocessing/parity.hpp"
#include "tests/cpp/support/data.hpp"

using mlkit::Index;
using mlkit::Matrix;
using mlkit::preprocessing::KBinsDiscretizer;
using mlkit::preprocessing::KBinsDiscretizerParams;

TEST_CASE("KBinsDiscretizer matches scikit-learn on the reference cases",
          "[k_bins_discretizer][parity]") {
  CHECK(mlkit::test::check_reference_cases("k_bins_discretizer", "KBinsDiscretizer") >= 11);
}

TEST_CASE("KBinsDiscretizer: one-hot rows have one 1 per feature and match the ordinal codes",
          "[k_bins_discretizer][invariant]") {
  const Matrix X = mlkit::test::normal_matrix(200, 3, 95);
  for (const char* strategy : {"uniform", "quantile", "kmeans"}) {
    INFO("strategy " << strategy);
    KBinsDiscretizer ordinal(KBinsDiscretizerParams{.encode = "ordinal", .strategy = strategy});
    KBinsDiscretizer onehot(KBinsDiscretizerParams{.encode = "onehot", .strategy = strategy});
    const Matrix codes = ordinal.fit_transform(X), dummies = onehot.fit_transform(X);
    CHECK(dummies.cols() == 15);
    for (Index i = 0; i < X.rows(); ++i)
      for (Index j = 0; j < 3; ++j) {
        CHECK(dummies.row(i).segment(5 * j, 5).sum() == 1.0);
        CHECK(dummies(i, 5 * j + static_cast<Index>(codes(i, j))) == 1.0);
      }
  }
}

TEST_CASE("KBinsDiscretizer rejects subsampling and bad bin counts",
          "[k_bins_discretizer][errors]") {
  const Matrix X = mlkit::test::normal_matrix(20, 2, 96);
  KBinsDiscretizer sub(KBinsDiscretizerParams{.subsample = 10});
  CHECK_THROWS_AS(sub.fit(X), mlkit::InvalidParameter);
  KBinsDiscretizer wrong_count(KBinsDiscretizerParams{
      .n_bins = mlkit::ParamValue::List{mlkit::ParamValue(3), mlkit::ParamValue(3),
                                        mlkit::ParamValue(3)}});
  CHECK_THROWS_AS(wrong_count.fit(X), mlkit::InvalidParameter);
  KBinsDiscretizer ordinal(KBinsDiscretizerParams{.encode = "ordinal"});
  ordinal.fit(X);
  Matrix bad = Matrix::Zero(1, 2);
  bad(0, 1) = 9;
  CHECK_THROWS_AS(ordinal.inverse_transform(bad), mlkit::InvalidInput);
}

TEST_CASE("KBinsDiscretizer: integer weight 2 equals duplicating the rows",
          "[k_bins_discretizer][invariant]") {
  const Matrix X = (4.0 * mlkit::test::normal_matrix(30, 3, 99).array()).round();
  mlkit::FitOptions opts;
  opts.sample_weight = mlkit::Vector::Ones(30);
  Matrix duplicated(33, 3);
  duplicated.topRows(30) = X;
  for (Index k = 0; k < 3; ++k) {
    opts.sample_weight[4 * k + 1] = 2.0;
    duplicated.row(30 + k) = X.row(4 * k + 1);
  }
  for (const char* method : {"averaged_inverted_cdf", "inverted_cdf"}) {
    INFO("quantile_method " << method);
    KBinsDiscretizer weighted(
        KBinsDiscretizerParams{.encode = "ordinal", .quantile_method = method});
    KBinsDiscretizer plain(KBinsDiscretizerParams{.encode = "ordinal", .quantile_method = method});
    weighted.fit(X, opts);
    plain.fit(duplicated);
    REQUIRE(weighted.bin_edges().size() == plain.bin_edges().size());
    for (std::size_t f = 0; f < plain.bin_edges().size(); ++f)
      CHECK(weighted.bin_edges()[f] == plain.bin_edges()[f]);
  }
}
