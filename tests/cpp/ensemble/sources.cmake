# Tests of the ensemble area.
target_sources(mlkit_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/test_forest.cpp
)
