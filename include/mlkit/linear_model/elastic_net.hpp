#pragma once
/// @file elastic_net.hpp
/// @brief Lasso and ElasticNet by coordinate descent, and their regularization paths
/// (lasso_path, enet_path), as scikit-learn's.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mlkit/core/estimator.hpp"

namespace mlkit::linear_model {

/// @brief Fitted state and prediction shared by the coordinate-descent regressors (Lasso,
/// ElasticNet, their cross-validated forms and the multi-task models).
class CoordinateDescentModel : public Estimator {
 public:
  /// @brief Coefficients, n_targets × n_features.
  const Matrix& coef() const;
  /// @brief Intercepts, one per target (zeros when fit_intercept is false).
  const Vector& intercept() const;
  /// @brief Duality gap reached, divided by n_samples (scikit-learn's dual_gap_): one per
  /// target, or one for all tasks of a multi-task model.
  const Vector& dual_gap() const;
  /// @brief Coordinate-descent epochs run: one per target, or one for a multi-task model.
  const Vector& n_iter() const;

  /// @brief The fitted state (as model files store it).
  struct Fit {
    Matrix coef;
    Vector intercept;
    Vector dual_gap;
    Vector n_iter;
  };

 protected:
  /// @param joint whether one gap and one iteration count cover every target (multi-task).
  explicit CoordinateDescentModel(bool joint) : joint_(joint) {}
  Matrix predict_impl(MatrixView X) const override;
  void save_state(nlohmann::json& state) const override;
  void load_state(const nlohmann::json& state, Index n_features_in, Index n_targets) override;
  /// The previous coefficients for warm_start, when fitted on the same shape; else empty.
  Matrix warm_coef(bool warm_start, Index n_targets, Index n_features) const;
  /// Extra fields of derived classes (the cross-validation results).
  virtual void save_extra(nlohmann::json&) const {}
  virtual void load_extra(const nlohmann::json&, Index /*n_features_in*/) {}
  Fit fit_;

 private:
  bool joint_;
};

/// @brief Hyperparameters of ElasticNet (documented in its parameter table).
struct ElasticNetParams {
  double alpha = 1.0;
  double l1_ratio = 0.5;
  bool fit_intercept = true;
  ParamValue precompute = false;  ///< True, False or 'auto'
  int max_iter = 1000;
  bool copy_X = true;
  double tol = 1e-4;
  bool warm_start = false;
  bool positive = false;
  std::optional<int> random_state;
  std::string selection = "cyclic";
};

/// @brief Minimises 1/(2n) ||y - X b - c||² + alpha l1_ratio ||b||_1 + alpha (1 - l1_ratio)/2
/// ||b||² for each target (weighted mean of squared errors with sample_weight) by coordinate
/// descent, with scikit-learn's duality-gap stopping rule and gap safe screening.
class ElasticNet final : public CoordinateDescentModel {
 public:
  using Params = ElasticNetParams;
  explicit ElasticNet(Params params = {});

  const Params& params() const { return params_; }
  std::unique_ptr<Estimator> clone() const override;
  std::string_view name() const override { return "elastic_net"; }
  const Tags& tags() const override;
  const ParamTable& param_table() const override;

 protected:
  void fit_impl(MatrixView X, MatrixView Y, const FitOptions& opts) override;
  void validate_params() const override;
  const void* param_struct() const override { return &params_; }

 private:
  Params params_;
};

/// @brief Hyperparameters of Lasso (documented in its parameter table).
struct LassoParams {
  double alpha = 1.0;
  bool fit_intercept = true;
  ParamValue precompute = false;  ///< True, False or 'auto'
  bool copy_X = true;
  int max_iter = 1000;
  double tol = 1e-4;
  bool warm_start = false;
  bool positive = false;
  std::optional<int> random_state;
  std::string selection = "cyclic";
};

/// @brief ElasticNet with l1_ratio = 1: 1/(2n) ||y - X b - c||² + alpha ||b||_1.
class Lasso final : public CoordinateDescentModel {
 public:
  using Params = LassoParams;
  explicit Lasso(Params params = {});

  const Params& params() const { return params_; }
  std::unique_ptr<Estimator> clone() const override;
  std::string_view name() const override { return "lasso"; }
  const Tags& tags() const override;
  const ParamTable& param_table() const override;

 protected:
  void fit_impl(MatrixView X, MatrixView Y, const FitOptions& opts) override;
  const void* param_struct() const override { return &params_; }

 private:
  Params params_;
};

/// @brief Options of enet_path / lasso_path (scikit-learn's keyword arguments).
struct EnetPathParams {
  double l1_ratio = 0.5;  ///< ignored by lasso_path (always 1)
  double eps = 1e-3;      ///< alpha_min / alpha_max of the generated grid
  Index n_alphas = 100;   ///< length of the generated grid
  /// Penalties to use instead of the grid (sorted into decreasing order).
  std::vector<double> alphas;
  /// Gram matrix XᵀX: true, false, or automatic (n_samples > n_features) when unset.
  std::optional<bool> precompute;
  int max_iter = 1000;
  double tol = 1e-4;
  bool positive = false;
  std::string selection = "cyclic";  ///< "cyclic" or "random"
  std::optional<std::int64_t> random_state;
  /// Starting coefficients of the first penalty (n_features); zeros when empty.
  Vector coef_init;
  /// Gap safe screening inside each solve and the sequential strong rule between penalties.
  /// Either way the result meets the same duality-gap tolerance; only the speed differs.
  bool screening = true;
};

/// @brief One regularization path.
struct EnetPathResult {
  Vector alphas;     ///< in decreasing order
  Matrix coefs;      ///< n_features × n_alphas, as scikit-learn's
  Vector dual_gaps;  ///< per alpha, divided by n_samples
  std::vector<int> n_iters;
};

/// @brief Elastic-net path by coordinate descent with warm starts, as scikit-learn's enet_path:
/// no intercept (centre X and y first), alpha_max = max_j |x_jᵀ y| / (n l1_ratio) and a
/// geometric grid of n_alphas values down to eps alpha_max unless alphas are given.
/// @throws InvalidParameter for l1_ratio outside (0, 1] with a generated grid, and bad options.
EnetPathResult enet_path(MatrixView X, VectorView y, const EnetPathParams& params = {});
/// @brief enet_path with l1_ratio = 1.
EnetPathResult lasso_path(MatrixView X, VectorView y, EnetPathParams params = {});

}  // namespace mlkit::linear_model
