/* cmd_clone.c - `botcopier clone`: learns a clone of a bot from its trade
 * log and bars, writes DIR/model.bcm, DIR/model.json, DIR/report.json and
 * prints the held-out metrics and fidelity as a table. */
#include "tools/cli.h"
#include "tools/cli_observe.h"

#include <errno.h>
#include <jansson.h>
#define XXH_INLINE_ALL
#include <xxhash.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char usage_text[] =
    "usage: botcopier clone --trades T.csv --bars B.csv --out DIR [options]\n"
    "       botcopier clone --trades T.csv --bars SYM1=B1.csv --bars SYM2=B2.csv ... --out DIR\n"
    "\n"
    "Learns a clone of the bot whose trade log is T.csv (trades_raw.csv schema) on the\n"
    "bars of its symbol (a log of several symbols: one --bars SYMBOL=FILE per symbol, one\n"
    "model with per-symbol state), and writes DIR/model.bcm, DIR/model.json (BotCopier keys) and\n"
    "DIR/report.json. Prints accuracy, per-class F1, ROC AUC, Brier and the clone's\n"
    "fidelity on the held-out tail (entries within +-1 bar, same direction). report.json\n"
    "also holds the bot's behaviour as readable rules (\"rules\", as botcopier explain prints).\n"
    "\n"
    "options:\n"
    "  --model auto|logistic|mlp|trees  model to train [auto: the best of logistic,\n"
    "                           trees and mlp on the validation slices]\n"
    "  --holdout F              held-out fraction at the end, 0.05..0.9 [0.3]\n"
    "  --features SPEC          feature spec [the default candidate set]\n"
    "  --search K|auto          signals per decision the signal search adds, 0..8\n"
    "                           [auto: 2 with the default set, 0 with --features]\n"
    "  --symbol S               symbol of the log to clone [its only one]\n"
    "  --half-life-days D       time decay of sample weights [0 = none]\n"
    "  --uncertain-file F       labelled uncertain_decisions.csv to train on too\n"
    "  --uncertain-weight W     weight of those rows [2]\n"
    "  --replay-file F          divergences.csv from `botcopier replay`\n"
    "  --replay-weight W        weight multiplier of diverging bars [1]\n"
    "  --symbol-graph G.json    node2vec embeddings of `botcopier graph` as features\n"
    "                           sym_emb_<j> (each symbol its own; multi-symbol logs)\n"
    "  --threshold T|auto       decision threshold [auto]\n"
    "  --time-zone TZ           clock of the bars' and the log's times: UTC, UTC+HH:MM or\n"
    "                           server (MetaTrader server time, as MT5 exports bars);\n"
    "                           recorded in the model with the symbol and bar period,\n"
    "                           which the EA checks its chart against [unknown]\n"
    "  --compress auto|yes|no   zstd-compress model.bcm [auto: no up to 64 MiB, so every\n"
    "                           host loads it, the Windows DLL (which has no zstd)\n"
    "                           included; yes above]\n"
    "  --set KEY=VALUE          any other cloner/trainer option (see botcopier.h)\n"
    "  --prom-port P            serve Prometheus metrics of the job on 127.0.0.1:P\n"
    "                           (elapsed time, log messages, fidelity when done)\n"
    "  --prom-linger S          keep serving them S seconds after the job, 0..3600 [0],\n"
    "                           so a scrape sees the final figures\n"
    "  --quiet                  no progress lines\n"
    "Logs go to stderr, or where $BOTCOPIER_LOG says (journal, jsonl:PATH, auto).\n";

static int set_option(bc_cloner *c, const char *key, const char *value)
{
    int32_t rc = bc_cloner_set(c, key, value);
    if (rc != BC_OK) {
        fprintf(stderr, "botcopier clone: %s: %s\n", key, bc_last_error());
        return CLI_EXIT_USAGE;
    }
    return 0;
}

static double num(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    return json_is_number(v) ? json_number_value(v) : NAN;
}

