#include <memory>

#include "mlkit/core/registry.hpp"
#include "mlkit/linear_model/linear_regression.hpp"
#include "mlkit/preprocessing/standard_scaler.hpp"
#include "src/core/detail/builtin.hpp"

namespace mlkit::detail {

// One line per estimator; a new estimator becomes visible to the CLI, the Python layer, model
// loading and the conformance suite by being added here.
void register_builtin_estimators(Registry& r) {
  r.add({"linear_regression", "Ordinary least squares linear regression.",
         [] { return std::make_unique<linear_model::LinearRegression>(); }});
  r.add({"standard_scaler", "Standardize features to zero mean and unit variance.",
         [] { return std::make_unique<preprocessing::StandardScaler>(); }});
}

}  // namespace mlkit::detail
