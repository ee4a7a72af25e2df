/* edgerec.h: the C ABI of the edgerec inference core.
 *
 * This is the one boundary for WebAssembly and other languages. It is plain C99: opaque
 * handles, sized integers, status codes plus a message, JSON in and out.
 *
 * Basic usage:
 *
 *   edgerec_runtime* rt = NULL;
 *   if (edgerec_runtime_load(bytes, size, &rt) != EDGEREC_OK) {
 *     fprintf(stderr, "%s\n", edgerec_last_error_message());
 *     return 1;
 *   }
 *   const char* req = "{\"userId\":\"42\",\"numResults\":10}";
 *   char* json = NULL; size_t json_len = 0;
 *   if (edgerec_get_recommendations(rt, req, strlen(req), &json, &json_len) == EDGEREC_OK) {
 *     puts(json);                 // {"itemList":[{"itemId":"..","score":..}],"recommendationId":".."}
 *     edgerec_string_free(json);
 *   }
 *   edgerec_runtime_free(rt);
 *
 * Errors: every function that can fail returns an edgerec_status. On failure the message is
 * available from edgerec_last_error_message() on the same thread until the next failing call.
 * Nothing is written to the out-parameters on failure.
 *
 * Thread safety: a runtime may be used from several threads at once, except
 * edgerec_runtime_add_entropy and edgerec_runtime_set_recommendation_source, which must not run
 * concurrently with other calls on it.
 * edgerec_runtime_set_campaign_config is safe, but requests already running keep the old config.
 */
#ifndef EDGEREC_EDGEREC_H_
#define EDGEREC_EDGEREC_H_

#include <stddef.h>
#include <stdint.h>

#if defined(__EMSCRIPTEN__)
#include <emscripten/emscripten.h> /* EMSCRIPTEN_KEEPALIVE; C++ templates, so outside extern "C" */
#endif

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__EMSCRIPTEN__)
#define EDGEREC_API EMSCRIPTEN_KEEPALIVE
#elif defined(__GNUC__)
#define EDGEREC_API __attribute__((visibility("default")))
#else
#define EDGEREC_API
#endif

/** Status codes; the values never change. */
typedef int32_t edgerec_status;
#define EDGEREC_OK 0
#define EDGEREC_INVALID_INPUT 10       /* a request or argument is malformed or out of range */
#define EDGEREC_NOT_FOUND 20           /* a named resource does not exist */
#define EDGEREC_CORRUPT_DATA 30        /* solution bytes are damaged or not a solution */
#define EDGEREC_UNSUPPORTED_VERSION 40 /* written by a newer, incompatible format version */
#define EDGEREC_RESOURCE_EXHAUSTED 50  /* a size cap or memory limit was hit */
#define EDGEREC_IO_ERROR 60            /* file I/O failed (native hosts only) */
#define EDGEREC_FAILED_PRECONDITION 70 /* not valid in the current state */
#define EDGEREC_ALREADY_EXISTS 80      /* a resource of that name exists (native hosts only) */
#define EDGEREC_INTERNAL 90            /* a bug in edgerec */

/** A loaded solution version plus its per-runtime state. */
typedef struct edgerec_runtime edgerec_runtime;

/** The library version, e.g. "0.1.0". */
EDGEREC_API const char* edgerec_version_string(void);

/** The name of a status code, e.g. "InvalidInput"; "Unknown" for unknown values. */
EDGEREC_API const char* edgerec_status_name(edgerec_status status);

/** The message of the last failing call on this thread ("" if none). Valid until the next
 * failing call on this thread. */
EDGEREC_API const char* edgerec_last_error_message(void);

/** Verifies and loads a solution version (.erec bytes). The bytes are copied as needed and
 * may be freed after the call.
 * @return EDGEREC_OK and *out_runtime set, or CORRUPT_DATA / UNSUPPORTED_VERSION /
 *         RESOURCE_EXHAUSTED / INVALID_INPUT with a message naming what was wrong and where. */
EDGEREC_API edgerec_status edgerec_runtime_load(const uint8_t* bytes, size_t size,
                                                edgerec_runtime** out_runtime);

/** Frees a runtime. NULL is ignored. */
EDGEREC_API void edgerec_runtime_free(edgerec_runtime* runtime);

/** Mixes host entropy into the generator of recommendation ids. Without it, ids follow a fixed
 * reproducible sequence. */
EDGEREC_API edgerec_status edgerec_runtime_add_entropy(edgerec_runtime* runtime,
                                                       const uint8_t* bytes, size_t size);

