# tests/hostile_wrong.cmake — issue 14 §3, output that was wrong or misleading:
#   * <|endoftext|> taken from vocab.json, never assumed 50256 (tests/test_eos_id.cpp runs
#     the chapters on vocabularies made in a temporary folder: the paths of the programs);
#   * NaN/Inf weights refused at load, overflow refused where it happens, no NaN hidden by a
#     max (tests/test_nonfinite.cpp, the library only; fuzz/corpus/model_dir/byte_{nan,inf,ninf,overflow}_*);
if(NOT TARGET ch01_tokenizer OR NOT TARGET ch06_logit_lens OR NOT TARGET ch07_attention)
  return()
endif()

if(TARGET test_eos_id)
  foreach(_hw_ch ch01_tokenizer ch02_padding ch03_embeddings ch04_tied_head ch05_hidden_states ch06_logit_lens
                 ch07_attention)
    string(SUBSTRING ${_hw_ch} 0 4 _hw_short)
    string(TOUPPER ${_hw_short} _hw_short)
    target_compile_definitions(test_eos_id PRIVATE ${_hw_short}_EXE="$<TARGET_FILE:${_hw_ch}>")
    add_dependencies(test_eos_id ${_hw_ch})
  endforeach()
endif()
