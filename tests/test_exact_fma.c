/* test_exact_fma.c - the emulated fma (lib/core/exact_fma.h, what the
 * Windows DLL's feature kernels use) is correctly rounded: bit-identical to
 * glibc's fma() on random operands of many magnitudes, on near-cancelling
 * sums and on the EMA recurrence the features run. */
#include "test_util.h"
#include "core/exact_fma.h"

#include <math.h>
#include <stdint.h>

static uint64_t next(uint64_t *s)
{
    /* splitmix64 */
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* A random double with exponent in [-emax, emax] and a random sign. */
static double random_double(uint64_t *s, int emax)
{
    double m = 1.0 + (double)(next(s) >> 11) * 0x1p-53;
    int e = (int)(next(s) % (uint64_t)(2 * emax + 1)) - emax;
    return (next(s) & 1 ? -1.0 : 1.0) * ldexp(m, e);
}

static void assert_same(double a, double b, double c)
{
    double want = fma(a, b, c), got = bc_fma_emulated(a, b, c);
    ck_assert_msg(memcmp(&want, &got, sizeof want) == 0 || (want != want && got != got),
                  "fma(%a, %a, %a) = %a, emulated %a", a, b, c, want, got);
}

START_TEST(emulated_fma_is_correctly_rounded_on_random_operands)
{
    uint64_t s = 12345;
    for (int i = 0; i < 300000; i++) {
        int emax = i % 3 == 0 ? 4 : i % 3 == 1 ? 60 : 400;
        assert_same(random_double(&s, emax), random_double(&s, emax), random_double(&s, emax));
    }
}
END_TEST

START_TEST(emulated_fma_is_correctly_rounded_when_c_cancels_the_product)
{
    uint64_t s = 777;
    for (int i = 0; i < 300000; i++) {
        double a = random_double(&s, 20), b = random_double(&s, 20);
        double c = -(a * b);
        if (i % 2)
            c = nextafter(c, (next(&s) & 1) ? INFINITY : -INFINITY);
        if (i % 5 == 0)
            c *= 1.0 + 0x1p-40;
        assert_same(a, b, c);
    }
    assert_same(1.0 + 0x1p-52, 1.0 - 0x1p-53, -1.0); /* exact tiny result */
    assert_same(0.0, 5.0, -3.0);
    assert_same(INFINITY, 2.0, 1.0);
    assert_same(NAN, 2.0, 1.0);
}
END_TEST

START_TEST(emulated_ema_recurrence_matches_bit_for_bit)
{
    const double k = 2.0 / 13.0, k1 = 1.0 - k;
    double v1 = 100.0, v2 = 100.0;
    uint64_t s = 99;
    for (int i = 0; i < 100000; i++) {
        double x = 100.0 + (double)(next(&s) >> 11) * 0x1p-53 * 10.0;
        v1 = fma(v1, k1, x * k);
        v2 = bc_fma_emulated(v2, k1, x * k);
        ck_assert_msg(memcmp(&v1, &v2, sizeof v1) == 0, "step %d: %a vs %a", i, v1, v2);
    }
}
END_TEST

Suite *suite_exact_fma(void)
{
    Suite *s = suite_create("exact_fma");
    TCase *tc = tcase_create("fma");
    tcase_add_test(tc, emulated_fma_is_correctly_rounded_on_random_operands);
    tcase_add_test(tc, emulated_fma_is_correctly_rounded_when_c_cancels_the_product);
    tcase_add_test(tc, emulated_ema_recurrence_matches_bit_for_bit);
    suite_add_tcase(s, tc);
    return s;
}
