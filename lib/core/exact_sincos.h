/*
 * exact_sincos.h - sin and cos rounded once from a double-double value, so
 * that they are the same bits on every platform. The feature engine's
 * time-of-day tables (time_encoding.c) use them: mingw-w64's msvcrt sin/cos
 * differ from glibc's near the multiples of pi/2 (cos at 06:00 came out
 * 6.12303e-17 instead of 6.12323e-17, 1.6e11 ulps) and by one ulp elsewhere,
 * and a tree split between those values sent the Windows DLL's rows down
 * other branches than Linux's.
 *
 * Method: x - n*pi/2 with pi/2 as three doubles (about 160 bits) in
 * double-double arithmetic (exact products by Dekker's split, exact sums),
 * then the Taylor series of sin and cos of the reduced argument (|r| <=
 * pi/4 + a rounding) to 2^-107 in double-double, and one rounding to
 * double at the end. Only +, -, *, / of IEEE doubles: no library call, so
 * the result does not depend on the C library. It is the correctly rounded
 * value unless the exact one lies within about 2^-100 (relative) of a
 * rounding boundary; tests/test_exact_sincos.c checks it against glibc on
 * every tabulated angle and on random ones. Domain |x| <= 2^20; outside it
 * (and for NaN or infinity) the library's sin/cos answer.
 */
#ifndef BC_CORE_EXACT_SINCOS_H
#define BC_CORE_EXACT_SINCOS_H

#include "core/exact_fma.h" /* bc_fma_two_sum, bc_fma_split */

#include <math.h>

/* The error terms must not be contracted into fma()s (see exact_fma.h). */
#ifdef __clang__
#pragma STDC FP_CONTRACT OFF
#endif

typedef struct bc_sincos_dd {
    double hi, lo; /* value hi + lo, |lo| <= ulp(hi) / 2 */
} bc_sincos_dd;

static inline bc_sincos_dd bc_sincos_dd_fast(double a, double b) /* |a| >= |b| */
{
    bc_sincos_dd r;
    r.hi = a + b;
    r.lo = b - (r.hi - a);
    return r;
}

static inline bc_sincos_dd bc_sincos_dd_prod(double a, double b) /* a*b exactly */
{
    double ah, al, bh, bl, p = a * b;
    bc_fma_split(a, &ah, &al);
    bc_fma_split(b, &bh, &bl);
    bc_sincos_dd r = {p, ((ah * bh - p) + ah * bl + al * bh) + al * bl};
    return r;
}

static inline bc_sincos_dd bc_sincos_dd_add(bc_sincos_dd a, bc_sincos_dd b)
{
    double s, e, t, f;
    bc_fma_two_sum(a.hi, b.hi, &s, &e);
    bc_fma_two_sum(a.lo, b.lo, &t, &f);
    bc_sincos_dd r = bc_sincos_dd_fast(s, e + t);
    return bc_sincos_dd_fast(r.hi, r.lo + f);
}

static inline bc_sincos_dd bc_sincos_dd_neg(bc_sincos_dd a)
{
    bc_sincos_dd r = {-a.hi, -a.lo};
    return r;
}

static inline bc_sincos_dd bc_sincos_dd_mul(bc_sincos_dd a, bc_sincos_dd b)
{
    bc_sincos_dd p = bc_sincos_dd_prod(a.hi, b.hi);
    return bc_sincos_dd_fast(p.hi, p.lo + (a.hi * b.lo + a.lo * b.hi));
}