static void print_table(const char *report)
{
    json_t *root = json_loads(report, 0, NULL);
    if (!root)
        return;
    json_t *hold = json_object_get(root, "holdout"), *fid = json_object_get(root, "fidelity");
    json_t *classes = json_object_get(hold, "classes");
    char from[32];
    cli_format_time((int64_t)num(root, "holdout_start"), from, sizeof from);
    printf("clone of %s (%s, %d features, threshold %.3f)\n",
           json_string_value(json_object_get(root, "symbol")),
           json_string_value(json_object_get(root, "model")), (int)num(root, "features"),
           num(root, "threshold"));
    json_t *added = json_object_get(json_object_get(root, "search"), "added");
    if (json_array_size(added) > 0) {
        printf("signal search added:");
        size_t i;
        json_t *item;
        json_array_foreach(added, i, item)
        {
            printf("%s %s", i ? "," : "", json_string_value(item));
        }
        printf("\n");
    }
    printf("held-out tail: %d bars from %s\n\n", (int)num(root, "holdout_bars"), from);
    printf("  %-12s %9s %9s %9s %9s %9s\n", "class", "precision", "recall", "f1", "roc_auc",
           "support");
    const char *key;
    json_t *cls;
    json_object_foreach(classes, key, cls)
    {
        printf("  %-12s %9.3f %9.3f %9.3f %9.3f %9d\n", key, num(cls, "precision"),
               num(cls, "recall"), num(cls, "f1"), num(cls, "roc_auc"), (int)num(cls, "support"));
    }
    printf("\n  accuracy %.4f   macro F1 %.4f   ROC AUC %.4f   Brier %.4f\n", num(hold, "accuracy"),
           num(hold, "macro_f1"), num(hold, "roc_auc"), num(hold, "brier"));
    printf("\n  clone fidelity (entries within +-1 bar, same direction)\n");
    printf("  %-16s %9s %9s %9s %9s %9s %9s\n", "", "target", "clone", "matched", "precision",
           "recall", "F1");
    printf("  %-16s %9d %9d %9d %9.3f %9.3f %9.3f\n", "held-out entries", (int)num(fid, "target_entries"),
           (int)num(fid, "clone_entries"), (int)num(fid, "matched"), num(fid, "precision"),
           num(fid, "recall"), num(fid, "f1"));
    json_t *per_symbol = json_object_get(fid, "symbols");
    if (json_object_size(per_symbol) > 1) {
        json_t *f;
        json_object_foreach(per_symbol, key, f)
        {
            printf("  %-16s %9d %9d %9d %9.3f %9.3f %9.3f\n", key, (int)num(f, "target_entries"),
                   (int)num(f, "clone_entries"), (int)num(f, "matched"), num(f, "precision"),
                   num(f, "recall"), num(f, "f1"));
        }
    }
    json_decref(root);
}

/* The job's final figures as gauges on --prom-port (served until exit). */
static void publish_metrics(const char *report)
{
    json_t *root = json_loads(report, 0, NULL);
    json_t *fid = json_object_get(json_object_get(root, "holdout"), "fidelity");
    if (!fid)
        fid = json_object_get(root, "fidelity");
    const struct {
        const char *key, *name, *help;
    } gauges[] = {
        {"f1", "clone_fidelity_f1", "Held-out clone fidelity F1 (entries within 1 bar)."},
        {"precision", "clone_fidelity_precision", "Held-out clone fidelity precision."},
        {"recall", "clone_fidelity_recall", "Held-out clone fidelity recall."},
    };
    for (size_t i = 0; i < sizeof gauges / sizeof gauges[0]; i++) {
        json_t *v = json_object_get(fid, gauges[i].key);
        if (json_is_number(v))
            cli_metrics_set(gauges[i].name, gauges[i].help, json_number_value(v));
    }
    json_decref(root);
}

/* An input path as the manifest records it: absolute when it resolves (so
 * `botcopier report DIR` finds the bars and the log from anywhere), as
 * given otherwise; "SYMBOL=FILE" keeps its symbol. */
static json_t *input_path(const char *arg, int per_symbol)
{
    const char *eq = per_symbol ? strchr(arg, '=') : NULL;
    const char *file = eq ? eq + 1 : arg;
    char *real = realpath(file, NULL);
    char buf[8300];
    snprintf(buf, sizeof buf, "%.*s%s", eq ? (int)(eq - arg + 1) : 0, arg, real ? real : file);
    free(real);
    return json_string(buf);
}

