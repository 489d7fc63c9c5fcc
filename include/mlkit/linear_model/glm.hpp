#pragma once
/// @file glm.hpp
/// @brief Generalized linear models with a Tweedie deviance, as scikit-learn's PoissonRegressor,
/// GammaRegressor and TweedieRegressor (lbfgs solver).

#include <string>

#include "mlkit/core/estimator.hpp"

namespace mlkit::linear_model {

/// @brief Hyperparameters of PoissonRegressor and GammaRegressor.
struct GlmParams {
  double alpha = 1.0;
  bool fit_intercept = true;
  std::string solver = "lbfgs";
  int max_iter = 100;
  double tol = 1e-4;
  bool warm_start = false;
  int verbose = 0;
};

/// @brief Hyperparameters of TweedieRegressor.
struct TweedieRegressorParams {
  double power = 0.0;
  double alpha = 1.0;
  bool fit_intercept = true;
  std::string link = "auto";
  std::string solver = "lbfgs";
  int max_iter = 100;
  double tol = 1e-4;
  bool warm_start = false;
  int verbose = 0;
};

/// @brief What every GLM of this header shares: the fit of
/// sum_i s_i loss(y_i, x_i·w + b) / sum_i s_i + alpha / 2 ||w||² by L-BFGS, where loss is half
/// the Tweedie deviance of power p (without the terms that do not depend on the prediction, as
/// scikit-learn's losses) and the link is log or identity; predict returns the mean
/// link⁻¹(x·w + b). Stops as scikit-learn's lbfgs solver; stopping at max_iter is a
/// ConvergenceWarning (mlkit/core/warnings.hpp).
class GeneralizedLinearRegressor : public Estimator {
 public:
  /// @brief Coefficients, 1 × n_features.
  const Matrix& coef() const;
  /// @brief The intercept (one entry; 0 when fit_intercept is false).
  const Vector& intercept() const;
  int n_iter() const;

 protected:
  /// The deviance and link of this model, from its parameters.
  virtual double power() const = 0;
  virtual bool log_link() const = 0;
  struct Common {
    double alpha;
    bool fit_intercept;
    int max_iter;
    double tol;
    bool warm_start;
  };
  virtual Common common() const = 0;

  void fit_impl(MatrixView X, MatrixView Y, const FitOptions& opts) override;
  Matrix predict_impl(MatrixView X) const override;
  void save_state(nlohmann::json& state) const override;
  void load_state(const nlohmann::json& state, Index n_features_in, Index n_targets) override;

 private:
  struct State {
    Matrix coef;
    Vector intercept;
    int n_iter = 0;
  };
  State state_;
};

/// @brief Poisson deviance with the log link.
class PoissonRegressor final : public GeneralizedLinearRegressor {
 public:
  using Params = GlmParams;
  explicit PoissonRegressor(Params params = {});
  const Params& params() const { return params_; }
  std::unique_ptr<Estimator> clone() const override;
  std::string_view name() const override { return "poisson_regressor"; }
  const Tags& tags() const override;
  const ParamTable& param_table() const override;

 protected:
  double power() const override { return 1.0; }
  bool log_link() const override { return true; }
  Common common() const override;
  const void* param_struct() const override { return &params_; }

 private:
  Params params_;
};

/// @brief Gamma deviance with the log link.
class GammaRegressor final : public GeneralizedLinearRegressor {
 public:
  using Params = GlmParams;
  explicit GammaRegressor(Params params = {});
  const Params& params() const { return params_; }
  std::unique_ptr<Estimator> clone() const override;
  std::string_view name() const override { return "gamma_regressor"; }
  const Tags& tags() const override;
  const ParamTable& param_table() const override;

 protected:
  double power() const override { return 2.0; }
  bool log_link() const override { return true; }
  Common common() const override;
  const void* param_struct() const override { return &params_; }

 private:
  Params params_;
};

/// @brief Tweedie deviance of any power (0: normal, 1: Poisson, (1, 2): compound Poisson-Gamma,
/// 2: Gamma, 3: inverse Gaussian); link "auto" is identity for power <= 0 and log otherwise.
class TweedieRegressor final : public GeneralizedLinearRegressor {
 public:
  using Params = TweedieRegressorParams;
  explicit TweedieRegressor(Params params = {});
  const Params& params() const { return params_; }
  std::unique_ptr<Estimator> clone() const override;
  std::string_view name() const override { return "tweedie_regressor"; }
  const Tags& tags() const override;
  const ParamTable& param_table() const override;

 protected:
  double power() const override { return params_.power; }
  bool log_link() const override;
  Common common() const override;
  const void* param_struct() const override { return &params_; }

 private:
  Params params_;
};

}  // namespace mlkit::linear_model
