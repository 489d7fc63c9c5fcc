// Synthetic data generators. Each draws from mlkit's counter-based streams: stream 0 of the
// seed for the main data, further streams for independent parts, all generated sequentially so
// that the result depends on random_state alone.
#include "mlkit/datasets/generators.hpp"

#include <Eigen/QR>
#include <cmath>
#include <numbers>
#include <numeric>
#include <string>
#include <unordered_set>

#include "mlkit/core/errors.hpp"
#include "mlkit/core/random.hpp"

namespace mlkit::datasets {

namespace {

constexpr double kPi = std::numbers::pi;

void require(bool ok, const std::string& message) {
  if (!ok) throw InvalidParameter(message);
}

void require_samples(Index n, const char* fn) {
  require(n >= 1, std::string(fn) + ": n_samples must be at least 1. Got " + std::to_string(n));
}

Matrix standard_normal(Index rows, Index cols, Rng& rng) {
  Matrix m(rows, cols);
  for (Index i = 0; i < m.size(); ++i) m.data()[i] = rng.normal();
  return m;
}

Matrix uniform(Index rows, Index cols, Rng& rng) {
  Matrix m(rows, cols);
  for (Index i = 0; i < m.size(); ++i) m.data()[i] = rng.uniform();
  return m;
}

// A uniformly random permutation (Fisher–Yates).
std::vector<Index> permutation(Index n, Rng& rng) {
  std::vector<Index> p(static_cast<std::size_t>(n));
  std::iota(p.begin(), p.end(), Index{0});
  for (std::size_t i = p.size(); i > 1; --i) std::swap(p[i - 1], p[rng.below(i)]);
  return p;
}

void shuffle_rows(Matrix& X, Eigen::Ref<Matrix> Y, Rng& rng) {
  const auto p = permutation(X.rows(), rng);
  Matrix Xs(X.rows(), X.cols()), Ys(Y.rows(), Y.cols());
  for (Index i = 0; i < X.rows(); ++i) {
    Xs.row(i) = X.row(p[static_cast<std::size_t>(i)]);
    Ys.row(i) = Y.row(p[static_cast<std::size_t>(i)]);
  }
  X = std::move(Xs);
  Y = Ys;
}

void shuffle_rows(LabeledData& d, Rng& rng) {
  Matrix y = d.y;
  shuffle_rows(d.X, y, rng);
  d.y = y.col(0);
}

// `count` distinct vertices of the unit hypercube in `dims` dimensions, as 0/1 rows.
Matrix hypercube_vertices(Index count, Index dims, Rng& rng) {
  Matrix out(count, dims);
  std::unordered_set<std::string> seen;
  for (Index k = 0; k < count;) {
    std::string key(static_cast<std::size_t>(dims), '0');
    for (Index d = 0; d < dims; ++d) {
      const bool bit = rng() >> 63;
      out(k, d) = bit;
      key[static_cast<std::size_t>(d)] = bit ? '1' : '0';
    }
    if (seen.insert(key).second) ++k;
  }
  return out;
}

// X = U diag(s) Vᵀ with a bell-shaped singular profile of the given effective rank plus a fat
// tail (scikit-learn's make_low_rank_matrix).
Matrix low_rank_matrix(Index n_samples, Index n_features, Index effective_rank,
                       double tail_strength, Rng& rng) {
  const Index n = std::min(n_samples, n_features);
  const Eigen::MatrixXd gu = standard_normal(n_samples, n, rng);
  const Eigen::MatrixXd gv = standard_normal(n_features, n, rng);
  const Eigen::MatrixXd u = Eigen::HouseholderQR<Eigen::MatrixXd>(gu).householderQ() *
                            Eigen::MatrixXd::Identity(n_samples, n);
  const Eigen::MatrixXd v = Eigen::HouseholderQR<Eigen::MatrixXd>(gv).householderQ() *
                            Eigen::MatrixXd::Identity(n_features, n);
  Vector s(n);
  for (Index i = 0; i < n; ++i) {
    const double r = static_cast<double>(i) / static_cast<double>(effective_rank);
    s[i] = (1 - tail_strength) * std::exp(-r * r) + tail_strength * std::exp(-0.1 * r);
  }
  return u * s.asDiagonal() * v.transpose();
}

}  // namespace

LabeledData make_classification(const ClassificationOptions& o) {
  require_samples(o.n_samples, "make_classification");
  require(o.n_informative >= 1 && o.n_redundant >= 0 && o.n_repeated >= 0,
          "make_classification: n_informative must be >= 1, n_redundant and n_repeated >= 0");
  require(o.n_informative + o.n_redundant + o.n_repeated <= o.n_features,
          "make_classification: number of informative, redundant and repeated features must sum "
          "to less than the number of total features");
  require(o.n_classes >= 1 && o.n_clusters_per_class >= 1,
          "make_classification: n_classes and n_clusters_per_class must be >= 1");
  const Index n_clusters = o.n_classes * o.n_clusters_per_class;
  require(o.n_informative >= 63 || (Index{1} << o.n_informative) >= n_clusters,
          "make_classification: n_classes(" + std::to_string(o.n_classes) +
              ") * n_clusters_per_class(" + std::to_string(o.n_clusters_per_class) +
              ") must be smaller or equal 2**n_informative(" + std::to_string(o.n_informative) +
              ")=" + std::to_string(Index{1} << std::min<Index>(o.n_informative, 62)));
  require(o.flip_y >= 0 && o.flip_y <= 1, "make_classification: flip_y must be in [0, 1]");
  std::vector<double> weights = o.weights;
  if (weights.empty()) weights.assign(static_cast<std::size_t>(o.n_classes), 1.0 / o.n_classes);
  if (static_cast<Index>(weights.size()) == o.n_classes - 1)
    weights.push_back(1.0 - std::accumulate(weights.begin(), weights.end(), 0.0));
  require(static_cast<Index>(weights.size()) == o.n_classes,
          "make_classification: weights specified but incompatible with number of classes");
  for (double w : weights)
    require(w >= 0 && std::isfinite(w), "make_classification: weights must be >= 0");

  Rng rng(resolve_seed(o.random_state));
  const Index n = o.n_samples, ni = o.n_informative, nr = o.n_redundant, np = o.n_repeated;
  const Index n_useless = o.n_features - ni - nr - np;

  std::vector<Index> per_cluster(static_cast<std::size_t>(n_clusters));
  Index assigned = 0;
  for (Index k = 0; k < n_clusters; ++k) {
    per_cluster[static_cast<std::size_t>(k)] = static_cast<Index>(
        static_cast<double>(n) * weights[static_cast<std::size_t>(k % o.n_classes)] /
        static_cast<double>(o.n_clusters_per_class));
    assigned += per_cluster[static_cast<std::size_t>(k)];
  }
  for (Index i = 0; i < n - assigned; ++i) ++per_cluster[static_cast<std::size_t>(i % n_clusters)];

  Matrix X = Matrix::Zero(n, o.n_features);
  Vector y = Vector::Zero(n);
  Matrix centroids = hypercube_vertices(n_clusters, ni, rng);
  centroids = centroids * (2 * o.class_sep) - Matrix::Constant(n_clusters, ni, o.class_sep);
  if (!o.hypercube) {
    const Matrix a = uniform(n_clusters, 1, rng), b = uniform(1, ni, rng);
    centroids = centroids.array().colwise() * a.col(0).array();
    centroids = centroids.array().rowwise() * b.row(0).array();
  }
  X.leftCols(ni) = standard_normal(n, ni, rng);
  Index start = 0;
  for (Index k = 0; k < n_clusters; ++k) {
    const Index count = per_cluster[static_cast<std::size_t>(k)];
    y.segment(start, count).setConstant(static_cast<double>(k % o.n_classes));
    // A random linear map gives each cluster its own covariance.
    const Matrix A = uniform(ni, ni, rng) * 2.0 - Matrix::Ones(ni, ni);
    Matrix block = X.block(start, 0, count, ni) * A;
    block.rowwise() += centroids.row(k);
    X.block(start, 0, count, ni) = block;
    start += count;
  }
  if (nr > 0) {
    const Matrix B = uniform(ni, nr, rng) * 2.0 - Matrix::Ones(ni, nr);
    X.middleCols(ni, nr) = X.leftCols(ni) * B;
  }
  for (Index j = 0; j < np; ++j) {
    const auto src = static_cast<Index>((static_cast<double>(ni + nr - 1)) * rng.uniform() + 0.5);
    X.col(ni + nr + j) = X.col(src);
  }
  if (n_useless > 0) X.rightCols(n_useless) = standard_normal(n, n_useless, rng);
  if (o.flip_y > 0) {
    for (Index i = 0; i < n; ++i)
      if (rng.uniform() < o.flip_y)
        y[i] = static_cast<double>(rng.below(static_cast<std::uint64_t>(o.n_classes)));
  }
  for (Index j = 0; j < o.n_features; ++j) {
    const double shift = o.shift ? *o.shift : (2 * rng.uniform() - 1) * o.class_sep;
    const double scale = o.scale ? *o.scale : 1 + 100 * rng.uniform();
    X.col(j) = (X.col(j).array() + shift) * scale;
  }
  LabeledData d{std::move(X), std::move(y)};
  if (o.shuffle) {
    shuffle_rows(d, rng);
    const auto cols = permutation(o.n_features, rng);
    Matrix Xc(d.X.rows(), d.X.cols());
    for (Index j = 0; j < o.n_features; ++j) Xc.col(j) = d.X.col(cols[static_cast<std::size_t>(j)]);
    d.X = std::move(Xc);
  }
  return d;
}

RegressionData make_regression(const RegressionOptions& o) {
  require_samples(o.n_samples, "make_regression");
  require(o.n_features >= 1 && o.n_targets >= 1 && o.n_informative >= 0,
          "make_regression: n_features and n_targets must be >= 1, n_informative >= 0");
  require(o.noise >= 0, "make_regression: noise must be >= 0");
  require(!o.effective_rank || *o.effective_rank >= 1,
          "make_regression: effective_rank must be >= 1 or None");
  require(o.tail_strength >= 0 && o.tail_strength <= 1,
          "make_regression: tail_strength must be in [0, 1]");
  Rng rng(resolve_seed(o.random_state));
  const Index ni = std::min(o.n_features, o.n_informative);
  RegressionData d;
  d.X = o.effective_rank
            ? low_rank_matrix(o.n_samples, o.n_features, *o.effective_rank, o.tail_strength, rng)
            : standard_normal(o.n_samples, o.n_features, rng);
  d.coef = Matrix::Zero(o.n_features, o.n_targets);
  d.coef.topRows(ni) = uniform(ni, o.n_targets, rng) * 100.0;
  d.Y = d.X * d.coef;
  d.Y.array() += o.bias;
  if (o.shuffle) {
    shuffle_rows(d.X, d.Y, rng);
    const auto cols = permutation(o.n_features, rng);
    Matrix Xc(d.X.rows(), d.X.cols()), coef(d.coef.rows(), d.coef.cols());
    for (Index j = 0; j < o.n_features; ++j) {
      Xc.col(j) = d.X.col(cols[static_cast<std::size_t>(j)]);
      coef.row(j) = d.coef.row(cols[static_cast<std::size_t>(j)]);
    }
    d.X = std::move(Xc);
    d.coef = std::move(coef);
  }
  if (o.noise > 0) d.Y += o.noise * standard_normal(d.Y.rows(), d.Y.cols(), rng);
  return d;
}

BlobsData make_blobs(const BlobsOptions& o) {
  require_samples(o.n_samples, "make_blobs");
  require(o.n_features >= 1, "make_blobs: n_features must be >= 1");
  Rng rng(resolve_seed(o.random_state));
  BlobsData d;
  if (o.centers.size() > 0) {
    require(o.centers.cols() == o.n_features, "make_blobs: centers must have n_features columns");
    d.centers = o.centers;
  } else {
    require(o.n_centers >= 1, "make_blobs: n_centers must be >= 1");
    require(o.center_box_low <= o.center_box_high, "make_blobs: center_box must be (low, high)");
    d.centers =
        uniform(o.n_centers, o.n_features, rng).array() * (o.center_box_high - o.center_box_low) +
        o.center_box_low;
  }
  const Index k = d.centers.rows();
  require(o.cluster_std.size() == 1 || static_cast<Index>(o.cluster_std.size()) == k,
          "make_blobs: cluster_std must hold one value or one per centre");
  for (double s : o.cluster_std) require(s >= 0, "make_blobs: cluster_std must be >= 0");
  d.X.resize(o.n_samples, o.n_features);
  d.y.resize(o.n_samples);
  Index row = 0;
  for (Index c = 0; c < k; ++c) {
    const Index count = o.n_samples / k + (c < o.n_samples % k ? 1 : 0);
    const double sd = o.cluster_std[o.cluster_std.size() == 1 ? 0 : static_cast<std::size_t>(c)];
    for (Index i = 0; i < count; ++i, ++row) {
      for (Index j = 0; j < o.n_features; ++j) d.X(row, j) = d.centers(c, j) + sd * rng.normal();
      d.y[row] = static_cast<double>(c);
    }
  }
  if (o.shuffle) {
    Matrix y = d.y;
    shuffle_rows(d.X, y, rng);
    d.y = y.col(0);
  }
  return d;
}

LabeledData make_moons(Index n_samples, bool shuffle, double noise,
                       std::optional<std::int64_t> random_state) {
  require_samples(n_samples, "make_moons");
  require(noise >= 0, "make_moons: noise must be >= 0");
  Rng rng(resolve_seed(random_state));
  const Index n_out = n_samples / 2, n_in = n_samples - n_out;
  LabeledData d{Matrix(n_samples, 2), Vector(n_samples)};
  auto angle = [](Index i, Index count) {
    return count > 1 ? kPi * static_cast<double>(i) / static_cast<double>(count - 1) : 0.0;
  };
  for (Index i = 0; i < n_out; ++i) {
    d.X(i, 0) = std::cos(angle(i, n_out));
    d.X(i, 1) = std::sin(angle(i, n_out));
    d.y[i] = 0;
  }
  for (Index i = 0; i < n_in; ++i) {
    d.X(n_out + i, 0) = 1 - std::cos(angle(i, n_in));
    d.X(n_out + i, 1) = 1 - std::sin(angle(i, n_in)) - 0.5;
    d.y[n_out + i] = 1;
  }
  if (shuffle) shuffle_rows(d, rng);
  if (noise > 0) d.X += noise * standard_normal(n_samples, 2, rng);
  return d;
}

LabeledData make_circles(Index n_samples, bool shuffle, double noise,
                         std::optional<std::int64_t> random_state, double factor) {
  require_samples(n_samples, "make_circles");
  require(noise >= 0, "make_circles: noise must be >= 0");
  require(factor >= 0 && factor < 1, "make_circles: factor has to be between 0 and 1");
  Rng rng(resolve_seed(random_state));
  const Index n_out = n_samples / 2, n_in = n_samples - n_out;
  LabeledData d{Matrix(n_samples, 2), Vector(n_samples)};
  for (Index i = 0; i < n_out; ++i) {
    const double t = 2 * kPi * static_cast<double>(i) / static_cast<double>(n_out);
    d.X.row(i) << std::cos(t), std::sin(t);
    d.y[i] = 0;
  }
  for (Index i = 0; i < n_in; ++i) {
    const double t = 2 * kPi * static_cast<double>(i) / static_cast<double>(n_in);
    d.X.row(n_out + i) << factor * std::cos(t), factor * std::sin(t);
    d.y[n_out + i] = 1;
  }
  if (shuffle) shuffle_rows(d, rng);
  if (noise > 0) d.X += noise * standard_normal(n_samples, 2, rng);
  return d;
}

LabeledData make_s_curve(Index n_samples, double noise, std::optional<std::int64_t> random_state) {
  require_samples(n_samples, "make_s_curve");
  require(noise >= 0, "make_s_curve: noise must be >= 0");
  Rng rng(resolve_seed(random_state));
  LabeledData d{Matrix(n_samples, 3), Vector(n_samples)};
  for (Index i = 0; i < n_samples; ++i) d.y[i] = 3 * kPi * (rng.uniform() - 0.5);
  for (Index i = 0; i < n_samples; ++i) {
    const double t = d.y[i];
    d.X(i, 0) = std::sin(t);
    d.X(i, 1) = 2.0 * rng.uniform();
    d.X(i, 2) = (t > 0 ? 1.0 : t < 0 ? -1.0 : 0.0) * (std::cos(t) - 1);
  }
  if (noise > 0) d.X += noise * standard_normal(n_samples, 3, rng);
  return d;
}

LabeledData make_swiss_roll(Index n_samples, double noise, std::optional<std::int64_t> random_state,
                            bool hole) {
  require_samples(n_samples, "make_swiss_roll");
  require(noise >= 0, "make_swiss_roll: noise must be >= 0");
  Rng rng(resolve_seed(random_state));
  LabeledData d{Matrix(n_samples, 3), Vector(n_samples)};
  for (Index i = 0; i < n_samples; ++i) {
    double t, height;
    if (!hole) {
      t = 1.5 * kPi * (1 + 2 * rng.uniform());
      height = 21 * rng.uniform();
    } else {
      // A 3 × 3 grid of patches on the (t, height) plane without its centre patch.
      static const int corners[8][2] = {{0, 0}, {0, 1}, {0, 2}, {1, 0},
                                        {1, 2}, {2, 0}, {2, 1}, {2, 2}};
      const auto& c = corners[rng.below(8)];
      t = kPi * (1.5 + c[0]) + kPi * rng.uniform();
      height = 7.0 * c[1] + 7.0 * rng.uniform();
    }
    d.y[i] = t;
    d.X.row(i) << t * std::cos(t), height, t * std::sin(t);
  }
  if (noise > 0) d.X += noise * standard_normal(n_samples, 3, rng);
  return d;
}

LabeledData make_friedman1(Index n_samples, Index n_features, double noise,
                           std::optional<std::int64_t> random_state) {
  require_samples(n_samples, "make_friedman1");
  require(n_features >= 5, "make_friedman1: n_features must be >= 5");
  require(noise >= 0, "make_friedman1: noise must be >= 0");
  Rng rng(resolve_seed(random_state));
  LabeledData d{uniform(n_samples, n_features, rng), Vector(n_samples)};
  for (Index i = 0; i < n_samples; ++i) {
    const auto x = d.X.row(i);
    d.y[i] = 10 * std::sin(kPi * x[0] * x[1]) + 20 * (x[2] - 0.5) * (x[2] - 0.5) + 10 * x[3] +
             5 * x[4] + noise * rng.normal();
  }
  return d;
}

}  // namespace mlkit::datasets
