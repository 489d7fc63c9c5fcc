# Sources of the io area, added to the mlkit library.
target_sources(mlkit PRIVATE
  src/io/csv.cpp
)
