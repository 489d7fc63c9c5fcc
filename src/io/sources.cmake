# Sources of the io area, added to the mlkit library.
target_sources(mlkit PRIVATE
  src/io/atomic_file.cpp
  src/io/csv.cpp
)

# fast_float (Debian's libfast-float-dev, header-only): the CSV reader's number conversion.
# Found as an installed header; nothing is downloaded.
find_path(FAST_FLOAT_INCLUDE_DIR fast_float/fast_float.h REQUIRED)
target_include_directories(mlkit SYSTEM PRIVATE ${FAST_FLOAT_INCLUDE_DIR})
