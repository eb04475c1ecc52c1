/*
 * platt.h - the one Platt rescale of P(act) used at decision time (predictor,
 * export IR reference forward) and the clamped logit the calibration fit
 * works in. Owns the formula only; fitting lives in train/calibrate.c and
 * the generated ONNX/MQL5 graphs mirror this same formula.
 */
#ifndef BC_MODEL_PLATT_H
#define BC_MODEL_PLATT_H

#include <stdint.h>

/* log(p / (1 - p)) with p clamped to [1e-12, 1 - 1e-12] so saturated
 * probabilities keep a finite logit. */
double bc_platt_logit(double p);

/* sigmoid(coef * logit(p) + intercept): the calibrated P(act). */
double bc_platt_rescale(double coef, double intercept, double p);

/* Calibrates raw class probabilities probs[C] in place: P(act) = 1 -
 * probs[0] becomes cal = bc_platt_rescale(coef, intercept, P(act)),
 * probs[0] = 1 - cal and the other classes are rescaled to sum to cal
 * (each cal / (C - 1) when P(act) is 0). The one rescale every C consumer
 * applies (bc_model_predict_row, the exporters' reference forward). */
void bc_platt_apply(double coef, double intercept, double *probs, int32_t n_classes);

#endif
