#pragma once
/// @file logistic_regression.hpp
/// @brief Logistic regression (binary, and multinomial for more than two classes), as
/// scikit-learn's LogisticRegression with L2, L1 or elastic-net penalties.

#include <optional>
#include <string>

#include "mlkit/core/estimator.hpp"

namespace mlkit::linear_model {

/// @brief Hyperparameters of LogisticRegression (documented in its parameter table).
struct LogisticRegressionParams {
  std::optional<std::string> penalty = "deprecated";
  double C = 1.0;
  std::optional<double> l1_ratio = 0.0;
  bool dual = false;
  double tol = 1e-4;
  bool fit_intercept = true;
  double intercept_scaling = 1.0;
  ParamValue class_weight;  ///< None or "balanced"
  std::optional<int> random_state;
  std::string solver = "lbfgs";
  int max_iter = 100;
  int verbose = 0;
  bool warm_start = false;
  std::optional<int> n_jobs;
};

/// @brief Minimises sum_i s_i loss_i / sum_i s_i + ((1 - r)/2 ||W||² + r ||W||₁) / (C sum_i s_i),
/// where loss is the binomial deviance for two classes and the multinomial one (W with one row
/// per class) otherwise, s_i is sample_weight times the class weight and r is l1_ratio.
/// C = inf (or penalty=None) fits without a penalty. solver='lbfgs' (r = 0 only) stops as
/// scikit-learn's lbfgs solver at the same tol and max_iter; solver='saga' (any r) runs a
/// proximal Newton coordinate descent (linear_model/detail/prox_newton.hpp) to the same
/// minimiser scikit-learn's SAGA approaches. A fit that stops at max_iter or in a failed line
/// search reports a ConvergenceWarning (mlkit/core/warnings.hpp). The loss is evaluated in
/// parallel over fixed row blocks, so the result does not depend on the number of threads.
class LogisticRegression final : public Estimator {
 public:
  using Params = LogisticRegressionParams;
  explicit LogisticRegression(Params params = {});

  const Params& params() const { return params_; }
  std::unique_ptr<Estimator> clone() const override;
  std::string_view name() const override { return "logistic_regression"; }
  const Tags& tags() const override;
  const ParamTable& param_table() const override;

  /// @brief Sorted class labels.
  const Vector& classes() const;
  /// @brief Coefficients: 1 × n_features for two classes, n_classes × n_features otherwise.
  const Matrix& coef() const;
  /// @brief Intercepts, one per row of coef (zeros when fit_intercept is false).
  const Vector& intercept() const;
  /// @brief Iterations of the fit (L-BFGS iterations, or saga's outer Newton steps).
  int n_iter() const;

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
    int n_iter = 0;
  };
  void store(const Vector& w, const Vector& classes, Index k, Index p, int n_iter);
  Params params_;
  State state_;
};

}  // namespace mlkit::linear_model
