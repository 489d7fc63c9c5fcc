#pragma once
/// @file sgd.hpp
/// @brief Linear models fitted by stochastic gradient descent, as scikit-learn's SGDClassifier
/// and SGDRegressor.

#include <optional>
#include <string>

#include "mlkit/core/estimator.hpp"

namespace mlkit::linear_model {

/// @brief Hyperparameters of SGDClassifier (documented in its parameter table).
struct SGDClassifierParams {
  std::string loss = "hinge";
  std::optional<std::string> penalty = std::string("l2");
  double alpha = 1e-4;
  double l1_ratio = 0.15;
  bool fit_intercept = true;
  int max_iter = 1000;
  std::optional<double> tol = 1e-3;
  bool shuffle = true;
  int verbose = 0;
  double epsilon = 0.1;
  std::optional<int> n_jobs;
  std::optional<int> random_state;
  std::string learning_rate = "optimal";
  double eta0 = 0.01;
  double power_t = 0.5;
  bool early_stopping = false;
  double validation_fraction = 0.1;
  int n_iter_no_change = 5;
  ParamValue class_weight;  ///< None or "balanced"
  bool warm_start = false;
  ParamValue average = false;  ///< bool, or the update from which averaging starts
};

/// @brief Hyperparameters of SGDRegressor (documented in its parameter table).
struct SGDRegressorParams {
  std::string loss = "squared_error";
  std::optional<std::string> penalty = std::string("l2");
  double alpha = 1e-4;
  double l1_ratio = 0.15;
  bool fit_intercept = true;
  int max_iter = 1000;
  std::optional<double> tol = 1e-3;
  bool shuffle = true;
  int verbose = 0;
  double epsilon = 0.1;
  std::optional<int> random_state;
  std::string learning_rate = "invscaling";
  double eta0 = 0.01;
  double power_t = 0.25;
  bool early_stopping = false;
  double validation_fraction = 0.1;
  int n_iter_no_change = 5;
  bool warm_start = false;
  ParamValue average = false;
};

/// @brief A linear classifier (SVM with hinge loss, logistic regression with log_loss, ...)
/// fitted by plain SGD one class against the rest, with scikit-learn's updates, schedules
/// ("optimal": Bottou's 1 / (alpha (t0 + t))), stopping rule, L1 by cumulative clipping
/// (Tsuruoka et al., 2009) and averaging (ASGD). The classes are fitted in parallel; each
/// shuffles with its own random stream, so results do not depend on the thread count. With
/// shuffle=False the iterates are scikit-learn's up to rounding. Early stopping holds out a
/// stratified validation_fraction drawn from random_state.
class SGDClassifier final : public Estimator {
 public:
  using Params = SGDClassifierParams;
  explicit SGDClassifier(Params params = {});

  const Params& params() const { return params_; }
  std::unique_ptr<Estimator> clone() const override;
  std::string_view name() const override { return "sgd_classifier"; }
  const Tags& tags() const override;
  const ParamTable& param_table() const override;

  /// @brief 1 × p for two classes, n_classes × p otherwise.
  const Matrix& coef() const;
  const Vector& intercept() const;
  const Vector& classes() const;
  /// @brief Epochs run (the largest over the classes).
  Index n_iter() const;
  /// @brief Number of weight updates plus one, as scikit-learn's t_.
  double t() const;

 protected:
  void fit_impl(MatrixView X, MatrixView Y, const FitOptions& opts) override;
  void partial_fit_impl(MatrixView X, MatrixView Y, const FitOptions& opts,
                        VectorView classes) override;
  Matrix predict_impl(MatrixView X) const override;
  Matrix predict_proba_impl(MatrixView X) const override;
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
    Index n_iter = 0;
    double t = 1.0;
    // The unaveraged iterates and averages, to continue a warm start or partial_fit.
    Matrix standard_coef, average_coef;
    Vector standard_intercept, average_intercept;
  };
  State run(MatrixView X, VectorView y, const Vector& classes, const FitOptions& opts,
            Index max_iter, const State* start) const;
  Params params_;
  State state_;
};

/// @brief A linear regressor fitted by plain SGD (losses squared_error, huber,
/// epsilon_insensitive, squared_epsilon_insensitive), with the updates, schedules, stopping rule,
/// L1 clipping and averaging of SGDClassifier.
class SGDRegressor final : public Estimator {
 public:
  using Params = SGDRegressorParams;
  explicit SGDRegressor(Params params = {});

  const Params& params() const { return params_; }
  std::unique_ptr<Estimator> clone() const override;
  std::string_view name() const override { return "sgd_regressor"; }
  const Tags& tags() const override;
  const ParamTable& param_table() const override;

  const Vector& coef() const;
  double intercept() const;
  Index n_iter() const;
  double t() const;

 protected:
  void fit_impl(MatrixView X, MatrixView Y, const FitOptions& opts) override;
  void partial_fit_impl(MatrixView X, MatrixView Y, const FitOptions& opts,
                        VectorView classes) override;
  Matrix predict_impl(MatrixView X) const override;
  void validate_params() const override;
  const void* param_struct() const override { return &params_; }
  void save_state(nlohmann::json& state) const override;
  void load_state(const nlohmann::json& state, Index n_features_in, Index n_targets) override;

 private:
  struct State {
    Vector coef;
    double intercept = 0;
    Index n_iter = 0;
    double t = 1.0;
    Vector standard_coef, average_coef;
    double standard_intercept = 0, average_intercept = 0;
  };
  State run(MatrixView X, VectorView y, const FitOptions& opts, Index max_iter,
            const State* start) const;
  Params params_;
  State state_;
};

}  // namespace mlkit::linear_model
