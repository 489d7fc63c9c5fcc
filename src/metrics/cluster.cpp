#include "mlkit/metrics/cluster.hpp"

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

#include "mlkit/core/context.hpp"
#include "mlkit/core/errors.hpp"
#include "mlkit/core/validation.hpp"
#include "mlkit/metrics/pairwise.hpp"
#include "src/metrics/detail/checks.hpp"

namespace mlkit::metrics {

namespace {

// Rows per task of the silhouette: a 64 × n block of distances at a time.
constexpr Index kSilhouetteBlock = 64;

struct Encoded {
  std::vector<Index> code;  // 0 .. n_labels - 1
  Index n_labels;
};

Encoded encode_labels(VectorView labels) {
  const auto classes = detail::unique_labels(labels);
  return {detail::encode(labels, classes), static_cast<Index>(classes.size())};
}

// Data and labels of an internal clustering metric: checked, labels encoded, 2 to n - 1 labels.
Encoded check_data_labels(MatrixView X, VectorView labels, std::string_view what) {
  check_not_empty(X, what);
  check_consistent_length(X.rows(), labels.size());
  check_finite(X, false, "X");
  check_finite(labels, false, "labels");
  Encoded e = encode_labels(labels);
  if (!(e.n_labels > 1 && e.n_labels < X.rows()))
    throw InvalidInput("Number of labels is " + std::to_string(e.n_labels) +
                       ". Valid values are 2 to n_samples - 1 (inclusive)");
  return e;
}

// The contingency table of two labelings, with the row and column sums.
struct Contingency {
  Matrix C;
  Vector a, b;  // class sizes (rows), cluster sizes (columns)
  double n;
};

Contingency contingency(VectorView labels_true, VectorView labels_pred) {
  check_consistent_length(labels_true.size(), labels_pred.size());
  check_finite(labels_true, false, "labels_true");
  check_finite(labels_pred, false, "labels_pred");
  const Encoded t = encode_labels(labels_true), p = encode_labels(labels_pred);
  Contingency c;
  c.C = Matrix::Zero(t.n_labels, p.n_labels);
  for (std::size_t i = 0; i < t.code.size(); ++i) c.C(t.code[i], p.code[i]) += 1;
  c.a = c.C.rowwise().sum();
  c.b = c.C.colwise().sum().transpose();
  c.n = static_cast<double>(labels_true.size());
  return c;
}

// Entropy (nats) of a distribution given by counts, as scikit-learn's _entropy.
double entropy(const Vector& counts) {
  Index nonzero = 0;
  double total = 0;
  for (Index i = 0; i < counts.size(); ++i)
    if (counts[i] > 0) ++nonzero, total += counts[i];
  if (nonzero <= 1) return 0.0;
  const double log_total = std::log(total);
  double h = 0;
  for (Index i = 0; i < counts.size(); ++i)
    if (counts[i] > 0) h -= (counts[i] / total) * (std::log(counts[i]) - log_total);
  return h;
}

// Mutual information (nats) of a contingency table, as scikit-learn's mutual_info_score.
double mutual_info(const Contingency& c) {
  if (c.a.size() == 1 || c.b.size() == 1) return 0.0;
  const double log_n = std::log(c.n), log_a = std::log(c.a.sum()), log_b = std::log(c.b.sum());
  const double eps = std::numeric_limits<double>::epsilon();
  double mi = 0;
  // Column-major over non-zero cells, the order of scipy's find() on the CSR table.
  for (Index i = 0; i < c.C.rows(); ++i)
    for (Index j = 0; j < c.C.cols(); ++j) {
      const double v = c.C(i, j);
      if (v == 0) continue;
      const double p = v / c.n;
      const double term =
          p * (std::log(v) - log_n) + p * (-std::log(c.a[i] * c.b[j]) + log_a + log_b);
      if (std::abs(term) >= eps) mi += term;
    }
  return std::max(mi, 0.0);
}

}  // namespace

Vector silhouette_samples(MatrixView X, VectorView labels, std::optional<int> n_jobs) {
  const Encoded e = check_data_labels(X, labels, "silhouette_samples");
  const Index n = X.rows(), k = e.n_labels;
  Vector freq = Vector::Zero(k);
  for (Index c : e.code) freq[c] += 1;
  Vector sil(n);
  Context ctx(n_jobs);
  // Each block of rows computes its distances to every sample and reduces them row by row, so a
  // row's result never depends on how the rows were split among threads.
  ctx.run([&] {
    oneapi::tbb::parallel_for(
        oneapi::tbb::blocked_range<Index>(0, n, kSilhouetteBlock),
        [&](const oneapi::tbb::blocked_range<Index>& r) {
          const Index r0 = r.begin(), nr = r.end() - r.begin();
          Matrix D = euclidean_distances(X.middleRows(r0, nr), X, false, "cpu", 1);
          Vector sums(k);
          for (Index b = 0; b < nr; ++b) {
            const Index i = r0 + b;
            D(b, i) = 0.0;  // a sample's distance to itself, as scikit-learn's X-with-itself
            sums.setZero();
            for (Index j = 0; j < n; ++j) sums[e.code[static_cast<std::size_t>(j)]] += D(b, j);
            const Index own = e.code[static_cast<std::size_t>(i)];
            if (freq[own] == 1) {
              sil[i] = 0.0;
              continue;
            }
            const double a = sums[own] / (freq[own] - 1);
            double bmin = std::numeric_limits<double>::infinity();
            for (Index c = 0; c < k; ++c)
              if (c != own) bmin = std::min(bmin, sums[c] / freq[c]);
            const double den = std::max(a, bmin);
            sil[i] = den == 0 ? 0.0 : (bmin - a) / den;
          }
        },
        oneapi::tbb::simple_partitioner());
  });
  return sil;
}

double silhouette_score(MatrixView X, VectorView labels, std::optional<int> n_jobs) {
  return silhouette_samples(X, labels, n_jobs).mean();
}

double davies_bouldin_score(MatrixView X, VectorView labels) {
  const Encoded e = check_data_labels(X, labels, "davies_bouldin_score");
  const Index k = e.n_labels, p = X.cols();
  Matrix centroids = Matrix::Zero(k, p);
  Vector count = Vector::Zero(k);
  for (Index i = 0; i < X.rows(); ++i) {
    centroids.row(e.code[static_cast<std::size_t>(i)]) += X.row(i);
    count[e.code[static_cast<std::size_t>(i)]] += 1;
  }
  for (Index c = 0; c < k; ++c) centroids.row(c) /= count[c];
  // Mean distance of each cluster's members to its centroid, through the same GEMM formula as
  // scikit-learn's pairwise_distances.
  Vector intra = Vector::Zero(k);
  for (Index c = 0; c < k; ++c) {
    Matrix members(static_cast<Index>(count[c]), p);
    Index m = 0;
    for (Index i = 0; i < X.rows(); ++i)
      if (e.code[static_cast<std::size_t>(i)] == c) members.row(m++) = X.row(i);
    intra[c] = euclidean_distances(members, centroids.row(c), false, "cpu", 1).mean();
  }
  const Matrix cd = euclidean_distances(centroids, centroids, false, "cpu", 1);
  const auto all_close_zero = [](const auto& a) { return (a.array().abs() <= 1e-8).all(); };
  if (all_close_zero(intra) || all_close_zero(cd)) return 0.0;
  double total = 0;
  for (Index i = 0; i < k; ++i) {
    double worst = -std::numeric_limits<double>::infinity();
    for (Index j = 0; j < k; ++j) {
      const double d = cd(i, j) == 0 ? std::numeric_limits<double>::infinity() : cd(i, j);
      worst = std::max(worst, (intra[i] + intra[j]) / d);
    }
    total += worst;
  }
  return total / static_cast<double>(k);
}

double calinski_harabasz_score(MatrixView X, VectorView labels) {
  const Encoded e = check_data_labels(X, labels, "calinski_harabasz_score");
  const Index n = X.rows(), k = e.n_labels;
  const Eigen::RowVectorXd mean = X.colwise().mean();
  double extra = 0, intra = 0;
  for (Index c = 0; c < k; ++c) {
    std::vector<Index> members;
    for (Index i = 0; i < n; ++i)
      if (e.code[static_cast<std::size_t>(i)] == c) members.push_back(i);
    Eigen::RowVectorXd cm = Eigen::RowVectorXd::Zero(X.cols());
    for (Index i : members) cm += X.row(i);
    cm /= static_cast<double>(members.size());
    extra += static_cast<double>(members.size()) * (cm - mean).squaredNorm();
    for (Index i : members) intra += (X.row(i) - cm).squaredNorm();
  }
  if (intra == 0.0) return 1.0;
  return extra * static_cast<double>(n - k) / (intra * (static_cast<double>(k) - 1.0));
}

double adjusted_rand_score(VectorView labels_true, VectorView labels_pred) {
  const Contingency c = contingency(labels_true, labels_pred);
  // scikit-learn's pair_confusion_matrix, in exact integer arithmetic held in doubles.
  const double sum_sq = c.C.array().square().sum();
  const double tp = sum_sq - c.n;
  const double fp = (c.C * c.b).sum() - sum_sq;
  const double fn = (c.C.transpose() * c.a).sum() - sum_sq;
  const double tn = c.n * c.n - fp - fn - sum_sq;
  if (fn == 0 && fp == 0) return 1.0;
  return 2.0 * (tp * tn - fn * fp) / ((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn));
}

double normalized_mutual_info_score(VectorView labels_true, VectorView labels_pred) {
  const Contingency c = contingency(labels_true, labels_pred);
  if ((c.a.size() == 1 && c.b.size() == 1) || c.n == 0) return 1.0;
  const double mi = mutual_info(c);
  if (mi == 0) return 0.0;
  return mi / ((entropy(c.a) + entropy(c.b)) / 2.0);
}

HomogeneityCompletenessV homogeneity_completeness_v_measure(VectorView labels_true,
                                                            VectorView labels_pred, double beta) {
  if (!(beta >= 0))
    throw InvalidParameter("The 'beta' parameter must be a float in the range [0, inf). Got " +
                           detail::python_float(beta) + " instead.");
  const Contingency c = contingency(labels_true, labels_pred);
  if (c.n == 0) return {1.0, 1.0, 1.0};
  const double h_c = entropy(c.a), h_k = entropy(c.b), mi = mutual_info(c);
  const double h = h_c != 0 ? mi / h_c : 1.0;
  const double comp = h_k != 0 ? mi / h_k : 1.0;
  const double v = h + comp == 0.0 ? 0.0 : (1 + beta) * h * comp / (beta * h + comp);
  return {h, comp, v};
}

double homogeneity_score(VectorView labels_true, VectorView labels_pred) {
  return homogeneity_completeness_v_measure(labels_true, labels_pred).homogeneity;
}

double completeness_score(VectorView labels_true, VectorView labels_pred) {
  return homogeneity_completeness_v_measure(labels_true, labels_pred).completeness;
}

double v_measure_score(VectorView labels_true, VectorView labels_pred, double beta) {
  return homogeneity_completeness_v_measure(labels_true, labels_pred, beta).v_measure;
}

double trustworthiness(MatrixView X, MatrixView X_embedded, int n_neighbors) {
  check_not_empty(X, "trustworthiness");
  check_not_empty(X_embedded, "trustworthiness");
  check_consistent_length(X.rows(), X_embedded.rows());
  const Index n = X.rows();
  const auto k = static_cast<Index>(n_neighbors);
  if (!(n_neighbors >= 1 && 2.0 * static_cast<double>(k) < static_cast<double>(n)))
    throw InvalidParameter("n_neighbors (" + std::to_string(n_neighbors) +
                           ") should be at least 1 and less than n_samples / 2 (" +
                           detail::python_float(static_cast<double>(n) / 2.0) + ")");
  const Matrix dX = euclidean_distances(X, X, false);
  const Matrix dE = euclidean_distances(X_embedded, X_embedded, false);
  double t = 0;
  std::vector<Index> order(static_cast<std::size_t>(n));
  std::vector<Index> rank(static_cast<std::size_t>(n));
  for (Index i = 0; i < n; ++i) {
    // Rank of every sample among the neighbours of i in X (1 = nearest; i itself last).
    std::iota(order.begin(), order.end(), Index{0});
    const auto by = [&](const Matrix& D) {
      return [&, i](Index a, Index b) {
        const double da = a == i ? HUGE_VAL : D(i, a), db = b == i ? HUGE_VAL : D(i, b);
        return da < db || (da == db && a < b);
      };
    };
    std::sort(order.begin(), order.end(), by(dX));
    for (Index r = 0; r < n; ++r)
      rank[static_cast<std::size_t>(order[static_cast<std::size_t>(r)])] = r + 1;
    // The k nearest neighbours of i in the embedding.
    std::iota(order.begin(), order.end(), Index{0});
    std::partial_sort(order.begin(), order.begin() + k, order.end(), by(dE));
    for (Index r = 0; r < k; ++r) {
      const Index excess = rank[static_cast<std::size_t>(order[static_cast<std::size_t>(r)])] - k;
      if (excess > 0) t += static_cast<double>(excess);
    }
  }
  const double nd = static_cast<double>(n), kd = static_cast<double>(k);
  return 1.0 - t * (2.0 / (nd * kd * (2.0 * nd - 3.0 * kd - 1.0)));
}

}  // namespace mlkit::metrics
