# Sources of the preprocessing area, added to the mlkit library.
target_sources(mlkit PRIVATE
  src/preprocessing/register.cpp
  src/preprocessing/standard_scaler.cpp
)
