# Tests of the preprocessing area.
target_sources(mlkit_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/test_standard_scaler.cpp
)
