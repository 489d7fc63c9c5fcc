# Tests of the datasets area.
target_sources(mlkit_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/test_datasets.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_generators.cpp
)
target_link_libraries(mlkit_tests PRIVATE ZLIB::ZLIB)
