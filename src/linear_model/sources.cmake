# Sources of the linear_model area, added to the mlkit library.
target_sources(mlkit PRIVATE
  src/linear_model/linear_regression.cpp
  src/linear_model/register.cpp
  src/linear_model/ridge.cpp
  src/linear_model/ridge_cv.cpp
  src/linear_model/detail/lbfgs.cpp
  src/linear_model/logistic_regression.cpp
  src/linear_model/glm.cpp
  src/linear_model/huber_regressor.cpp
)
