# Sources of the metrics area, added to the mlkit library.
target_sources(mlkit PRIVATE
  src/metrics/classification.cpp
  src/metrics/cluster.cpp
  src/metrics/detail/checks.cpp
  src/metrics/pairwise.cpp
  src/metrics/regression.cpp
  src/metrics/scorers.cpp
)
