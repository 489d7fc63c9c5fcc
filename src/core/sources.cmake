# Sources of the core area, added to the mlkit library.
target_sources(mlkit PRIVATE
  src/core/builtin.cpp
  src/core/context.cpp
  src/core/docs.cpp
  src/core/estimator.cpp
  src/core/json_io.cpp
  src/core/params.cpp
  src/core/random.cpp
  src/core/registry.cpp
  src/core/serialize.cpp
  src/core/validation.cpp
  src/core/warnings.cpp
)
