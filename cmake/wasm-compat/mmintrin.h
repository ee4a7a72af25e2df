// Emscripten ships no mmintrin.h; Eigen's SSE path only needs what xmmintrin.h provides.
#pragma once
#include <xmmintrin.h>
