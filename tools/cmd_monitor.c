/*
 * cmd_monitor.c - `botcopier monitor`: a model's health over new bars (and
 * its decision log): drift per feature, data quality, change detectors and
 * the retrain verdict (bc_monitor_*), printed as a table or JSON and
 * exported as Prometheus gauges. No computation lives here.
 */
#include "tools/cli.h"
#include "tools/cli_observe.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
    "usage: botcopier monitor --model M.bcm --bars BARS.csv [--decisions decisions.csv]\n"
    "                         [--json] [--profile P.json | --reference-bars R.csv]\n"
    "                         [--write-profile P.json] [--set KEY=VALUE]...\n"
    "                         [--prom-file F.prom] [--prom-port P [--prom-linger S]]\n"
    "                         [--fail-on-retrain]\n"
    "\n"
    "Checks a model against new data: PSI and Kolmogorov-Smirnov drift of every feature\n"
    "the model's feature spec computes from BARS, against the model's training profile\n"
    "(stored in the model by `botcopier clone`); data quality of BARS (missing values,\n"
    "gaps against the bar period, MAD outliers, stale closes, rows the reader refused);\n"
    "Page-Hinkley and CUSUM on the decisions' probabilities (or hit rate: --set\n"
    "detector_stream=label). Each check says ok, warn or retrain; the verdict is retrain\n"
    "when any check does (rules and defaults: bc_monitor_set in botcopier.h).\n"
    "\n"
    "  --json               print the report as JSON (\"retrain\": true|false, \"reasons\")\n"
    "  --profile P          training profile from a sidecar file instead of the model\n"
    "  --reference-bars R   training profile computed from reference bars R\n"
    "  --write-profile P    write the profile used to P (a sidecar for later runs)\n"
    "  --set KEY=VALUE      a bc_monitor_set setting, e.g. psi_retrain=0.2\n"
    "  --prom-file F        write the gauges to F (node_exporter textfile collector)\n"
    "  --prom-port P        serve the gauges on 127.0.0.1:P/metrics\n"
    "  --prom-linger S      keep serving them S seconds after the check, 0..3600 [0]\n"
    "  --fail-on-retrain    exit with status 3 when the verdict is retrain\n";

#define MAX_SETS 64

struct monitor_args {
    const char *model_path, *bars_path, *decisions_path, *profile_path, *reference_path;
    const char *write_profile, *prom_file;
    const char *sets[MAX_SETS];
    int n_sets, json, fail_on_retrain, prom_port;
    double prom_linger;
};

static int monitor_option(void *ctx, const char *name, const char *value)
{
    struct monitor_args *a = ctx;
    if (strcmp(name, "model") == 0)
        a->model_path = value;
    else if (strcmp(name, "bars") == 0)
        a->bars_path = value;
    else if (strcmp(name, "decisions") == 0)
        a->decisions_path = value;
    else if (strcmp(name, "profile") == 0)
        a->profile_path = value;
    else if (strcmp(name, "reference-bars") == 0)
        a->reference_path = value;
    else if (strcmp(name, "write-profile") == 0)
        a->write_profile = value;
    else if (strcmp(name, "prom-file") == 0)
        a->prom_file = value;
    else if (strcmp(name, "json") == 0)
        a->json = 1;
    else if (strcmp(name, "fail-on-retrain") == 0)
        a->fail_on_retrain = 1;
    else if (strcmp(name, "prom-port") == 0) {
        double port;
        if (cli_parse_number("monitor", "--prom-port", value, 0, 65535, &port) != 0)
            return CLI_EXIT_USAGE;
        a->prom_port = (int)port;
    } else if (strcmp(name, "prom-linger") == 0) {
        return cli_parse_number("monitor", "--prom-linger", value, 0, 3600, &a->prom_linger);
    } else { /* --set */
        if (a->n_sets == MAX_SETS) {
            fprintf(stderr, "botcopier monitor: more than %d --set\n", MAX_SETS);
            return CLI_EXIT_USAGE;
        }
        if (!strchr(value, '=')) {
            fprintf(stderr, "botcopier monitor: --set '%s' must be KEY=VALUE\n", value);
            return CLI_EXIT_USAGE;
        }
        a->sets[a->n_sets++] = value;
    }
    return 0;
}

