#include <Eigen/SVD>
#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <numbers>

#include "tests/cpp/support/data.hpp"

using namespace mlkit;
using namespace mlkit::datasets;

namespace {

std::map<double, Index> counts(const Vector& y) {
  std::map<double, Index> c;
  for (Index i = 0; i < y.size(); ++i) ++c[y[i]];
  return c;
}

Index numerical_rank(const Matrix& X) {
  const Eigen::JacobiSVD<Eigen::MatrixXd> svd(X);
  const Vector s = svd.singularValues();
  Index r = 0;
  for (Index i = 0; i < s.size(); ++i) r += s[i] > 1e-9 * s[0];
  return r;
}

}  // namespace

TEST_CASE("generators are reproducible from random_state", "[generators]") {
  ClassificationOptions o;
  o.random_state = 3;
  const auto a = make_classification(o), b = make_classification(o);
  CHECK(test::identical(a.X, b.X));
  CHECK(a.y == b.y);
  o.random_state = 4;
  CHECK(!test::identical(make_classification(o).X, a.X));
  CHECK(test::identical(make_moons(50, true, 0.1, 1).X, make_moons(50, true, 0.1, 1).X));
  RegressionOptions r;
  r.random_state = 9;
  CHECK(test::identical(make_regression(r).X, make_regression(r).X));
}

TEST_CASE("make_classification builds the documented structure", "[generators]") {
  ClassificationOptions o;
  o.n_samples = 1000;
  o.n_features = 12;
  o.n_informative = 3;
  o.n_redundant = 2;
  o.n_repeated = 1;
  o.n_classes = 3;
  o.n_clusters_per_class = 1;
  o.weights = {0.2, 0.3};  // the last class gets the rest
  o.flip_y = 0.0;
  o.random_state = 0;
  const auto d = make_classification(o);
  REQUIRE(d.X.rows() == 1000);
  REQUIRE(d.X.cols() == 12);
  CHECK(counts(d.y) == std::map<double, Index>{{0, 200}, {1, 300}, {2, 500}});
  // Redundant and repeated columns add no rank: informative + useless.
  CHECK(numerical_rank(d.X) == 3 + 6);
  // Well separated clusters: the nearest class mean classifies almost every point.
  o.class_sep = 5.0;
  const auto s = make_classification(o);
  Matrix means = Matrix::Zero(3, 12);
  Vector n = Vector::Zero(3);
  for (Index i = 0; i < s.X.rows(); ++i) {
    means.row(static_cast<Index>(s.y[i])) += s.X.row(i);
    n[static_cast<Index>(s.y[i])] += 1;
  }
  for (Index k = 0; k < 3; ++k) means.row(k) /= n[k];
  Index correct = 0;
  for (Index i = 0; i < s.X.rows(); ++i) {
    Index best = 0;
    (means.rowwise() - s.X.row(i)).rowwise().squaredNorm().minCoeff(&best);
    correct += best == static_cast<Index>(s.y[i]);
  }
  CHECK(correct > 950);
  // flip_y replaces about that fraction of labels (a third of them by the same label).
  o.flip_y = 0.3;
  o.class_sep = 1.0;
  const auto flipped = make_classification(o);
  const auto clean = [&] {
    auto c = o;
    c.flip_y = 0;
    return make_classification(c);
  }();
  CHECK(flipped.X.rows() == clean.X.rows());
}

TEST_CASE("make_classification validates its options", "[generators]") {
  ClassificationOptions o;
  o.n_informative = 1;
  o.n_classes = 3;  // 3 × 2 clusters need at least 3 informative features
  CHECK_THROWS_AS(make_classification(o), InvalidParameter);
  o = {};
  o.n_features = 3;  // 2 informative + 2 redundant > 3
  CHECK_THROWS_AS(make_classification(o), InvalidParameter);
  o = {};
  o.weights = {0.5, 0.2, 0.3};
  CHECK_THROWS_AS(make_classification(o), InvalidParameter);
  o = {};
  o.n_samples = 0;
  CHECK_THROWS_AS(make_classification(o), InvalidParameter);
}

