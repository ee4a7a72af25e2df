// The C ABI (edgerec.h): Status -> edgerec_status plus a thread-local message.
#include "edgerec/edgerec.h"

#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

#include "edgerec/runtime.h"
#include "edgerec/version.h"
#include "serve/c_api_support.h"

// edgerec.h is the source of the status table; the core's StatusCode must give the same numbers,
// as Status codes cross the ABI by a cast (js/errors.js and index.d.ts are checked by a JS test).
#define EDGEREC_SAME_CODE(c, k) static_assert(EDGEREC_##c == static_cast<int32_t>(edgerec::StatusCode::k), #c);
EDGEREC_SAME_CODE(OK, kOk)
EDGEREC_SAME_CODE(INVALID_INPUT, kInvalidInput)
EDGEREC_SAME_CODE(NOT_FOUND, kNotFound)
EDGEREC_SAME_CODE(CORRUPT_DATA, kCorruptData)
EDGEREC_SAME_CODE(UNSUPPORTED_VERSION, kUnsupportedVersion)
EDGEREC_SAME_CODE(RESOURCE_EXHAUSTED, kResourceExhausted)
EDGEREC_SAME_CODE(IO_ERROR, kIoError)
EDGEREC_SAME_CODE(FAILED_PRECONDITION, kFailedPrecondition)
EDGEREC_SAME_CODE(ALREADY_EXISTS, kAlreadyExists)
EDGEREC_SAME_CODE(INTERNAL, kInternal)
#undef EDGEREC_SAME_CODE

struct edgerec_runtime {
  std::unique_ptr<edgerec::Runtime> runtime;
};

namespace edgerec::c_api {
namespace {
thread_local std::string g_last_error;
}  // namespace

edgerec_status fail(const Status& status) {
  g_last_error = status.message();
  return static_cast<edgerec_status>(status.code());
}

edgerec_status fail_invalid(const char* message) { return fail(invalid_input(message)); }

edgerec_status hand_over(const std::string& s, char** out, size_t* out_len) {
  char* buffer = static_cast<char*>(std::malloc(s.size() + 1));
  if (buffer == nullptr) return fail(resource_exhausted("out of memory for a response string"));
  std::memcpy(buffer, s.data(), s.size());
  buffer[s.size()] = '\0';
  *out = buffer;
  if (out_len != nullptr) *out_len = s.size();
  return EDGEREC_OK;
}

edgerec_status hand_over_bytes(const std::vector<uint8_t>& bytes, uint8_t** out, size_t* out_len) {
  *out = nullptr;
  if (out_len != nullptr) *out_len = 0;
  if (bytes.empty()) return EDGEREC_OK;
  auto* buffer = static_cast<uint8_t*>(std::malloc(bytes.size()));
  if (buffer == nullptr) return fail(resource_exhausted("out of memory for " + std::to_string(bytes.size()) + " bytes"));
  std::memcpy(buffer, bytes.data(), bytes.size());
  *out = buffer;
  if (out_len != nullptr) *out_len = bytes.size();
  return EDGEREC_OK;
}

const std::string& last_error() { return g_last_error; }

}  // namespace edgerec::c_api

using edgerec::c_api::fail;
using edgerec::c_api::fail_invalid;
using edgerec::c_api::hand_over;

