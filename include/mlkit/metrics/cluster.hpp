#pragma once
/// @file cluster.hpp
/// @brief Clustering metrics, as scikit-learn's: internal ones from the data and the labels
/// (silhouette, Davies-Bouldin, Calinski-Harabasz) and external ones comparing two labelings
/// (adjusted Rand index, mutual information, homogeneity, completeness, V-measure), plus the
/// trustworthiness of an embedding. Labels are doubles holding discrete values.

#include <optional>

#include "mlkit/core/types.hpp"

namespace mlkit::metrics {

/// @brief Silhouette coefficient of each sample, (b - a) / max(a, b), with a the mean euclidean
/// distance to the other members of its cluster and b the least mean distance to another
/// cluster; 0 for a sample alone in its cluster. Needs 2 to n - 1 clusters.
/// @param n_jobs threads (scikit-learn's meaning); results are identical for any count
Vector silhouette_samples(MatrixView X, VectorView labels,
                          std::optional<int> n_jobs = std::nullopt);

/// @brief Mean of silhouette_samples.
/// @param n_jobs threads (scikit-learn's meaning); results are identical for any count
double silhouette_score(MatrixView X, VectorView labels, std::optional<int> n_jobs = std::nullopt);

/// @brief Davies-Bouldin index: mean over clusters of the worst (s_i + s_j) / d(c_i, c_j).
/// Lower is better; needs 2 to n - 1 clusters.
double davies_bouldin_score(MatrixView X, VectorView labels);

/// @brief Calinski-Harabasz index: between- over within-cluster dispersion, scaled by
/// (n - k) / (k - 1). Needs 2 to n - 1 clusters.
double calinski_harabasz_score(MatrixView X, VectorView labels);

/// @brief Rand index adjusted for chance, in [-0.5, 1]; 1 for identical partitions.
double adjusted_rand_score(VectorView labels_true, VectorView labels_pred);

/// @brief Mutual information normalised by the arithmetic mean of the two entropies.
double normalized_mutual_info_score(VectorView labels_true, VectorView labels_pred);

/// @brief Homogeneity, completeness and V-measure of one comparison.
struct HomogeneityCompletenessV {
  double homogeneity;
  double completeness;
  double v_measure;
};

/// @brief All three scores at once.
/// @param beta weight of completeness against homogeneity in the V-measure
HomogeneityCompletenessV homogeneity_completeness_v_measure(VectorView labels_true,
                                                            VectorView labels_pred,
                                                            double beta = 1.0);

/// @brief 1 - H(C | K) / H(C): each cluster holds members of a single class.
double homogeneity_score(VectorView labels_true, VectorView labels_pred);

/// @brief 1 - H(K | C) / H(K): all members of a class fall in one cluster.
double completeness_score(VectorView labels_true, VectorView labels_pred);

/// @brief (1 + beta) h c / (beta h + c).
/// @param beta weight of completeness against homogeneity
double v_measure_score(VectorView labels_true, VectorView labels_pred, double beta = 1.0);

/// @brief How far the local structure of X is kept in X_embedded (sklearn.manifold's
/// trustworthiness, euclidean): 1 - 2 / (n k (2n - 3k - 1)) Σ_i Σ_{j ∈ N_k(i)} max(0, r(i, j) - k),
/// with r the rank of j among the neighbours of i in X.
/// @param n_neighbors k, below n / 2
double trustworthiness(MatrixView X, MatrixView X_embedded, int n_neighbors = 5);

}  // namespace mlkit::metrics
