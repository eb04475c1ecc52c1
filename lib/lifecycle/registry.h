/*
 * registry.h - what the lifecycle files share: the registry handle (a
 * database connection, the model store folder and the options) and the
 * schema. Internal.
 */
#ifndef BC_LIFECYCLE_REGISTRY_H
#define BC_LIFECYCLE_REGISTRY_H

#include "botcopier.h"
#include "lifecycle/db.h"

struct bc_registry {
    lc_db *db;
    char *store;             /* model store folder (absolute or as given) */
    char gate_metric[64];    /* fidelity_f1 or a key of the metrics JSON */
    double gate_margin;      /* candidate must beat active by this much */
    int32_t gate_accept_ties; /* 1: score == active + margin passes too */
    int32_t gate_tolerance;  /* bars, for fidelity matching */
    double retention_days;   /* inactive versions older than this go */
    int64_t staging_timeout; /* seconds before an unfinished add is undone */
    int32_t activation_delay_ms; /* fault injection: sleep inside activation */
    int32_t keep_versions;   /* newest inactive versions kept per key */
};

/* Formats v as decimal text into buf (the parameters are text). */
const char *lc_i64(char buf[24], int64_t v);
const char *lc_f64(char buf[40], double v);

/* Inside an open transaction: makes version the active one of its key (the
 * previous active becomes 'retired'), then sleeps activation_delay_ms. */
int32_t lc_registry_activate_locked(bc_registry *reg, int64_t version, int64_t now);

#endif
