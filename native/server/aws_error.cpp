// AWS error responses (see aws_error.h).
#include "server/aws_error.h"

#include "edgerec/json.h"

namespace edgerec::server {

HttpResponse json_response(int http_status, std::string body) {
  HttpResponse r;
  r.status = http_status;
  r.body = std::move(body);
  r.headers.emplace_back("Content-Type", "application/json");
  return r;
}

HttpResponse aws_error(int http_status, const std::string& type, const std::string& message) {
  JsonWriter w;
  w.begin_object();
  w.key("__type");
  w.string(type);
  w.key("message");
  w.string(message);
  w.end_object();
  HttpResponse r = json_response(http_status, w.take());
  r.headers.emplace_back("x-amzn-ErrorType", type);
  return r;
}

HttpResponse error_response(const Status& status) {
  switch (status.code()) {
    case StatusCode::kInvalidInput: return aws_error(400, "InvalidInputException", status.message());
    case StatusCode::kNotFound: return aws_error(404, "ResourceNotFoundException", status.message());
    case StatusCode::kAlreadyExists: return aws_error(400, "ResourceAlreadyExistsException", status.message());
    case StatusCode::kFailedPrecondition: return aws_error(400, "ResourceInUseException", status.message());
    case StatusCode::kResourceExhausted: return aws_error(400, "LimitExceededException", status.message());
    // The store could not be read or written now (a full disk, a lock held too long): the
    // request was fine and nothing was acknowledged, so the SDKs retry a 503.
    case StatusCode::kIoError: return aws_error(503, "ServiceUnavailableException", status.message());
    default: return aws_error(500, "InternalFailure", status.to_string());
  }
}

}  // namespace edgerec::server