/** Names where the runtime's recommendation ids come from: a campaign's name (UTF-8 bytes). Ids
 * then start "RID-" + 8 hex digits naming it, as edgerec serve's ids for that campaign do, so
 * events carrying them are attributed to the campaign (the console's online metrics). Like
 * add_entropy, call it before serving. */
EDGEREC_API edgerec_status edgerec_runtime_set_recommendation_source(edgerec_runtime* runtime,
                                                                     const char* source, size_t source_len);

/** Sets the runtime's campaign config: Personalize's campaignConfig JSON, e.g.
 * {"itemExplorationConfig":{"explorationWeight":"0.3","explorationItemAgeCutOff":"30"}} (values
 * as strings or numbers; weight 0 to 1, default 0.3; cut-off in days > 0, default 30;
 * User-Personalization solutions only). Later edgerec_get_recommendations calls give part of
 * each list to new and cold items, with "reason":["Exploration"]. Without a config a runtime does
 * not explore. Replaces an earlier config; on failure the earlier one stays.
 * @return EDGEREC_OK, or INVALID_INPUT naming the field and its allowed range. */
EDGEREC_API edgerec_status edgerec_runtime_set_campaign_config(edgerec_runtime* runtime,
                                                               const char* config_json,
                                                               size_t config_len);

/** GetRecommendations. `request_json` holds Personalize's request fields (userId, itemId,
 * numResults: default 25, at most 500; filterExpression: a filter's expression itself, which
 * Personalize would name by filterArn; filterValues: its $PARAM values, e.g.
 * {"GENRE":"\"comedy\",\"drama\""}; metadataColumns: {"ITEMS":[up to 10 column names]},
 * which limits numResults to 50); it need not be NUL-terminated.
 * @return EDGEREC_OK with *out_json (NUL-terminated, free with edgerec_string_free) holding
 *         {"itemList":[{"itemId":..,"score":..}],"recommendationId":..}, each item with
 *         "metadata":{"COLUMN":"value as a string",..} when metadataColumns was given; or
 *         INVALID_INPUT. */
EDGEREC_API edgerec_status edgerec_get_recommendations(edgerec_runtime* runtime,
                                                       const char* request_json,
                                                       size_t request_len, char** out_json,
                                                       size_t* out_len);

/** GetPersonalizedRanking. `request_json` holds {"userId":..,"inputList":[..]} (1 to 500 ids),
 * optionally filterExpression and filterValues as for edgerec_get_recommendations (filtered-out
 * items leave the ranking), and metadataColumns (inputList then at most 50 ids).
 * @return EDGEREC_OK with *out_json holding {"personalizedRanking":[{"itemId":..,"score":..}],
 *         "recommendationId":..}: known items by the user's scores (softmax over the list), then
 *         unknown items in input order without a score; or INVALID_INPUT. */
EDGEREC_API edgerec_status edgerec_get_personalized_ranking(edgerec_runtime* runtime,
                                                            const char* request_json,
                                                            size_t request_len, char** out_json,
                                                            size_t* out_len);

/** PutEvents into the runtime's live sessions. `request_json` is Personalize's PutEvents body:
 * {"trackingId"?, "sessionId", "userId"?, "eventList": 1 to 10 × {"eventType", "sentAt" (epoch
 * seconds), "itemId"?, "eventValue"?, "eventId"?, "properties"?, "impression"?,
 * "recommendationId"?}}. The session is the userId's, or the sessionId's when there is none; the
 * next edgerec_get_recommendations / edgerec_get_personalized_ranking for that userId reflects the
 * events (the user's vector folded in again, Interactions filters). Events on items the solution
 * does not know are accepted and unused. Sessions are kept in memory, bounded (least recently
 * used evicted).
 * @return EDGEREC_OK with *out_json holding {"eventsAccepted":n,"eventsForModel":m}, or
 *         INVALID_INPUT naming the field, e.g. "eventList[3].itemId: must be 1 to 256 characters". */
EDGEREC_API edgerec_status edgerec_put_events(edgerec_runtime* runtime, const char* request_json,
                                              size_t request_len, char** out_json, size_t* out_len);

/** Forgets the live session of `key` (a userId, or a sessionId), if any. EDGEREC_OK either way;
 * *out_cleared (may be NULL) is set to 1 if there was one, else 0. */
EDGEREC_API edgerec_status edgerec_clear_session(edgerec_runtime* runtime, const char* key,
                                                 size_t key_len, int* out_cleared);

/** Moves `previous`'s live sessions into `runtime`, for a switch to another solution version of
 * the same campaign (a device's new edge bundle): each session keeps the events the new version
 * was not trained on, on items it knows. *out_sessions (may be NULL) is set to how many sessions
 * were carried. `previous` keeps working; free it when done. */
