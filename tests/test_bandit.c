/*
 * test_bandit.c - the bandit router: UCB1's choices against the formula
 * worked by hand, Thompson sampling finding the best arm and repeating per
 * seed, state files round-tripping (the restored router continues the same
 * sequence) and damaged states refused with the field named.
 */
#include "test_util.h"

#include <math.h>
#include <stdlib.h>
#include <unistd.h>

START_TEST(ucb1_tries_every_arm_then_follows_the_bound)
{
    bc_bandit *b = NULL;
    ck_assert_ok(bc_bandit_create(3, BC_BANDIT_UCB1, 0, &b));
    int32_t arm = -1;
    for (int32_t i = 0; i < 3; i++) {
        ck_assert_ok(bc_bandit_choose(b, &arm));
        ck_assert_int_eq(arm, i);
    }
    ck_assert_ok(bc_bandit_reward(b, 0, 1.0));
    ck_assert_ok(bc_bandit_reward(b, 0, 0.0));  /* mean 0.5, n 2 */
    ck_assert_ok(bc_bandit_reward(b, 1, 0.25)); /* mean 0.25, n 1 */
    ck_assert_ok(bc_bandit_reward(b, 2, 0.5));  /* mean 0.5, n 1 */
    /* N = 4: scores 0.5 + sqrt(2 ln4 / 2) = 1.677, 0.25 + sqrt(2 ln4) =
     * 1.915, 0.5 + sqrt(2 ln4) = 2.165 -> arm 2. */
    ck_assert_ok(bc_bandit_choose(b, &arm));
    ck_assert_int_eq(arm, 2);
    ck_assert_ok(bc_bandit_reward(b, 2, 0.0));
    /* N = 5: 0.5 + sqrt(ln5) = 1.769, 0.25 + sqrt(2 ln5) = 2.044,
     * 0.25 + sqrt(ln5) = 1.519 -> arm 1. */
    ck_assert_ok(bc_bandit_choose(b, &arm));
    ck_assert_int_eq(arm, 1);
    ck_assert_int_eq(bc_bandit_choices(b), 5);
    bc_bandit_free(b);
}
END_TEST

/* Bernoulli arms with win rates 0.3, 0.5, 0.7: a policy should end up on
 * arm 2 most of the time. Outcomes come from a fixed generator. */
static uint32_t play(int32_t policy, uint64_t seed, int32_t rounds, int32_t *best_share_pct)
{
    static const double rate[3] = {0.3, 0.5, 0.7};
    bc_bandit *b = NULL;
    ck_assert_ok(bc_bandit_create(3, policy, seed, &b));
    float u[1];
    int32_t best = 0;
    uint32_t checksum = 0;
    for (int32_t t = 0; t < rounds; t++) {
        int32_t arm;
        ck_assert_ok(bc_bandit_choose(b, &arm));
        ck_assert_ok(bc_random_uniform(99, 0, (uint64_t)t, 1, u));
        ck_assert_ok(bc_bandit_reward(b, arm, u[0] < rate[arm] ? 1.0 : 0.0));
        if (t >= rounds / 2)
            best += arm == 2;
        checksum = checksum * 31u + (uint32_t)arm;
    }
    *best_share_pct = 100 * best / (rounds - rounds / 2);
    bc_bandit_free(b);
    return checksum;
}

START_TEST(both_policies_find_the_best_arm_and_repeat_per_seed)
{
    int32_t share = 0;
    uint32_t a = play(BC_BANDIT_THOMPSON, 7, 2000, &share);
    ck_assert_msg(share >= 90, "Thompson: best arm in %d%% of the second half", share);
    ck_assert_int_eq(play(BC_BANDIT_THOMPSON, 7, 2000, &share), a);
    ck_assert_int_ne(play(BC_BANDIT_THOMPSON, 8, 2000, &share), a);
    play(BC_BANDIT_UCB1, 0, 2000, &share);
    ck_assert_msg(share >= 75, "UCB1: best arm in %d%% of the second half", share);
}
END_TEST

