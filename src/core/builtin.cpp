#include "src/core/detail/builtin.hpp"
#include "mlkit/core/registry.hpp"

namespace mlkit::detail {

// A new estimator becomes visible to the CLI, the Python layer, model loading and the
// conformance suite by being registered in its area's register.cpp.
void register_builtin_estimators(Registry& r) {
  register_linear_model(r);
  register_preprocessing(r);
  register_tree(r);
  register_ensemble(r);
  register_pipeline(r);
}

}  // namespace mlkit::detail
