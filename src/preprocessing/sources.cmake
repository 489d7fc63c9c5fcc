# Sources of the preprocessing area, added to the mlkit library.
target_sources(mlkit PRIVATE
  src/preprocessing/k_bins_discretizer.cpp
  src/preprocessing/label_encoder.cpp
  src/preprocessing/max_abs_scaler.cpp
  src/preprocessing/min_max_scaler.cpp
  src/preprocessing/normalizer.cpp
  src/preprocessing/one_hot_encoder.cpp
  src/preprocessing/ordinal_encoder.cpp
  src/preprocessing/polynomial_features.cpp
  src/preprocessing/register.cpp
  src/preprocessing/robust_scaler.cpp
  src/preprocessing/simple_imputer.cpp
  src/preprocessing/standard_scaler.cpp
)
