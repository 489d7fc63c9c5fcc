# Sources of the linear_model area, added to the mlkit library.
target_sources(mlkit PRIVATE
  src/linear_model/bayesian_ridge.cpp
  src/linear_model/detail/coordinate_descent.cpp
  src/linear_model/detail/gram.cpp
  src/linear_model/detail/lbfgs.cpp
  src/linear_model/detail/lsqr.cpp
  src/linear_model/detail/nnls.cpp
  src/linear_model/detail/prox_newton.cpp
  src/linear_model/detail/sgd.cpp
  src/linear_model/elastic_net.cpp
  src/linear_model/elastic_net_cv.cpp
  src/linear_model/glm.cpp
  src/linear_model/huber_regressor.cpp
  src/linear_model/linear_regression.cpp
  src/linear_model/logistic_regression.cpp
  src/linear_model/logistic_regression_cv.cpp
  src/linear_model/multi_task_elastic_net.cpp
  src/linear_model/quantile_regressor.cpp
  src/linear_model/register.cpp
  src/linear_model/ridge.cpp
  src/linear_model/ridge_classifier.cpp
  src/linear_model/ridge_cv.cpp
  src/linear_model/sgd.cpp
)
