#pragma once
/// @file logistic_regression_cv.hpp
/// @brief LogisticRegressionCV: C (and l1_ratio) chosen by stratified K-fold cross-validation,
/// as scikit-learn's, with its fitted attributes in scikit-learn 1.10's layout.

#include <optional>
#include <string>

#include "mlkit/core/estimator.hpp"

namespace mlkit::linear_model {

/// @brief Hyperparameters of LogisticRegressionCV (documented in its parameter table).
struct LogisticRegressionCVParams {
  ParamValue Cs = 10;  ///< a count of C values on logspace(-4, 4), or a list of them
  ParamValue l1_ratios = std::string("warn");  ///< None / "warn" (L2), or a list
  bool fit_intercept = true;
  std::optional<int> cv;  ///< number of StratifiedKFold folds (None: 5)
  bool dual = false;
  std::string penalty = "deprecated";
  std::optional<std::string> scoring = "warn";  ///< None/"warn"/"accuracy", or "neg_log_loss"
  std::string solver = "lbfgs";
  double tol = 1e-4;
  int max_iter = 100;
  ParamValue class_weight;
  std::optional<int> n_jobs;
  int verbose = 0;
  bool refit = true;
  double intercept_scaling = 1.0;
  std::optional<int> random_state;
  ParamValue use_legacy_attributes = std::string("warn");
};

/// @brief For each fold of StratifiedKFold(cv) and each l1_ratio, fits the LogisticRegression
/// path over Cs (each fit started from the previous one), scores it on the held-out fold
/// (weighted accuracy, or neg_log_loss), and picks the (C, l1_ratio) of the best summed score
/// (the first best, as np.argmax). refit=True then fits all the data at that point; refit=False
/// averages the fold solutions at each fold's best point. Folds and l1_ratios run in parallel on
/// oneTBB, each job independent of the scheduling, so the result is the same for any number of
/// threads.
class LogisticRegressionCV final : public Estimator {
 public:
  using Params = LogisticRegressionCVParams;
  explicit LogisticRegressionCV(Params params = {});

  const Params& params() const { return params_; }
  std::unique_ptr<Estimator> clone() const override;
  std::string_view name() const override { return "logistic_regression_cv"; }
  const Tags& tags() const override;
  const ParamTable& param_table() const override;

  const Vector& classes() const;
  /// @brief 1 × n_features for two classes, n_classes × n_features otherwise.
  const Matrix& coef() const;
  const Vector& intercept() const;
  /// @brief The C values tried, in order.
  const Vector& Cs() const;
  /// @brief The l1_ratio values tried (NaN for None: the L2 penalty).
  const Vector& l1_ratios() const;
  /// @brief The chosen C (refit=False: the mean over folds of each fold's best).
  double C() const;
  /// @brief The chosen l1_ratio.
  double l1_ratio() const;
  /// @brief Score of fold f, l1_ratio r, C c at (f · n_l1 + r) · n_cs + c.
  const Vector& scores() const;
  /// @brief Iterations of each of those fits, in the same order.
  const Vector& n_iter() const;
  /// @brief Coefficients of each of those fits, [W row by row, b] of n_out · n_dof values.
  const Matrix& coefs_paths() const;

 protected:
  void fit_impl(MatrixView X, MatrixView Y, const FitOptions& opts) override;
  Matrix predict_impl(MatrixView X) const override;
  Matrix predict_proba_impl(MatrixView X) const override;
  Matrix decision_function_impl(MatrixView X) const override;
  void validate_params() const override;
  const void* param_struct() const override { return &params_; }
  void save_state(nlohmann::json& state) const override;
  void load_state(const nlohmann::json& state, Index n_features_in, Index n_targets) override;

 private:
  struct State {
    Vector classes;
    Matrix coef;
    Vector intercept;
    Vector Cs;
    Vector l1_ratios;
    double C = 0;
    double l1_ratio = 0;
    Index n_folds = 0;
    Vector scores;
    Vector n_iter;
    Matrix coefs_paths;  // (n_folds · n_l1 · n_cs) × (n_out · n_dof)
  };
  Params params_;
  State state_;
};

}  // namespace mlkit::linear_model
