# tests/ch09.cmake — ch09_generate from the command line (the contract: /work/briefs17b/spec.md,
# book/09-generate.md): every bad input is one line on stderr, exit 2 for a flag's value and 1
# for what is known once the model is read, nothing on stdout; what works: the header, the
# streamed text and the summary, exactly; the cache and no cache print the same; a seed gives the
# same text twice and another seed another text; --ignore-eos; a character split over two tokens;
# the timing line on stderr. Greedy against the independent reference: test_generate_reference.cpp.
#
# Each case is one cli_test() (tests/cli_check.cmake), or a bash line comparing two runs.

if(NOT TARGET ch09_generate)
  return()
endif()
set(_ch09 --model teaching)
# test_generate_reference.cpp also runs the chapter's --json against the reference.
if(TARGET test_generate_reference)
  target_compile_definitions(test_generate_reference PRIVATE CH09_EXE="$<TARGET_FILE:ch09_generate>")
  add_dependencies(test_generate_reference ch09_generate)
endif()

# -- bad input: exit 2, a flag's value --------------------------------------------------------
foreach(_t 0 -1 nan inf -inf 1e999 abc)
  cli_test(NAME ch09_cli_temperature_${_t} PROGRAM ch09_generate ARGS ${_ch09} --temperature ${_t}
    EXPECT_RC 2 STDERR_REGEX "--temperature: '${_t}' is not a finite number > 0 \\(for greedy, leave it out\\)")
endforeach()
foreach(_p 0 -0.5 1.5 nan inf)
  cli_test(NAME ch09_cli_top_p_${_p} PROGRAM ch09_generate ARGS ${_ch09} --top-p ${_p}
    EXPECT_RC 2 STDERR_REGEX "--top-p: '${_p}' is not a number in \\(0, 1\\] \\(1 keeps every token\\)")
endforeach()
cli_test(NAME ch09_cli_top_k_zero PROGRAM ch09_generate ARGS ${_ch09} --top-k 0
  EXPECT_RC 2 STDERR_REGEX "--top-k: '0' is not a whole number >= 1")
cli_test(NAME ch09_cli_top_k_negative PROGRAM ch09_generate ARGS ${_ch09} --top-k -3
  EXPECT_RC 2 STDERR_REGEX "--top-k: '-3' is not a whole number >= 1")
cli_test(NAME ch09_cli_max_new_negative PROGRAM ch09_generate ARGS ${_ch09} --max-new-tokens -1
  EXPECT_RC 2 STDERR_REGEX "--max-new-tokens: '-1' is not a whole number >= 0")
cli_test(NAME ch09_cli_max_new_fraction PROGRAM ch09_generate ARGS ${_ch09} --max-new-tokens 1.5
  EXPECT_RC 2 STDERR_REGEX "--max-new-tokens: '1.5' is not a whole number >= 0")
cli_test(NAME ch09_cli_max_new_huge PROGRAM ch09_generate ARGS ${_ch09} --max-new-tokens 99999999999999999999999
  EXPECT_RC 2 STDERR_REGEX "--max-new-tokens: '99999999999999999999999' is too large")
cli_test(NAME ch09_cli_seed_negative PROGRAM ch09_generate ARGS ${_ch09} --sample --seed -1
  EXPECT_RC 2 STDERR_REGEX "--seed: '-1' is not a whole number >= 0")
cli_test(NAME ch09_cli_seed_too_large PROGRAM ch09_generate ARGS ${_ch09} --sample --seed 18446744073709551616
  EXPECT_RC 2 STDERR_REGEX "--seed: '18446744073709551616' is too large")
cli_test(NAME ch09_cli_json_and_steps PROGRAM ch09_generate ARGS ${_ch09} --json --steps
  EXPECT_RC 2 STDERR_REGEX "excludes")
cli_test(NAME ch09_cli_unknown_flag PROGRAM ch09_generate ARGS ${_ch09} --beam 4
  EXPECT_RC 2 STDERR_REGEX "beam")

# -- bad input: exit 1, known once the model is read -------------------------------------------
cli_test(NAME ch09_cli_top_k_above_vocabulary PROGRAM ch09_generate ARGS ${_ch09} --top-k 50258
  EXPECT_RC 1 STDERR_REGEX "^ch09_generate: error: --top-k 50258 is more than the vocabulary's 50257 tokens\n$")
cli_test(NAME ch09_cli_past_n_positions PROGRAM ch09_generate ARGS ${_ch09} --max-new-tokens 600
  EXPECT_RC 1 STDERR_REGEX "^ch09_generate: error: prompt \\(5 tokens\\) \\+ 600 new tokens exceeds teaching's 512 positions: ask for at most 507 new tokens \\(--max-new-tokens 507\\)\n$")
