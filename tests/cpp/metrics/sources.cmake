# Tests of the metrics area.
target_sources(mlkit_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/test_classification.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_pairwise.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_regression_cluster.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_scorers.cpp
)
