#include <memory>

#include "mlkit/core/registry.hpp"
#include "mlkit/preprocessing/standard_scaler.hpp"
#include "src/core/detail/builtin.hpp"

namespace mlkit::detail {

void register_preprocessing(Registry& r) {
  r.add({"standard_scaler", "Standardize features to zero mean and unit variance.",
         [] { return std::make_unique<preprocessing::StandardScaler>(); }});
}

}  // namespace mlkit::detail
