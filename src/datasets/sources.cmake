# Sources of the datasets area, added to the mlkit library.
target_sources(mlkit PRIVATE
  src/datasets/datasets.cpp
  src/datasets/fashion_mnist.cpp
  src/datasets/generators.cpp
)
find_package(ZLIB REQUIRED)
target_link_libraries(mlkit PRIVATE ZLIB::ZLIB)
