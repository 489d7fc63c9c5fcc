# Tests of the linear_model area.
target_sources(mlkit_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/test_bayesian_ridge.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_elastic_net.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_elastic_net_cv.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_glm.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_huber_regressor.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_linear_regression.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_logistic_regression.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_logistic_regression_cv.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_positive.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_quantile_regressor.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_ridge.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_ridge_classifier.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_ridge_cv.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_sgd.cpp
)
