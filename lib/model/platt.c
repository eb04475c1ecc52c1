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

void bc_platt_apply(double coef, double intercept, double *probs, int32_t n_classes)
{
    double raw = 1.0 - probs[0];
    double cal = bc_platt_rescale(coef, intercept, raw);
    probs[0] = 1.0 - cal;
    for (int32_t c = 1; c < n_classes; c++)
        probs[c] = raw > 0.0 ? probs[c] * (cal / raw) : cal / (n_classes - 1);
}