/* manifest.json, written last: each output's size and XXH64, and the
 * inputs (trade log, bars) the report command reads again. A reader that
 * finds it and matching files has a consistent set; no manifest (a run
 * that stopped midway removed the old one first) means the set may mix
 * runs. */
static int write_manifest(const char *out_dir, const char *manifest, const char *trades_path,
                          const char *const *bars_args, int n_bars_args, int per_symbol)
{
    static const char *const names[] = {"model.bcm", "model.json", "report.json"};
    json_t *files = json_object();
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char path[4200];
        snprintf(path, sizeof path, "%s/%s", out_dir, names[i]);
        FILE *f = fopen(path, "rb");
        XXH64_state_t *st = XXH64_createState();
        if (!f || !st) {
            if (f)
                fclose(f);
            XXH64_freeState(st);
            json_decref(files);
            fprintf(stderr, "botcopier clone: cannot read back %s: %s\n", path, strerror(errno));
            return CLI_EXIT_FAILURE;
        }
        XXH64_reset(st, 0);
        char buf[65536];
        size_t n, total = 0;
        while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
            XXH64_update(st, buf, n);
            total += n;
        }
        fclose(f);
        char hex[17];
        snprintf(hex, sizeof hex, "%016llx", (unsigned long long)XXH64_digest(st));
        XXH64_freeState(st);
        json_object_set_new(files, names[i], json_pack("{s:I, s:s}", "size", (json_int_t)total,
                                                       "xxh64", hex));
    }
    json_t *bars = json_array();
    for (int k = 0; k < n_bars_args; k++)
        json_array_append_new(bars, input_path(bars_args[k], per_symbol));
    json_t *root = json_pack("{s:s, s:i, s:o, s:{s:o, s:o}}", "format", "botcopier-outputs",
                             "version", 1, "files", files, "inputs", "trades",
                             input_path(trades_path, 0), "bars", bars);
    char *text = root ? json_dumps(root, JSON_INDENT(2)) : NULL;
    json_decref(root);
    int32_t rc = text ? bc_write_file_atomic(manifest, text, (int64_t)strlen(text))
                      : BC_E_OUT_OF_MEMORY;
    free(text);
    return rc == BC_OK ? 0 : cli_fail("clone", manifest, rc);
}

/* mkdir -p: the output directory and any missing parents. */
static int make_dirs(const char *path)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(buf, 0777) != 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    return mkdir(buf, 0777) != 0 && errno != EEXIST ? -1 : 0;
}

/* Uncompressed unless asked (compress 1) or, on auto (-1), larger than
 * 64 MiB: clones are small, and an uncompressed file loads everywhere,
 * the Windows DLL (built without zstd) included. */
#define CLONE_COMPRESS_ABOVE ((int64_t)64 << 20)
static int32_t save_model(const bc_model *model, const char *path, int compress, int *compressed)
{
    int64_t size = 0;
    int32_t rc = bc_model_save_bytes_ex(model, NULL, 0, &size, BC_MODEL_SAVE_UNCOMPRESSED);
    if (rc != BC_OK && rc != BC_E_BUFFER_TOO_SMALL)
        return rc;
    if (compress < 0 && size > CLONE_COMPRESS_ABOVE) {
        compress = 1;
        fprintf(stderr, "botcopier clone: model.bcm is %lld bytes uncompressed, so it is written "
                "with zstd, which the Windows DLL cannot read (--compress no writes it plain)\n",
                (long long)size);
    }
    *compressed = compress > 0;
    return bc_model_save_ex(model, path, compress > 0 ? 0 : BC_MODEL_SAVE_UNCOMPRESSED);
}

/* What an EA checks its chart against, and whether the DLL loads the file. */
static void print_market(const bc_model *model, int compressed)
{
    char symbol[256] = "", zone[32] = "";
    int32_t len = 0;
    bc_model_symbol(model, symbol, sizeof symbol, &len);
    bc_model_time_zone(model, zone, sizeof zone, &len);
    long long seconds = (long long)bc_model_bar_seconds(model);
    printf("model.bcm: %s; bars of %s, %lld s apart, clock %s\n",
           compressed ? "zstd-compressed (the Windows DLL cannot load it)"
                      : "uncompressed (loads in botcopier.dll)",
           *symbol ? symbol : "?", seconds, *zone ? zone : "unknown");
    if (!*zone)
        printf("  the bars' clock is not recorded: pass --time-zone (UTC, UTC+HH:MM or server) so an "
               "EA can feed its bars on the same clock\n");
}

