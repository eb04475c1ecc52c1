/* cmd_lifecycle.c - the operator's commands around the training service:
 * `botcopier status`, `metrics [--export CSV]`, `models list`, `models
 * activate V` and `retrain [--full]`. Thin: each opens the registry of the
 * run folder (or $BOTCOPIER_DB) and prints what bc_registry_json returns. */
#include "tools/cli.h"
#include "tools/cli_lifecycle.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct lc_args {
    const char *run_dir, *db, *key, *export_path, *last, *job, *kind;
    int json, full;
};

static int lc_option(void *ctx, const char *name, const char *value)
{
    struct lc_args *a = ctx;
    if (strcmp(name, "run-dir") == 0)
        a->run_dir = value;
    else if (strcmp(name, "db") == 0)
        a->db = value;
    else if (strcmp(name, "key") == 0)
        a->key = value;
    else if (strcmp(name, "export") == 0)
        a->export_path = value;
    else if (strcmp(name, "last") == 0)
        a->last = value;
    else if (strcmp(name, "job") == 0)
        a->job = value;
    else if (strcmp(name, "json") == 0)
        a->json = 1;
    else if (strcmp(name, "kind") == 0)
        a->kind = value;
    else
        a->full = 1;
    return 0;
}

/* bc_registry_json into a parsed value (NULL after printing the failure). */
static json_t *query(const char *command, bc_registry *reg, const char *what, const char *arg)
{
    int32_t len = 0;
    int32_t rc = bc_registry_json(reg, what, arg, time(NULL), NULL, 0, &len);
    if (rc != BC_OK && rc != BC_E_BUFFER_TOO_SMALL) {
        cli_fail(command, what, rc);
        return NULL;
    }
    char *buf = malloc((size_t)len + 1);
    rc = buf ? bc_registry_json(reg, what, arg, time(NULL), buf, len + 1, &len)
             : BC_E_OUT_OF_MEMORY;
    json_t *out = rc == BC_OK ? json_loads(buf, 0, NULL) : NULL;
    free(buf);
    if (rc != BC_OK)
        cli_fail(command, what, rc);
    return out;
}

static void print_time(json_t *v, char *buf, size_t cap)
{
    if (!json_is_integer(v) || json_integer_value(v) == 0) {
        snprintf(buf, cap, "-");
        return;
    }
    time_t t = (time_t)json_integer_value(v);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, cap, "%Y-%m-%d %H:%M:%S", &tm);
}

static const char status_usage[] =
    "usage: botcopier status [--run-dir DIR] [--db URL] [--json]\n"
    "  The training service at a glance: daemons and their last heartbeat, jobs by\n"
    "  state, the latest jobs, the active model of each key.\n"
    LC_LOCATION_USAGE
    "  --json          the same as one JSON object (bc_registry_json \"status\")\n";

