// Regression and clustering metrics, trustworthiness and pairwise_distances against
// scikit-learn, plus their invariants and errors.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "mlkit/core/context.hpp"
#include "mlkit/core/errors.hpp"
#include "mlkit/metrics/cluster.hpp"
#include "mlkit/metrics/pairwise.hpp"
#include "mlkit/metrics/regression.hpp"
#include "tests/cpp/metrics/metrics_reference.hpp"
#include "tests/cpp/support/data.hpp"

using mlkit::Index;
using mlkit::Matrix;
using mlkit::Vector;
using namespace mlkit::metrics;
using mlkit::test::check_close;
using mlkit::test::check_scalar;
using mlkit::test::metrics_cases;
using mlkit::test::ref_matrix;
using mlkit::test::ref_vector;

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

TEST_CASE("regression metrics match scikit-learn", "[regression][parity]") {
  const auto& cases = metrics_cases("regression");
  REQUIRE(cases.size() >= 6);
  using Fn = double (*)(mlkit::VectorView, mlkit::VectorView, mlkit::VectorView);
  const std::pair<const char*, Fn> fns[] = {
      {"mean_squared_error", &mean_squared_error},
      {"root_mean_squared_error", &root_mean_squared_error},
      {"mean_absolute_error", &mean_absolute_error},
      {"median_absolute_error", &median_absolute_error},
      {"r2_score", &r2_score},
      {"explained_variance_score", &explained_variance_score}};
  for (const auto& c : cases) {
    const std::string name = c.at("name");
    INFO("case " << name);
    const Vector yt = ref_vector(c.at("y_true")), yp = ref_vector(c.at("y_pred"));
    const Vector w = ref_vector(c.at("sample_weight"));
    for (const auto& [metric, fn] : fns) check_scalar(fn(yt, yp, w), c.at(metric), metric, name);
  }
}

TEST_CASE("regression metrics: invariants and errors", "[regression][errors]") {
  const Vector y = mlkit::test::normal_matrix(9, 1, 5).col(0);
  const Vector p = y + 0.4 * mlkit::test::normal_matrix(9, 1, 6).col(0);
  Vector w = Vector::Ones(9);
  w[4] = 3.0;
  Vector y3(11), p3(11);
  y3 << y, y[4], y[4];
  p3 << p, p[4], p[4];
  CHECK(mean_squared_error(y, p, w) == Approx(mean_squared_error(y3, p3)).epsilon(1e-14));
  CHECK(explained_variance_score(y, p, 5.0 * w) ==
        Approx(explained_variance_score(y3, p3)).epsilon(1e-13));
  CHECK(root_mean_squared_error(y, p) == Approx(std::sqrt(mean_squared_error(y, p))));
  CHECK(mean_absolute_error(y, y) == 0.0);
  for (auto fn : {&mean_squared_error, &mean_absolute_error, &median_absolute_error,
                  &explained_variance_score, &root_mean_squared_error}) {
    CHECK_THROWS_AS(fn(y, Vector(p.head(4)), Vector()), mlkit::InvalidInput);
    CHECK_THROWS_AS(fn(Vector(), Vector(), Vector()), mlkit::InvalidInput);
    Vector bad = p;
    bad[2] = kNaN;
    CHECK_THROWS_AS(fn(y, bad, Vector()), mlkit::InvalidInput);
    bad[2] = INFINITY;
    CHECK_THROWS_AS(fn(bad, y, Vector()), mlkit::InvalidInput);
    CHECK_THROWS_AS(fn(y, p, Vector::Zero(9)), mlkit::InvalidInput);
  }
}

