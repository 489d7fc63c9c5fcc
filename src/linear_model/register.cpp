#include <memory>

#include "mlkit/core/registry.hpp"
#include "mlkit/linear_model/linear_regression.hpp"
#include "mlkit/linear_model/ridge.hpp"
#include "src/core/detail/builtin.hpp"

namespace mlkit::detail {

void register_linear_model(Registry& r) {
  r.add({"linear_regression", "Ordinary least squares linear regression.",
         [] { return std::make_unique<linear_model::LinearRegression>(); }});
  r.add({"ridge", "Linear least squares with L2 regularization.",
         [] { return std::make_unique<linear_model::Ridge>(); }});
}

}  // namespace mlkit::detail