/* 1/k! for k = 2..30 as double-double (hi + lo to 2^-106 relative). */
static const bc_sincos_dd bc_sincos_inverse_factorial[29] = {
    {0x1.0000000000000p-1, 0x0.0p+0}, /* 1/2! */
    {0x1.5555555555555p-3, 0x1.5555555555555p-57}, /* 1/3! */
    {0x1.5555555555555p-5, 0x1.5555555555555p-59}, /* 1/4! */
    {0x1.1111111111111p-7, 0x1.1111111111111p-63}, /* 1/5! */
    {0x1.6c16c16c16c17p-10, -0x1.f49f49f49f49fp-65}, /* 1/6! */
    {0x1.a01a01a01a01ap-13, 0x1.a01a01a01a01ap-73}, /* 1/7! */
    {0x1.a01a01a01a01ap-16, 0x1.a01a01a01a01ap-76}, /* 1/8! */
    {0x1.71de3a556c734p-19, -0x1.c154f8ddc6c00p-73}, /* 1/9! */
    {0x1.27e4fb7789f5cp-22, 0x1.cbbc05b4fa99ap-76}, /* 1/10! */
    {0x1.ae64567f544e4p-26, -0x1.c062e06d1f209p-80}, /* 1/11! */
    {0x1.1eed8eff8d898p-29, -0x1.2aec959e14c06p-83}, /* 1/12! */
    {0x1.6124613a86d09p-33, 0x1.f28e0cc748ebep-87}, /* 1/13! */
    {0x1.93974a8c07c9dp-37, 0x1.05d6f8a2efd1fp-92}, /* 1/14! */
    {0x1.ae7f3e733b81fp-41, 0x1.1d8656b0ee8cbp-97}, /* 1/15! */
    {0x1.ae7f3e733b81fp-45, 0x1.1d8656b0ee8cbp-101}, /* 1/16! */
    {0x1.952c77030ad4ap-49, 0x1.ac981465ddc6cp-103}, /* 1/17! */
    {0x1.6827863b97d97p-53, 0x1.eec01221a8b0bp-107}, /* 1/18! */
    {0x1.2f49b46814157p-57, 0x1.2650f61dbdcb4p-112}, /* 1/19! */
    {0x1.e542ba4020225p-62, 0x1.ea72b4afe3c2fp-120}, /* 1/20! */
    {0x1.71b8ef6dcf572p-66, -0x1.d043ae40c4647p-120}, /* 1/21! */
    {0x1.0ce396db7f853p-70, -0x1.aebcdbd20331cp-124}, /* 1/22! */
    {0x1.761b41316381ap-75, -0x1.3423c7d91404fp-130}, /* 1/23! */
    {0x1.f2cf01972f578p-80, -0x1.9ada5fcc1ab14p-135}, /* 1/24! */
    {0x1.3f3ccdd165fa9p-84, -0x1.58ddadf344487p-139}, /* 1/25! */
    {0x1.88e85fc6a4e5ap-89, -0x1.71c37ebd16540p-143}, /* 1/26! */
    {0x1.d1ab1c2dccea3p-94, 0x1.054d0c78aea14p-149}, /* 1/27! */
    {0x1.0a18a2635085dp-98, 0x1.b9e2e28e1aa54p-153}, /* 1/28! */
    {0x1.259f98b4358adp-103, 0x1.eaf8c39dd9bc5p-157}, /* 1/29! */
    {0x1.3932c5047d60ep-108, 0x1.832b7b530a627p-162}, /* 1/30! */
};

/* sin(x) and cos(x), each rounded once (see above). */
static inline void bc_sincos_exact(double x, double *sin_x, double *cos_x)
{
    if (!(fabs(x) <= 0x1p20)) {
        *sin_x = sin(x);
        *cos_x = cos(x);
        return;
    }
    if (x == 0.0) {
        *sin_x = x; /* keeps the sign of zero, as sin() does */
        *cos_x = 1.0;
        return;
    }
    /* pi/2 = P1 + P2 + P3 to about 2^-160 */
    const double P1 = 0x1.921fb54442d18p+0, P2 = 0x1.1a62633145c07p-54,
                 P3 = -0x1.f1976b7ed8fbcp-110;
    double n = floor(x * 0x1.45f306dc9c883p-1 + 0.5); /* nearest multiple of pi/2 */
    bc_sincos_dd r = {x, 0.0};
    r = bc_sincos_dd_add(r, bc_sincos_dd_neg(bc_sincos_dd_prod(n, P1)));
    r = bc_sincos_dd_add(r, bc_sincos_dd_neg(bc_sincos_dd_prod(n, P2)));
    r = bc_sincos_dd_add(r, bc_sincos_dd_neg(bc_sincos_dd_prod(n, P3)));
    /* Taylor series to r^29/29! and r^30/30! (Horner in r^2): the next
     * terms are below 2^-107 of the sums for |r| <= 0.79. */
#define inv(k) bc_sincos_inverse_factorial[(k) - 2]
    bc_sincos_dd r2 = bc_sincos_dd_mul(r, r), one = {1.0, 0.0};
    bc_sincos_dd s = inv(29), c = inv(30);
    for (int k = 27; k >= 3; k -= 2) { /* s = 1/k! - r2 * s, alternating */
        s = bc_sincos_dd_add(inv(k), bc_sincos_dd_neg(bc_sincos_dd_mul(r2, s)));
        c = bc_sincos_dd_add(inv(k + 1), bc_sincos_dd_neg(bc_sincos_dd_mul(r2, c)));
    }
    /* s = 1/3! - r2/5! + ..., c = 1/4! - r2/6! + ...: sin = r (1 - r2 s),
     * cos = 1 - r2 (1/2 - r2 c) */
    s = bc_sincos_dd_mul(r, bc_sincos_dd_add(one, bc_sincos_dd_neg(bc_sincos_dd_mul(r2, s))));
    c = bc_sincos_dd_add(inv(2), bc_sincos_dd_neg(bc_sincos_dd_mul(r2, c)));
    c = bc_sincos_dd_add(one, bc_sincos_dd_neg(bc_sincos_dd_mul(r2, c)));
#undef inv
    double sr = s.hi + s.lo, cr = c.hi + c.lo;
    switch ((int)(n - 4.0 * floor(n / 4.0))) { /* quadrant 0..3 */
    case 0:
        *sin_x = sr;
        *cos_x = cr;
        break;
    case 1:
        *sin_x = cr;
        *cos_x = -sr;
        break;
    case 2:
        *sin_x = -sr;
        *cos_x = -cr;
        break;
    default:
        *sin_x = -cr;
        *cos_x = sr;
        break;
    }
}

#endif /* BC_CORE_EXACT_SINCOS_H */
