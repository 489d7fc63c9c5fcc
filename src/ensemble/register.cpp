#include <memory>

#include "mlkit/core/registry.hpp"
#include "mlkit/ensemble/forest.hpp"
#include "src/core/detail/builtin.hpp"

namespace mlkit::detail {

void register_ensemble(Registry& r) {
  r.add({"random_forest_classifier", "A random forest classifier.",
         [] { return std::make_unique<ensemble::RandomForestClassifier>(); }});
  r.add({"random_forest_regressor", "A random forest regressor.",
         [] { return std::make_unique<ensemble::RandomForestRegressor>(); }});
  r.add({"extra_trees_classifier", "An extremely randomized trees classifier.",
         [] { return std::make_unique<ensemble::ExtraTreesClassifier>(); }});
  r.add({"extra_trees_regressor", "An extremely randomized trees regressor.",
         [] { return std::make_unique<ensemble::ExtraTreesRegressor>(); }});
}

}  // namespace mlkit::detail
