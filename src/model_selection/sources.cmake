# Sources of the model_selection area, added to the mlkit library.
target_sources(mlkit PRIVATE
  src/model_selection/split.cpp
)
