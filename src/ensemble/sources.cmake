# Sources of the ensemble area, added to the mlkit library.
target_sources(mlkit PRIVATE
  src/ensemble/forest.cpp
  src/ensemble/register.cpp
)
