# Sources of the tree area, added to the mlkit library.
target_sources(mlkit PRIVATE
  src/tree/decision_tree.cpp
  src/tree/detail/builder.cpp
  src/tree/detail/common.cpp
  src/tree/detail/tree.cpp
  src/tree/register.cpp
)
