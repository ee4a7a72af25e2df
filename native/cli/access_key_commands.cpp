// `edgerec create-access-key --home HOME [--description TEXT]`, `edgerec list-access-keys --home
// HOME`, `edgerec delete-access-key --home HOME --access-key-id ID`: the access keys with which
// clients sign their requests to `edgerec serve --home HOME` (AWS Signature Version 4), kept in
// HOME/access-keys.json, readable only by its owner (server/auth/access_keys.h).
#include <cstdio>
#include <ctime>

#include "cli/args.h"
#include "cli/command_registry.h"
#include "cli/commands.h"
#include "edgerec/json.h"
#include "server/auth/access_keys.h"

namespace edgerec::cli {
namespace {

FlagSpec home_flag() {
  return path_flag("home", "HOME", "the server home: the directory holding the dataset groups edgerec serve serves")
      .required();
}

int create_access_key_command(const Args& args) {
  constexpr const char* kName = "create-access-key";
  const std::string& home = args.value("home");
  auto key = auth::create_access_key(home, args.get("description").value_or(""), static_cast<int64_t>(std::time(nullptr)));
  if (!key.ok()) return report_failure(kName, key.status());
  JsonWriter w;
  w.begin_object();
  w.key("accessKeyId");
  w.string(key->access_key_id);
  w.key("secretAccessKey");
  w.string(key->secret_access_key);
  w.key("description");
  w.string(key->description);
  w.key("createdAt");
  w.integer(key->created_at);
  w.end_object();
  std::printf("%s\n", w.str().c_str());
  std::fprintf(stderr,
               "edgerec %s: the secret access key is shown only now: give it to the client that signs with this "
               "key (list-access-keys shows ids and descriptions only)\n",
               kName);
  return 0;
}

int list_access_keys_command(const Args& args) {
  constexpr const char* kName = "list-access-keys";
  auto keys = auth::AccessKeys::load(args.value("home"));
  if (!keys.ok()) return report_failure(kName, keys.status());
  JsonWriter w;
  w.begin_object();
  w.key("accessKeys");
  w.begin_array();
  for (const auth::AccessKey& key : keys->keys()) {
    w.begin_object();
    w.key("accessKeyId");
    w.string(key.access_key_id);
    w.key("description");
    w.string(key.description);
    w.key("createdAt");
    w.integer(key.created_at);
    w.end_object();
  }
  w.end_array();
  w.end_object();
  std::printf("%s\n", w.str().c_str());
  return 0;
}

int delete_access_key_command(const Args& args) {
  constexpr const char* kName = "delete-access-key";
  const std::string& id = args.value("access-key-id");
  if (Status s = auth::delete_access_key(args.value("home"), id); !s.ok()) return report_failure(kName, s);
  JsonWriter w;
  w.begin_object();
  w.key("accessKeyId");
  w.string(id);
  w.key("deleted");
  w.boolean(true);
  w.end_object();
  std::printf("%s\n", w.str().c_str());
  return 0;
}

CommandSpec create_access_key_spec() {
  CommandSpec spec;
  spec.name = "create-access-key";
  spec.summary = "a new access key for signing requests to edgerec serve (AWS Signature Version 4)";
  spec.order = 115;
  spec.usage = {"edgerec create-access-key --home HOME [--description TEXT]"};
  spec.description =
      "Creates an access key of the server home HOME (made if missing) and prints it as JSON:\n"
      "accessKeyId, secretAccessKey, description, createdAt. The secret is printed only this once.\n"
      "Keys live in HOME/access-keys.json, created readable only by its owner (mode 0600); a file\n"
      "others may read is refused until `chmod 600`. Clients use the key as AWS credentials.";
  spec.flags = {home_flag(), text_flag("description", "TEXT", "what the key is for, shown by list-access-keys")};
  spec.examples = {"edgerec create-access-key --home /srv/edgerec --description \"shop backend\""};
  spec.run = create_access_key_command;
  return spec;
}

CommandSpec list_access_keys_spec() {
  CommandSpec spec;
  spec.name = "list-access-keys";
  spec.summary = "the access keys of a server home: ids, descriptions, creation times (no secrets)";
  spec.order = 116;
  spec.usage = {"edgerec list-access-keys --home HOME"};
  spec.description =
      "Prints {\"accessKeys\":[{\"accessKeyId\",\"description\",\"createdAt\"}, ...]} in creation order;\n"
      "secrets are never listed.";
  spec.flags = {home_flag()};
  spec.examples = {"edgerec list-access-keys --home /srv/edgerec"};
  spec.run = list_access_keys_command;
  return spec;
}

CommandSpec delete_access_key_spec() {
  CommandSpec spec;
  spec.name = "delete-access-key";
  spec.summary = "delete an access key of a server home: requests signed with it are refused";
  spec.order = 117;
  spec.usage = {"edgerec delete-access-key --home HOME --access-key-id ID"};
  spec.description =
      "Removes the key from HOME/access-keys.json (atomically: on failure the file is as it was) and\n"
      "prints {\"accessKeyId\",\"deleted\":true}; a key the home does not have is an error.";
  spec.flags = {home_flag(), text_flag("access-key-id", "ID", "the key to delete").required()};
  spec.examples = {"edgerec delete-access-key --home /srv/edgerec --access-key-id EDGEXXXXXXXXXXXXXXXX"};
  spec.run = delete_access_key_command;
  return spec;
}

}  // namespace

EDGEREC_REGISTER_COMMAND(create_access_key_spec);
EDGEREC_REGISTER_COMMAND(list_access_keys_spec);
EDGEREC_REGISTER_COMMAND(delete_access_key_spec);

}  // namespace edgerec::cli