/* The training profile of the model's features over reference bars. */
static int32_t reference_profile(const bc_model *model, const bc_bars *bars, bc_profile **out)
{
    int32_t len = 0;
    bc_model_feature_spec(model, NULL, 0, &len);
    char *spec = malloc((size_t)len + 1);
    bc_features *f = NULL;
    double *x = NULL;
    int32_t rc = spec ? bc_model_feature_spec(model, spec, len + 1, &len) : BC_E_OUT_OF_MEMORY;
    if (rc == BC_OK)
        rc = bc_features_create(spec, &f);
    int32_t n = bc_bars_length(bars), C = bc_features_count(f), lookback = bc_features_lookback(f);
    if (rc == BC_OK && n - lookback < 1) {
        fprintf(stderr, "botcopier monitor: the reference bars (%d) do not outlast the features' "
                "lookback (%d)\n", n, lookback);
        rc = BC_E_NO_DATA;
    }
    if (rc == BC_OK && !(x = malloc(sizeof *x * (size_t)n * (size_t)C)))
        rc = BC_E_OUT_OF_MEMORY;
    if (rc == BC_OK)
        rc = bc_features_compute(f, bars, x, (int64_t)n * C);
    if (rc == BC_OK)
        rc = bc_profile_create(x + (int64_t)lookback * C, n - lookback, C,
                               BC_PROFILE_DEFAULT_BINS, BC_PROFILE_DEFAULT_QUANTILES, out);
    for (int32_t c = 0; rc == BC_OK && c < C; c++) {
        char name[256];
        rc = bc_features_name(f, c, name, sizeof name, &len);
        if (rc == BC_OK)
            rc = bc_profile_set_name(*out, c, name);
    }
    free(x);
    free(spec);
    bc_features_free(f);
    return rc;
}

static double num(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_number(v) ? json_number_value(v) : 0.0 / 0.0;
}

static int status_level(const char *s)
{
    return s && strcmp(s, "retrain") == 0 ? 2 : s && strcmp(s, "warn") == 0 ? 1 : 0;
}

static void print_table(json_t *root)
{
    json_t *drift = json_object_get(root, "drift"), *quality = json_object_get(root, "quality");
    json_t *det = json_object_get(root, "detectors");
    printf("drift over %lld rows (%s): %lld features compared, %lld not computable from bars\n",
           (long long)num(drift, "rows"), json_string_value(json_object_get(drift, "status")),
           (long long)num(drift, "features_compared"), (long long)num(drift, "features_skipped"));
    printf("  %-40s %9s %9s %10s %9s %9s  %s\n", "feature", "psi", "ks", "ks_p", "miss_tr",
           "miss_live", "status");
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(drift, "features"), i, f)
    {
        printf("  %-40s %9.4f %9.4f %10.3g %9.4f %9.4f  %s\n",
               json_string_value(json_object_get(f, "name")), num(f, "psi"), num(f, "ks"),
               num(f, "ks_p_value"), num(f, "missing_training"), num(f, "missing_live"),
               json_string_value(json_object_get(f, "status")));
    }
    json_t *c = json_object_get(quality, "counts");
    printf("quality of %lld bars (%s): flagged %.4f; missing %lld, gaps %lld (%lld bars), "
           "outliers %lld, stale %lld (longest run %lld), out of order %lld, inconsistent %lld, "
           "weekend gaps %lld, rejected rows %lld\n",
           (long long)num(quality, "bars"), json_string_value(json_object_get(quality, "status")),
           num(quality, "flagged_fraction"), (long long)num(c, "missing"),
           (long long)num(c, "gaps"), (long long)num(c, "gap_bars"), (long long)num(c, "outliers"),
           (long long)num(c, "stale_bars"), (long long)num(c, "longest_stale_run"),
           (long long)num(c, "out_of_order"), (long long)num(c, "inconsistent"),
           (long long)num(c, "weekend_gaps"), (long long)num(c, "rejected_rows"));
    if (json_is_object(det)) {
        json_t *ph = json_object_get(det, "page_hinkley"), *cu = json_object_get(det, "cusum");
        printf("detectors on %lld %s values (%s): Page-Hinkley %lld alarms (first at %lld), "
               "CUSUM %lld alarms (first at %lld)\n",
               (long long)num(det, "n"), json_string_value(json_object_get(det, "stream")),
               json_string_value(json_object_get(det, "status")), (long long)num(ph, "alarms"),
               (long long)num(ph, "first_alarm"), (long long)num(cu, "alarms"),
               (long long)num(cu, "first_alarm"));
    } else {
        printf("detectors: no decisions given\n");
    }
    printf("verdict: %s\n", json_is_true(json_object_get(root, "retrain")) ? "RETRAIN" :
           json_string_value(json_object_get(root, "status")));
    json_array_foreach(json_object_get(root, "reasons"), i, f)
        printf("  - %s\n", json_string_value(f));
}

