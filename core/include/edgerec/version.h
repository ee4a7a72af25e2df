// The library version, from CMake's project(VERSION).
#pragma once

namespace edgerec {
const char* version_string();
}  // namespace edgerec
