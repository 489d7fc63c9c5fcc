# Install mlkit into a temporary prefix, build examples/embed against it with find_package, and
# run it on a golden model file. Invoked by ctest (see tests/CMakeLists.txt).
file(REMOVE_RECURSE "${WORK_DIR}")
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
  set(last_output "${out}" PARENT_SCOPE)
endfunction()

run(${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${WORK_DIR}/prefix")
run(${CMAKE_COMMAND} -S "${SOURCE_DIR}/examples/embed" -B "${WORK_DIR}/build" -G Ninja
    -DCMAKE_BUILD_TYPE=Release "-DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix")
run(${CMAKE_COMMAND} --build "${WORK_DIR}/build")
run("${WORK_DIR}/build/embed_predict" "${SOURCE_DIR}/tests/golden/v1/linear_regression.mlkb" 1 2 3 4)
if(NOT last_output MATCHES "model: LinearRegression \\(4 features\\)\nprediction: -?[0-9]")
  message(FATAL_ERROR "unexpected output:\n${last_output}")
endif()
run("${WORK_DIR}/build/embed_predict" "${SOURCE_DIR}/tests/golden/v1/standard_scaler.json")
if(NOT last_output MATCHES "transform: ")
  message(FATAL_ERROR "unexpected output:\n${last_output}")
endif()
message(STATUS "embed example built against the installed package and predicted:\n${last_output}")
