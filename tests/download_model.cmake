# tests/download_model.cmake — scripts/download-model on a flaky link: each case runs
# tests/download_model_test.sh against tools/mock_hub, a fake hub on 127.0.0.1 (a free port)
# that redirects to a "CDN" path and misbehaves on demand (cut connections, 429/503 with
# Retry-After, 404, slow transfers). Bash, coreutils, curl and flock only; no internet.
# Each case stops by itself (the hub has --max-seconds, every run a timeout).

if(NOT TARGET mock_hub)
  return()
endif()
find_program(_dm_curl curl)
find_program(_dm_flock flock)
if(NOT _dm_curl OR NOT _dm_flock)
  message(STATUS "download-model tests skipped: no curl or flock")
  return()
endif()

foreach(case resume_503 retry_429 progress_piped mismatch lock folder_check)
  add_test(NAME download_model:${case}
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/download_model_test.sh ${case})
  set_tests_properties(download_model:${case} PROPERTIES
    TIMEOUT 60
    ENVIRONMENT "MOCK_HUB=$<TARGET_FILE:mock_hub>;SRC=${CMAKE_SOURCE_DIR};WORK=${CMAKE_CURRENT_BINARY_DIR}/download_model")
endforeach()
