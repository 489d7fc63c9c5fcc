# Sources of the model_selection area, added to the mlkit library.
target_sources(mlkit PRIVATE
  src/model_selection/detail/fit_and_score.cpp
  src/model_selection/search.cpp
  src/model_selection/split.cpp
  src/model_selection/validation.cpp
)
