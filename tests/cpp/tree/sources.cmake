# Tests of the tree area.
target_sources(mlkit_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/test_decision_tree.cpp
)
