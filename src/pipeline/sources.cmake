# Sources of the pipeline area (composite estimators), added to the mlkit library.
target_sources(mlkit PRIVATE
  src/pipeline/column_transformer.cpp
  src/pipeline/detail/parts.cpp
  src/pipeline/feature_union.cpp
  src/pipeline/pipeline.cpp
  src/pipeline/register.cpp
)
