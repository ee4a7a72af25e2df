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

constexpr const char* kUsage =
    "usage: edgerec synth --users N --items M --interactions K --seed S --output FILE.csv\n"
    "                     [--items-output ITEMS.csv] [--users-output USERS.csv]\n"
    "                     [--start-timestamp T] [--days D]\n"
    "\n"
    "Writes a reproducible synthetic Personalize Interactions CSV\n"
    "(USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE,EVENT_VALUE): Zipf-like item popularity, users with\n"
    "latent genre tastes acting in sessions, view/click/purchase events. The same flags give the\n"
    "same bytes. --output - writes to standard output.\n"
    "\n"
    "  --users N             distinct users u0.. (every user gets >= 2 interactions if K >= 2N)\n"
    "  --items M             distinct items i0..\n"
    "  --interactions K      rows, exactly; at least N\n"
    "  --seed S              random seed, 0 or more\n"
    "  --items-output FILE   also write ITEM_ID,GENRE,CATEGORY,PRICE,CREATION_TIMESTAMP\n"
    "  --users-output FILE   also write USER_ID,AGE_GROUP,MEMBERSHIP\n"
    "  --start-timestamp T   first second of the period, epoch seconds (default 1700000000)\n"
    "  --days D              length of the period in days (default 90)\n";

/// An integer flag that must be given, within [min, max].
Result<int64_t> required_int(const Args& args, const std::string& flag, int64_t min, int64_t max) {
  if (!args.has(flag)) return args.required(flag).status();
  return args.get_int(flag, 0, min, max);
}

Result<SynthOptions> options_from(const Args& args) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  SynthOptions options;
  EDGEREC_ASSIGN_OR_RETURN(const int64_t users, required_int(args, "users", 1, kMax));
  EDGEREC_ASSIGN_OR_RETURN(const int64_t items, required_int(args, "items", 1, kMax));
  EDGEREC_ASSIGN_OR_RETURN(const int64_t interactions, required_int(args, "interactions", 1, kMax));
  EDGEREC_ASSIGN_OR_RETURN(const int64_t seed, required_int(args, "seed", 0, kMax));
  EDGEREC_ASSIGN_OR_RETURN(options.output_path, args.required("output"));
  options.items_output_path = args.get("items-output").value_or("");
  options.users_output_path = args.get("users-output").value_or("");
  EDGEREC_ASSIGN_OR_RETURN(options.start_timestamp,
                           args.get_int("start-timestamp", kDefaultSynthStartTimestamp, 0, kMax));
  EDGEREC_ASSIGN_OR_RETURN(options.days, args.get_int("days", options.days, 1, kMax));
  options.users = static_cast<uint64_t>(users);
  options.items = static_cast<uint64_t>(items);
  options.interactions = static_cast<uint64_t>(interactions);
  options.seed = static_cast<uint64_t>(seed);
  // Ranges that depend on other flags (and the generator's size limits) are checked here.
  EDGEREC_RETURN_IF_ERROR(validate_synth_options(options));
  return options;
}

}  // namespace

int synth_command(int argc, char** argv) {
  auto args = Args::parse(argc, argv, 0,
                          {"users", "items", "interactions", "seed", "output", "items-output", "users-output",
                           "start-timestamp", "days"},
                          {"help"});
  if (!args.ok()) return report_failure(kName, args.status(), true);
  if (args->has("help")) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (!args->positional().empty()) {
    return report_failure(kName, invalid_input("unexpected argument \"" + args->positional()[0] + "\""), true);
  }
  auto options = options_from(*args);
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

EDGEREC_REGISTER_COMMAND("synth", synth_command, "generate reproducible synthetic interactions (and items/users) CSVs", 10);

}  // namespace edgerec::cli
