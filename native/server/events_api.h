// Personalize Events' REST API on the home's dataset groups, and edgerec's upload route for
// client batches:
//
//   POST /events        PutEvents {trackingId, sessionId, userId?, eventList}: the tracker's group
//   POST /items         PutItems {datasetArn, items}: arn:...:dataset/GROUP/ITEMS
//   POST /users         PutUsers {datasetArn, users}: arn:...:dataset/GROUP/USERS
//   POST /events/batch  one client batch (.erev, schemas/events.fbs): stored once per batch id and
//                       acknowledged with {"batchId","status":"INGESTED"|"ALREADY_INGESTED",...}
//
// Validation is Personalize's (native/events); every write goes through the group's store and is
// answered after its commit (store/group_store.h). Accepted events reach the live sessions of the
// group's campaigns at once, so the user's next recommendation from this server reflects them.
#pragma once

#include "server/home_catalog.h"
#include "server/http/http_message.h"
#include "server/metrics.h"

namespace edgerec::server {

void put_events(HomeCatalog& catalog, Metrics& metrics, HttpRequest&& request, Respond respond);
void put_items(HomeCatalog& catalog, HttpRequest&& request, Respond respond);
void put_users(HomeCatalog& catalog, HttpRequest&& request, Respond respond);
/// `tracker` is the client key's tracker when the batch came with one (its trackingId must be the
/// batch's); null for a signed request.
void put_event_batch(HomeCatalog& catalog, Metrics& metrics, HttpRequest&& request, const TrackerEntry* tracker,
                     Respond respond);

}  // namespace edgerec::server