TEST_CASE("silhouette, Davies-Bouldin and Calinski-Harabasz match scikit-learn",
          "[cluster][parity]") {
  const auto& cases = metrics_cases("cluster_internal");
  REQUIRE(cases.size() >= 4);
  for (const auto& c : cases) {
    const std::string name = c.at("name");
    INFO("case " << name);
    const Matrix X = ref_matrix(c.at("X"));
    const Vector labels = ref_vector(c.at("labels"));
    check_close(silhouette_samples(X, labels), ref_vector(c.at("silhouette_samples")), {},
                "silhouette_samples", name);
    check_scalar(silhouette_score(X, labels), c.at("silhouette_score"), "silhouette_score", name);
    check_scalar(davies_bouldin_score(X, labels), c.at("davies_bouldin_score"),
                 "davies_bouldin_score", name);
    check_scalar(calinski_harabasz_score(X, labels), c.at("calinski_harabasz_score"),
                 "calinski_harabasz_score", name);
  }
}

TEST_CASE("silhouette_samples is bit-identical for any thread count", "[cluster][threads]") {
  const Matrix X = mlkit::test::normal_matrix(300, 4, 77);
  Vector labels(300);
  for (Index i = 0; i < 300; ++i) labels[i] = static_cast<double>(i % 5);
  const Vector one = silhouette_samples(X, labels, 1);
  CHECK(silhouette_samples(X, labels, 2) == one);
  CHECK(silhouette_samples(X, labels, -1) == one);
}

TEST_CASE("external clustering metrics match scikit-learn", "[cluster][parity]") {
  const auto& cases = metrics_cases("cluster_external");
  REQUIRE(cases.size() >= 5);
  for (const auto& c : cases) {
    const std::string name = c.at("name");
    INFO("case " << name);
    const Vector a = ref_vector(c.at("labels_true")), b = ref_vector(c.at("labels_pred"));
    check_scalar(adjusted_rand_score(a, b), c.at("adjusted_rand_score"), "adjusted_rand_score",
                 name);
    check_scalar(normalized_mutual_info_score(a, b), c.at("normalized_mutual_info_score"),
                 "normalized_mutual_info_score", name);
    const auto hcv = homogeneity_completeness_v_measure(a, b);
    check_scalar(hcv.homogeneity, c.at("homogeneity"), "homogeneity_score", name);
    check_scalar(hcv.completeness, c.at("completeness"), "completeness_score", name);
    check_scalar(hcv.v_measure, c.at("v_measure"), "v_measure_score", name);
    CHECK(homogeneity_score(a, b) == hcv.homogeneity);
    CHECK(completeness_score(a, b) == hcv.completeness);
    check_scalar(v_measure_score(a, b, 2.0), c.at("v_measure_beta_2"), "v_measure_score",
                 name + " beta 2");
  }
}

TEST_CASE("trustworthiness matches scikit-learn", "[cluster][parity]") {
  for (const auto& c : metrics_cases("trustworthiness")) {
    const std::string name = c.at("name");
    INFO("case " << name);
    check_scalar(trustworthiness(ref_matrix(c.at("X")), ref_matrix(c.at("X_embedded")),
                                 c.at("n_neighbors").get<int>()),
                 c.at("trustworthiness"), "trustworthiness", name);
  }
}

TEST_CASE("pairwise_distances matches scikit-learn", "[pairwise][parity]") {
  const auto& cases = metrics_cases("pairwise");
  REQUIRE(cases.size() == 8);
  for (const auto& c : cases) {
    const std::string name = c.at("name"), metric = c.at("metric");
    INFO("case " << name);
    const Matrix X = ref_matrix(c.at("X"));
    const Matrix D = c.at("Y").is_null() ? pairwise_distances(X, X, metric)
                                         : pairwise_distances(X, ref_matrix(c.at("Y")), metric);
    check_close(D, ref_matrix(c.at("distances")), {1e-10, 1e-12}, "pairwise_distances", name);
  }
  const Matrix A = mlkit::test::normal_matrix(600, 3, 8), B = mlkit::test::normal_matrix(20, 3, 9);
  for (const char* metric : {"manhattan", "cosine"})
    CHECK(pairwise_distances(A, B, metric, 1) == pairwise_distances(A, B, metric, 2));
}

