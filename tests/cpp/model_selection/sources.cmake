# Tests of the model_selection area.
target_sources(mlkit_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/test_search.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_split.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_validation.cpp
)
