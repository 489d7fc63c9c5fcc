#include <memory>

#include "mlkit/core/registry.hpp"
#include "mlkit/pipeline/column_transformer.hpp"
#include "mlkit/pipeline/feature_union.hpp"
#include "mlkit/pipeline/pipeline.hpp"
#include "src/core/detail/builtin.hpp"

namespace mlkit::detail {

// Composites are created empty (their parts come from the user or a model file); `example` gives
// the conformance suite a complete one to fit.
void register_pipeline(Registry& r) {
  r.add({"pipeline", "A chain of transformers ending in any estimator.",
         [] { return std::make_unique<pipeline::Pipeline>(); },
         [] {
           auto p = std::make_unique<pipeline::Pipeline>();
           p->add("scaler", make_estimator("standard_scaler"))
               .add("model", make_estimator("linear_regression"));
           return p;
         }});
  r.add({"column_transformer", "Different transformers on different columns, concatenated.",
         [] { return std::make_unique<pipeline::ColumnTransformer>(); },
         [] {
           auto ct = std::make_unique<pipeline::ColumnTransformer>(
               pipeline::ColumnTransformerParams{"passthrough"});
           ct->add("scale", make_estimator("standard_scaler"), pipeline::Columns::by_index({0}))
               .add("range", make_estimator("min_max_scaler"), pipeline::Columns::by_index({1}));
           return ct;
         }});
  r.add({"feature_union", "Several transformers on the same input, concatenated.",
         [] { return std::make_unique<pipeline::FeatureUnion>(); },
         [] {
           auto fu = std::make_unique<pipeline::FeatureUnion>();
           fu->add("scale", make_estimator("standard_scaler"))
               .add("range", make_estimator("min_max_scaler"));
           return fu;
         }});
}

}  // namespace mlkit::detail
