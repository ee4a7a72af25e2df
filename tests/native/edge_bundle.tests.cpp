// export-edge: the item side of a solution version, with nothing about any user.
#include <catch2/catch.hpp>

#include <string>

#include "edgerec/json.h"
#include "edgerec/solution.h"
#include "edgerec/solution_generated.h"
#include "io/file_io.h"
#include "support/cli_test.h"
#include "support/fixtures.h"

using edgerec::testing::json_of;
using edgerec::testing::kCli;
using edgerec::testing::q;

using edgerec::JsonValue;
using edgerec::testing::run_command;
using edgerec::testing::TempDir;

namespace {

std::shared_ptr<const edgerec::Solution> load(const std::string& path) {
  auto bytes = edgerec::read_file(path);
  REQUIRE(bytes.ok());
  auto solution = edgerec::Solution::load(bytes->data(), bytes->size());
  INFO(solution.status().message());
  REQUIRE(solution.ok());
  return *solution;
}

std::string items_of(const std::string& response) {
  std::string ids;
  const JsonValue parsed = json_of(response);
  for (const JsonValue& item : parsed.find("itemList")->items()) ids += item.find("itemId")->as_string() + ",";
  return ids;
}

}  // namespace

TEST_CASE("export-edge: keeps the item side, drops users, user factors and histories", "[edge]") {
  TempDir dir;
  REQUIRE(run_command(kCli + " synth --users 200 --items 80 --interactions 6000 --seed 3 --output " + q(dir.file("i.csv"))).exit_code == 0);
  const std::string full = dir.file("up.erec");
  const std::string edge = dir.file("edge.erec");
  REQUIRE(run_command(kCli + " train --quiet --recipe user-personalization --interactions " + q(dir.file("i.csv")) +
                      " --hp factors=8 --hp iterations=3 --hp hpo_trials=1 --output " + q(full)).exit_code == 0);
  auto exported = run_command(kCli + " export-edge " + q(full) + " --output " + q(edge));
  INFO(exported.err);
  REQUIRE(exported.exit_code == 0);

  const auto a = load(full);
  const auto b = load(edge);
  REQUIRE(a->root().users() != nullptr);
  REQUIRE(a->root().histories() != nullptr);
  REQUIRE(a->root().factors()->user_factors() != nullptr);
  CHECK(b->root().users() == nullptr);
  CHECK(b->root().histories() == nullptr);
  CHECK((b->root().factors()->user_factors() == nullptr || b->root().factors()->user_factors()->size() == 0));
  CHECK(b->users().size() == 0);
  // The item side is unchanged.
  CHECK(b->items().size() == a->items().size());
  const auto* fa = a->root().factors();
  const auto* fb = b->root().factors();
  CHECK(fb->dimensions() == fa->dimensions());
  CHECK(fb->item_encoding() == fa->item_encoding());
  const auto same_vector = [](const auto* x, const auto* y) {
    if (x == nullptr || y == nullptr) return x == y;
    return x->size() == y->size() && std::equal(x->begin(), x->end(), y->begin());
  };
  CHECK(same_vector(fa->item_factors_f32(), fb->item_factors_f32()));
  CHECK(same_vector(fa->item_factors_i8(), fb->item_factors_i8()));
  CHECK(same_vector(a->root().sequence()->scores(), b->root().sequence()->scores()));
  CHECK(same_vector(a->root().popularity()->scores(), b->root().popularity()->scores()));

  const JsonValue described = json_of(run_command(kCli + " describe-solution " + q(edge)).out);
  CHECK(described.find("solutionConfig")->find("edgeBundle")->as_string() == "true");
  CHECK(described.find("solutionVersionId")->as_string() ==
        json_of(run_command(kCli + " describe-solution " + q(full)).out).find("solutionVersionId")->as_string());

  // A user the full solution knows is a stranger to the bundle: popular items, as for anyone.
  const std::string known = items_of(run_command(kCli + " recommend --solution " + q(edge) + " --user-id u3").out);
  const std::string stranger = items_of(run_command(kCli + " recommend --solution " + q(edge) + " --user-id nobody").out);
  CHECK(known == stranger);
  CHECK(known != items_of(run_command(kCli + " recommend --solution " + q(full) + " --user-id u3").out));

  // Exporting a bundle again changes nothing.
  const std::string again = dir.file("edge2.erec");
  REQUIRE(run_command(kCli + " export-edge " + q(edge) + " --output " + q(again)).exit_code == 0);
  CHECK(run_command(kCli + " describe-solution " + q(again)).out == run_command(kCli + " describe-solution " + q(edge)).out);
}

TEST_CASE("export-edge: related items serve the same from the bundle", "[edge]") {
  TempDir dir;
  REQUIRE(run_command(kCli + " synth --users 200 --items 80 --interactions 6000 --seed 3 --output " + q(dir.file("i.csv"))).exit_code == 0);
  const std::string full = dir.file("sims.erec");
  const std::string edge = dir.file("edge.erec");
  REQUIRE(run_command(kCli + " train --quiet --recipe similar-items --interactions " + q(dir.file("i.csv")) + " --output " + q(full)).exit_code == 0);
  REQUIRE(run_command(kCli + " export-edge " + q(full) + " --output " + q(edge)).exit_code == 0);
  for (const char* item : {"i1", "i7", "i40"}) {
    CHECK(items_of(run_command(kCli + " recommend --solution " + q(edge) + " --item-id " + item).out) ==
          items_of(run_command(kCli + " recommend --solution " + q(full) + " --item-id " + item).out));
  }
}

TEST_CASE("export-edge: bad input names the file and writes nothing", "[edge]") {
  TempDir dir;
  const std::string bad = dir.file("bad.erec");
  edgerec::testing::write_text_file(bad, "not a solution");
  auto corrupt = run_command(kCli + " export-edge " + q(bad) + " --output " + q(dir.file("out.erec")));
  CHECK(corrupt.exit_code == 1);
  CHECK_THAT(corrupt.err, Catch::Contains("bad.erec"));
  CHECK_FALSE(edgerec::read_file(dir.file("out.erec")).ok());
  auto no_output = run_command(kCli + " export-edge " + q(bad));
  CHECK(no_output.exit_code == 2);
  CHECK_THAT(no_output.err, Catch::Contains("--output"));
}
