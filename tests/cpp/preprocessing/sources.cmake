# Tests of the preprocessing area.
target_sources(mlkit_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/test_k_bins_discretizer.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_label_encoder.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_max_abs_scaler.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_min_max_scaler.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_normalizer.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_one_hot_encoder.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_ordinal_encoder.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_polynomial_features.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_robust_scaler.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_simple_imputer.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_standard_scaler.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_threads.cpp
)