extern "C" {

const char* edgerec_version_string(void) { return edgerec::version_string(); }

const char* edgerec_status_name(edgerec_status status) {
  switch (status) {
    case EDGEREC_OK:
    case EDGEREC_INVALID_INPUT:
    case EDGEREC_NOT_FOUND:
    case EDGEREC_CORRUPT_DATA:
    case EDGEREC_UNSUPPORTED_VERSION:
    case EDGEREC_RESOURCE_EXHAUSTED:
    case EDGEREC_IO_ERROR:
    case EDGEREC_FAILED_PRECONDITION:
    case EDGEREC_ALREADY_EXISTS:
    case EDGEREC_INTERNAL:
      return edgerec::status_code_name(static_cast<edgerec::StatusCode>(status));
    default:
      return "Unknown";
  }
}

const char* edgerec_last_error_message(void) { return edgerec::c_api::last_error().c_str(); }

edgerec_status edgerec_runtime_load(const uint8_t* bytes, size_t size, edgerec_runtime** out_runtime) {
  if (out_runtime == nullptr) return fail_invalid("edgerec_runtime_load: out_runtime is NULL");
  auto loaded = edgerec::Runtime::load(bytes, size);
  if (!loaded.ok()) return fail(loaded.status());
  *out_runtime = new edgerec_runtime{std::move(loaded).value()};
  return EDGEREC_OK;
}

void edgerec_runtime_free(edgerec_runtime* runtime) { delete runtime; }

edgerec_status edgerec_runtime_add_entropy(edgerec_runtime* runtime, const uint8_t* bytes, size_t size) {
  if (runtime == nullptr) return fail_invalid("edgerec_runtime_add_entropy: runtime is NULL");
  if (bytes == nullptr && size != 0) return fail_invalid("edgerec_runtime_add_entropy: bytes is NULL");
  runtime->runtime->add_entropy(bytes, size);
  return EDGEREC_OK;
}

edgerec_status edgerec_runtime_set_recommendation_source(edgerec_runtime* runtime, const char* source,
                                                        size_t source_len) {
  if (runtime == nullptr) return fail_invalid("edgerec_runtime_set_recommendation_source: runtime is NULL");
  if (source == nullptr && source_len != 0) return fail_invalid("edgerec_runtime_set_recommendation_source: source is NULL");
  runtime->runtime->set_recommendation_source(std::string_view(source == nullptr ? "" : source, source_len));
  return EDGEREC_OK;
}

edgerec_status edgerec_runtime_set_campaign_config(edgerec_runtime* runtime, const char* config_json,
                                                   size_t config_len) {
  if (runtime == nullptr) return fail_invalid("edgerec_runtime_set_campaign_config: runtime is NULL");
  if (config_json == nullptr && config_len != 0) {
    return fail_invalid("edgerec_runtime_set_campaign_config: config_json is NULL");
  }
  const edgerec::Status status = runtime->runtime->set_campaign_config_json(
      std::string_view(config_json == nullptr ? "" : config_json, config_len));
  if (!status.ok()) return fail(status);
  return EDGEREC_OK;
}

edgerec_status edgerec_get_recommendations(edgerec_runtime* runtime, const char* request_json,
                                           size_t request_len, char** out_json, size_t* out_len) {
  if (runtime == nullptr) return fail_invalid("edgerec_get_recommendations: runtime is NULL");
  if (request_json == nullptr && request_len != 0) {
    return fail_invalid("edgerec_get_recommendations: request_json is NULL");
  }
  if (out_json == nullptr) return fail_invalid("edgerec_get_recommendations: out_json is NULL");
  auto response = runtime->runtime->get_recommendations_json(
      std::string_view(request_json == nullptr ? "" : request_json, request_len));
  if (!response.ok()) return fail(response.status());
  return hand_over(response.value(), out_json, out_len);
}

edgerec_status edgerec_get_personalized_ranking(edgerec_runtime* runtime, const char* request_json,
                                               size_t request_len, char** out_json, size_t* out_len) {
  if (runtime == nullptr) return fail_invalid("edgerec_get_personalized_ranking: runtime is NULL");
  if (request_json == nullptr && request_len != 0) {
    return fail_invalid("edgerec_get_personalized_ranking: request_json is NULL");
  }
  if (out_json == nullptr) return fail_invalid("edgerec_get_personalized_ranking: out_json is NULL");
  auto response = runtime->runtime->get_personalized_ranking_json(
      std::string_view(request_json == nullptr ? "" : request_json, request_len));
  if (!response.ok()) return fail(response.status());
  return hand_over(response.value(), out_json, out_len);
}

edgerec_status edgerec_put_events(edgerec_runtime* runtime, const char* request_json, size_t request_len,
                                  char** out_json, size_t* out_len) {
  if (runtime == nullptr) return fail_invalid("edgerec_put_events: runtime is NULL");
  if (request_json == nullptr && request_len != 0) return fail_invalid("edgerec_put_events: request_json is NULL");
  if (out_json == nullptr) return fail_invalid("edgerec_put_events: out_json is NULL");
  auto response =
      runtime->runtime->put_events_json(std::string_view(request_json == nullptr ? "" : request_json, request_len));
  if (!response.ok()) return fail(response.status());
  return hand_over(response.value(), out_json, out_len);
}

edgerec_status edgerec_clear_session(edgerec_runtime* runtime, const char* key, size_t key_len, int* out_cleared) {
  if (runtime == nullptr) return fail_invalid("edgerec_clear_session: runtime is NULL");
  if (key == nullptr && key_len != 0) return fail_invalid("edgerec_clear_session: key is NULL");
  const bool cleared = runtime->runtime->clear_session(std::string_view(key == nullptr ? "" : key, key_len));
  if (out_cleared != nullptr) *out_cleared = cleared ? 1 : 0;
  return EDGEREC_OK;
}

edgerec_status edgerec_runtime_adopt_sessions(edgerec_runtime* runtime, const edgerec_runtime* previous,
                                              size_t* out_sessions) {
  if (runtime == nullptr) return fail_invalid("edgerec_runtime_adopt_sessions: runtime is NULL");
  if (previous == nullptr) return fail_invalid("edgerec_runtime_adopt_sessions: previous is NULL");
  if (previous == runtime) return fail_invalid("edgerec_runtime_adopt_sessions: a runtime cannot adopt its own sessions");
  const size_t carried = runtime->runtime->adopt_sessions(*previous->runtime);
  if (out_sessions != nullptr) *out_sessions = carried;
  return EDGEREC_OK;
}

edgerec_status edgerec_runtime_describe(const edgerec_runtime* runtime, char** out_json, size_t* out_len) {
  if (runtime == nullptr) return fail_invalid("edgerec_runtime_describe: runtime is NULL");
  if (out_json == nullptr) return fail_invalid("edgerec_runtime_describe: out_json is NULL");
  return hand_over(runtime->runtime->describe_json(), out_json, out_len);
}

void edgerec_string_free(char* str) { std::free(str); }

void* edgerec_alloc(size_t size) { return std::malloc(size == 0 ? 1 : size); }

void edgerec_dealloc(void* ptr) { std::free(ptr); }

}  // extern "C"
