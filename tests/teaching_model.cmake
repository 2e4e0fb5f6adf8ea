# tests/teaching_model.cmake — the bundled trained model is what its training run wrote.
#
# data/models/teaching-gpt2/GENERATED_BY.json (tools/teaching_model/train.py) records the
# sha256 of config.json and model.safetensors; the shipped files must match it, and the
# weights must stay within the 20 MB the repository allows for them. The second test
# proves the check can fail: the same record against another model's files.
set(_teaching ${CMAKE_SOURCE_DIR}/data/models/teaching-gpt2)
add_test(NAME teaching_model_files_match_generated_by
         COMMAND ${CMAKE_COMMAND} -DDIR=${_teaching} -DGENERATED=${_teaching}/GENERATED_BY.json
                 -DMAX_BYTES=20000000 -P ${CMAKE_CURRENT_SOURCE_DIR}/scripts/check_generated_by.cmake)
add_test(NAME teaching_model_generated_by_check_can_fail
         COMMAND ${CMAKE_COMMAND} -DDIR=${CMAKE_SOURCE_DIR}/data/models/tiny-gpt2-f32
                 -DGENERATED=${_teaching}/GENERATED_BY.json
                 -P ${CMAKE_CURRENT_SOURCE_DIR}/scripts/check_generated_by.cmake)
set_tests_properties(teaching_model_generated_by_check_can_fail PROPERTIES WILL_FAIL TRUE)