int cli_status(int argc, char **argv)
{
    static const cli_option options[] = {{"run-dir", 1}, {"db", 1}, {"json", 0}, {NULL, 0}};
    struct lc_args a = {0};
    int parsed = cli_parse_options("status", argc, argv, options, status_usage, lc_option, &a);
    if (parsed != 0)
        return parsed < 0 ? CLI_EXIT_OK : parsed;
    bc_registry *reg = NULL;
    int st = lc_open_registry("status", a.run_dir, a.db, &reg);
    if (st != 0)
        return st;
    json_t *s = query("status", reg, "status", NULL);
    bc_registry_free(reg);
    if (!s)
        return CLI_EXIT_FAILURE;
    if (a.json) {
        char *text = json_dumps(s, JSON_INDENT(1));
        printf("%s\n", text);
        free(text);
        json_decref(s);
        return CLI_EXIT_OK;
    }
    printf("database: %s   store: %s\n", json_string_value(json_object_get(s, "backend")),
           json_string_value(json_object_get(s, "store")));
    printf("\ndaemons:\n");
    size_t i;
    json_t *d;
    json_array_foreach(json_object_get(s, "daemons"), i, d)
        printf("  %-28s %-9s pid %-7lld jobs %lld/%lld  heartbeat %llds ago\n",
               json_string_value(json_object_get(d, "worker_id")),
               json_string_value(json_object_get(d, "state")),
               (long long)json_integer_value(json_object_get(d, "pid")),
               (long long)json_integer_value(json_object_get(d, "running")),
               (long long)json_integer_value(json_object_get(d, "max_jobs")),
               (long long)json_integer_value(json_object_get(d, "heartbeat_age_s")));
    if (json_array_size(json_object_get(s, "daemons")) == 0)
        printf("  (none has run)\n");
    printf("\njobs:");
    const char *k;
    json_t *n;
    json_object_foreach(json_object_get(s, "jobs"), k, n)
        printf("  %s %lld", k, (long long)json_integer_value(n));
    printf("\n\nlatest jobs:\n");
    json_array_foreach(json_object_get(s, "recent_jobs"), i, d) {
        char t[32];
        print_time(json_object_get(d, "created_at"), t, sizeof t);
        const char *err = json_string_value(json_object_get(d, "error"));
        const char *why = json_string_value(json_object_get(d, "reason"));
        printf("  %-6lld %-32s %-9s %-8s attempts %lld  %s%s%s%s%s\n",
               (long long)json_integer_value(json_object_get(d, "id")),
               json_string_value(json_object_get(d, "job_key")),
               json_string_value(json_object_get(d, "kind")),
               json_string_value(json_object_get(d, "state")),
               (long long)json_integer_value(json_object_get(d, "attempts")), t,
               why ? "  reason: " : "", why ? why : "", err ? "  " : "", err ? err : "");
    }
    printf("\nactive models:\n");
    json_array_foreach(json_object_get(s, "active_models"), i, d) {
        char t[32];
        print_time(json_object_get(d, "activated_at"), t, sizeof t);
        printf("  %-32s v%-6lld activated %s  %s\n",
               json_string_value(json_object_get(d, "model_key")),
               (long long)json_integer_value(json_object_get(d, "version")), t,
               json_string_value(json_object_get(d, "path")));
    }
    json_decref(s);
    return CLI_EXIT_OK;
}

static const char metrics_usage[] =
    "usage: botcopier metrics [--run-dir DIR] [--db URL] [--last N] [--export CSV]\n"
    "  Training and gate metrics recorded by the daemon's jobs, newest first\n"
    "  (data_points, accuracy, macro_f1, roc_auc, brier, holdout_fidelity_f1,\n"
    "  gate_candidate_score, gate_active_score, job_duration_s, ...).\n"
    LC_LOCATION_USAGE
    "  --last N        how many rows [100]\n"
    "  --export CSV    write them as CSV (id,time,job_id,model_key,version,name,value)\n";

int cli_metrics(int argc, char **argv)
{
    static const cli_option options[] = {{"run-dir", 1}, {"db", 1}, {"last", 1},
                                         {"export", 1}, {NULL, 0}};
    struct lc_args a = {0};
    int parsed = cli_parse_options("metrics", argc, argv, options, metrics_usage, lc_option,
                                   &a);
    if (parsed != 0)
        return parsed < 0 ? CLI_EXIT_OK : parsed;
    bc_registry *reg = NULL;
    int st = lc_open_registry("metrics", a.run_dir, a.db, &reg);
    if (st != 0)
        return st;
    json_t *rows = query("metrics", reg, "metrics", a.last);
    bc_registry_free(reg);
    if (!rows)
        return CLI_EXIT_FAILURE;
    FILE *out = stdout;
    char tmp[4200] = "";
    if (a.export_path) {
        snprintf(tmp, sizeof tmp, "%s.tmp", a.export_path);
        if (!(out = fopen(tmp, "w"))) {
            fprintf(stderr, "botcopier metrics: cannot write %s\n", tmp);
            json_decref(rows);
            return CLI_EXIT_FAILURE;
        }
        fprintf(out, "id,time,job_id,model_key,version,name,value\n");
    } else {
        printf("%-6s %-19s %-6s %-32s %-7s %-24s %s\n", "id", "time (UTC)", "job", "model_key",
               "version", "name", "value");
    }
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) {
        char t[32];
        print_time(json_object_get(r, "time"), t, sizeof t);
        json_t *val = json_object_get(r, "value");
        const char *key = json_string_value(json_object_get(r, "model_key"));
        if (a.export_path)
            fprintf(out, "%lld,%lld,%lld,%s,%lld,%s,%.17g\n",
                    (long long)json_integer_value(json_object_get(r, "id")),
                    (long long)json_integer_value(json_object_get(r, "time")),
                    (long long)json_integer_value(json_object_get(r, "job_id")), key ? key : "",
                    (long long)json_integer_value(json_object_get(r, "version")),
                    json_string_value(json_object_get(r, "name")),
                    json_is_number(val) ? json_number_value(val) : (double)NAN);
        else
            printf("%-6lld %-19s %-6lld %-32s %-7lld %-24s %.6g\n",
                   (long long)json_integer_value(json_object_get(r, "id")), t,
                   (long long)json_integer_value(json_object_get(r, "job_id")), key ? key : "",
                   (long long)json_integer_value(json_object_get(r, "version")),
                   json_string_value(json_object_get(r, "name")),
                   json_is_number(val) ? json_number_value(val) : (double)NAN);
    }
    int status = CLI_EXIT_OK;
    if (a.export_path) {
        if (fclose(out) != 0 || rename(tmp, a.export_path) != 0) {
            fprintf(stderr, "botcopier metrics: cannot write %s\n", a.export_path);
            status = CLI_EXIT_FAILURE;
        } else {
            printf("wrote %s (%zu rows)\n", a.export_path, json_array_size(rows));
        }
    }
    json_decref(rows);
    return status;
}

