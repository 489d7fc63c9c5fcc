# Tests of the pipeline area (composite estimators).
target_sources(mlkit_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/test_composites.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_pipeline_parity.cpp
)