cli_test(NAME ch09_cli_past_n_positions_by_one PROGRAM ch09_generate ARGS --model tiny --prompt "word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word" --max-new-tokens 2
  EXPECT_RC 1 STDERR_REGEX "prompt \\(63 tokens\\) \\+ 2 new tokens exceeds tiny's 64 positions: ask for at most 1 new token \\(--max-new-tokens 1\\)")
cli_test(NAME ch09_cli_prompt_too_long PROGRAM ch09_generate ARGS --model tiny --prompt "word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word"
  EXPECT_RC 1 STDERR_REGEX "prompt \\(70 tokens\\) exceeds tiny's 64 positions on its own: shorten the prompt")

# -- what works --------------------------------------------------------------------------------
cli_test(NAME ch09_cli_help PROGRAM ch09_generate ARGS --help
  STDOUT_REGEX "--model.*--prompt.*--max-new-tokens.*--temperature.*--top-k.*--top-p.*--sample.*--seed.*--no-cache.*--ignore-eos.*--steps.*--json.*--no-color")
# The notebook's prompt, greedy: the reference's first tokens (data/reference/teaching-gpt2.generate.json).
cli_test(NAME ch09_cli_greedy PROGRAM ch09_generate ARGS ${_ch09} --max-new-tokens 5
  EXPECT_STDOUT "teaching · greedy · KV cache · at most 5 new tokens\nThis weekend I plan to find the same day,\n5 new tokens (stopped: --max-new-tokens 5) · positions run through the model: 9 with the cache, 35 without"
  STDERR_REGEX "^time to first token: [0-9.]+ ms \\(prefill of 5 tokens\\) · decode: 4 tokens in [0-9.]+ ms = [0-9.]+ tokens/s\n$")
cli_test(NAME ch09_cli_greedy_seed_unused PROGRAM ch09_generate ARGS ${_ch09} --max-new-tokens 2 --seed 5
  STDOUT_REGEX "^teaching · greedy \\(--seed 5 unused: greedy draws nothing\\) · KV cache")
cli_test(NAME ch09_cli_sampling_header PROGRAM ch09_generate ARGS ${_ch09} --max-new-tokens 2 --temperature 0.8 --top-k 40 --top-p 0.95
  STDOUT_REGEX "^teaching · sampling: temperature 0.8, top-k 40, top-p 0.95, seed 0 · KV cache · at most 2 new tokens\n")
cli_test(NAME ch09_cli_no_cache_header PROGRAM ch09_generate ARGS ${_ch09} --max-new-tokens 2 --no-cache
  STDOUT_REGEX "^teaching · greedy · no cache \\(recompute\\) · at most 2 new tokens\n")
cli_test(NAME ch09_cli_zero_new_tokens PROGRAM ch09_generate ARGS ${_ch09} --max-new-tokens 0
  EXPECT_STDOUT "teaching · greedy · KV cache · at most 0 new tokens\nThis weekend I plan to\n0 new tokens (stopped: --max-new-tokens 0) · positions run through the model: 0 with the cache, 0 without"
  STDERR_REGEX "^no new token asked for: nothing timed\n$")
cli_test(NAME ch09_cli_one_new_token PROGRAM ch09_generate ARGS ${_ch09} --max-new-tokens 1
  STDERR_REGEX "^time to first token: [0-9.]+ ms \\(prefill of 5 tokens\\) · decode: none\n$")
# An empty prompt starts from <|endoftext|> alone (GPT-2's bos is its eos), as generate() with no input.
cli_test(NAME ch09_cli_empty_prompt PROGRAM ch09_generate ARGS ${_ch09} --prompt <empty> --max-new-tokens 4
  EXPECT_STDOUT "teaching · greedy · KV cache · at most 4 new tokens · empty prompt: starting from <|endoftext|>\n The most important thing\n4 new tokens (stopped: --max-new-tokens 4) · positions run through the model: 4 with the cache, 10 without")
cli_test(NAME ch09_cli_empty_prompt_json PROGRAM ch09_generate ARGS ${_ch09} --prompt <empty> --max-new-tokens 2 --json
  STDOUT_REGEX "^{\"model\":\"teaching\",\"prompt\":\"\",\"prompt_ids\":.50256.,")
# <|endoftext|> ends the text (the reference stops there too: 25 tokens), unless --ignore-eos.
cli_test(NAME ch09_cli_stops_at_eos PROGRAM ch09_generate ARGS ${_ch09} --prompt "BEGGAR, n."
  STDOUT_REGEX "making it smooth.<\\|endoftext\\|>\n25 new tokens \\(stopped at <\\|endoftext\\|>\\) · positions run through the model: 31 with the cache, 475 without\n$")
cli_test(NAME ch09_cli_ignore_eos PROGRAM ch09_generate ARGS ${_ch09} --prompt "BEGGAR, n." --ignore-eos --max-new-tokens 30
  STDOUT_REGEX "at most 30 new tokens, past <\\|endoftext\\|> \\(--ignore-eos\\)\n.*making it smooth.<\\|endoftext\\|> [^\n]+\n30 new tokens \\(stopped: --max-new-tokens 30\\)")