static const char models_usage[] =
    "usage: botcopier models list [--key KEY] [--json] [--run-dir DIR] [--db URL]\n"
    "       botcopier models activate VERSION [--run-dir DIR] [--db URL]\n"
    "  list      every version (or those of KEY = symbol/strategy/source) with its\n"
    "            state (staging, candidate, rejected, active, retired), gate scores,\n"
    "            data range and parent\n"
    "  activate  make VERSION the active model of its key now, bypassing the gate\n"
    "            (its file must load; the previous active version is retired)\n"
    LC_LOCATION_USAGE;

int cli_models(int argc, char **argv)
{
    if (argc < 2 || (strcmp(argv[1], "list") != 0 && strcmp(argv[1], "activate") != 0)) {
        if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
            fputs(models_usage, stdout);
            return CLI_EXIT_OK;
        }
        fprintf(stderr, "botcopier models: expected 'list' or 'activate VERSION'\n%s",
                models_usage);
        return CLI_EXIT_USAGE;
    }
    int activate = strcmp(argv[1], "activate") == 0;
    const char *version_text = NULL;
    int shift = 1;
    if (activate) {
        if (argc < 3 || argv[2][0] == '-') {
            fprintf(stderr, "botcopier models activate: VERSION is required\n%s", models_usage);
            return CLI_EXIT_USAGE;
        }
        version_text = argv[2];
        shift = 2;
    }
    static const cli_option options[] = {{"run-dir", 1}, {"db", 1}, {"key", 1}, {"json", 0},
                                         {NULL, 0}};
    struct lc_args a = {0};
    int parsed = cli_parse_options("models", argc - shift, argv + shift, options, models_usage,
                                   lc_option, &a);
    if (parsed != 0)
        return parsed < 0 ? CLI_EXIT_OK : parsed;
    char *end = NULL;
    long long version = version_text ? strtoll(version_text, &end, 10) : 0;
    if (version_text && (*end || version < 1)) {
        fprintf(stderr, "botcopier models activate: VERSION '%s' is not a version number "
                "(see botcopier models list)\n", version_text);
        return CLI_EXIT_USAGE;
    }
    bc_registry *reg = NULL;
    int st = lc_open_registry("models", a.run_dir, a.db, &reg);
    if (st != 0)
        return st;
    if (activate) {
        int32_t rc = bc_registry_activate(reg, version, time(NULL));
        bc_registry_free(reg);
        if (rc != BC_OK)
            return cli_fail("models activate", version_text, rc);
        printf("version %lld is active\n", version);
        return CLI_EXIT_OK;
    }
    json_t *rows = query("models", reg, "models", a.key);
    bc_registry_free(reg);
    if (!rows)
        return CLI_EXIT_FAILURE;
    if (a.json) {
        char *text = json_dumps(rows, JSON_INDENT(1));
        printf("%s\n", text);
        free(text);
    } else {
        printf("%-7s %-32s %-9s %-6s %-19s %-12s %-10s %-10s %s\n", "version", "model_key",
               "state", "parent", "created (UTC)", "gate_metric", "score", "baseline",
               "data range");
        size_t i;
        json_t *r;
        json_array_foreach(rows, i, r) {
            char t[32], f[32], to[32];
            print_time(json_object_get(r, "created_at"), t, sizeof t);
            print_time(json_object_get(r, "data_from"), f, sizeof f);
            print_time(json_object_get(r, "data_to"), to, sizeof to);
            json_t *gs = json_object_get(r, "gate_score"), *gb = json_object_get(r,
                                                                                 "gate_baseline");
            const char *gm = json_string_value(json_object_get(r, "gate_metric"));
            char score[24] = "-", base[24] = "-";
            if (json_is_number(gs))
                snprintf(score, sizeof score, "%.4f", json_number_value(gs));
            if (json_is_number(gb))
                snprintf(base, sizeof base, "%.4f", json_number_value(gb));
            printf("%-7lld %-32s %-9s %-6lld %-19s %-12s %-10s %-10s %s .. %s\n",
                   (long long)json_integer_value(json_object_get(r, "version")),
                   json_string_value(json_object_get(r, "model_key")),
                   json_string_value(json_object_get(r, "state")),
                   (long long)json_integer_value(json_object_get(r, "parent_version")), t,
                   gm ? gm : "-", score, base, f, to);
        }
    }
    json_decref(rows);
    return CLI_EXIT_OK;
}