TEST_CASE("make_regression: Y = X coef + bias without noise", "[generators]") {
  RegressionOptions o;
  o.n_samples = 200;
  o.n_features = 15;
  o.n_informative = 4;
  o.n_targets = 2;
  o.bias = 3.5;
  o.random_state = 1;
  const auto d = make_regression(o);
  REQUIRE(d.Y.cols() == 2);
  Matrix expect = d.X * d.coef;
  expect.array() += 3.5;
  CHECK((expect - d.Y).cwiseAbs().maxCoeff() < 1e-9);
  Index nonzero = 0;
  for (Index j = 0; j < 15; ++j) nonzero += d.coef.row(j).cwiseAbs().maxCoeff() > 0;
  CHECK(nonzero == 4);
  CHECK(d.coef.maxCoeff() <= 100.0);
  o.noise = 2.0;
  const auto noisy = make_regression(o);
  const double resid_sd =
      std::sqrt(((noisy.X * noisy.coef).array() + 3.5 - noisy.Y.array()).square().mean());
  CHECK(resid_sd == Approx(2.0).epsilon(0.15));
  o.effective_rank = 3;
  o.noise = 0;
  const auto low = make_regression(o);
  const Eigen::JacobiSVD<Eigen::MatrixXd> svd(low.X);
  CHECK(svd.singularValues()[10] < 0.5 * svd.singularValues()[0]);
  CHECK(low.y().size() == 200);
}

TEST_CASE("make_blobs places samples around the centres", "[generators]") {
  BlobsOptions o;
  o.n_samples = 301;
  o.n_features = 3;
  o.n_centers = 4;
  o.cluster_std = {0.05};
  o.random_state = 2;
  const auto d = make_blobs(o);
  CHECK(counts(d.y) == std::map<double, Index>{{0, 76}, {1, 75}, {2, 75}, {3, 75}});
  CHECK(d.centers.minCoeff() >= -10);
  CHECK(d.centers.maxCoeff() <= 10);
  for (Index i = 0; i < d.X.rows(); ++i)
    CHECK((d.X.row(i) - d.centers.row(static_cast<Index>(d.y[i]))).norm() < 0.5);
  o.cluster_std = {1.0, 2.0};  // neither one value nor one per centre
  CHECK_THROWS_AS(make_blobs(o), InvalidParameter);
}

TEST_CASE("moons, circles, S curve, swiss roll and Friedman #1 follow their formulas",
          "[generators]") {
  const auto moons = make_moons(101, true, 0.0, 0);
  CHECK(counts(moons.y) == std::map<double, Index>{{0, 50}, {1, 51}});
  for (Index i = 0; i < moons.X.rows(); ++i) {
    const Eigen::RowVector2d c =
        moons.y[i] == 0 ? Eigen::RowVector2d(0, 0) : Eigen::RowVector2d(1, 0.5);
    CHECK((moons.X.row(i) - c).norm() == Approx(1.0));
  }
  const auto circles = make_circles(100, true, 0.0, 0, 0.5);
  for (Index i = 0; i < circles.X.rows(); ++i)
    CHECK(circles.X.row(i).norm() == Approx(circles.y[i] == 0 ? 1.0 : 0.5));
  CHECK_THROWS_AS(make_circles(100, true, 0.0, 0, 1.0), InvalidParameter);

  const auto s = make_s_curve(200, 0.0, 1);
  for (Index i = 0; i < 200; ++i) {
    const double t = s.y[i];
    CHECK(s.X(i, 0) == Approx(std::sin(t)));
    CHECK(s.X(i, 2) == Approx((t > 0 ? 1 : -1) * (std::cos(t) - 1)).margin(1e-12));
    CHECK(std::abs(t) <= 1.5 * std::numbers::pi);
  }
  const auto roll = make_swiss_roll(200, 0.0, 1);
  for (Index i = 0; i < 200; ++i) {
    const double t = roll.y[i];
    CHECK(roll.X(i, 0) == Approx(t * std::cos(t)));
    CHECK(roll.X(i, 2) == Approx(t * std::sin(t)));
    CHECK(roll.X(i, 1) >= 0);
    CHECK(roll.X(i, 1) <= 21);
  }
  const auto holed = make_swiss_roll(500, 0.0, 2, true);
  for (Index i = 0; i < 500; ++i) {
    const double t = holed.y[i], h = holed.X(i, 1);
    const bool in_hole =
        t > 2.5 * std::numbers::pi && t < 3.5 * std::numbers::pi && h > 7 && h < 14;
    CHECK(!in_hole);
  }
  const auto f = make_friedman1(100, 7, 0.0, 3);
  REQUIRE(f.X.cols() == 7);
  for (Index i = 0; i < 100; ++i) {
    const auto x = f.X.row(i);
    CHECK(f.y[i] == Approx(10 * std::sin(std::numbers::pi * x[0] * x[1]) +
                           20 * (x[2] - 0.5) * (x[2] - 0.5) + 10 * x[3] + 5 * x[4]));
  }
  CHECK(f.X.minCoeff() >= 0);
  CHECK(f.X.maxCoeff() < 1);
  CHECK_THROWS_AS(make_friedman1(10, 4), InvalidParameter);
  CHECK_THROWS_AS(make_moons(0), InvalidParameter);
}