/* Options that are cloner keys of the same meaning. */
static const struct {
    const char *option, *key;
} clone_mapped[] = {{"model", "model"},
                    {"holdout", "holdout"},
                    {"features", "features"},
                    {"search", "search"},
                    {"symbol", "symbol"},
                    {"half-life-days", "half_life_days"},
                    {"uncertain-file", "uncertain_file"},
                    {"uncertain-weight", "uncertain_weight"},
                    {"replay-file", "replay_file"},
                    {"replay-weight", "replay_weight"},
                    {"symbol-graph", "symbol_graph"},
                    {"threshold", "threshold"},
                    {"time-zone", "time_zone"}};

struct clone_args {
    bc_cloner *cloner;
    const char *trades_path, *bars_path, *out_dir;
    const char *bars_args[64];
    int n_bars_args, quiet, prom_port;
    int compress; /* -1 auto, 0 no, 1 yes */
    double prom_linger;
};

static int clone_option(void *ctx, const char *name, const char *value)
{
    struct clone_args *a = ctx;
    for (size_t k = 0; k < sizeof clone_mapped / sizeof clone_mapped[0]; k++)
        if (strcmp(name, clone_mapped[k].option) == 0)
            return set_option(a->cloner, clone_mapped[k].key, value);
    if (strcmp(name, "quiet") == 0) {
        a->quiet = 1;
    } else if (strcmp(name, "trades") == 0) {
        a->trades_path = value;
    } else if (strcmp(name, "out") == 0) {
        a->out_dir = value;
    } else if (strcmp(name, "bars") == 0) {
        if (a->n_bars_args == 64) {
            fprintf(stderr, "botcopier clone: more than 64 --bars\n");
            return CLI_EXIT_USAGE;
        }
        a->bars_path = a->bars_args[a->n_bars_args++] = value;
    } else if (strcmp(name, "compress") == 0) {
        if (strcmp(value, "auto") == 0)
            a->compress = -1;
        else if (strcmp(value, "yes") == 0)
            a->compress = 1;
        else if (strcmp(value, "no") == 0)
            a->compress = 0;
        else {
            fprintf(stderr, "botcopier clone: --compress '%s' must be auto, yes or no\n", value);
            return CLI_EXIT_USAGE;
        }
    } else if (strcmp(name, "prom-port") == 0) {
        double port;
        if (cli_parse_number("clone", "--prom-port", value, 0, 65535, &port) != 0)
            return CLI_EXIT_USAGE;
        a->prom_port = (int)port;
    } else if (strcmp(name, "prom-linger") == 0) {
        if (cli_parse_number("clone", "--prom-linger", value, 0, 3600, &a->prom_linger) != 0)
            return CLI_EXIT_USAGE;
    } else { /* --set KEY=VALUE */
        char kv[512];
        snprintf(kv, sizeof kv, "%s", value);
        char *eq = strchr(kv, '=');
        if (!eq) {
            fprintf(stderr, "botcopier clone: --set '%s' must be KEY=VALUE\n", kv);
            return CLI_EXIT_USAGE;
        }
        *eq = '\0';
        return set_option(a->cloner, kv, eq + 1);
    }
    return 0;
}

/* report.json gains "rules": bc_model_explain on the clone's bars (the
 * rules `botcopier explain DIR` prints). A failure to explain leaves the
 * report as the cloner wrote it, with a warning: the clone itself is fine. */
