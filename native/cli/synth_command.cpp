// `edgerec synth --users N --items M --interactions K --seed S --output FILE.csv
//                [--items-output ITEMS.csv] [--users-output USERS.csv] [--start-timestamp T] [--days D]`
#include <chrono>
#include <cstdio>
#include <limits>

#include "cli/args.h"
#include "cli/command_registry.h"
#include "cli/commands.h"
#include "synth/synth.h"

namespace edgerec::cli {
namespace {

constexpr const char* kName = "synth";

Result<SynthOptions> options_from(const Args& args) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  SynthOptions options;
  EDGEREC_ASSIGN_OR_RETURN(const int64_t users, args.get_int("users", 0, 1, kMax));
  EDGEREC_ASSIGN_OR_RETURN(const int64_t items, args.get_int("items", 0, 1, kMax));
  EDGEREC_ASSIGN_OR_RETURN(const int64_t interactions, args.get_int("interactions", 0, 1, kMax));
  EDGEREC_ASSIGN_OR_RETURN(const int64_t seed, args.get_int("seed", 0, 0, kMax));
  options.output_path = args.value("output");
  options.items_output_path = args.get("items-output").value_or("");
  options.users_output_path = args.get("users-output").value_or("");
  EDGEREC_ASSIGN_OR_RETURN(options.start_timestamp, args.get_int("start-timestamp", options.start_timestamp, 0, kMax));
  EDGEREC_ASSIGN_OR_RETURN(options.days, args.get_int("days", options.days, 1, kMax));
  options.users = static_cast<uint64_t>(users);
  options.items = static_cast<uint64_t>(items);
  options.interactions = static_cast<uint64_t>(interactions);
  options.seed = static_cast<uint64_t>(seed);
  // Ranges that depend on other flags (and the generator's size limits) are checked here.
  EDGEREC_RETURN_IF_ERROR(validate_synth_options(options));
  return options;
}

int synth_command(const Args& args) {
  auto options = options_from(args);
  if (!options.ok()) return report_failure(kName, options.status(), true);

  const auto started = std::chrono::steady_clock::now();
  if (Status status = write_synthetic_data(*options); !status.ok()) return report_failure(kName, status);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::fprintf(stderr, "edgerec synth: wrote %llu interactions (%llu users, %llu items) to %s in %.2f s\n",
               static_cast<unsigned long long>(options->interactions),
               static_cast<unsigned long long>(options->users), static_cast<unsigned long long>(options->items),
               options->output_path.c_str(), seconds);
  return 0;
}

CommandSpec synth_spec() {
  const SynthOptions defaults;
  CommandSpec spec;
  spec.name = kName;
  spec.summary = "generate reproducible synthetic interactions (and items/users) CSVs";
  spec.order = 10;
  spec.usage = {"edgerec synth --users N --items M --interactions K --seed S --output FILE.csv [flags]"};
  spec.description =
      "Writes a reproducible synthetic Personalize Interactions CSV\n"
      "(USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE,EVENT_VALUE): Zipf-like item popularity, users with\n"
      "latent genre tastes acting in sessions, view/click/purchase events. The same flags give the\n"
      "same bytes. --output - writes to standard output.";
  spec.flags = {
      text_flag("users", "N", "distinct users u0.. (every user gets >= 2 interactions if K >= 2N)").required(),
      text_flag("items", "M", "distinct items i0..").required(),
      text_flag("interactions", "K", "rows, exactly; at least N").required(),
      text_flag("seed", "S", "random seed, 0 or more").required(),
      path_flag("output", "FILE.csv", "where to write the interactions; - for standard output").required(),
      path_flag("items-output", "ITEMS.csv", "also write ITEM_ID,GENRE,CATEGORY,PRICE,CREATION_TIMESTAMP"),
      path_flag("users-output", "USERS.csv", "also write USER_ID,AGE_GROUP,MEMBERSHIP"),
      text_flag("start-timestamp", "T", "first second of the period, epoch seconds")
          .defaults_to(std::to_string(defaults.start_timestamp)),
      text_flag("days", "D", "length of the period in days").defaults_to(std::to_string(defaults.days)),
  };
  spec.examples = {"edgerec synth --users 500 --items 200 --interactions 20000 --seed 7 --output interactions.csv",
                   "edgerec synth --users 5000 --items 2000 --interactions 200000 --seed 1 --output i.csv "
                   "--items-output items.csv --users-output users.csv"};
  spec.run = synth_command;
  return spec;
}

}  // namespace

EDGEREC_REGISTER_COMMAND(synth_spec);

}  // namespace edgerec::cli
