// `edgerec create-event-tracker | list-event-trackers | delete-event-tracker`: Personalize's event
// trackers on a dataset group's store (store/event_trackers.h), in the service's JSON shapes plus
// the publishable client key browsers upload events with.
#include <cstdio>

#include "cli/args.h"
#include "cli/command_registry.h"
#include "cli/commands.h"
#include "edgerec/json.h"
#include "store/event_trackers.h"

namespace edgerec::cli {
namespace {

int create_event_tracker_command(const Args& args) {
  constexpr const char* kName = "create-event-tracker";
  const std::string& dir = args.positional()[0];
  auto group = DatasetGroup::open(dir);
  if (!group.ok()) return report_failure(kName, group.status());
  auto identity = home_identity_of_group(dir);
  if (!identity.ok()) return report_failure(kName, identity.status());
  auto tracker = create_event_tracker(*group, args.value("name"), args.get_all("allowed-origin"));
  if (!tracker.ok()) return report_failure(kName, tracker.status());
  JsonWriter w;
  w.begin_object();
  w.key("eventTrackerArn");
  w.string(event_tracker_arn(*identity, *tracker));
  w.key("trackingId");
  w.string(tracker->tracking_id);
  w.key("clientKey");
  w.string(tracker->client_key);
  w.end_object();
  std::printf("%s\n", w.str().c_str());
  return 0;
}

int list_event_trackers_command(const Args& args) {
  constexpr const char* kName = "list-event-trackers";
  const std::string& dir = args.positional()[0];
  auto group = DatasetGroup::open(dir);
  if (!group.ok()) return report_failure(kName, group.status());
  auto identity = home_identity_of_group(dir);
  if (!identity.ok()) return report_failure(kName, identity.status());
  auto trackers = list_event_trackers(*group);
  if (!trackers.ok()) return report_failure(kName, trackers.status());
  JsonWriter w;
  w.begin_object();
  w.key("eventTrackers");
  w.begin_array();
  for (const EventTrackerRecord& t : *trackers) write_event_tracker_json(w, *identity, dataset_group_name(dir), t);
  w.end_array();
  w.end_object();
  std::printf("%s\n", w.str().c_str());
  return 0;
}

int delete_event_tracker_command(const Args& args) {
  constexpr const char* kName = "delete-event-tracker";
  auto group = DatasetGroup::open(args.positional()[0]);
  if (!group.ok()) return report_failure(kName, group.status());
  if (Status s = delete_event_tracker(*group, args.value("name")); !s.ok()) return report_failure(kName, s);
  return 0;
}

FlagSpec name_flag() { return text_flag("name", "NAME", "the tracker's name (unique in the group)").required(); }

CommandSpec create_event_tracker_spec() {
  CommandSpec spec;
  spec.name = "create-event-tracker";
  spec.summary = "a new event tracker (CreateEventTracker): a trackingId and a browser client key";
  spec.order = 109;
  spec.usage = {"edgerec create-event-tracker DIR --name N [--allowed-origin ORIGIN ...]"};
  spec.description =
      "Records an event tracker: PutEvents and client event batches name its trackingId. Its client key\n"
      "is publishable: edgerec serve accepts it from the allowed origins (CORS) for uploading event\n"
      "batches and fetching edge bundles only. Prints {eventTrackerArn, trackingId, clientKey}.";
  spec.positionals = {dataset_group_argument()};
  spec.flags = {name_flag(), text_flag("allowed-origin", "ORIGIN",
                                       "a page origin allowed to use the client key, e.g. https://shop.example "
                                       "(* for any)")
                                 .repeatable()};
  spec.examples = {"edgerec create-event-tracker shop --name web --allowed-origin https://shop.example"};
  spec.run = create_event_tracker_command;
  return spec;
}

CommandSpec list_event_trackers_spec() {
  CommandSpec spec;
  spec.name = "list-event-trackers";
  spec.summary = "the group's event trackers as JSON (ListEventTrackers), with their client keys";
  spec.order = 110;
  spec.usage = {"edgerec list-event-trackers DIR"};
  spec.description = "Prints {\"eventTrackers\":[...]}, the group's default tracker included.";
  spec.positionals = {dataset_group_argument()};
  spec.examples = {"edgerec list-event-trackers shop"};
  spec.run = list_event_trackers_command;
  return spec;
}

CommandSpec delete_event_tracker_spec() {
  CommandSpec spec;
  spec.name = "delete-event-tracker";
  spec.summary = "delete an event tracker (DeleteEventTracker): its trackingId is refused from then on";
  spec.order = 111;
  spec.usage = {"edgerec delete-event-tracker DIR --name N"};
  spec.description = "Removes the tracker; events naming its trackingId are refused afterwards.";
  spec.positionals = {dataset_group_argument()};
  spec.flags = {name_flag()};
  spec.examples = {"edgerec delete-event-tracker shop --name web"};
  spec.run = delete_event_tracker_command;
  return spec;
}

}  // namespace

EDGEREC_REGISTER_COMMAND(create_event_tracker_spec);
EDGEREC_REGISTER_COMMAND(list_event_trackers_spec);
EDGEREC_REGISTER_COMMAND(delete_event_tracker_spec);

}  // namespace edgerec::cli
