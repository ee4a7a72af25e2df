/* Embedding the edgerec core from C: load a solution version, print GetRecommendations JSON.
 *
 *   recommend FILE.erec [USER_ID] [NUM_RESULTS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "edgerec/edgerec.h"

static unsigned char* read_all(const char* path, size_t* size) {
  FILE* f = fopen(path, "rb");
  if (f == NULL) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  unsigned char* bytes = malloc(n > 0 ? (size_t)n : 1);
  *size = bytes != NULL ? fread(bytes, 1, (size_t)n, f) : 0;
  fclose(f);
  return bytes;
}

int main(int argc, char** argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s FILE.erec [USER_ID] [NUM_RESULTS]\n", argv[0]);
    return 2;
  }
  size_t size = 0;
  unsigned char* bytes = read_all(argv[1], &size);
  if (bytes == NULL) {
    fprintf(stderr, "cannot read %s\n", argv[1]);
    return 1;
  }
  edgerec_runtime* rt = NULL;
  edgerec_status status = edgerec_runtime_load(bytes, size, &rt);
  free(bytes); /* the runtime keeps its own copy */
  if (status != EDGEREC_OK) {
    fprintf(stderr, "%s: %s: %s\n", argv[1], edgerec_status_name(status), edgerec_last_error_message());
    return 1;
  }
  char request[600];
  snprintf(request, sizeof(request), "{\"userId\":\"%s\",\"numResults\":%s}", argc > 2 ? argv[2] : "anonymous",
           argc > 3 ? argv[3] : "10");
  char* json = NULL;
  size_t json_len = 0;
  status = edgerec_get_recommendations(rt, request, strlen(request), &json, &json_len);
  if (status != EDGEREC_OK) {
    fprintf(stderr, "%s: %s\n", edgerec_status_name(status), edgerec_last_error_message());
    edgerec_runtime_free(rt);
    return 1;
  }
  printf("%s\n", json);
  edgerec_string_free(json);
  edgerec_runtime_free(rt);
  return 0;
}