EDGEREC_API edgerec_status edgerec_runtime_adopt_sessions(edgerec_runtime* runtime, const edgerec_runtime* previous,
                                                          size_t* out_sessions);

/** The solution version's metadata as JSON (recipe, hyperparameters, training data, metrics,
 * item and user counts). Free with edgerec_string_free. */
EDGEREC_API edgerec_status edgerec_runtime_describe(const edgerec_runtime* runtime,
                                                    char** out_json, size_t* out_len);

/* ---- Event buffer: a device's accepted events until the server acknowledges them ---------
 * (edgerec/event_buffer.h). The host uploads the sealed batches (POST /events/batch), persists
 * the snapshot, and reports what the server said. One thread at a time per buffer. */
typedef struct edgerec_event_buffer edgerec_event_buffer;

/** A new, empty buffer. options_json (may be empty): {"maxBufferedEvents"?: n (10000),
 * "maxBufferedBytes"?: n (8 MiB, events counted as their PutEvents JSON)}. */
EDGEREC_API edgerec_status edgerec_event_buffer_create(const char* options_json, size_t options_len,
                                                       edgerec_event_buffer** out_buffer);
/** A buffer read back from edgerec_event_buffer_snapshot's bytes (CORRUPT_DATA if damaged). */
EDGEREC_API edgerec_status edgerec_event_buffer_restore(const uint8_t* snapshot, size_t snapshot_size,
                                                        const char* options_json, size_t options_len,
                                                        edgerec_event_buffer** out_buffer);
EDGEREC_API void edgerec_event_buffer_free(edgerec_event_buffer* buffer);

/** Takes a PutEvents body (trackingId optional), checked with the server's rules; all of its
 * events or none. *out_json: {"eventsAccepted":n}. */
EDGEREC_API edgerec_status edgerec_event_buffer_put_events(edgerec_event_buffer* buffer, const char* request_json,
                                                           size_t request_len, char** out_json, size_t* out_len);

/** Seals the oldest pending events into one event batch (.erev bytes, free with
 * edgerec_dealloc). request_json: {"batchId": unique id, "trackingId", "createdAt"?: epoch
 * seconds, "maxEvents"?: n (500), "maxBytes"?: n (256 KiB)}. Nothing pending: EDGEREC_OK with
 * *out_bytes NULL and *out_size 0. */
EDGEREC_API edgerec_status edgerec_event_buffer_seal(edgerec_event_buffer* buffer, const char* request_json,
                                                     size_t request_len, uint8_t** out_bytes, size_t* out_size);

/** The bytes of an in-flight batch, to upload it again (NOT_FOUND if not in flight). */
EDGEREC_API edgerec_status edgerec_event_buffer_batch(edgerec_event_buffer* buffer, const char* batch_id,
                                                      size_t batch_id_len, uint8_t** out_bytes, size_t* out_size);
/** The server acknowledged batch_id: its events leave the buffer (NOT_FOUND if not in flight). */
EDGEREC_API edgerec_status edgerec_event_buffer_acknowledge(edgerec_event_buffer* buffer, const char* batch_id,
                                                            size_t batch_id_len);
/** The server refused batch_id (a 4xx other than 408/429): kept with `reason`, not uploaded again. */
EDGEREC_API edgerec_status edgerec_event_buffer_set_aside(edgerec_event_buffer* buffer, const char* batch_id,
                                                          size_t batch_id_len, const char* reason, size_t reason_len);
/** Forgets the set-aside batches; *out_events (may be NULL) counts their events. */
EDGEREC_API edgerec_status edgerec_event_buffer_clear_set_aside(edgerec_event_buffer* buffer, size_t* out_events);

/** {"pendingEvents","inFlightEvents","setAsideEvents","bufferedBytes","accepted","acknowledged",
 * "dropped","inFlight":[{"batchId","events"}],"setAside":[{"batchId","events","reason"}]}. */
EDGEREC_API edgerec_status edgerec_event_buffer_stats(const edgerec_event_buffer* buffer, char** out_json,
                                                      size_t* out_len);
/** Everything the buffer holds, for edgerec_event_buffer_restore (free with edgerec_dealloc). */
EDGEREC_API edgerec_status edgerec_event_buffer_snapshot(const edgerec_event_buffer* buffer, uint8_t** out_bytes,
                                                         size_t* out_size);

/** Frees a string returned by this library. NULL is ignored. */
EDGEREC_API void edgerec_string_free(char* str);

/** Allocation helpers for hosts that must place inputs in this library's memory (wasm). */
EDGEREC_API void* edgerec_alloc(size_t size);
EDGEREC_API void edgerec_dealloc(void* ptr);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* EDGEREC_EDGEREC_H_ */