cli_test(NAME ch09_cli_ignore_eos_json PROGRAM ch09_generate ARGS ${_ch09} --prompt "BEGGAR, n." --ignore-eos --max-new-tokens 30 --json
  STDOUT_REGEX "\"stop_at_eos\":false.*\"stop\":\"max_new_tokens\"")
# A character split over two tokens (’ and ‘ are E2 80 99 / E2 80 98: tokens 447 + 247, 564 + 246)
# comes out whole; the 12th token is the first half of one: U+FFFD at the end, as decode() prints it.
cli_test(NAME ch09_cli_split_character PROGRAM ch09_generate ARGS ${_ch09} --prompt "It’s" --max-new-tokens 12
  EXPECT_STDOUT "teaching · greedy · KV cache · at most 12 new tokens\nIt’s, and ‘g’, ‘g�\n12 new tokens (stopped: --max-new-tokens 12) · positions run through the model: 15 with the cache, 114 without")
cli_test(NAME ch09_cli_split_character_json PROGRAM ch09_generate ARGS ${_ch09} --prompt "It’s" --max-new-tokens 12 --json
  STDOUT_REGEX "\"new_ids\":.11,290,564,246,70,447,247,11,564,246,70,447.,\"new_tokens\":.\",\",\" and\",\" �\",\"�\",\"g\",\"�\",\"�\",\",\",\" �\",\"�\",\"g\",\"�\".,\"text\":\"It’s, and ‘g’, ‘g�\"")
# (Probabilities as a pattern: their 4th decimal is not worth a failure under another BLAS.)
cli_test(NAME ch09_cli_steps PROGRAM ch09_generate ARGS ${_ch09} --prompt "BEGGAR, n." --max-new-tokens 3 --steps
  STDOUT_REGEX "^teaching · greedy · KV cache · at most 3 new tokens\nstep  id    token  p\\(chosen\\)  top 3 \\(token p\\)\n1     317   ␣A     0\\.[0-9]+     ␣A 0\\.[0-9]+  ␣The 0\\.[0-9]+  ␣An 0\\.[0-9]+\n2     1611  ␣kind  0\\.[0-9]+     ␣kind 0\\.[0-9]+  ␣place 0\\.[0-9]+  ␣letter 0\\.[0-9]+\n3     286   ␣of    0\\.9[0-9]+     ␣of 0\\.[0-9]+  , 0\\.[0-9]+  ␣in 0\\.[0-9]+\n\nBEGGAR, n\\. A kind of\n3 new tokens \\(stopped: --max-new-tokens 3\\) · positions run through the model: 9 with the cache, 24 without\n$")
# Sampling with top-k 1 is greedy, whatever the seed (the draw has one token to land on).
cli_test(NAME ch09_cli_top_k_1_is_greedy PROGRAM ch09_generate ARGS ${_ch09} --top-k 1 --seed 99 --max-new-tokens 5 --json
  STDOUT_REGEX "\"new_ids\":.1064,262,976,1110,11.")

# -- two runs compared -------------------------------------------------------------------------
set(_ch09_exe $<TARGET_FILE:ch09_generate>)
# The cache changes the cost of a step, not its result: the same stdout, greedy and sampled.
add_test(NAME ch09_cache_and_no_cache_print_the_same
         COMMAND bash -c "set -e; x='${_ch09_exe}'; for a in '' '--temperature 0.9 --top-p 0.95 --seed 7' '--sample --seed 3'; do \
a=\"--model teaching --max-new-tokens 30 $a\"; c=$(\"$x\" $a 2>/dev/null); n=$(\"$x\" $a --no-cache 2>/dev/null); \
[ \"$(printf '%s' \"$c\" | tail -n +2)\" = \"$(printf '%s' \"$n\" | tail -n +2)\" ] || { echo \"differ: $a\"; echo \"$c\"; echo \"$n\"; exit 1; }; echo \"same: $a\"; done")
# A seed gives the same text on every run; another seed another text (30 tokens at T = 1).
add_test(NAME ch09_seed_reproducible
         COMMAND bash -c "set -e; x='${_ch09_exe}'; a='--model teaching --sample --max-new-tokens 30'; \
s1=$(\"$x\" $a --seed 1 2>/dev/null); s1b=$(\"$x\" $a --seed 1 2>/dev/null); s2=$(\"$x\" $a --seed 2 2>/dev/null); \
[ \"$s1\" = \"$s1b\" ] || { echo 'seed 1 twice differs'; exit 1; }; [ \"$s1\" != \"$s2\" ] || { echo 'seeds 1 and 2 agree'; exit 1; }; echo \"$s1\"; echo \"$s2\"")
