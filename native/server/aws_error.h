// Errors as the AWS SDKs read them from Personalize's REST-JSON services: an HTTP status, the
// `x-amzn-ErrorType` header naming the exception, and a JSON body {"message"} (plus "__type", which
// some SDKs read instead). With these the SDKs raise their typed exceptions, e.g. the JS v3
// client's InvalidInputException or ResourceNotFoundException.
#pragma once

#include <string>

#include "edgerec/status.h"
#include "server/http/http_message.h"

namespace edgerec::server {

HttpResponse aws_error(int http_status, const std::string& type, const std::string& message);

/// A Status as Personalize's services report it: InvalidInput 400 InvalidInputException, NotFound
/// 404 ResourceNotFoundException, AlreadyExists 400 ResourceAlreadyExistsException,
/// FailedPrecondition 400 ResourceInUseException, ResourceExhausted 400 LimitExceededException,
/// IoError 503 ServiceUnavailableException (a full disk, a store locked too long: retryable),
/// anything else 500 InternalFailure (the message kept: it names what went wrong).
HttpResponse error_response(const Status& status);

/// A JSON body with Content-Type application/json.
HttpResponse json_response(int http_status, std::string body);

}  // namespace edgerec::server
