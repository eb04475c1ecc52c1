/*
 * ppo_run.h - the short PPO runs test_rl and test_cuda train: a trainer
 * made with a list of options, its iterations, the metrics JSON without
 * its wall-clock fields (so two runs compare as strings) and the policy
 * saved, and a file read back whole (to compare two policies' bytes).
 * Check assertions inside: a failing step fails the calling test.
 */
#ifndef BC_TEST_PPO_RUN_H
#define BC_TEST_PPO_RUN_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "botcopier.h"

/* A trainer on env with n options opts[i] = {key, value}, set in order. */
static inline bc_ppo *ppo_run_create(bc_env *env, const char *(*opts)[2], size_t n)
{
    bc_ppo *p = NULL;
    ck_assert_int_eq(bc_ppo_create(env, &p), BC_OK);
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(bc_ppo_set(p, opts[i][0], opts[i][1]) == BC_OK, "option %s=%s: %s",
                      opts[i][0], opts[i][1], bc_last_error());
    return p;
}

/* The metrics JSON of p without steps_per_s, rollout_s and update_s. */
static inline void ppo_run_metrics_untimed(const bc_ppo *p, char *out, size_t cap)
{
    char buf[8192];
    ck_assert_int_eq(bc_ppo_metrics_json(p, buf, (int32_t)sizeof buf, NULL), BC_OK);
    out[0] = '\0';
    char *save = NULL;
    for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        if (strstr(tok, "steps_per_s") || strstr(tok, "rollout_s") || strstr(tok, "update_s"))
            continue;
        strncat(out, tok, cap - strlen(out) - 2);
        strcat(out, ",");
    }
}

/* Runs iterations more iterations of p, writes its untimed metrics to
 * metrics (cap bytes; NULL: not wanted) and its policy to policy_path
 * (NULL: not saved), then frees p. */
static inline void ppo_run_train_save(bc_ppo *p, int iterations, char *metrics, size_t cap,
                                      const char *policy_path)
{
    for (int i = 0; i < iterations; i++)
        ck_assert_msg(bc_ppo_iterate(p) == BC_OK, "iteration %d: %s", i + 1, bc_last_error());
    if (metrics)
        ppo_run_metrics_untimed(p, metrics, cap);
    if (policy_path)
        ck_assert_msg(bc_ppo_save_policy(p, policy_path) == BC_OK, "saving %s: %s",
                      policy_path, bc_last_error());
    bc_ppo_free(p);
}

/* The bytes of the file at path (malloc'd, one byte spare), *size its size. */
static inline void *ppo_run_file_bytes(const char *path, long *size)
{
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    fseek(f, 0, SEEK_END);
    *size = ftell(f);
    fseek(f, 0, SEEK_SET);
    void *d = malloc((size_t)*size + 1);
    ck_assert_ptr_nonnull(d);
    ck_assert_int_eq(fread(d, 1, (size_t)*size, f), (size_t)*size);
    fclose(f);
    return d;
}

#endif /* BC_TEST_PPO_RUN_H */