static double add_rules_to_report(const bc_model *model, const bc_trades *trades,
                                  const bc_bars *bars, bc_bars *const *symbol_bars,
                                  const char *const *bars_args, int n_bars_args, int per_symbol,
                                  const char *path)
{
    double coverage = NAN;
    const bc_bars *series[64];
    char names[64][64];
    const char *symbols[64];
    int n = per_symbol ? n_bars_args : 1;
    for (int k = 0; k < n; k++) {
        series[k] = per_symbol ? symbol_bars[k] : bars;
        symbols[k] = NULL;
        const char *eq = per_symbol ? strchr(bars_args[k], '=') : NULL;
        if (eq) {
            snprintf(names[k], sizeof names[k], "%.*s", (int)(eq - bars_args[k]), bars_args[k]);
            symbols[k] = names[k];
        }
    }
    char *rules = NULL;
    int32_t rc = cli_explain_json(model, series, trades, symbols, n, 0, 0, &rules);
    json_t *report = rc == BC_OK ? json_load_file(path, 0, NULL) : NULL;
    json_t *parsed = report ? json_loads(rules, 0, NULL) : NULL;
    if (parsed) {
        json_object_set_new(report, "rules", parsed);
        char *text = json_dumps(report, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
                                            JSON_REAL_PRECISION(10));
        rc = text ? bc_write_file_atomic(path, text, (int64_t)strlen(text)) : BC_E_OUT_OF_MEMORY;
        free(text);
        if (rc == BC_OK)
            coverage = json_number_value(json_object_get(parsed, "coverage"));
    }
    if (rc != BC_OK || !parsed)
        fprintf(stderr, "botcopier clone: report.json has no rules: %s\n",
                rc != BC_OK ? bc_last_error() : "cannot read it back");
    json_decref(report);
    free(rules);
    return coverage;
}

