#include <memory>

#include "mlkit/core/registry.hpp"
#include "mlkit/linear_model/bayesian_ridge.hpp"
#include "mlkit/linear_model/elastic_net.hpp"
#include "mlkit/linear_model/elastic_net_cv.hpp"
#include "mlkit/linear_model/glm.hpp"
#include "mlkit/linear_model/huber_regressor.hpp"
#include "mlkit/linear_model/linear_regression.hpp"
#include "mlkit/linear_model/logistic_regression.hpp"
#include "mlkit/linear_model/logistic_regression_cv.hpp"
#include "mlkit/linear_model/multi_task_elastic_net.hpp"
#include "mlkit/linear_model/quantile_regressor.hpp"
#include "mlkit/linear_model/ridge.hpp"
#include "mlkit/linear_model/ridge_classifier.hpp"
#include "mlkit/linear_model/ridge_cv.hpp"
#include "mlkit/linear_model/sgd.hpp"
#include "src/core/detail/builtin.hpp"

namespace mlkit::detail {

void register_linear_model(Registry& r) {
  r.add({"linear_regression", "Ordinary least squares linear regression.",
         [] { return std::make_unique<linear_model::LinearRegression>(); }});
  r.add({"ridge", "Linear least squares with L2 regularization.",
         [] { return std::make_unique<linear_model::Ridge>(); }});
  r.add({"ridge_cv", "Ridge regression with the penalty chosen by leave-one-out cross-validation.",
         [] { return std::make_unique<linear_model::RidgeCV>(); }});
  r.add({"ridge_classifier", "Classifier using ridge regression on -1/1 targets.",
         [] { return std::make_unique<linear_model::RidgeClassifier>(); }});
  r.add({"bayesian_ridge", "Bayesian ridge regression with the penalties estimated from the data.",
         [] { return std::make_unique<linear_model::BayesianRidge>(); }});
  r.add({"sgd_classifier", "Linear classifier fitted by stochastic gradient descent.",
         [] { return std::make_unique<linear_model::SGDClassifier>(); }});
  r.add({"sgd_regressor", "Linear regressor fitted by stochastic gradient descent.",
         [] { return std::make_unique<linear_model::SGDRegressor>(); }});
  r.add({"lasso", "Linear model with L1 regularization, by coordinate descent.",
         [] { return std::make_unique<linear_model::Lasso>(); }});
  r.add({"elastic_net",
         "Linear model with combined L1 and L2 regularization, by coordinate descent.",
         [] { return std::make_unique<linear_model::ElasticNet>(); }});
  r.add({"lasso_cv", "Lasso with the penalty chosen by K-fold cross-validation over a path.",
         [] { return std::make_unique<linear_model::LassoCV>(); }});
  r.add({"elastic_net_cv",
         "ElasticNet with the penalty and l1_ratio chosen by K-fold cross-validation.",
         [] { return std::make_unique<linear_model::ElasticNetCV>(); }});
  r.add({"multi_task_lasso", "Several targets sharing one sparsity pattern (L1/L2 penalty).",
         [] { return std::make_unique<linear_model::MultiTaskLasso>(); }});
  r.add({"multi_task_elastic_net",
         "Several targets sharing one sparsity pattern (L1/L2 and L2 penalties).",
         [] { return std::make_unique<linear_model::MultiTaskElasticNet>(); }});
  r.add({"logistic_regression",
         "Logistic regression (binary and multinomial), L2 by L-BFGS, L1 and elastic net by "
         "proximal Newton.",
         [] { return std::make_unique<linear_model::LogisticRegression>(); }});
  r.add({"logistic_regression_cv",
         "Logistic regression with C (and l1_ratio) chosen by stratified K-fold "
         "cross-validation.",
         [] { return std::make_unique<linear_model::LogisticRegressionCV>(); }});
  r.add({"poisson_regressor", "Generalized linear model with a Poisson deviance, by L-BFGS.",
         [] { return std::make_unique<linear_model::PoissonRegressor>(); }});
  r.add({"gamma_regressor", "Generalized linear model with a Gamma deviance, by L-BFGS.",
         [] { return std::make_unique<linear_model::GammaRegressor>(); }});
  r.add({"tweedie_regressor", "Generalized linear model with a Tweedie deviance, by L-BFGS.",
         [] { return std::make_unique<linear_model::TweedieRegressor>(); }});
  r.add({"huber_regressor", "Linear regression with the Huber loss, robust to outliers.",
         [] { return std::make_unique<linear_model::HuberRegressor>(); }});
  r.add({"quantile_regressor",
         "Linear regression of a conditional quantile (pinball loss, L1 penalty), by LP.",
         [] { return std::make_unique<linear_model::QuantileRegressor>(); }});
}

}  // namespace mlkit::detail
