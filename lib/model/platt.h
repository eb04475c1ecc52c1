/*
 * platt.h - the one Platt rescale of P(act) used at decision time (predictor,
 * export IR reference forward) and the clamped logit the calibration fit
 * works in. Owns the formula only; fitting lives in train/calibrate.c and
 * the generated ONNX/MQL5 graphs mirror this same formula.
 */
#ifndef BC_MODEL_PLATT_H
#define BC_MODEL_PLATT_H

/* log(p / (1 - p)) with p clamped to [1e-12, 1 - 1e-12] so saturated
 * probabilities keep a finite logit. */
double bc_platt_logit(double p);

/* sigmoid(coef * logit(p) + intercept): the calibrated P(act). */
double bc_platt_rescale(double coef, double intercept, double p);

#endif
