#pragma once
/// @file ridge_classifier.hpp
/// @brief Classification by ridge regression on ±1 targets, as scikit-learn's RidgeClassifier.

#include <optional>
#include <string>

#include "mlkit/core/estimator.hpp"

namespace mlkit::linear_model {

/// @brief Hyperparameters of RidgeClassifier (documented in its parameter table).
struct RidgeClassifierParams {
  double alpha = 1.0;
  bool fit_intercept = true;
  bool copy_X = true;
  std::optional<int> max_iter;
  double tol = 1e-4;
  ParamValue class_weight;  ///< None, "balanced"
  std::string solver = "auto";
  bool positive = false;
  std::optional<int> random_state;
};

/// @brief The labels become targets in {-1, 1}: one column (+1 for the second class) for two
/// classes, one per class otherwise; Ridge's solvers fit them with sample weights times the
/// class weights, and the predicted class is the one of the largest decision value (for two
/// classes, the second when the value is positive).
class RidgeClassifier final : public Estimator {
 public:
  using Params = RidgeClassifierParams;
  explicit RidgeClassifier(Params params = {});

  const Params& params() const { return params_; }
  std::unique_ptr<Estimator> clone() const override;
  std::string_view name() const override { return "ridge_classifier"; }
  const Tags& tags() const override;
  const ParamTable& param_table() const override;

  /// @brief Coefficients: 1 × n_features for two classes, n_classes × n_features otherwise.
  const Matrix& coef() const;
  /// @brief Intercepts, one per row of coef().
  const Vector& intercept() const;
  /// @brief The sorted class labels.
  const Vector& classes() const;

 protected:
  void fit_impl(MatrixView X, MatrixView Y, const FitOptions& opts) override;
  Matrix predict_impl(MatrixView X) const override;
  Matrix decision_function_impl(MatrixView X) const override;
  void validate_params() const override;
  const void* param_struct() const override { return &params_; }
  void save_state(nlohmann::json& state) const override;
  void load_state(const nlohmann::json& state, Index n_features_in, Index n_targets) override;

 private:
  struct State {
    Matrix coef;
    Vector intercept;
    Vector classes;
    std::string solver;
    Vector n_iter;  // per column of the ±1 targets, as Ridge's n_iter_
  };
  Params params_;
  State state_;
};

}  // namespace mlkit::linear_model
