/*
 * exact_fma.h - a correctly rounded fma() where the C library's is not.
 * The feature kernels rely on fma() rounding once (the same bits whether
 * it is an instruction or a library routine). glibc's does; mingw-w64's
 * computes in x87 extended precision and rounds twice, which made the
 * Windows DLL's EMAs differ from Linux's in the last bits. On _WIN32 this
 * header redirects fma() to bc_fma_emulated.
 *
 * bc_fma_emulated is Boldo and Melquiond's emulation ("Emulation of FMA and
 * correctly rounded sums: proved algorithms using rounding to odd", IEEE
 * Trans. Computers 57(4), 2008, Algorithm 5): the exact product by Dekker's
 * split, an exact sum with c, the two low parts added with rounding to odd,
 * then one rounding to nearest. Correctly rounded while the product's low
 * part does not underflow and the split does not overflow; outside that
 * range (|a|, |b| or |c| above 2^995, or |a*b| below 2^-960) it falls back
 * to the library's fma(). Checked against glibc in tests/test_exact_fma.c.
 */
#ifndef BC_CORE_EXACT_FMA_H
#define BC_CORE_EXACT_FMA_H

#include <math.h> /* before the macro below: its fma declaration stays intact */
#include <stdint.h>
#include <string.h>

/* Dekker's split and the error terms must not be contracted into fma()s
 * (gcc contracts only with -ffp-contract=fast, which the build does not use
 * for this code: ISO C mode; clang honours the pragma). */
#ifdef __clang__
#pragma STDC FP_CONTRACT OFF
#endif

static inline void bc_fma_two_sum(double a, double b, double *s, double *e)
{
    *s = a + b;
    double bb = *s - a;
    *e = (a - (*s - bb)) + (b - bb);
}

static inline void bc_fma_split(double a, double *hi, double *lo)
{
    double c = 134217729.0 * a; /* 2^27 + 1 */
    *hi = c - (c - a);
    *lo = a - *hi;
}

/* a + b rounded to odd: the nearest double toward zero or away from it
 * whose last significand bit is 1, unless a + b is exact. */
static inline double bc_fma_sum_to_odd(double a, double b)
{
    double s, e;
    bc_fma_two_sum(a, b, &s, &e);
    if (e != 0.0) {
        uint64_t u;
        memcpy(&u, &s, sizeof u);
        if ((u & 1u) == 0) {
            /* Step one unit toward the exact value: away from zero when e
             * has s's sign, else toward zero. */
            if ((e > 0.0) == (s > 0.0))
                u++;
            else
                u--;
            memcpy(&s, &u, sizeof s);
        }
    }
    return s;
}

static inline double bc_fma_emulated(double a, double b, double c)
{
    double p = a * b;
    double big = 0x1p995, tiny = 0x1p-960;
    if (!(fabs(a) < big && fabs(b) < big && fabs(c) < big) || p == 0.0 || fabs(p) < tiny)
        return (fma)(a, b, c);
    double ah, al, bh, bl;
    bc_fma_split(a, &ah, &al);
    bc_fma_split(b, &bh, &bl);
    double pl = ((ah * bh - p) + ah * bl + al * bh) + al * bl; /* a*b = p + pl exactly */
    double th, tl;
    bc_fma_two_sum(c, p, &th, &tl);
    return th + bc_fma_sum_to_odd(tl, pl);
}

#if defined(_WIN32)
#define fma(a, b, c) bc_fma_emulated((a), (b), (c))
#endif

#endif /* BC_CORE_EXACT_FMA_H */
