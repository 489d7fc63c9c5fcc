#include <memory>

#include "mlkit/core/registry.hpp"
#include "mlkit/linear_model/glm.hpp"
#include "mlkit/linear_model/huber_regressor.hpp"
#include "mlkit/linear_model/linear_regression.hpp"
#include "mlkit/linear_model/logistic_regression.hpp"
#include "mlkit/linear_model/ridge.hpp"
#include "src/core/detail/builtin.hpp"

namespace mlkit::detail {

void register_linear_model(Registry& r) {
  r.add({"linear_regression", "Ordinary least squares linear regression.",
         [] { return std::make_unique<linear_model::LinearRegression>(); }});
  r.add({"ridge", "Linear least squares with L2 regularization.",
         [] { return std::make_unique<linear_model::Ridge>(); }});
  r.add({"logistic_regression", "Logistic regression (binary and multinomial) by L-BFGS.",
         [] { return std::make_unique<linear_model::LogisticRegression>(); }});
  r.add({"tweedie_regressor", "Generalized linear model with a Tweedie deviance, by L-BFGS.",
         [] { return std::make_unique<linear_model::TweedieRegressor>(); }});
  r.add({"huber_regressor", "Linear regression with the Huber loss, robust to outliers.",
         [] { return std::make_unique<linear_model::HuberRegressor>(); }});
}

}  // namespace mlkit::detail
