/*
 * monitor_mql.c - the streaming monitoring checks as MQL5 ids: change
 * detectors and bar quality checkers an EA feeds from its own stream, and
 * PSI/KS over flat arrays. Thin: each call is the bc_* call it names.
 */
#include "mql/mql.h"

#include <stdlib.h>

static void detector_destroy(void *object) { bc_detector_free(object); }
static void quality_destroy(void *object) { bc_quality_free(object); }

static const bc_mql_type detector_type = {BC_MQL_TAG_DETECTOR, "detector", detector_destroy};
static const bc_mql_type quality_type = {BC_MQL_TAG_QUALITY, "quality", quality_destroy};

int32_t bc_mql_detector_create(int32_t kind, int64_t *id)
{
    if (!id)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_mql_detector_create: id is NULL");
    *id = 0;
    bc_detector *d = NULL;
    int32_t rc = bc_detector_create(kind, &d);
    return rc == BC_OK ? bc_mql_handle_new(&detector_type, d, id) : rc;
}

int32_t bc_mql_detector_set(int64_t id, const uint16_t *key, double value)
{
    void *d = NULL;
    char *utf8 = NULL;
    int32_t rc = bc_mql_handle_get(&detector_type, id, &d);
    if (rc == BC_OK)
        rc = bc_mql_text_in(key, "bc_mql_detector_set: key", &utf8);
    if (rc == BC_OK)
        rc = bc_detector_set(d, utf8, value);
    free(utf8);
    return rc;
}

int32_t bc_mql_detector_update(int64_t id, double x, int32_t *alarm)
{
    void *d = NULL;
    int32_t rc = bc_mql_handle_get(&detector_type, id, &d);
    return rc == BC_OK ? bc_detector_update(d, x, alarm) : rc;
}

int32_t bc_mql_detector_state(int64_t id, double *state, int32_t capacity)
{
    void *d = NULL;
    int32_t rc = bc_mql_handle_get(&detector_type, id, &d);
    return rc == BC_OK ? bc_detector_state(d, state, capacity) : rc;
}

int32_t bc_mql_detector_reset(int64_t id)
{
    void *d = NULL;
    int32_t rc = bc_mql_handle_get(&detector_type, id, &d);
    return rc == BC_OK ? bc_detector_reset(d) : rc;
}

int32_t bc_mql_quality_create(int64_t bar_seconds, int64_t *id)
{
    if (!id)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_mql_quality_create: id is NULL");
    *id = 0;
    bc_quality *q = NULL;
    int32_t rc = bc_quality_create(bar_seconds, &q);
    return rc == BC_OK ? bc_mql_handle_new(&quality_type, q, id) : rc;
}

int32_t bc_mql_quality_set(int64_t id, const uint16_t *key, double value)
{
    void *q = NULL;
    char *utf8 = NULL;
    int32_t rc = bc_mql_handle_get(&quality_type, id, &q);
    if (rc == BC_OK)
        rc = bc_mql_text_in(key, "bc_mql_quality_set: key", &utf8);
    if (rc == BC_OK)
        rc = bc_quality_set(q, utf8, value);
    free(utf8);
    return rc;
}

int32_t bc_mql_quality_update(int64_t id, int64_t time, double open, double high, double low,
                              double close, double volume, int32_t *flags)
{
    void *q = NULL;
    int32_t rc = bc_mql_handle_get(&quality_type, id, &q);
    return rc == BC_OK ? bc_quality_update(q, time, open, high, low, close, volume, flags) : rc;
}

int32_t bc_mql_quality_counts(int64_t id, int64_t *counts, int32_t capacity)
{
    void *q = NULL;
    int32_t rc = bc_mql_handle_get(&quality_type, id, &q);
    return rc == BC_OK ? bc_quality_counts(q, counts, capacity) : rc;
}

int32_t bc_mql_quality_reset(int64_t id)
{
    void *q = NULL;
    int32_t rc = bc_mql_handle_get(&quality_type, id, &q);
    return rc == BC_OK ? bc_quality_reset(q) : rc;
}

int32_t bc_mql_drift_psi(const double *reference, int32_t n_reference, const double *live,
                         int32_t n_live, int32_t bins, double *psi)
{
    return bc_drift_psi(reference, n_reference, live, n_live, bins, psi);
}

int32_t bc_mql_drift_ks(const double *reference, int32_t n_reference, const double *live,
                        int32_t n_live, double *statistic, double *p_value)
{
    return bc_drift_ks(reference, n_reference, live, n_live, statistic, p_value);
}
