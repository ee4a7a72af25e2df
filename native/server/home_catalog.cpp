// The server's snapshot of its home (see home_catalog.h).
#include "server/home_catalog.h"

#include <openssl/evp.h>

#include <chrono>
#include <random>

#include "edge/edge_bundle.h"
#include "server/store/sqlite_home_store.h"

namespace edgerec::server {
namespace {

std::string sha256_hex(const std::string& bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr);
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 0xF]);
  }
  return out;
}

// Loads a campaign's Runtime from its group's store.
Result<std::shared_ptr<DeployedCampaign>> deploy(ServedGroup& g, const CampaignRecord& record) {
  EDGEREC_ASSIGN_OR_RETURN(const SolutionVersionBytes version, g.store->read_solution_version(record.solution_version_id));
  auto runtime = Runtime::load(version.bytes.data(), version.bytes.size());
  if (!runtime.ok()) return runtime.status().with_context(version.source);
  std::random_device entropy;
  uint8_t seed[16];
  for (uint8_t& b : seed) b = static_cast<uint8_t>(entropy());
  (*runtime)->add_entropy(seed, sizeof(seed));
  (*runtime)->set_recommendation_source(record.name);
  if (Status s = (*runtime)->set_campaign_config_json(record.campaign_config); !s.ok()) {
    return s.with_context("campaign " + record.name + " campaignConfig");
  }
  auto d = std::make_shared<DeployedCampaign>();
  d->name = record.name;
  d->group = &g;
  d->record = record;
  d->solution_version_arn = version.arn;
  d->runtime = std::shared_ptr<Runtime>(std::move(runtime).value());
  return d;
}

bool same_deployment(const CampaignRecord& a, const CampaignRecord& b) {
  return a.solution_version_id == b.solution_version_id && a.campaign_config == b.campaign_config;
}

}  // namespace

Result<std::pair<std::shared_ptr<const std::string>, std::string>> DeployedCampaign::edge_bundle() const {
  std::lock_guard<std::mutex> lock(edge_mutex_);
  if (!edge_bytes_) {
    EDGEREC_ASSIGN_OR_RETURN(const std::vector<uint8_t> bundle, export_edge_bundle(runtime->solution()));
    auto bytes = std::make_shared<const std::string>(bundle.begin(), bundle.end());
    edge_etag_ = "\"" + sha256_hex(*bytes) + "\"";
    edge_bytes_ = std::move(bytes);
  }
  return std::make_pair(edge_bytes_, edge_etag_);
}

Result<std::unique_ptr<HomeCatalog>> HomeCatalog::open(const std::string& home) {
  EDGEREC_ASSIGN_OR_RETURN(std::unique_ptr<SqliteHomeStore> store, SqliteHomeStore::open(home));
  return open(std::unique_ptr<HomeStore>(std::move(store)));
}

Result<std::unique_ptr<HomeCatalog>> HomeCatalog::open(std::unique_ptr<HomeStore> store) {
  std::unique_ptr<HomeCatalog> catalog(new HomeCatalog());
  EDGEREC_ASSIGN_OR_RETURN(catalog->identity_, store->identity());
  catalog->store_ = std::move(store);
  std::atomic_store(&catalog->snapshot_, std::shared_ptr<const HomeSnapshot>(std::make_shared<HomeSnapshot>()));
  EDGEREC_RETURN_IF_ERROR(catalog->refresh());
  return catalog;
}

HomeCatalog::~HomeCatalog() { stop_writers(); }

void HomeCatalog::stop_writers() {
  std::lock_guard<std::mutex> lock(refresh_mutex_);
  for (auto& [name, g] : groups_) g->store->stop();
}

std::shared_ptr<const HomeSnapshot> HomeCatalog::snapshot() const { return std::atomic_load(&snapshot_); }

Result<ServedGroup*> HomeCatalog::group(const std::string& name) {
  auto& slot = groups_[name];
  if (!slot) {
    auto g = std::make_unique<ServedGroup>();
    g->name = name;
    EDGEREC_ASSIGN_OR_RETURN(g->store, store_->open_group(name));
    slot = std::move(g);
  }
  return slot.get();
}

void HomeCatalog::refresh_since(std::chrono::steady_clock::time_point arrived) {
  std::lock_guard<std::mutex> lock(refresh_mutex_);  // a refresh under way finishes first
  if (last_refresh_started_ >= arrived) return;      // and, if it started after, covers this
  (void)refresh_locked();
}

