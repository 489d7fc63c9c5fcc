#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <vector>

#include "mlkit/core/errors.hpp"
#include "mlkit/core/random.hpp"
#include "mlkit/preprocessing/standard_scaler.hpp"
#include "tests/cpp/support/reference.hpp"

using mlkit::Index;
using mlkit::Matrix;
using mlkit::Vector;
using mlkit::preprocessing::StandardScaler;
using mlkit::preprocessing::StandardScalerParams;
using mlkit::test::check_close;
using mlkit::test::ref_matrix;
using mlkit::test::ref_vector;
using mlkit::test::Tolerance;

namespace {

constexpr double kEps = std::numeric_limits<double>::epsilon();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Features of different location and scale.
Matrix features(Index n, std::uint64_t unit) {
  mlkit::Rng rng(4711, unit);
  Matrix X(n, 4);
  for (Index i = 0; i < n; ++i)
    for (Index c = 0; c < 4; ++c) X(i, c) = rng.normal() * (1.0 + 3.0 * c) + 10.0 * c - 5.0;
  return X;
}

void check_same_fit(const StandardScaler& a, const StandardScaler& b) {
  check_close(a.mean(), b.mean(), {}, "invariant", "mean_");
  check_close(a.var(), b.var(), {}, "invariant", "var_");
  check_close(a.scale(), b.scale(), {}, "invariant", "scale_");
}

}  // namespace

TEST_CASE("StandardScaler matches scikit-learn on the reference cases",
          "[standard_scaler][parity]") {
  const auto& cases = mlkit::test::reference_json("preprocessing.json").at("StandardScaler");
  REQUIRE(cases.size() >= 9);
  for (const auto& c : cases) {
    const std::string name = c.at("name");
    INFO("case " << name);
    StandardScalerParams params;
    params.with_mean = c.at("params").at("with_mean");
    params.with_std = c.at("params").at("with_std");
    StandardScaler est(params);
    const Matrix X = ref_matrix(c.at("X"));
    const Matrix Z = ref_matrix(c.at("Z"));
    mlkit::FitOptions opts;
    opts.sample_weight = ref_vector(c.at("sample_weight"));
    est.fit(X, opts);

    const Vector mean = ref_vector(c.at("mean_"));
    const Vector scale = ref_vector(c.at("scale_"));
    const Tolerance tol;
    // Empty vectors stand for scikit-learn's None; check_close compares the sizes too.
    check_close(est.mean(), mean, tol, "StandardScaler", name + " mean_");
    check_close(est.var(), ref_vector(c.at("var_")), tol, "StandardScaler", name + " var_");
    check_close(est.scale(), scale, tol, "StandardScaler", name + " scale_");
    check_close(est.n_samples_seen(), ref_vector(c.at("n_samples_seen_")), tol, "StandardScaler",
                name + " n_samples_seen_");
    // x - mean_ cannot be known better than to an ulp or so of mean_ (whatever the summation
    // order), and that absolute error is all that is left of the near-constant columns (1e8 plus
    // a few ulps or 1e-3): allow 2 ε |mean_| / scale_ per column on top of the usual tolerance.
    // (Today mlkit and NumPy both add the rows in order and agree exactly.)
    const Matrix Xt = est.transform(X), Xt_ref = ref_matrix(c.at("transform"));
    REQUIRE(Xt.cols() == Xt_ref.cols());
    for (Index j = 0; j < Xt.cols(); ++j) {
      Tolerance column = tol;
      if (params.with_mean)
        column.atol += 2 * kEps * std::abs(mean[j]) / (params.with_std ? scale[j] : 1.0);
      check_close(Vector(Xt.col(j)), Vector(Xt_ref.col(j)), column, "StandardScaler",
                  name + " transform, column " + std::to_string(j));
    }
    check_close(est.inverse_transform(Z), ref_matrix(c.at("inverse_transform")), tol,
                "StandardScaler", name + " inverse_transform");
  }
}

TEST_CASE("StandardScaler: transform then inverse_transform returns the input",
          "[standard_scaler][invariant]") {
  Matrix X = features(30, 1);
  X(3, 2) = kNaN;
  X(7, 0) = kNaN;
  for (bool with_mean : {true, false})
    for (bool with_std : {true, false}) {
      INFO("with_mean " << with_mean << ", with_std " << with_std);
      StandardScaler est(StandardScalerParams{.with_mean = with_mean, .with_std = with_std});
      const Matrix back = est.inverse_transform(est.fit_transform(X));
      check_close(back, X, {1e-14, 1e-14}, "invariant", "round trip");
    }
}

TEST_CASE("StandardScaler: permuting the rows gives the same statistics",
          "[standard_scaler][invariant]") {
  const Matrix X = features(40, 2);
  Matrix reversed = X.colwise().reverse();
  StandardScaler a, b;
  a.fit(X);
  b.fit(reversed);
  check_same_fit(a, b);
}

