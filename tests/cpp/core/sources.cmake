# Tests of the core area.
target_sources(mlkit_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/test_params.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_estimator.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_conformance.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_serialize.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_random_context.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_docs.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_validation.cpp
)