Status HomeCatalog::refresh() {
  std::lock_guard<std::mutex> lock(refresh_mutex_);
  return refresh_locked();
}

Status HomeCatalog::refresh_locked() {
  last_refresh_started_ = std::chrono::steady_clock::now();
  const std::shared_ptr<const HomeSnapshot> old = snapshot();
  auto next = std::make_shared<HomeSnapshot>();
  std::vector<std::pair<std::shared_ptr<const DeployedCampaign>, std::shared_ptr<const DeployedCampaign>>> swapped;
  auto names = store_->list_groups();
  if (!names.ok()) return names.status().with_context(store_->location());
  for (const std::string& name : *names) {
    auto served = group(name);
    if (!served.ok()) {
      groups_.erase(name);  // tried again on the next refresh
      next->problems.push_back("dataset group " + name + ": " + served.status().to_string());
      continue;
    }
    ServedGroup& g = **served;
    next->groups[name] = &g;
    auto deployment = g.store->read_deployment();
    if (!deployment.ok()) {
      next->problems.push_back("dataset group " + name + ": " + deployment.status().to_string());
      continue;
    }
    std::vector<CampaignRecord>& campaigns = deployment->campaigns;
    for (CampaignRecord& c : campaigns) {
      const auto latest = deployment->latest_version_of_campaign.find(c.name);
      if (!c.syncs_with_latest() || latest == deployment->latest_version_of_campaign.end() ||
          latest->second == c.solution_version_id) {
        continue;
      }
      // syncWithLatestSolutionVersion: the campaign moves to its solution's newest version.
      if (auto moved = g.store->move_campaign(c, latest->second); moved.ok()) {
        c = std::move(moved).value();
      } else {
        next->problems.push_back("campaign " + c.name + ": cannot move to " + latest->second + ": " +
                                 moved.status().to_string());
      }
    }
    for (const FilterRecord& f : deployment->filters) next->filters[f.name] = {&g, f.expression};
    for (const EventTrackerRecord& t : deployment->trackers) {
      next->trackers[t.tracking_id] = {&g, t};
      next->client_keys[t.client_key] = {&g, t};
    }
    for (const CampaignRecord& c : campaigns) {
      const auto previous = old->campaigns.find(c.name);
      if (previous != old->campaigns.end() && previous->second->group == &g &&
          same_deployment(previous->second->record, c)) {
        next->campaigns[c.name] = previous->second;
        continue;
      }
      auto deployed = deploy(g, c);
      if (!deployed.ok()) {
        next->problems.push_back("campaign " + c.name + ": " + deployed.status().to_string());
        // A deployment that fails keeps the one before serving (it was checked when recorded).
        if (previous != old->campaigns.end()) next->campaigns[c.name] = previous->second;
        continue;
      }
      if (next->campaigns.count(c.name) != 0) {
        next->problems.push_back("campaign " + c.name + " is in more than one dataset group; serving the one in " +
                                 next->campaigns[c.name]->group->name);
        continue;
      }
      if (previous != old->campaigns.end()) {
        swaps_.fetch_add(1);
        swapped.emplace_back(previous->second, *deployed);
      }
      next->campaigns[c.name] = std::move(deployed).value();
    }
  }
  // Deliveries in progress finish on the old models first; later ones find the new snapshot.
  std::unique_lock<std::shared_mutex> live(live_mutex_);
  for (const auto& [before, after] : swapped) after->runtime->adopt_sessions(*before->runtime);
  std::atomic_store(&snapshot_, std::shared_ptr<const HomeSnapshot>(std::move(next)));
  return Status::ok_status();
}

void HomeCatalog::deliver_live_events(const ServedGroup* group, const std::vector<std::string>& bodies) {
  std::shared_lock<std::shared_mutex> live(live_mutex_);
  const std::shared_ptr<const HomeSnapshot> snap = snapshot();
  for (const auto& [name, campaign] : snap->campaigns) {
    if (campaign->group != group) continue;
    // The server validated and stored them; the device-side rules are the same or looser, so a
    // refusal here only means the campaign's model cannot use them (it stays unchanged).
    for (const std::string& body : bodies) (void)campaign->runtime->put_events_json(body);
  }
}

}  // namespace edgerec::server
