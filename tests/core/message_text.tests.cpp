// User text in error messages is escaped and shortened, never copied raw.
#include <catch2/catch.hpp>

#include <string>

#include "edgerec/message_text.h"

using edgerec::member_path;
using edgerec::quote_for_message;
using edgerec::single_quote_for_message;

TEST_CASE("message text: quote_for_message escapes and shortens values", "[message]") {
  CHECK(quote_for_message("abc") == "\"abc\"");
  CHECK(quote_for_message("a\"b\n") == "\"a\\\"b\\x0A\"");
  CHECK(quote_for_message(std::string("\0x", 2)) == "\"\\x00x\"");  // a NUL cannot end the message
  CHECK(quote_for_message("caf\xC3\xA9\xFF") == "\"caf\xC3\xA9\\xFF\"");
  CHECK(quote_for_message(std::string(100, 'x'), 10) == "\"xxxxxxxxxx...\"");
  CHECK(quote_for_message("abcd", 4) == "\"abcd\"");
}

TEST_CASE("message text: single quotes escape the apostrophe instead", "[message]") {
  CHECK(single_quote_for_message("LIKE") == "'LIKE'");
  CHECK(single_quote_for_message("it's \"x\"") == "'it\\'s \"x\"'");
  CHECK(single_quote_for_message(std::string("\0", 1)) == "'\\x00'");
}

TEST_CASE("message text: member paths quote names that are not plain", "[message]") {
  CHECK(member_path("eventList[0]", "itemId") == "eventList[0].itemId");
  CHECK(member_path("", "nope") == "nope");
  CHECK(member_path("ITEMS", "GENRE_\xC3\xA9") == "ITEMS.GENRE_\xC3\xA9");
  CHECK(member_path("", std::string("\0x", 2)) == "[\"\\x00x\"]");
  CHECK(member_path("campaignConfig", "a.b") == "campaignConfig[\"a.b\"]");
  CHECK(member_path("campaignConfig", "") == "campaignConfig[\"\"]");
  CHECK(member_path("p", std::string(65, 'n')) == "p[\"" + std::string(64, 'n') + "...\"]");
}
