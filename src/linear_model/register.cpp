#include <memory>

#include "mlkit/core/registry.hpp"
#include "mlkit/linear_model/linear_regression.hpp"
#include "src/core/detail/builtin.hpp"

namespace mlkit::detail {

void register_linear_model(Registry& r) {
  r.add({"linear_regression", "Ordinary least squares linear regression.",
         [] { return std::make_unique<linear_model::LinearRegression>(); }});
}

}  // namespace mlkit::detail
