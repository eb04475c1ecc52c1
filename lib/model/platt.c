/*
 * platt.c - the Platt rescale formula, in one place for every C consumer.
 * Must not fit anything (train/calibrate.c does) nor touch a model.
 */
#include "model/platt.h"

#include <math.h>

double bc_platt_logit(double p)
{
    p = p < 1e-12 ? 1e-12 : (p > 1.0 - 1e-12 ? 1.0 - 1e-12 : p);
    return log(p / (1.0 - p));
}

double bc_platt_rescale(double coef, double intercept, double p)
{
    return 1.0 / (1.0 + exp(-(coef * bc_platt_logit(p) + intercept)));
}
