/* test_rng.c - Philox4x32-10 known answers (Random123's kat_vectors) and
 * the uniform stream's reproducibility. */
#include "test_util.h"

static const struct {
    uint32_t counter[4], key[2], expect[4];
} philox_kat[] = {
    {{0, 0, 0, 0}, {0, 0}, {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}},
    {{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff},
     {0xffffffff, 0xffffffff},
     {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}},
    {{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344},
     {0xa4093822, 0x299f31d0},
     {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}},
};

START_TEST(philox4x32_10_matches_random123_known_answers)
{
    for (size_t i = 0; i < sizeof philox_kat / sizeof philox_kat[0]; i++) {
        uint32_t out[4];
        ck_assert_ok(bc_philox4x32(philox_kat[i].counter, philox_kat[i].key, out));
        for (int j = 0; j < 4; j++)
            ck_assert_msg(out[j] == philox_kat[i].expect[j],
                          "vector %zu word %d: %08x, expected %08x", i, j,
                          out[j], philox_kat[i].expect[j]);
    }
    uint32_t out[4];
    ck_assert_int_eq(bc_philox4x32(NULL, philox_kat[0].key, out), BC_E_INVALID_ARGUMENT);
}
END_TEST

START_TEST(uniform_stream_is_identical_however_it_is_split)
{
    enum { N = 1001 };
    static float whole[N], parts[N];
    ck_assert_ok(bc_random_uniform(1234, 7, 0, N, whole));
    /* Odd split points cross Philox block boundaries. */
    ck_assert_ok(bc_random_uniform(1234, 7, 0, 3, parts));
    ck_assert_ok(bc_random_uniform(1234, 7, 3, 500, parts + 3));
    ck_assert_ok(bc_random_uniform(1234, 7, 503, N - 503, parts + 503));
    ck_assert_mem_eq(whole, parts, sizeof whole);
    double mean = 0.0;
    for (int i = 0; i < N; i++) {
        ck_assert(whole[i] >= 0.0f && whole[i] < 1.0f);
        mean += whole[i];
    }
    mean /= N;
    ck_assert_msg(mean > 0.45 && mean < 0.55, "mean %f", mean);
}
END_TEST

START_TEST(uniform_streams_differ_by_seed_and_stream)
{
    float a[16], b[16], c[16];
    ck_assert_ok(bc_random_uniform(1, 0, 0, 16, a));
    ck_assert_ok(bc_random_uniform(2, 0, 0, 16, b));
    ck_assert_ok(bc_random_uniform(1, 1, 0, 16, c));
    ck_assert(memcmp(a, b, sizeof a) != 0);
    ck_assert(memcmp(a, c, sizeof a) != 0);
    ck_assert_int_eq(bc_random_uniform(1, 0, 0, -1, a), BC_E_INVALID_ARGUMENT);
    ck_assert_int_eq(bc_random_uniform(1, 0, 0, 4, NULL), BC_E_INVALID_ARGUMENT);
    ck_assert_ok(bc_random_uniform(1, 0, 0, 0, NULL));
}
END_TEST

START_TEST(uniform_matches_philox_block_layout)
{
    /* Element i of (seed, stream) is word i%4 of block i/4 with counter
     * (block, stream) and key = seed, top 24 bits scaled by 2^-24. */
    const uint64_t seed = 0x0123456789abcdefULL, stream = 5;
    const uint32_t counter[4] = {2, 0, 5, 0};
    const uint32_t key[2] = {(uint32_t)seed, (uint32_t)(seed >> 32)};
    uint32_t block[4];
    ck_assert_ok(bc_philox4x32(counter, key, block));
    float u[4];
    ck_assert_ok(bc_random_uniform(seed, stream, 8, 4, u));
    for (int j = 0; j < 4; j++)
        ck_assert_float_eq(u[j], (float)(block[j] >> 8) / 16777216.0f);
}
END_TEST

Suite *suite_rng(void)
{
    Suite *s = suite_create("rng");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, philox4x32_10_matches_random123_known_answers);
    tcase_add_test(tc, uniform_stream_is_identical_however_it_is_split);
    tcase_add_test(tc, uniform_streams_differ_by_seed_and_stream);
    tcase_add_test(tc, uniform_matches_philox_block_layout);
    suite_add_tcase(s, tc);
    return s;
}
