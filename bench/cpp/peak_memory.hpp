#pragma once
// Peak resident memory of this process in MB (VmHWM), for the benchmark programs' JSON output.
// Read from inside the process: a parent's wait4() figure would include the parent's own memory,
// which Linux carries into the child's high-water mark across fork and exec.
#include <fstream>
#include <string>

inline double peak_resident_mb() {
  std::ifstream status("/proc/self/status");
  std::string key;
  while (status >> key) {
    if (key == "VmHWM:") {
      double kb = 0;
      status >> kb;
      return kb / 1024.0;
    }
    std::getline(status, key);
  }
  return -1;
}
