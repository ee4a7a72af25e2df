// ListRecipes, DescribeRecipe: edgerec's recipes under Personalize's ARNs (recipes.h).
#include "control/operations.h"
#include "control/recipes.h"

namespace edgerec::control {
namespace {

// Recipes are built in: they are as old as the program.
constexpr int64_t kRecipesCreated = 1700000000;

std::string recipe_json(const RecipeEntry& e, bool summary) {
  JsonWriter w;
  w.begin_object();
  w.key("name");
  w.string(e.arn_name);
  w.key("recipeArn");
  w.string(recipe_arn(e.recipe));
  w.key("status");
  w.string("ACTIVE");
  w.key("creationDateTime");
  w.integer(kRecipesCreated);
  w.key("lastUpdatedDateTime");
  w.integer(kRecipesCreated);
  if (!summary) {
    w.key("description");
    w.string(std::string(e.description) + " (edgerec recipe " + e.recipe + ")");
    w.key("recipeType");
    w.string(e.recipe_type);
  }
  w.end_object();
  return w.take();
}

}  // namespace

Result<std::string> list_recipes(Context&, const Request& r) {
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<std::string> provider, r.optional_string("recipeProvider"));
  if (provider && *provider != "SERVICE") return constraint_error("recipeProvider", "Member must be SERVICE");
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<std::string> domain, r.optional_string("domain"));
  std::vector<std::string> items;
  if (!domain) {  // edgerec has no domain recipes
    for (const RecipeEntry& e : recipe_entries()) items.push_back(recipe_json(e, true));
  }
  return list_response(r, "recipes", items);
}

Result<std::string> describe_recipe(Context&, const Request& r) {
  EDGEREC_ASSIGN_OR_RETURN(const std::string arn, r.required_string("recipeArn"));
  EDGEREC_ASSIGN_OR_RETURN(const RecipeEntry* e, recipe_of_arn(arn, "recipeArn"));
  return "{\"recipe\":" + recipe_json(*e, false) + "}";
}

}  // namespace edgerec::control
