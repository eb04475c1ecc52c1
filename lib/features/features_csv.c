/*
 * features_csv.c - the one writer of a feature table: time (ISO) and one
 * column per output of the engine, named as the spec names them, empty
 * cells while a column is in its lookback. Written atomically through
 * lib/core/atomic_file.c with the data layer's CSV field writers.
 */
#include "feature_internal.h"
#include "core/atomic_file.h"
#include "core/internal.h"
#include "data/csv.h"

#include <math.h>
#include <stdlib.h>

BC_API int32_t bc_features_write_csv(bc_features *f, const bc_bars *bars, const char *path)
{
    if (!f || !bars || !path)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_features_write_csv: %s is NULL",
                       !f ? "f" : !bars ? "bars" : "path");
    int32_t n = bc_bars_length(bars), k = bc_features_count(f);
    double *values = malloc(sizeof *values * (size_t)n * (size_t)(k > 0 ? k : 1));
    if (!values)
        return bc_fail(BC_E_OUT_OF_MEMORY, "bc_features_write_csv: %d x %d values", n, k);
    int32_t rc = bc_features_compute(f, bars, values, (int64_t)n * k);
    bc_atomic_file *af = NULL;
    FILE *out = NULL;
    if (rc == BC_OK)
        rc = bc_atomic_open(path, &af, &out);
    if (rc == BC_OK) {
        fputs("time", out);
        for (int32_t j = 0; j < k; j++) {
            char name[BC_FEATURE_NAME_MAX + 8];
            int32_t len = 0;
            bc_features_name(f, j, name, sizeof name, &len);
            fputc(',', out);
            bc_csv_write_field(out, name, ','); /* cross(sma(10),sma(30)) is quoted */
        }
        fputc('\n', out);
        const int64_t *t = bc_bars_time(bars);
        for (int32_t i = 0; i < n; i++) {
            char when[32];
            int32_t len = 0;
            bc_time_format(t[i], BC_TIME_ISO, when, sizeof when, &len);
            fputs(when, out);
            bc_csv_write_doubles(out, values + (int64_t)i * k, k, ',');
            fputc('\n', out);
        }
        rc = bc_atomic_commit(af);
    }
    free(values);
    return rc == BC_OK ? BC_OK : bc_fail_context(rc, "bc_features_write_csv: ");
}
