#pragma once
// Machinery shared by the composite estimators (Pipeline, FeatureUnion, ColumnTransformer):
// checking part names, cloning parts, their model-file components and per-part fit options.

#include <functional>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mlkit/core/estimator.hpp"
#include "mlkit/pipeline/part.hpp"

namespace mlkit::pipeline::detail {

using json = nlohmann::json;

/// Names must be non-empty, unique, free of "__" and distinct from the owner's own parameters
/// (scikit-learn's rules); throws InvalidParameter.
void check_part_names(const std::vector<Part>& parts, const ParamTable& own);

/// Unfitted copies with the same parameters; keywords are kept.
std::vector<Part> clone_parts(const std::vector<Part>& parts);

/// The (name, estimator) view that Estimator::parts() returns.
std::vector<std::pair<std::string, const Estimator*>> parts_view(const std::vector<Part>& parts);

/// Components of a model file: one object per part, {"name", plus the estimator's spec (with its
/// state when with_state) or {"estimator": keyword}}; `extra` adds fields for part i.
json parts_to_json(const std::vector<Part>& parts, bool with_state,
                   const std::function<void(std::size_t, json&)>& extra = {});

/// The inverse of parts_to_json. `keywords` are the keywords allowed; `extra_keys` are the
/// fields that `extra` reads for part i. Throws ModelFormatError on any defect.
std::vector<Part> parts_from_json(const json& components,
                                  std::initializer_list<const char*> keywords,
                                  std::initializer_list<const char*> extra_keys = {},
                                  const std::function<void(std::size_t, const json&)>& extra = {});

/// Options for fitting one part: the sample weights when the part accepts them, progress mapped
/// into [lo, hi] of the whole fit, and the same cancellation flag.
FitOptions part_options(const FitOptions& opts, const Estimator& part, double lo, double hi);

/// Every fitted part must be fitted; throws ModelFormatError naming the first that is not.
void check_parts_fitted(const std::vector<Part>& parts);

/// Throws InvalidParameter unless `keyword` is one of `allowed` (an empty keyword with a null
/// estimator is an error too).
void check_keyword(const Part& part, std::initializer_list<const char*> allowed,
                   std::string_view owner);

/// The blocks side by side (each with `rows` rows); n × 0 when there are none.
Matrix hstack(const std::vector<Matrix>& blocks, Index rows);

/// The columns `cols` of X, in that order.
Matrix select_columns(MatrixView X, const std::vector<Index>& cols);

}  // namespace mlkit::pipeline::detail
