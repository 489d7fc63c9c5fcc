#include <memory>

#include "mlkit/core/registry.hpp"
#include "mlkit/preprocessing/k_bins_discretizer.hpp"
#include "mlkit/preprocessing/label_encoder.hpp"
#include "mlkit/preprocessing/max_abs_scaler.hpp"
#include "mlkit/preprocessing/min_max_scaler.hpp"
#include "mlkit/preprocessing/normalizer.hpp"
#include "mlkit/preprocessing/one_hot_encoder.hpp"
#include "mlkit/preprocessing/ordinal_encoder.hpp"
#include "mlkit/preprocessing/polynomial_features.hpp"
#include "mlkit/preprocessing/robust_scaler.hpp"
#include "mlkit/preprocessing/simple_imputer.hpp"
#include "mlkit/preprocessing/standard_scaler.hpp"
#include "src/core/detail/builtin.hpp"

namespace mlkit::detail {

void register_preprocessing(Registry& r) {
  r.add({"standard_scaler", "Standardize features to zero mean and unit variance.",
         [] { return std::make_unique<preprocessing::StandardScaler>(); }});
  r.add({"min_max_scaler", "Scale each feature to a given range.",
         [] { return std::make_unique<preprocessing::MinMaxScaler>(); }});
  r.add({"max_abs_scaler", "Scale each feature by its maximum absolute value.",
         [] { return std::make_unique<preprocessing::MaxAbsScaler>(); }});
  r.add({"robust_scaler", "Scale features with the median and interquantile range.",
         [] { return std::make_unique<preprocessing::RobustScaler>(); }});
  r.add({"normalizer", "Scale each sample to unit norm.",
         [] { return std::make_unique<preprocessing::Normalizer>(); }});
  r.add({"simple_imputer", "Replace missing values by a per-feature statistic or a constant.",
         [] { return std::make_unique<preprocessing::SimpleImputer>(); }});
  r.add({"polynomial_features", "Polynomial and interaction features.",
         [] { return std::make_unique<preprocessing::PolynomialFeatures>(); }});
  r.add({"k_bins_discretizer", "Bin continuous features into intervals.",
         [] { return std::make_unique<preprocessing::KBinsDiscretizer>(); }});
  r.add({"ordinal_encoder", "Encode categorical features as integer codes.",
         [] { return std::make_unique<preprocessing::OrdinalEncoder>(); }});
  r.add({"one_hot_encoder", "One-hot encode categorical features.",
         [] { return std::make_unique<preprocessing::OneHotEncoder>(); }});
  r.add({"label_encoder", "Encode labels as codes 0 .. n_classes - 1.",
         [] { return std::make_unique<preprocessing::LabelEncoder>(); }});
}

}  // namespace mlkit::detail