TEST_CASE("StandardScaler: integer weight 2 equals duplicating the rows",
          "[standard_scaler][invariant]") {
  const Matrix X = features(20, 3);
  const std::vector<Index> twice = {1, 2, 8, 19};
  mlkit::FitOptions opts;
  opts.sample_weight = Vector::Ones(20);
  Matrix duplicated(24, 4);
  duplicated.topRows(20) = X;
  for (std::size_t k = 0; k < twice.size(); ++k) {
    opts.sample_weight[twice[k]] = 2.0;
    duplicated.row(20 + static_cast<Index>(k)) = X.row(twice[k]);
  }
  StandardScaler weighted, plain;
  weighted.fit(X, opts);
  plain.fit(duplicated);
  check_same_fit(weighted, plain);
  check_close(weighted.n_samples_seen(), plain.n_samples_seen(), {}, "invariant",
              "n_samples_seen_");
}

TEST_CASE("StandardScaler: scaling every weight by a constant changes nothing",
          "[standard_scaler][invariant]") {
  const Matrix X = features(20, 4);
  mlkit::FitOptions opts;
  opts.sample_weight = Vector::LinSpaced(20, 0.5, 3.0);
  StandardScaler a, b;
  a.fit(X, opts);
  opts.sample_weight *= 0.01;
  b.fit(X, opts);
  check_same_fit(a, b);
  check_close(b.n_samples_seen(), 0.01 * a.n_samples_seen(), {}, "invariant", "n_samples_seen_");
}

TEST_CASE("StandardScaler: n_samples_seen_ is the sum of the weights, whatever the parameters",
          "[standard_scaler]") {
  // scikit-learn 1.9 sums the weights everywhere except on dense input with with_mean and
  // with_std both false, where it counts rows and ignores sample_weight (its sparse path sums
  // them). mlkit does not copy that inconsistency.
  const Matrix X = features(6, 7);
  mlkit::FitOptions opts;
  opts.sample_weight = Vector::LinSpaced(6, 1.0, 3.5);
  for (bool with_mean : {true, false})
    for (bool with_std : {true, false}) {
      INFO("with_mean " << with_mean << ", with_std " << with_std);
      StandardScaler est(StandardScalerParams{.with_mean = with_mean, .with_std = with_std});
      est.fit(X, opts);
      CHECK((est.n_samples_seen().array() == 13.5).all());
    }
}

TEST_CASE("StandardScaler: NaN is ignored in fit and passed through in transform",
          "[standard_scaler]") {
  Matrix X = features(12, 5);
  X(0, 1) = kNaN;
  StandardScaler with_nan, without;
  with_nan.fit(X);
  without.fit(X.bottomRows(11));
  CHECK(with_nan.n_samples_seen()[1] == 11);
  CHECK(with_nan.n_samples_seen()[0] == 12);
  CHECK(std::abs(with_nan.mean()[1] - without.mean()[1]) <= 1e-14 * std::abs(without.mean()[1]));
  CHECK(std::abs(with_nan.var()[1] - without.var()[1]) <= 1e-13 * without.var()[1]);
  const Matrix Xt = with_nan.transform(X);
  CHECK(std::isnan(Xt(0, 1)));
  CHECK(Xt.bottomRows(11).allFinite());
}

TEST_CASE("StandardScaler rejects bad input", "[standard_scaler][errors]") {
  const Matrix X = features(10, 6);
  StandardScaler est;

  SECTION("negative sample weight") {
    mlkit::FitOptions opts;
    opts.sample_weight = Vector::Ones(10);
    opts.sample_weight[3] = -1.0;
    CHECK_THROWS_AS(est.fit(X, opts), mlkit::InvalidInput);
    CHECK_FALSE(est.fitted());
  }
  SECTION("infinity in X") {
    Matrix bad = X;
    bad(2, 2) = std::numeric_limits<double>::infinity();
    CHECK_THROWS_AS(est.fit(bad), mlkit::InvalidInput);
  }
  SECTION("wrong feature count") {
    est.fit(X);
    CHECK_THROWS_AS(est.transform(Matrix::Zero(3, 3)), mlkit::InvalidInput);
    CHECK_THROWS_AS(est.transform(Matrix::Zero(3, 5)), mlkit::InvalidInput);
    CHECK_THROWS_AS(est.inverse_transform(Matrix::Zero(3, 3)), mlkit::InvalidInput);
  }
  SECTION("use before fit") {
    CHECK_THROWS_AS(est.transform(X), mlkit::NotFitted);
    CHECK_THROWS_AS(est.mean(), mlkit::NotFitted);
  }
}
