/* Compiles edgerec.h as C99 so the C ABI stays usable from C and other languages. */
#include "edgerec/edgerec.h"

int edgerec_c_header_check(void);
int edgerec_c_header_check(void) { return EDGEREC_OK; }