START_TEST(saved_state_continues_the_same_sequence)
{
    char path[] = "/tmp/bc_bandit_XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    bc_bandit *a = NULL, *b = NULL;
    ck_assert_ok(bc_bandit_create(4, BC_BANDIT_THOMPSON, 12345678901234567890ULL, &a));
    int32_t arm;
    for (int32_t t = 0; t < 50; t++) {
        ck_assert_ok(bc_bandit_choose(a, &arm));
        ck_assert_ok(bc_bandit_reward(a, arm, (t % 3) / 2.0));
    }
    ck_assert_ok(bc_bandit_save(a, path));
    ck_assert_ok(bc_bandit_load(path, &b));
    ck_assert_int_eq(bc_bandit_arms(b), 4);
    ck_assert_int_eq(bc_bandit_policy(b), BC_BANDIT_THOMPSON);
    ck_assert_int_eq(bc_bandit_choices(b), 50);
    for (int32_t i = 0; i < 4; i++) {
        int64_t pa, pb;
        double sa, sb;
        ck_assert_ok(bc_bandit_arm_stats(a, i, &pa, &sa));
        ck_assert_ok(bc_bandit_arm_stats(b, i, &pb, &sb));
        ck_assert_int_eq(pa, pb);
        ck_assert(sa == sb);
    }
    for (int32_t t = 0; t < 20; t++) {
        int32_t x, y;
        ck_assert_ok(bc_bandit_choose(a, &x));
        ck_assert_ok(bc_bandit_choose(b, &y));
        ck_assert_int_eq(x, y);
    }
    bc_bandit_free(a);
    bc_bandit_free(b);
    unlink(path);
}
END_TEST

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

START_TEST(bad_arguments_and_damaged_states_are_named)
{
    bc_bandit *b = NULL;
    ck_assert_status_msg(bc_bandit_create(0, BC_BANDIT_UCB1, 0, &b), BC_E_INVALID_ARGUMENT,
                         "n_arms is 0");
    ck_assert_status_msg(bc_bandit_create(2, 7, 0, &b), BC_E_INVALID_ARGUMENT, "policy is 7");
    ck_assert_ok(bc_bandit_create(2, BC_BANDIT_UCB1, 0, &b));
    ck_assert_status_msg(bc_bandit_reward(b, 2, 1), BC_E_INVALID_ARGUMENT, "arm is 2");
    ck_assert_status_msg(bc_bandit_reward(b, 0, 1.5), BC_E_INVALID_ARGUMENT, "reward is 1.5");
    ck_assert_status_msg(bc_bandit_reward(b, 0, NAN), BC_E_INVALID_ARGUMENT, "reward is nan");
    int64_t pulls;
    double sum;
    ck_assert_ok(bc_bandit_arm_stats(b, 0, &pulls, &sum));
    ck_assert_int_eq(pulls, 0);
    bc_bandit_free(b);

    char path[] = "/tmp/bc_bandit_bad_XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    write_text(path, "{\"format\": \"botcopier-bandit\", \"version\": 1");
    ck_assert_status_msg(bc_bandit_load(path, &b), BC_E_PARSE, "line 1");
    write_text(path, "{\"format\": \"other\"}");
    ck_assert_status_msg(bc_bandit_load(path, &b), BC_E_FORMAT, "not a bandit state");
    write_text(path, "{\"format\": \"botcopier-bandit\", \"version\": 2}");
    ck_assert_status_msg(bc_bandit_load(path, &b), BC_E_VERSION, "version 2");
    write_text(path, "{\"format\": \"botcopier-bandit\", \"version\": 1, \"policy\": \"ucb1\", "
                     "\"seed\": \"1\", \"choices\": 3, \"arms\": [{\"pulls\": 2, "
                     "\"reward_sum\": 3.0}]}");
    ck_assert_status_msg(bc_bandit_load(path, &b), BC_E_CORRUPT, "arm 0");
    ck_assert_ptr_null(b);
    unlink(path);
    ck_assert_status_msg(bc_bandit_load(path, &b), BC_E_IO, path);
}
END_TEST

Suite *suite_bandit(void)
{
    Suite *s = suite_create("bandit");
    TCase *tc = tcase_create("bandit");
    tcase_add_test(tc, ucb1_tries_every_arm_then_follows_the_bound);
    tcase_add_test(tc, both_policies_find_the_best_arm_and_repeat_per_seed);
    tcase_add_test(tc, saved_state_continues_the_same_sequence);
    tcase_add_test(tc, bad_arguments_and_damaged_states_are_named);
    suite_add_tcase(s, tc);
    return s;
}
