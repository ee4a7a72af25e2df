// The library version string, set by CMake from project(VERSION).
#include "edgerec/version.h"

namespace edgerec {
const char* version_string() { return EDGEREC_VERSION; }
}  // namespace edgerec
