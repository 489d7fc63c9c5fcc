# Sources of the datasets area, added to the mlkit library.
target_sources(mlkit PRIVATE
  src/datasets/datasets.cpp
)
