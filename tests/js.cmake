# JS package tests, registered in the Emscripten build (included from tests/CMakeLists.txt).
# They run the freshly linked js/dist/edgerec.{mjs,wasm} and compare with the native CLI, which
# comes from the native build tree (scripts/test builds it first and passes its path).
#
#   js.node     node --test js/test/ (runtime API, corrupt bytes, golden vs CLI, Node example, package,
#               and in Chromium / workerd: the console, the browser shop, the edge-worker example)
#   js.types    tsc --noEmit over js/types-test (index.d.ts)
#   js.browser  headless Chromium: js/browser-test vs CLI
#   js.browser-tracker  headless Chromium (playwright-core): the EventTracker against edgerec serve
#   js.workerd  real workerd (npm): js/worker-test vs CLI
find_program(EDGEREC_NODE NAMES node nodejs REQUIRED)
find_program(EDGEREC_CHROMIUM NAMES chromium chromium-browser)
set(EDGEREC_NATIVE_CLI ${CMAKE_SOURCE_DIR}/build/native/edgerec CACHE FILEPATH
    "The native edgerec CLI the JS tests compare against (build/native by default)")

set(_js_dir ${CMAKE_SOURCE_DIR}/js)
set(_js_env "EDGEREC_CLI=${EDGEREC_NATIVE_CLI}")
if(EDGEREC_CHROMIUM)
  list(APPEND _js_env "CHROMIUM=${EDGEREC_CHROMIUM}")
endif()

add_test(NAME js.node
         COMMAND ${EDGEREC_NODE} --test --test-reporter=tap test/
         WORKING_DIRECTORY ${_js_dir})
add_test(NAME js.types
         COMMAND ${EDGEREC_NODE} node_modules/typescript/bin/tsc -p types-test
         WORKING_DIRECTORY ${_js_dir})
add_test(NAME js.browser
         COMMAND ${EDGEREC_NODE} browser-test/run.mjs
         WORKING_DIRECTORY ${_js_dir})
add_test(NAME js.browser-tracker
         COMMAND ${EDGEREC_NODE} browser-test/tracker.mjs
         WORKING_DIRECTORY ${_js_dir})
add_test(NAME js.workerd
         COMMAND ${EDGEREC_NODE} worker-test/run.mjs
         WORKING_DIRECTORY ${_js_dir})

set_tests_properties(js.node js.types js.browser js.browser-tracker js.workerd PROPERTIES
  ENVIRONMENT "${_js_env}"
  SKIP_RETURN_CODE 77
  TIMEOUT 300
  LABELS js)
# js.node runs every file of js/test/, Chromium and workerd ones included (about 3 minutes on
# 2 cores in CI): more room than one program gets.
set_tests_properties(js.node PROPERTIES TIMEOUT 600)