static void publish(json_t *root)
{
    json_t *drift = json_object_get(root, "drift"), *quality = json_object_get(root, "quality");
    json_t *det = json_object_get(root, "detectors");
    cli_metrics_set("monitor_retrain", "1 when the monitor's verdict is retrain, else 0.",
                    json_is_true(json_object_get(root, "retrain")));
    static const char *const checks[] = {"drift", "quality", "detectors"};
    for (int k = 0; k < 3; k++) {
        json_t *o = json_object_get(root, checks[k]);
        if (json_is_object(o))
            cli_metrics_set_labeled("monitor_check_status", "check", checks[k],
                                    "Status of a monitor check: 0 ok, 1 warn, 2 retrain.",
                                    status_level(json_string_value(json_object_get(o, "status"))));
    }
    size_t i;
    json_t *f;
    static const struct {
        const char *key, *gauge, *help;
    } per_feature[] = {
        {"psi", "monitor_feature_psi", "Population Stability Index against training."},
        {"ks", "monitor_feature_ks", "Kolmogorov-Smirnov statistic against training."},
        {"ks_p_value", "monitor_feature_ks_p_value", "Kolmogorov-Smirnov p-value."},
        {"missing_live", "monitor_feature_missing_fraction", "Fraction of live values missing."},
    };
    json_array_foreach(json_object_get(drift, "features"), i, f)
    {
        const char *name = json_string_value(json_object_get(f, "name"));
        for (size_t k = 0; k < sizeof per_feature / sizeof per_feature[0]; k++) {
            json_t *v = json_object_get(f, per_feature[k].key);
            if (json_is_number(v))
                cli_metrics_set_labeled(per_feature[k].gauge, "feature", name,
                                        per_feature[k].help, json_number_value(v));
        }
    }
    cli_metrics_set("monitor_quality_flagged_fraction",
                    "Fraction of bars with a data-quality finding.",
                    num(quality, "flagged_fraction"));
    const char *key;
    json_t *v;
    json_object_foreach(json_object_get(quality, "counts"), key, v)
        cli_metrics_set_labeled("monitor_quality_findings", "kind", key,
                                "Data-quality findings by kind (bars or events).",
                                json_number_value(v));
    if (json_is_object(det)) {
        cli_metrics_set_labeled("monitor_detector_alarms", "detector", "page_hinkley",
                                "Change-detector alarms on the decision stream.",
                                num(json_object_get(det, "page_hinkley"), "alarms"));
        cli_metrics_set_labeled("monitor_detector_alarms", "detector", "cusum",
                                "Change-detector alarms on the decision stream.",
                                num(json_object_get(det, "cusum"), "alarms"));
    }
}