TEST_CASE("clustering metrics reject bad input", "[cluster][errors]") {
  const Matrix X = mlkit::test::normal_matrix(6, 2, 3);
  const Vector labels = (Vector(6) << 0, 0, 1, 1, 2, 2).finished();
  MLKIT_CHECK_THROWS(silhouette_score(X, Vector::Zero(6)), mlkit::InvalidInput,
                     Catch::Matchers::Contains("Number of labels is 1"));
  CHECK_THROWS_AS(silhouette_score(X, Vector::LinSpaced(6, 0, 5)), mlkit::InvalidInput);
  CHECK_THROWS_AS(davies_bouldin_score(X, Vector::Zero(6)), mlkit::InvalidInput);
  CHECK_THROWS_AS(calinski_harabasz_score(X, Vector::Zero(6)), mlkit::InvalidInput);
  CHECK_THROWS_AS(silhouette_score(X, Vector(labels.head(5))), mlkit::InvalidInput);
  Matrix bad = X;
  bad(1, 1) = kNaN;
  CHECK_THROWS_AS(silhouette_samples(bad, labels), mlkit::InvalidInput);
  CHECK_THROWS_AS(davies_bouldin_score(Matrix(0, 2), Vector()), mlkit::InvalidInput);
  CHECK_THROWS_AS(adjusted_rand_score(labels, Vector(labels.head(4))), mlkit::InvalidInput);
  Vector nan_labels = labels;
  nan_labels[0] = kNaN;
  CHECK_THROWS_AS(normalized_mutual_info_score(nan_labels, labels), mlkit::InvalidInput);
  CHECK_THROWS_AS(v_measure_score(labels, labels, -1.0), mlkit::InvalidParameter);
  CHECK_THROWS_AS(trustworthiness(X, X, 3), mlkit::InvalidParameter);
  CHECK_THROWS_AS(trustworthiness(X, Matrix(X.topRows(5)), 2), mlkit::InvalidInput);
  CHECK_THROWS_AS(pairwise_distances(X, X, "chebyshev"), mlkit::InvalidParameter);
  CHECK_THROWS_AS(pairwise_distances(X, Matrix(X.leftCols(1)), "manhattan"), mlkit::InvalidInput);
  CHECK_THROWS_AS(pairwise_distances(bad, X, "cosine"), mlkit::InvalidInput);
}

TEST_CASE("clustering metrics: invariant to row order and to renaming the labels",
          "[cluster][invariant]") {
  const Matrix X = mlkit::test::normal_matrix(40, 3, 31);
  Vector a(40), b(40);
  for (Index i = 0; i < 40; ++i) {
    a[i] = static_cast<double>(i % 4);
    b[i] = static_cast<double>((i * 7) % 5);
  }
  // Reverse the rows; rename labels k -> 10 - 3k.
  const Matrix Xr = X.colwise().reverse();
  const Vector ar = a.reverse(), br = b.reverse();
  const Vector renamed = (10.0 - 3.0 * a.array()).matrix();
  CHECK(silhouette_score(Xr, ar) == Approx(silhouette_score(X, a)).epsilon(1e-12));
  CHECK(silhouette_score(X, renamed) == Approx(silhouette_score(X, a)).epsilon(1e-14));
  CHECK(davies_bouldin_score(Xr, ar) == Approx(davies_bouldin_score(X, a)).epsilon(1e-12));
  CHECK(calinski_harabasz_score(Xr, ar) == Approx(calinski_harabasz_score(X, a)).epsilon(1e-12));
  CHECK(adjusted_rand_score(ar, br) == Approx(adjusted_rand_score(a, b)).epsilon(1e-14));
  CHECK(adjusted_rand_score(renamed, b) == Approx(adjusted_rand_score(a, b)).epsilon(1e-14));
  CHECK(normalized_mutual_info_score(a, b) ==
        Approx(normalized_mutual_info_score(b, a)).epsilon(1e-14));
  const auto hcv = homogeneity_completeness_v_measure(a, b);
  const auto swapped = homogeneity_completeness_v_measure(b, a);
  CHECK(hcv.homogeneity == Approx(swapped.completeness).epsilon(1e-14));
  CHECK(adjusted_rand_score(a, a) == 1.0);
  CHECK(normalized_mutual_info_score(a, renamed) == Approx(1.0).epsilon(1e-14));
}
