#pragma once
/// @file multi_task_elastic_net.hpp
/// @brief MultiTaskLasso and MultiTaskElasticNet: several targets sharing one sparsity pattern
/// (an L1/L2 mixed-norm penalty on the rows of the coefficients), as scikit-learn's.

#include <optional>
#include <string>

#include "mlkit/linear_model/elastic_net.hpp"

namespace mlkit::linear_model {

/// @brief Hyperparameters of MultiTaskElasticNet (documented in its parameter table).
struct MultiTaskElasticNetParams {
  double alpha = 1.0;
  double l1_ratio = 0.5;
  bool fit_intercept = true;
  bool copy_X = true;
  int max_iter = 1000;
  double tol = 1e-4;
  bool warm_start = false;
  std::optional<int> random_state;
  std::string selection = "cyclic";
};

/// @brief Minimises 1/(2n) ||Y - X Bᵀ - c||²_F + alpha l1_ratio Σ_j ||B_:j||_2 + alpha (1 -
/// l1_ratio)/2 ||B||²_F by block coordinate descent over features, with scikit-learn's
/// duality-gap stopping rule and gap safe screening. Takes sample weights.
class MultiTaskElasticNet final : public CoordinateDescentModel {
 public:
  using Params = MultiTaskElasticNetParams;
  explicit MultiTaskElasticNet(Params params = {});

  const Params& params() const { return params_; }
  std::unique_ptr<Estimator> clone() const override;
  std::string_view name() const override { return "multi_task_elastic_net"; }
  const Tags& tags() const override;
  const ParamTable& param_table() const override;

 protected:
  void fit_impl(MatrixView X, MatrixView Y, const FitOptions& opts) override;
  const void* param_struct() const override { return &params_; }

 private:
  Params params_;
};

/// @brief Hyperparameters of MultiTaskLasso (documented in its parameter table).
struct MultiTaskLassoParams {
  double alpha = 1.0;
  bool fit_intercept = true;
  bool copy_X = true;
  int max_iter = 1000;
  double tol = 1e-4;
  bool warm_start = false;
  std::optional<int> random_state;
  std::string selection = "cyclic";
};

/// @brief MultiTaskElasticNet with l1_ratio = 1.
class MultiTaskLasso final : public CoordinateDescentModel {
 public:
  using Params = MultiTaskLassoParams;
  explicit MultiTaskLasso(Params params = {});

  const Params& params() const { return params_; }
  std::unique_ptr<Estimator> clone() const override;
  std::string_view name() const override { return "multi_task_lasso"; }
  const Tags& tags() const override;
  const ParamTable& param_table() const override;

 protected:
  void fit_impl(MatrixView X, MatrixView Y, const FitOptions& opts) override;
  const void* param_struct() const override { return &params_; }

 private:
  Params params_;
};

}  // namespace mlkit::linear_model