int cli_monitor(int argc, char **argv)
{
    static const cli_option options[] = {
        {"model", 1},     {"bars", 1},          {"decisions", 1},   {"profile", 1},
        {"reference-bars", 1}, {"write-profile", 1}, {"prom-file", 1}, {"prom-port", 1},
        {"prom-linger", 1}, {"set", 1},         {"json", 0},        {"fail-on-retrain", 0},
        {NULL, 0}};
    struct monitor_args a = {.prom_port = -1};
    int status = cli_parse_options("monitor", argc, argv, options, usage_text, monitor_option, &a);
    if (status != 0)
        return status < 0 ? CLI_EXIT_OK : status;
    if (!a.model_path || !a.bars_path) {
        fprintf(stderr, "botcopier monitor: --model and --bars are required\n%s", usage_text);
        return CLI_EXIT_USAGE;
    }
    if (a.profile_path && a.reference_path) {
        fprintf(stderr, "botcopier monitor: --profile and --reference-bars exclude each other\n");
        return CLI_EXIT_USAGE;
    }
    bc_monitor *mon = NULL;
    int32_t rc = bc_monitor_create(&mon);
    if (rc != BC_OK)
        return cli_fail("monitor", "create", rc);
    for (int k = 0; k < a.n_sets && status == 0; k++) {
        char kv[512];
        snprintf(kv, sizeof kv, "%s", a.sets[k]);
        char *eq = strchr(kv, '=');
        *eq = '\0';
        rc = bc_monitor_set(mon, kv, eq + 1);
        if (rc != BC_OK) {
            fprintf(stderr, "botcopier monitor: --set %s: %s\n", a.sets[k], bc_last_error());
            status = CLI_EXIT_USAGE;
        }
    }
    bc_model *model = NULL;
    bc_bars *bars = NULL, *reference = NULL;
    bc_rejects *rejects = NULL;
    bc_decisions *decisions = NULL;
    bc_profile *profile = NULL;
    char *report = NULL;
    if (status == 0 && (rc = bc_model_load(a.model_path, &model)) != BC_OK)
        status = cli_fail("monitor", a.model_path, rc);
    if (status == 0 && (rc = bc_bars_read_csv(a.bars_path, &bars, &rejects)) != BC_OK)
        status = cli_fail("monitor", a.bars_path, rc);
    if (status == 0 && a.decisions_path) {
        bc_rejects *drej = NULL;
        rc = bc_decisions_read_csv(a.decisions_path, &decisions, &drej);
        if (rc != BC_OK)
            status = cli_fail("monitor", a.decisions_path, rc);
        else if (bc_rejects_total(drej) > 0)
            fprintf(stderr, "botcopier monitor: %s: %lld rows rejected and skipped\n",
                    a.decisions_path, (long long)bc_rejects_total(drej));
        bc_rejects_free(drej);
    }
    if (status == 0 && a.profile_path && (rc = bc_profile_load(a.profile_path, &profile)) != BC_OK)
        status = cli_fail("monitor", a.profile_path, rc);
    if (status == 0 && a.reference_path) {
        rc = bc_bars_read_csv(a.reference_path, &reference, NULL);
        if (rc == BC_OK)
            rc = reference_profile(model, reference, &profile);
        if (rc != BC_OK)
            status = cli_fail("monitor", a.reference_path, rc);
    }
    if (status == 0 && !profile && a.write_profile) {
        rc = bc_model_profile(model, &profile);
        if (rc != BC_OK)
            status = cli_fail("monitor", a.model_path, rc);
    }
    if (status == 0 && a.write_profile && (rc = bc_profile_save(profile, a.write_profile)) != BC_OK)
        status = cli_fail("monitor", a.write_profile, rc);
    if (status == 0 && profile && (rc = bc_monitor_set_profile(mon, profile)) != BC_OK)
        status = cli_fail("monitor", "profile", rc);
    if (status == 0 &&
        (rc = bc_monitor_check(mon, model, bars, decisions, bc_rejects_total(rejects))) != BC_OK)
        status = cli_fail("monitor", a.bars_path, rc);
    int64_t len = 0;
    if (status == 0) {
        bc_monitor_report_json(mon, NULL, 0, &len);
        report = malloc((size_t)len + 1);
        rc = report ? bc_monitor_report_json(mon, report, len + 1, &len) : BC_E_OUT_OF_MEMORY;
        if (rc != BC_OK)
            status = cli_fail("monitor", "report", rc);
    }
    json_t *root = status == 0 ? json_loads(report, 0, NULL) : NULL;
    if (status == 0 && !root)
        status = CLI_EXIT_FAILURE;
    if (status == 0) {
        if (a.json)
            printf("%s\n", report);
        else
            print_table(root);
        if (a.prom_port >= 0 || a.prom_file)
            publish(root);
        if (a.prom_file)
            status = cli_metrics_write_file("monitor", a.prom_file);
        if (status == 0 && a.prom_port >= 0) {
            fflush(stdout);
            if (cli_metrics_start("monitor", a.prom_port) != 0)
                status = CLI_EXIT_FAILURE;
            else
                cli_metrics_stop_after(a.prom_linger);
        }
        if (status == 0 && a.fail_on_retrain && bc_monitor_retrain(mon) == 1)
            status = 3;
    }
    json_decref(root);
    free(report);
    bc_profile_free(profile);
    bc_decisions_free(decisions);
    bc_rejects_free(rejects);
    bc_bars_free(reference);
    bc_bars_free(bars);
    bc_model_free(model);
    bc_monitor_free(mon);
    return status;
}
