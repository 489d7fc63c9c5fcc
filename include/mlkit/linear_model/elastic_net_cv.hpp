#pragma once
/// @file elastic_net_cv.hpp
/// @brief LassoCV and ElasticNetCV: the penalty (and mixing) chosen by K-fold
/// cross-validation over regularization paths, as scikit-learn's.

#include <optional>
#include <string>

#include "mlkit/linear_model/elastic_net.hpp"

namespace mlkit::linear_model {

/// @brief Results of the cross-validation shared by LassoCV and ElasticNetCV.
class CrossValidatedCoordinateDescent : public CoordinateDescentModel {
 public:
  /// @brief The chosen penalty.
  double alpha() const;
  /// @brief The chosen l1_ratio (1 for LassoCV).
  double l1_ratio() const;
  /// @brief The penalties tried, n_l1_ratio × n_alphas (one row per l1_ratio, in order;
  /// scikit-learn drops the first dimension when there is one l1_ratio or given alphas).
  const Matrix& alphas() const;
  /// @brief Mean squared test error of fold f at alpha a for l1_ratio r, at index
  /// (r · n_alphas + a) · n_folds + f (scikit-learn's mse_path_, of shape n_l1_ratio ×
  /// n_alphas × n_folds before it drops unit dimensions).
  const Vector& mse_path() const;
  /// @brief Number of folds.
  Index n_folds() const;

  /// @brief Everything a cross-validated fit computes.
  struct CvState {
    double alpha = 0;
    double l1_ratio = 1;
    Matrix alphas;
    Vector mse_path;
    Index n_folds = 0;
    bool alphas_given = false;  ///< alphas came as a list (alphas_ is then one row)
    bool has_l1_ratio = false;  ///< ElasticNetCV (writes l1_ratio_)
  };

 protected:
  explicit CrossValidatedCoordinateDescent(bool has_l1_ratio)
      : CoordinateDescentModel(false), has_l1_ratio_(has_l1_ratio) {}
  void save_extra(nlohmann::json& state) const override;
  void load_extra(const nlohmann::json& state, Index n_features_in) override;
  CvState cv_;

 private:
  bool has_l1_ratio_;
};

/// @brief Hyperparameters of LassoCV (documented in its parameter table).
struct LassoCVParams {
  double eps = 1e-3;
  ParamValue alphas = 100;  ///< a count of generated penalties, or a list of them
  bool fit_intercept = true;
  ParamValue precompute = "auto";
  int max_iter = 1000;
  double tol = 1e-4;
  bool copy_X = true;
  std::optional<int> cv;  ///< number of KFold folds (None: 5)
  ParamValue verbose = false;
  std::optional<int> n_jobs;
  bool positive = false;
  std::optional<int> random_state;
  std::string selection = "cyclic";
};

/// @brief Lasso path on each of K consecutive folds (KFold without shuffling), the alpha of
/// least mean test error, then Lasso refitted on all the data at that alpha. Folds run in
/// parallel on oneTBB; every fold's result is independent of the scheduling.
class LassoCV final : public CrossValidatedCoordinateDescent {
 public:
  using Params = LassoCVParams;
  explicit LassoCV(Params params = {});

  const Params& params() const { return params_; }
  std::unique_ptr<Estimator> clone() const override;
  std::string_view name() const override { return "lasso_cv"; }
  const Tags& tags() const override;
  const ParamTable& param_table() const override;

 protected:
  void fit_impl(MatrixView X, MatrixView Y, const FitOptions& opts) override;
  void validate_params() const override;
  const void* param_struct() const override { return &params_; }

 private:
  Params params_;
};

/// @brief Hyperparameters of ElasticNetCV (documented in its parameter table).
struct ElasticNetCVParams {
  ParamValue l1_ratio = 0.5;  ///< one float in [0, 1] or a list of them
  double eps = 1e-3;
  ParamValue alphas = 100;
  bool fit_intercept = true;
  ParamValue precompute = "auto";
  int max_iter = 1000;
  double tol = 1e-4;
  std::optional<int> cv;
  bool copy_X = true;
  ParamValue verbose = 0;
  std::optional<int> n_jobs;
  bool positive = false;
  std::optional<int> random_state;
  std::string selection = "cyclic";
};

/// @brief LassoCV over a list of l1_ratio values too: the (l1_ratio, alpha) pair of least mean
/// test error, the first l1_ratio on ties. Every (l1_ratio, fold) path runs in parallel.
class ElasticNetCV final : public CrossValidatedCoordinateDescent {
 public:
  using Params = ElasticNetCVParams;
  explicit ElasticNetCV(Params params = {});

  const Params& params() const { return params_; }
  std::unique_ptr<Estimator> clone() const override;
  std::string_view name() const override { return "elastic_net_cv"; }
  const Tags& tags() const override;
  const ParamTable& param_table() const override;

 protected:
  void fit_impl(MatrixView X, MatrixView Y, const FitOptions& opts) override;
  void validate_params() const override;
  const void* param_struct() const override { return &params_; }

 private:
  Params params_;
};

}  // namespace mlkit::linear_model
