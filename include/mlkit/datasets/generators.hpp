#pragma once
/// @file generators.hpp
/// @brief Synthetic data generators with scikit-learn's parameters and meaning. The same
/// random_state gives the same data on every run and for any thread count; the numbers differ
/// from scikit-learn's, whose generator is NumPy's.

#include <cstdint>
#include <optional>
#include <vector>

#include "mlkit/core/types.hpp"

namespace mlkit::datasets {

/// @brief Features with labels.
struct LabeledData {
  Matrix X;
  Vector y;
};

/// @brief Options of make_classification (scikit-learn's names and defaults).
struct ClassificationOptions {
  Index n_samples = 100;
  Index n_features = 20;
  Index n_informative = 2;
  Index n_redundant = 2;
  Index n_repeated = 0;
  Index n_classes = 2;
  Index n_clusters_per_class = 2;
  std::vector<double> weights;  ///< class proportions (n_classes or n_classes - 1 values)
  double flip_y = 0.01;         ///< fraction of labels replaced by random ones
  double class_sep = 1.0;
  bool hypercube = true;
  std::optional<double> shift = 0.0;  ///< None: random shift in [-class_sep, class_sep]
  std::optional<double> scale = 1.0;  ///< None: random scale in [1, 101]
  bool shuffle = true;
  std::optional<std::int64_t> random_state;
};

/// @brief A random n-class problem (Guyon, "Design of experiments for the NIPS 2003 variable
/// selection benchmark"): Gaussian clusters on the vertices of a hypercube in the informative
/// subspace, then redundant (linear combinations), repeated and useless features.
LabeledData make_classification(const ClassificationOptions& options = {});

/// @brief Options of make_regression.
struct RegressionOptions {
  Index n_samples = 100;
  Index n_features = 100;
  Index n_informative = 10;
  Index n_targets = 1;
  double bias = 0.0;
  std::optional<Index> effective_rank;  ///< None: well conditioned; else a low-rank X
  double tail_strength = 0.5;
  double noise = 0.0;
  bool shuffle = true;
  std::optional<std::int64_t> random_state;
};

/// @brief Regression data: Y = X · coef + bias + noise.
struct RegressionData {
  Matrix X;     ///< n_samples × n_features
  Matrix Y;     ///< n_samples × n_targets
  Matrix coef;  ///< n_features × n_targets; zero rows for uninformative features
  /// @brief The first target as a vector (the usual single-target case).
  Vector y() const { return Y.col(0); }
};

/// @brief A random linear regression problem, as scikit-learn's make_regression.
RegressionData make_regression(const RegressionOptions& options = {});

/// @brief Options of make_blobs.
struct BlobsOptions {
  Index n_samples = 100;
  Index n_features = 2;
  Index n_centers = 3;  ///< used when centers is empty
  Matrix centers;       ///< fixed centres (n_centers × n_features), or empty for random ones
  std::vector<double> cluster_std = {1.0};  ///< one value, or one per centre
  double center_box_low = -10.0;
  double center_box_high = 10.0;
  bool shuffle = true;
  std::optional<std::int64_t> random_state;
};

/// @brief Isotropic Gaussian blobs.
struct BlobsData {
  Matrix X;
  Vector y;
  Matrix centers;
};
BlobsData make_blobs(const BlobsOptions& options = {});

/// @brief Two interleaving half circles; noise is the standard deviation of Gaussian noise.
LabeledData make_moons(Index n_samples = 100, bool shuffle = true, double noise = 0.0,
                       std::optional<std::int64_t> random_state = std::nullopt);
/// @brief A large circle containing a smaller one (radius ratio `factor`, in [0, 1)).
LabeledData make_circles(Index n_samples = 100, bool shuffle = true, double noise = 0.0,
                         std::optional<std::int64_t> random_state = std::nullopt,
                         double factor = 0.8);
/// @brief An S-shaped 3-D manifold; y is each point's position along the curve.
LabeledData make_s_curve(Index n_samples = 100, double noise = 0.0,
                         std::optional<std::int64_t> random_state = std::nullopt);
/// @brief A swiss roll in 3-D (with an optional hole); y is each point's position on the roll.
LabeledData make_swiss_roll(Index n_samples = 100, double noise = 0.0,
                            std::optional<std::int64_t> random_state = std::nullopt,
                            bool hole = false);
/// @brief Friedman #1: y = 10 sin(π x0 x1) + 20 (x2 − 0.5)² + 10 x3 + 5 x4 + noise·N(0, 1), X
/// uniform on [0, 1]^n_features (n_features ≥ 5; the others are independent of y).
LabeledData make_friedman1(Index n_samples = 100, Index n_features = 10, double noise = 0.0,
                           std::optional<std::int64_t> random_state = std::nullopt);

}  // namespace mlkit::datasets
