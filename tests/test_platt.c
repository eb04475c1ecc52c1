/* test_platt.c - the one Platt rescale (lib/model/platt.c) against the same
 * map written independently as an odds power in long double:
 * sigmoid(a logit(p) + b) = 1 / (1 + (p / (1 - p))^-a e^-b). */
#include "test_util.h"
#include "core/internal.h"
#include "model/platt.h"

#include <math.h>

static long double odds_power_reference(double a, double b, double p)
{
    long double odds = (long double)p / (1.0L - (long double)p);
    return 1.0L / (1.0L + powl(odds, -(long double)a) * expl(-(long double)b));
}

START_TEST(rescale_matches_the_odds_power_form)
{
    const double coefs[] = {0.25, 0.8, 1.0, 1.7, 3.0};
    const double intercepts[] = {-2.0, -0.3, 0.0, 0.45, 1.5};
    const double probs[] = {0.001, 0.05, 0.2, 0.5, 0.73, 0.96, 0.9995};
    for (int i = 0; i < 5; i++)
        for (int j = 0; j < 5; j++)
            for (int k = 0; k < 7; k++) {
                double got = bc_platt_rescale(coefs[i], intercepts[j], probs[k]);
                long double want = odds_power_reference(coefs[i], intercepts[j], probs[k]);
                ck_assert_msg(fabsl((long double)got - want) <= 1e-13L * want,
                              "a %g b %g p %g: %.17g vs %.17Lg", coefs[i], intercepts[j],
                              probs[k], got, want);
            }
}
END_TEST

START_TEST(identity_calibration_returns_the_probability)
{
    for (double p = 0.01; p < 1.0; p += 0.07)
        ck_assert_double_eq_tol(bc_platt_rescale(1.0, 0.0, p), p, 1e-15);
}
END_TEST

START_TEST(saturated_probabilities_keep_a_finite_logit)
{
    ck_assert_double_eq_tol(bc_platt_logit(0.0), log(1e-12 / (1.0 - 1e-12)), 1e-12);
    /* The upper clamp 1 - 1e-12 is not representable: 1 - (1 - 1e-12)
     * rounds to 9.99978e-13, so the upper logit is 2.21e-5 above the mirror
     * of the lower one (kept: models were calibrated on it). */
    ck_assert_double_eq_tol(bc_platt_logit(1.0), -log(1e-12 / (1.0 - 1e-12)) + 2.2122e-5, 1e-8);
    ck_assert(isfinite(bc_platt_rescale(2.0, 0.5, 0.0)));
    ck_assert(isfinite(bc_platt_rescale(2.0, 0.5, 1.0)));
    /* A steep coefficient pushes a saturated input to the calibrated edge,
     * never past it. */
    ck_assert_double_le(bc_platt_rescale(3.0, 0.0, 0.0), 1e-30);
    ck_assert_double_ge(bc_platt_rescale(3.0, 0.0, 1.0), 1.0 - 1e-15);
}
END_TEST

Suite *suite_platt(void)
{
    Suite *s = suite_create("platt");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, rescale_matches_the_odds_power_form);
    tcase_add_test(tc, identity_calibration_returns_the_probability);
    tcase_add_test(tc, saturated_probabilities_keep_a_finite_logit);
    suite_add_tcase(s, tc);
    return s;
}
