/*
 * portfolio.h - internal helpers shared by the portfolio files (covariance,
 * risk parity, hierarchical risk parity, symbol graph). The public contract
 * is the "Portfolio" section of botcopier.h; nothing here is exported.
 */
#ifndef BC_PORTFOLIO_PORTFOLIO_H
#define BC_PORTFOLIO_PORTFOLIO_H

#include "botcopier.h"

#include <stdint.h>

/* Caps weights w[n] (summing to 1) at cap by water-filling: weights above
 * the cap are set to it and the excess goes to the others in proportion to
 * their weights, until none exceeds it. Needs cap * n >= 1. */
void bc_portfolio_cap_proportional(double *w, int32_t n, double cap);

/* Checks a covariance matrix argument: non-NULL, n >= 1, finite, symmetric
 * to 1e-12 relative, positive diagonal. Names `fn` in the message. */
int32_t bc_portfolio_check_covariance(const char *fn, const double *cov, int32_t n);

/* Hierarchical risk parity weights (lib/portfolio/hrp.c). */
int32_t bc_portfolio_hrp(const double *cov, int32_t n, double *weights);

#endif