int cli_clone(int argc, char **argv)
{
    static const cli_option clone_options[] = {
        {"model", 1},          {"holdout", 1},        {"features", 1},
        {"search", 1},         {"symbol", 1},         {"half-life-days", 1},
        {"uncertain-file", 1}, {"uncertain-weight", 1}, {"replay-file", 1},
        {"replay-weight", 1},  {"symbol-graph", 1},   {"threshold", 1},
        {"quiet", 0},          {"trades", 1},         {"out", 1},
        {"bars", 1},           {"prom-port", 1},      {"prom-linger", 1},
        {"set", 1},            {"time-zone", 1},      {"compress", 1},
        {NULL, 0}};
    struct clone_args a = {.prom_port = -1, .compress = -1};
    int32_t rc = bc_cloner_create(&a.cloner);
    if (rc != BC_OK)
        return cli_fail("clone", "create", rc);
    bc_cloner *cloner = a.cloner;
    int status = cli_parse_options("clone", argc, argv, clone_options, usage_text, clone_option,
                                   &a);
    if (status < 0) {
        bc_cloner_free(cloner);
        return CLI_EXIT_OK;
    }
    const char *trades_path = a.trades_path, *bars_path = a.bars_path, *out_dir = a.out_dir;
    const char *const *bars_args = a.bars_args;
    int n_bars_args = a.n_bars_args, quiet = a.quiet, prom_port = a.prom_port;
    double prom_linger = a.prom_linger;
    if (status == 0 && (!trades_path || !bars_path || !out_dir)) {
        fprintf(stderr, "botcopier clone: --trades, --bars and --out are required\n%s", usage_text);
        status = CLI_EXIT_USAGE;
    }
    if (status != 0) {
        bc_cloner_free(cloner);
        return status;
    }
    status = cli_progress_for("clone", quiet);
    if (status == 0 && prom_port >= 0 && cli_metrics_start("clone", prom_port) != 0)
        status = CLI_EXIT_FAILURE;
    if (status != 0) {
        bc_cloner_free(cloner);
        return status;
    }
    if (make_dirs(out_dir) != 0) {
        fprintf(stderr, "botcopier clone: cannot create %s: %s\n", out_dir, strerror(errno));
        bc_cloner_free(cloner);
        return CLI_EXIT_FAILURE;
    }
    bc_trades *trades = NULL;
    bc_bars *bars = NULL, *symbol_bars[64] = {NULL};
    bc_model *model = NULL;
    char *report = NULL;
    /* The outputs are a set: the manifest goes first and comes back last. */
    char manifest[4200];
    snprintf(manifest, sizeof manifest, "%s/manifest.json", out_dir);
    if (unlink(manifest) != 0 && errno != ENOENT) {
        fprintf(stderr, "botcopier clone: cannot remove %s: %s\n", manifest, strerror(errno));
        bc_cloner_free(cloner);
        return CLI_EXIT_FAILURE;
    }
    status = cli_read_trades("clone", trades_path, out_dir, &trades);
    /* SYMBOL=FILE registers bars per symbol; a plain file is the bars of
     * the log's one symbol. */
    const char *eq0 = strchr(bars_path, '=');
    int per_symbol = n_bars_args > 1 || (eq0 && !memchr(bars_path, '/', (size_t)(eq0 - bars_path)) &&
                                         access(bars_path, R_OK) != 0);
    for (int k = 0; status == 0 && per_symbol && k < n_bars_args; k++) {
        char symbol[64];
        const char *eq = strchr(bars_args[k], '=');
        if (!eq || eq == bars_args[k] || (size_t)(eq - bars_args[k]) >= sizeof symbol) {
            fprintf(stderr, "botcopier clone: --bars '%s': with several --bars each is SYMBOL=FILE\n",
                    bars_args[k]);
            status = CLI_EXIT_USAGE;
            break;
        }
        snprintf(symbol, sizeof symbol, "%.*s", (int)(eq - bars_args[k]), bars_args[k]);
        status = cli_read_bars("clone", eq + 1, out_dir, &symbol_bars[k]);
        if (status == 0 && (rc = bc_cloner_add_bars(cloner, symbol, symbol_bars[k])) != BC_OK)
            status = cli_fail("clone", bars_args[k], rc);
    }
    if (status == 0 && !per_symbol)
        status = cli_read_bars("clone", bars_path, out_dir, &bars);
    if (status == 0) {
        rc = bc_cloner_fit(cloner, trades, bars, &model);
        if (rc != BC_OK)
            status = cli_fail("clone", trades_path, rc);
    }
    char path[4096];
    int compressed = 0;
    double rules_coverage = NAN;
    if (status == 0) {
        snprintf(path, sizeof path, "%s/model.bcm", out_dir);
        rc = save_model(model, path, a.compress, &compressed);
        if (rc == BC_OK) {
            snprintf(path, sizeof path, "%s/model.json", out_dir);
            rc = bc_model_write_json(model, path);
        }
        if (rc != BC_OK)
            status = cli_fail("clone", path, rc);
    }
    if (status == 0) {
        int32_t len = 0;
        bc_cloner_report_json(cloner, NULL, 0, &len);
        report = malloc((size_t)len + 1);
        rc = report ? bc_cloner_report_json(cloner, report, len + 1, &len) : BC_E_OUT_OF_MEMORY;
        if (rc != BC_OK) {
            status = cli_fail("clone", "report", rc);
        } else {
            snprintf(path, sizeof path, "%s/report.json", out_dir);
            rc = bc_cloner_write_report(cloner, path);
            if (rc != BC_OK)
                status = cli_fail("clone", path, rc);
            else
                rules_coverage = add_rules_to_report(model, trades, bars, symbol_bars, bars_args,
                                                     n_bars_args, per_symbol, path);
        }
    }
    if (status == 0)
        status = write_manifest(out_dir, manifest, trades_path, bars_args, n_bars_args,
                                per_symbol);
    if (status == 0 && prom_port >= 0)
        publish_metrics(report);
    if (status == 0) {
        print_table(report);
        printf("\nwrote %s/model.bcm, %s/model.json, %s/report.json\n", out_dir, out_dir, out_dir);
        print_market(model, compressed);
        printf("report: botcopier report %s --out %s/report.html\n", out_dir, out_dir);
        if (!isnan(rules_coverage))
            printf("rules: %.1f%% of the clone's decisions inside a readable rule "
                   "(botcopier explain --model %s)\n", 100.0 * rules_coverage, out_dir);
    }
    free(report);
    bc_model_free(model);
    bc_bars_free(bars);
    for (int k = 0; k < n_bars_args; k++)
        bc_bars_free(symbol_bars[k]);
    bc_trades_free(trades);
    bc_cloner_free(cloner);
    if (prom_port >= 0)
        cli_metrics_stop_after(prom_linger);
    cli_log_close();
    return status;
}