static const char retrain_usage[] =
    "usage: botcopier retrain [--job KEY] [--full | --kind KIND] [--run-dir DIR] [--db URL]\n"
    "  Queues a training run of every job the daemons defined (or of KEY =\n"
    "  symbol/strategy/source) now; a daemon picks it up. By default it trains on\n"
    "  the latest TRAINING_BATCH_SIZE data points; --full on all the data; --kind\n"
    "  online, active or replay updates the active version, monitor checks it (see\n"
    "  botcopier daemon --help). The candidate goes through the validation gate\n"
    "  like a scheduled one.\n"
    LC_LOCATION_USAGE;

int cli_retrain(int argc, char **argv)
{
    static const cli_option options[] = {{"run-dir", 1}, {"db", 1}, {"job", 1}, {"full", 0},
                                         {"kind", 1}, {NULL, 0}};
    struct lc_args a = {0};
    int parsed = cli_parse_options("retrain", argc, argv, options, retrain_usage, lc_option,
                                   &a);
    if (parsed != 0)
        return parsed < 0 ? CLI_EXIT_OK : parsed;
    if (a.full && a.kind && strcmp(a.kind, "full") != 0) {
        fprintf(stderr, "botcopier retrain: --full and --kind %s disagree\n", a.kind);
        return CLI_EXIT_USAGE;
    }
    const char *kind = a.kind ? a.kind : a.full ? "full" : "retrain";
    bc_registry *reg = NULL;
    int st = lc_open_registry("retrain", a.run_dir, a.db, &reg);
    if (st != 0)
        return st;
    json_t *defs = query("retrain", reg, "defs", NULL);
    if (!defs) {
        bc_registry_free(reg);
        return CLI_EXIT_FAILURE;
    }
    int queued = 0, status = CLI_EXIT_OK;
    size_t i;
    json_t *d;
    int64_t now = time(NULL);
    json_array_foreach(defs, i, d) {
        const char *key = json_string_value(json_object_get(d, "job_key"));
        if (a.job && strcmp(a.job, key) != 0)
            continue;
        int64_t id = 0;
        int32_t rc = bc_jobs_enqueue(reg, key, kind, 0, now, now, &id);
        if (rc != BC_OK) {
            status = rc == BC_E_INVALID_ARGUMENT ? (fprintf(stderr, "botcopier retrain: %s\n",
                                                            bc_last_error()),
                                                    CLI_EXIT_USAGE)
                                                 : cli_fail("retrain", key, rc);
            break;
        }
        printf("queued job %lld: %s (%s)\n", (long long)id, key, kind);
        queued++;
    }
    json_decref(defs);
    bc_registry_free(reg);
    if (status == CLI_EXIT_OK && queued == 0) {
        if (a.job)
            fprintf(stderr, "botcopier retrain: job '%s' is not defined (botcopier status "
                    "lists the jobs; a daemon defines those of its config)\n", a.job);
        else
            fprintf(stderr, "botcopier retrain: no job is defined yet (start botcopier daemon "
                    "with its config once)\n");
        status = CLI_EXIT_FAILURE;
    }
    return status;
}
