/* cmd_daemon.c - `botcopier daemon --config FILE`: the training service. It
 * defines the jobs of its config (symbol x strategy x data source), queues
 * them on their cron schedules, and runs jobs from the shared queue - its
 * own or any other daemon's - each in a child process (`botcopier
 * train-job`) with a timeout, retries with backoff, heartbeat rows, lease
 * expiry of dead daemons' jobs, retention cleanup and a graceful SIGTERM.
 * The queue, registry and gate are the library's (bc_jobs_*, bc_registry_*);
 * this file owns processes, clocks and signals. */
#include "tools/cli.h"
#include "tools/cli_lifecycle.h"
#include "tools/cli_observe.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char daemon_usage_head[] =
    "usage: botcopier daemon --config FILE [--run-dir DIR] [--db URL] [--worker-id ID]\n"
    "                        [--once] [--no-schedule]\n"
    "  --config FILE   jobs and settings (JSON):\n"
    "                    {\"settings\": {NAME: value, ...},\n"
    "                     \"symbols\": [\"EURUSD\", ...],\n"
    "                     \"strategies\": [\"logistic\" | {\"name\", \"model\", \"options\": {cloner\n"
    "                                   keys}, \"trainer\", \"cron\"}, ...],\n"
    "                     \"sources\": [{\"name\", \"trades\", \"bars\", \"trainer\", \"cron\"}, ...],\n"
    "                     \"jobs\": [{\"symbol\", \"strategy\", \"source\", \"trades\", \"bars\",\n"
    "                              \"model\", \"options\", \"trainer\", \"cron\", \"schedules\",\n"
    "                              \"uncertain\", \"divergences\", \"live_bars\",\n"
    "                              \"decisions\", \"monitor\"}, ...]}\n"
    "                  One job per symbol x strategy x source (key symbol/strategy/source)\n"
    "                  plus each of \"jobs\"; {symbol} in paths and trainer commands is\n"
    "                  replaced, relative paths are from the config's folder. A strategy's\n"
    "                  model is the cloner's (auto, logistic, mlp, trees; default its name);\n"
    "                  a trainer is a shell command that writes $BOTCOPIER_JOB_DIR/model.bcm\n"
    "                  (and optionally metrics.json) instead of the built-in cloner.\n"
    "                  Job kinds and their schedules (each field may sit on a strategy,\n"
    "                  a source or a job):\n"
    "                    \"cron\": CRON      kind scheduled: a refit on the latest N bars\n"
    "                                      (N = TRAINING_BATCH_SIZE); by default on the\n"
    "                                      setting TRAINING_CRON_SCHEDULE (\"\" = never)\n"
    "                    \"schedules\": {KIND: CRON, ...} with KIND one of\n"
    "                      full     a refit on all the data\n"
    "                      online   the active version updated on the trade-log events\n"
    "                               after its last_event_id (time-decay weights,\n"
    "                               ONLINE_* settings); the version row records the new\n"
    "                               last_event_id; a trees model gets ONLINE_TREES_ROUNDS\n"
    "                               more boosting rounds (up to ONLINE_MAX_TREES trees)\n"
    "                      active   the same plus \"uncertain\": a labelled\n"
    "                               uncertain_decisions.csv, each row UNCERTAIN_WEIGHT\n"
    "                      replay   the same plus \"divergences\": a divergences.csv\n"
    "                               (botcopier replay), a diverged bar weighing\n"
    "                               REPLAY_WEIGHT x its weight\n"
    "                      monitor  botcopier monitor of the active version on\n"
    "                               \"live_bars\" (else \"bars\") and \"decisions\" with\n"
    "                               \"monitor\": {bc_monitor_set key: value}; a retrain\n"
    "                               verdict queues one MONITOR_RETRAIN_KIND job with the\n"
    "                               reasons (none while one is queued or running, one\n"
    "                               per verdict), shown by botcopier status\n"
    "                  Every training kind makes a candidate whose parent is the active\n"
    "                  version; the validation gate (GATE_*) decides its activation on\n"
    "                  the newest GATE_WINDOW of the bars (the cloner's held-out tail\n"
    "                  for a refit), which the candidate never trains on: updates learn\n"
    "                  the rows before it; a trainer gets its start in\n"
    "                  $BOTCOPIER_GATE_FROM.\n"
    LC_LOCATION_USAGE
    "  --worker-id ID  this daemon's name in the queue and heartbeats [HOST-PID]\n"
    "  --once          run what is queued now, then exit (no schedule, no waiting)\n"
    "  --no-schedule   run queued jobs only; queue nothing from the cron schedules\n"
    "  --prom-port N   serve Prometheus gauges on 127.0.0.1:N/metrics: botcopier_daemon_\n"
    "                  running_jobs, _jobs_done, _jobs_failed, _jobs_skipped, _jobs_rejected\n"
    "                  (counts since start), _heartbeat_ok (1 while the database answers)\n"
    "  Logs: $BOTCOPIER_LOG (journal, jsonl:PATH, auto), else timestamped lines on stderr.\n"
    "Settings (config \"settings\", overridden by environment variables of the same\n"
    "name), with their defaults:\n";

struct daemon_args {
    const char *config, *run_dir, *db, *worker_id, *prom_port;
    int once, no_schedule;
};

static int daemon_option(void *ctx, const char *name, const char *value)
{
    struct daemon_args *a = ctx;
    if (strcmp(name, "config") == 0)
        a->config = value;
    else if (strcmp(name, "run-dir") == 0)
        a->run_dir = value;
    else if (strcmp(name, "db") == 0)
        a->db = value;
    else if (strcmp(name, "worker-id") == 0)
        a->worker_id = value;
    else if (strcmp(name, "once") == 0)
        a->once = 1;
    else if (strcmp(name, "prom-port") == 0)
        a->prom_port = value;
    else
        a->no_schedule = 1;
    return 0;
}

static volatile sig_atomic_t stop_requests = 0;

static void on_stop(int sig)
{
    (void)sig;
    stop_requests++;
}

static int log_level = BC_LOG_INFO;
static char worker[256];

static void dlog(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void dlog(int level, const char *fmt, ...)
{
    if (level > log_level)
        return;
    if (strcmp(cli_log_destination(), "stderr") != 0) {
        /* $BOTCOPIER_LOG: the journal or JSON lines, with the library's. */
        char message[2048];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(message, sizeof message, fmt, ap);
        va_end(ap);
        cli_log_event(level, "daemon[%s]: %s", worker, message);
        return;
    }
    char ts[32];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
    static const char *const names[] = {"", "ERROR", "WARN", "INFO", "DEBUG"};
    fprintf(stderr, "%s %s daemon[%s]: ", ts, names[level], worker);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    fflush(stderr);
}

/* --- config ------------------------------------------------------------ */

/* One schedule of a job: its kind and cron. */
struct tick {
    char kind[16];
    char cron_text[256];
    bc_cron *cron;
    int64_t next_fire;
};

/* Kinds a job's "schedules" may name ("cron" is kind "scheduled"). */
static const char *const schedule_kinds[] = {"full", "online", "active", "replay", "monitor"};
#define MAX_TICKS 6

struct job_def {
    char key[256];
    char *spec;          /* JSON text */
    char cron_text[256]; /* the "scheduled" kind's, "" = none */
    struct tick ticks[MAX_TICKS];
    int n_ticks;
};

static void free_defs(struct job_def *defs, int n)
{
    for (int i = 0; i < n; i++) {
        free(defs[i].spec);
        for (int t = 0; t < defs[i].n_ticks; t++)
            bc_cron_free(defs[i].ticks[t].cron);
    }
    free(defs);
}

static char *replace_symbol(const char *text, const char *symbol)
{
    size_t cap = strlen(text) * 2 + strlen(symbol) * 8 + 1;
    char *out = malloc(cap), *w = out;
    if (!out)
        return NULL;
    for (const char *p = text; *p;) {
        if (strncmp(p, "{symbol}", 8) == 0 && (size_t)(w - out) + strlen(symbol) < cap - 1) {
            w += sprintf(w, "%s", symbol);
            p += 8;
        } else if ((size_t)(w - out) < cap - 1) {
            *w++ = *p++;
        } else {
            break;
        }
    }
    *w = '\0';
    return out;
}

static json_t *path_value(const char *base, const char *text, const char *symbol)
{
    char *p = replace_symbol(text, symbol);
    char full[4200];
    if (p && p[0] != '/' && base[0])
        snprintf(full, sizeof full, "%s/%s", base, p);
    else
        snprintf(full, sizeof full, "%s", p ? p : "");
    free(p);
    char real[PATH_MAX];
    return json_string(realpath(full, real) ? real : full);
}

static int name_ok(const char *s)
{
    return s && *s && strlen(s) < 64 &&
           strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") ==
               strlen(s);
}

/* Builds the spec of one job from its symbol, strategy and source objects
 * (any may be NULL; explicit is a "jobs" entry whose fields win). */
static int add_job(const char *base, const char *symbol, json_t *strategy, json_t *source,
                   json_t *explicit, const char *default_cron, struct job_def **defs, int *n)
{
    const char *sname = json_is_string(strategy) ? json_string_value(strategy)
                                                 : json_string_value(json_object_get(strategy,
                                                                                     "name"));
    const char *srcname = json_string_value(json_object_get(source, "name"));
    if (explicit) {
        if (json_is_string(json_object_get(explicit, "strategy")))
            sname = json_string_value(json_object_get(explicit, "strategy"));
        if (json_is_string(json_object_get(explicit, "source")))
            srcname = json_string_value(json_object_get(explicit, "source"));
    }
    if (!srcname)
        srcname = "default";
    if (!name_ok(symbol) || !name_ok(sname) || !name_ok(srcname)) {
        fprintf(stderr, "botcopier daemon: a job needs a symbol, strategy and source name "
                "of letters, digits, '.', '_' or '-' (got '%s', '%s', '%s')\n",
                symbol ? symbol : "", sname ? sname : "", srcname);
        return CLI_EXIT_USAGE;
    }
    json_t *spec = json_object();
    json_object_set_new(spec, "symbol", json_string(symbol));
    json_object_set_new(spec, "strategy", json_string(sname));
    json_object_set_new(spec, "source", json_string(srcname));
    json_object_set_new(spec, "model", json_string(sname));
    json_t *layers[3] = {json_is_object(strategy) ? strategy : NULL, source, explicit};
    for (int l = 0; l < 3; l++) {
        json_t *o = layers[l];
        if (!o)
            continue;
        const char *k;
        json_t *v;
        json_object_foreach(o, k, v) {
            if (strcmp(k, "trades") == 0 || strcmp(k, "bars") == 0 ||
                strcmp(k, "live_bars") == 0 || strcmp(k, "decisions") == 0 ||
                strcmp(k, "uncertain") == 0 || strcmp(k, "divergences") == 0) {
                if (!json_is_string(v))
                    goto bad_field;
                json_object_set_new(spec, k, path_value(base, json_string_value(v), symbol));
            } else if (strcmp(k, "trainer") == 0 || strcmp(k, "cron") == 0 ||
                       strcmp(k, "model") == 0) {
                if (!json_is_string(v))
                    goto bad_field;
                char *t = replace_symbol(json_string_value(v), symbol);
                json_object_set_new(spec, k, json_string(t ? t : ""));
                free(t);
            } else if (strcmp(k, "options") == 0 || strcmp(k, "schedules") == 0 ||
                       strcmp(k, "monitor") == 0) {
                if (!json_is_object(v))
                    goto bad_field;
                json_t *merged = json_object_get(spec, k);
                if (!merged)
                    json_object_set_new(spec, k, merged = json_object());
                json_object_update(merged, v);
            } else if (strcmp(k, "name") != 0 && strcmp(k, "symbol") != 0 &&
                       strcmp(k, "strategy") != 0 && strcmp(k, "source") != 0) {
                fprintf(stderr, "botcopier daemon: job field '%s' is unknown (symbol, strategy,"
                        " source, trades, bars, model, options, trainer, cron, schedules,"
                        " uncertain, divergences, live_bars, decisions, monitor)\n", k);
                json_decref(spec);
                return CLI_EXIT_USAGE;
            }
            continue;
        bad_field:
            fprintf(stderr, "botcopier daemon: job field '%s' has the wrong type\n", k);
            json_decref(spec);
            return CLI_EXIT_USAGE;
        }
    }
    struct job_def *grown = realloc(*defs, (size_t)(*n + 1) * sizeof **defs);
    if (!grown) {
        json_decref(spec);
        return CLI_EXIT_FAILURE;
    }
    *defs = grown;
    struct job_def *d = &grown[*n];
    memset(d, 0, sizeof *d);
    snprintf(d->key, sizeof d->key, "%s/%s/%s", symbol, sname, srcname);
    for (int i = 0; i < *n; i++)
        if (strcmp(grown[i].key, d->key) == 0) {
            fprintf(stderr, "botcopier daemon: job %s is defined twice\n", d->key);
            json_decref(spec);
            return CLI_EXIT_USAGE;
        }
    const char *cron = json_string_value(json_object_get(spec, "cron"));
    snprintf(d->cron_text, sizeof d->cron_text, "%s", cron ? cron : default_cron);
    /* "cron" ("" = none) queues kind "scheduled"; "schedules" the others. */
    int st = 0;
    if (d->cron_text[0]) {
        snprintf(d->ticks[0].kind, sizeof d->ticks[0].kind, "scheduled");
        snprintf(d->ticks[0].cron_text, sizeof d->ticks[0].cron_text, "%s", d->cron_text);
        d->n_ticks = 1;
    }
    const char *kind;
    json_t *cv;
    json_object_foreach(json_object_get(spec, "schedules"), kind, cv) {
        size_t k = 0;
        while (k < sizeof schedule_kinds / sizeof schedule_kinds[0] &&
               strcmp(kind, schedule_kinds[k]) != 0)
            k++;
        if (k == sizeof schedule_kinds / sizeof schedule_kinds[0] || !json_is_string(cv)) {
            fprintf(stderr, "botcopier daemon: job %s: schedules key '%s' must be one of full, "
                    "online, active, replay, monitor with a cron text\n", d->key, kind);
            st = CLI_EXIT_USAGE;
            break;
        }
        struct tick *t = &d->ticks[d->n_ticks++];
        snprintf(t->kind, sizeof t->kind, "%s", kind);
        snprintf(t->cron_text, sizeof t->cron_text, "%s", json_string_value(cv));
    }
    for (int t = 0; st == 0 && t < d->n_ticks; t++)
        if (bc_cron_parse(d->ticks[t].cron_text, &d->ticks[t].cron) != BC_OK) {
            fprintf(stderr, "botcopier daemon: job %s: %s: %s\n", d->key, d->ticks[t].kind,
                    bc_last_error());
            st = CLI_EXIT_USAGE;
        }
    if (st != 0) {
        for (int t = 0; t < d->n_ticks; t++)
            bc_cron_free(d->ticks[t].cron);
        json_decref(spec);
        return st;
    }
    d->spec = json_dumps(spec, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(spec);
    (*n)++;
    return 0;
}

static int load_config(const char *path, struct lc_values *settings, struct job_def **defs,
                       int *n)
{
    json_error_t err;
    json_t *root = json_load_file(path, 0, &err);
    if (!root || !json_is_object(root)) {
        fprintf(stderr, "botcopier daemon: %s line %d: %s\n", path, err.line,
                root ? "the config must be a JSON object" : err.text);
        json_decref(root);
        return CLI_EXIT_USAGE;
    }
    char base[4096];
    snprintf(base, sizeof base, "%s", path);
    char *slash = strrchr(base, '/');
    if (slash)
        *slash = '\0';
    else
        base[0] = '\0';
    json_t *set = json_object_get(root, "settings");
    char *set_text = set ? json_dumps(set, 0) : NULL;
    int st = lc_settings_load("daemon", set_text, settings);
    free(set_text);
    const char *k;
    json_t *v;
    json_object_foreach(root, k, v)
        if (st == 0 && strcmp(k, "settings") && strcmp(k, "symbols") &&
            strcmp(k, "strategies") && strcmp(k, "sources") && strcmp(k, "jobs")) {
            fprintf(stderr, "botcopier daemon: %s: key '%s' is unknown (settings, symbols, "
                    "strategies, sources, jobs)\n", path, k);
            st = CLI_EXIT_USAGE;
        }
    json_t *symbols = json_object_get(root, "symbols"), *strategies =
        json_object_get(root, "strategies"), *sources = json_object_get(root, "sources");
    size_t i, j, s;
    json_t *sym, *str, *src;
    json_array_foreach(symbols, i, sym)
        json_array_foreach(strategies, j, str)
            json_array_foreach(sources, s, src)
                if (st == 0)
                    st = add_job(base, json_string_value(sym), str, src, NULL,
                                 settings->text[LC_CRON], defs, n);
    json_t *job;
    json_array_foreach(json_object_get(root, "jobs"), i, job)
        if (st == 0)
            st = add_job(base, json_string_value(json_object_get(job, "symbol")), NULL, NULL,
                         job, settings->text[LC_CRON], defs, n);
    json_decref(root);
    if (st == 0 && *n == 0) {
        fprintf(stderr, "botcopier daemon: %s defines no job (symbols x strategies x sources, "
                "or jobs)\n", path);
        st = CLI_EXIT_USAGE;
    }
    return st;
}

/* --- running jobs ------------------------------------------------------ */

struct slot {
    int used;
    int64_t job_id;
    int32_t attempt;
    pid_t pid;
    int64_t started;
    int exited;      /* reaped: status below */
    int wait_status;
    int timed_out;
    char key[256];
    char dir[4096];
};

static char self_exe[PATH_MAX];
static double count_done, count_failed, count_skipped, count_rejected;
static int prometheus;

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path) != 0 && errno != ENOENT ? -1 : 0;
}

/* Removes a job folder (files of our own, no symbolic links followed). */
static int rm_tree(const char *dir)
{
    return nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS) != 0 && errno != ENOENT ? -1 : 0;
}

static int start_job(bc_registry *reg, const char *run_dir, const char *db, const char *store,
                     const struct lc_values *settings, struct slot *s)
{
    char buf[1 << 16];
    int32_t len = 0;
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)s->job_id);
    int32_t rc = bc_registry_json(reg, "job", id, time(NULL), buf, sizeof buf, &len);
    if (rc != BC_OK) {
        dlog(BC_LOG_ERROR, "job %s: cannot read it: %s", id, bc_last_error());
        return -1;
    }
    json_t *job = json_loads(buf, 0, NULL);
    snprintf(s->key, sizeof s->key, "%s", json_string_value(json_object_get(job, "job_key")));
    snprintf(s->dir, sizeof s->dir, "%s/work/job-%lld-a%d", run_dir, (long long)s->job_id,
             (int)s->attempt);
    char work[4200];
    snprintf(work, sizeof work, "%s/work", run_dir);
    mkdir(work, 0775);
    rm_tree(s->dir);
    if (mkdir(s->dir, 0700) != 0) {
        dlog(BC_LOG_ERROR, "job %s: cannot create %s: %s", id, s->dir, strerror(errno));
        json_decref(job);
        return -1;
    }
    json_t *root = json_object(), *set = json_object();
    for (int i = 0; i < LC_SETTINGS; i++)
        json_object_set_new(set, lc_settings[i].name,
                            lc_settings[i].lo <= lc_settings[i].hi ? json_real(settings->num[i])
                                                                 : json_string(settings->text[i]));
    json_object_set_new(root, "job", job);
    json_object_set_new(root, "settings", set);
    json_object_set_new(root, "db", json_string(db));
    json_object_set_new(root, "store", json_string(store));
    json_object_set_new(root, "worker_id", json_string(worker));
    char job_path[4200], log_path[4200];
    snprintf(job_path, sizeof job_path, "%s/job.json", s->dir);
    snprintf(log_path, sizeof log_path, "%s/log.txt", s->dir);
    int dumped = json_dump_file(root, job_path, JSON_INDENT(1));
    json_decref(root);
    if (dumped != 0) {
        dlog(BC_LOG_ERROR, "job %s: cannot write %s", id, job_path);
        return -1;
    }
    fflush(NULL);
    pid_t daemon_pid = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        dlog(BC_LOG_ERROR, "job %s: fork: %s", id, strerror(errno));
        return -1;
    }
    if (pid == 0) {
        /* Own process group: a timeout kills the trainer's children too;
         * a daemon that dies (kill -9) takes the attempt with it - its job
         * is taken back after the lease, never finished by an orphan. */
        setpgid(0, 0);
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != daemon_pid)
            _exit(126); /* the daemon died before prctl */
        int fd = open(log_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
        }
        signal(SIGTERM, SIG_DFL);
        signal(SIGINT, SIG_DFL);
        signal(SIGPIPE, SIG_DFL);
        execl(self_exe, "botcopier", "train-job", "--job", job_path, (char *)NULL);
        _exit(127);
    }
    setpgid(pid, pid);
    s->pid = pid;
    s->started = time(NULL);
    s->exited = s->timed_out = 0;
    s->used = 1;
    dlog(BC_LOG_INFO, "job %lld (%s) attempt %d started, pid %d", (long long)s->job_id, s->key,
         (int)s->attempt, (int)pid);
    dlog(BC_LOG_DEBUG, "job %lld: %s train-job --job %s/job.json (log %s/log.txt)",
         (long long)s->job_id, self_exe, s->dir, s->dir);
    return 0;
}

/* The last non-empty line of the job's log, for the job's error column. */
static void last_log_line(const struct slot *s, char *buf, size_t cap)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/log.txt", s->dir);
    buf[0] = '\0';
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    char line[1024];
    while (fgets(line, sizeof line, f)) {
        size_t n = strlen(line);
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (n)
            snprintf(buf, cap, "%s", line);
    }
    fclose(f);
}

/* Records the end of a reaped job. Returns 0 when recorded (or no longer
 * ours), -1 when the database could not be reached (try again later). */
static int settle(bc_registry *reg, const struct lc_values *v, struct slot *s)
{
    int max_attempts = 1 + (int)v->num[LC_RETRIES];
    int64_t backoff = (int64_t)v->num[LC_BACKOFF], now = time(NULL);
    char error[1200] = "";
    const char *outcome = "failed";
    int64_t version = 0, enqueued = 0;
    int32_t passed = 0;
    int monitored = 0;
    char note[256] = "";
    if (s->timed_out) {
        snprintf(error, sizeof error, "timed out after %g s (TRAINING_JOB_TIMEOUT)",
                 v->num[LC_TIMEOUT]);
    } else if (WIFSIGNALED(s->wait_status)) {
        snprintf(error, sizeof error, "killed by signal %d (%s)", WTERMSIG(s->wait_status),
                 strsignal(WTERMSIG(s->wait_status)));
    } else if (WEXITSTATUS(s->wait_status) == 0) {
        char path[4200];
        snprintf(path, sizeof path, "%s/result.json", s->dir);
        json_t *r = json_load_file(path, 0, NULL);
        version = (int64_t)json_integer_value(json_object_get(r, "version"));
        passed = json_integer_value(json_object_get(r, "passed")) ? 1 : 0;
        const char *verdict = json_string_value(json_object_get(r, "monitor"));
        if (verdict)
            snprintf(note, sizeof note, "monitor says %s", verdict);
        monitored = verdict != NULL;
        enqueued = (int64_t)json_integer_value(json_object_get(r, "enqueued"));
        json_decref(r);
        if (version > 0 || monitored)
            outcome = "done";
        else
            snprintf(error, sizeof error, "train-job wrote no version in %.900s", path);
    } else if (WEXITSTATUS(s->wait_status) == 3) {
        outcome = "skipped";
        last_log_line(s, error, sizeof error);
    } else {
        last_log_line(s, error, sizeof error);
        if (!error[0])
            snprintf(error, sizeof error, "train-job exited with status %d",
                     WEXITSTATUS(s->wait_status));
    }
    int32_t rc;
    if (monitored) /* a monitor job ends without a model */
        rc = bc_jobs_finish(reg, s->job_id, worker, s->attempt, outcome, NULL, max_attempts,
                            backoff, now);
    else if (strcmp(outcome, "done") == 0)
        rc = bc_jobs_complete(reg, s->job_id, worker, s->attempt, version, passed, now);
    else
        rc = bc_jobs_finish(reg, s->job_id, worker, s->attempt, outcome, error, max_attempts,
                            backoff, now);
    if (rc == BC_E_STATE && strcmp(outcome, "done") == 0) {
        /* Not published (the gate is stale, or the claim was lost): a failed
         * attempt, retried; the staged version is undone by cleanup. */
        snprintf(error, sizeof error, "%s", bc_last_error());
        outcome = "failed";
        rc = bc_jobs_finish(reg, s->job_id, worker, s->attempt, outcome, error, max_attempts,
                            backoff, now);
    }
    if (rc == BC_E_IO) {
        dlog(BC_LOG_WARN, "job %lld: database unavailable, will record its end later: %s",
             (long long)s->job_id, bc_last_error());
        return -1;
    }
    if (rc != BC_OK)
        dlog(BC_LOG_WARN, "job %lld: %s", (long long)s->job_id, bc_last_error());
    else if (monitored && enqueued)
        dlog(BC_LOG_INFO, "job %lld (%s) done: %s, queued job %lld", (long long)s->job_id,
             s->key, note, (long long)enqueued);
    else if (monitored)
        dlog(BC_LOG_INFO, "job %lld (%s) done: %s", (long long)s->job_id, s->key, note);
    else if (strcmp(outcome, "done") == 0)
        dlog(BC_LOG_INFO, "job %lld (%s) done: version %lld %s", (long long)s->job_id, s->key,
             (long long)version, passed ? "activated" : "rejected by the gate");
    else
        dlog(strcmp(outcome, "skipped") == 0 ? BC_LOG_INFO : BC_LOG_WARN,
             "job %lld (%s) attempt %d %s: %s", (long long)s->job_id, s->key, (int)s->attempt,
             outcome, error);
    if (rc == BC_OK) {
        bc_registry_metric_add(reg, s->job_id, s->key, version, "job_duration_s",
                               (double)(now - s->started), now);
        if (strcmp(outcome, "done") == 0)
            count_done++, count_rejected += !passed && !monitored;
        else if (strcmp(outcome, "skipped") == 0)
            count_skipped++;
        else
            count_failed++;
        if (prometheus) {
            cli_metrics_set("daemon_jobs_done", "jobs this daemon completed", count_done);
            cli_metrics_set("daemon_jobs_failed", "failed attempts", count_failed);
            cli_metrics_set("daemon_jobs_skipped", "jobs skipped (too few data points)",
                            count_skipped);
            cli_metrics_set("daemon_jobs_rejected", "completed jobs whose candidate the "
                            "gate rejected", count_rejected);
        }
    }
    if (strcmp(outcome, "failed") != 0)
        rm_tree(s->dir);
    s->used = 0;
    return 0;
}

static void kill_job(struct slot *s)
{
    if (s->used && !s->exited && s->pid > 0)
        kill(-s->pid, SIGKILL);
}

int cli_daemon(int argc, char **argv)
{
    static const cli_option options[] = {{"config", 1}, {"run-dir", 1}, {"db", 1},
                                         {"worker-id", 1}, {"once", 0}, {"no-schedule", 0},
                                         {"prom-port", 1}, {NULL, 0}};
    char usage[16384];
    size_t off = (size_t)snprintf(usage, sizeof usage, "%s", daemon_usage_head);
    for (int i = 0; i < LC_SETTINGS && off < sizeof usage; i++)
        off += (size_t)snprintf(usage + off, sizeof usage - off, "  %-29s %-17s %s\n",
                                lc_settings[i].name, lc_settings[i].dflt, lc_settings[i].help);
    struct daemon_args a = {0};
    int parsed = cli_parse_options("daemon", argc, argv, options, usage, daemon_option, &a);
    if (parsed != 0)
        return parsed < 0 ? CLI_EXIT_OK : parsed;
    if (!a.config) {
        fprintf(stderr, "botcopier daemon: --config is required\n%s", usage);
        return CLI_EXIT_USAGE;
    }
    struct lc_values v;
    struct job_def *defs = NULL;
    int ndefs = 0;
    int st = load_config(a.config, &v, &defs, &ndefs);
    char host[128] = "localhost";
    gethostname(host, sizeof host - 1);
    if (a.worker_id)
        snprintf(worker, sizeof worker, "%s", a.worker_id);
    else
        snprintf(worker, sizeof worker, "%s-%d", host, (int)getpid());
    if (st == 0 && (!*worker || strlen(worker) > 200)) {
        fprintf(stderr, "botcopier daemon: --worker-id must have 1..200 bytes\n");
        st = CLI_EXIT_USAGE;
    }
    ssize_t n = readlink("/proc/self/exe", self_exe, sizeof self_exe - 1);
    if (n <= 0)
        snprintf(self_exe, sizeof self_exe, "%s", argv[0]);
    else
        self_exe[n] = '\0';
    log_level = strcmp(v.text[LC_DEBUG], "true") == 0 ? BC_LOG_DEBUG
              : strcmp(v.text[LC_LOG_LEVEL], "ERROR") == 0 ? BC_LOG_ERROR
              : strcmp(v.text[LC_LOG_LEVEL], "WARN") == 0  ? BC_LOG_WARN
              : strcmp(v.text[LC_LOG_LEVEL], "DEBUG") == 0 ? BC_LOG_DEBUG : BC_LOG_INFO;
    char db[4096], store[4096];
    const char *run_dir = a.run_dir && *a.run_dir ? a.run_dir : ".";
    if (st == 0)
        st = lc_locate("daemon", run_dir, a.db, db, store, sizeof db);
    if (st != 0) {
        free_defs(defs, ndefs);
        return st;
    }
    if (cli_log_open("daemon", NULL, NULL, log_level) != 0)
        st = CLI_EXIT_USAGE;
    if (st == 0 && a.prom_port) {
        char *end = NULL;
        long port = strtol(a.prom_port, &end, 10);
        if (*end || port < 1 || port > 65535) {
            fprintf(stderr, "botcopier daemon: --prom-port '%s' is not a port 1..65535\n",
                    a.prom_port);
            st = CLI_EXIT_USAGE;
        } else if (cli_metrics_start("daemon", (int)port) != 0) {
            st = CLI_EXIT_FAILURE;
        } else {
            prometheus = 1;
        }
    }
    if (st != 0) {
        free_defs(defs, ndefs);
        return st;
    }

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);

    int max_jobs = (int)v.num[LC_MAX_JOBS];
    struct slot *slots = calloc((size_t)max_jobs, sizeof *slots);
    bc_registry *reg = NULL;
    int defined = 0, exit_code = CLI_EXIT_OK;
    int64_t last_heartbeat = 0, last_cleanup = 0, stop_at = 0, last_db_warning = 0;
    int64_t start = time(NULL);
    /* A tick missed within STARTING_DEADLINE (the daemon was down at
     * 02:00 and started at 02:03) is still due; the queue keeps one per tick
     * whichever daemon queues it. */
    for (int i = 0; i < ndefs; i++)
        for (int k = 0; k < defs[i].n_ticks; k++) {
            struct tick *tk = &defs[i].ticks[k];
            int64_t t = 0, later = 0;
            if (bc_cron_next(tk->cron, start - 1 - (int64_t)v.num[LC_STARTING_DEADLINE], &t) ==
                BC_OK)
                while (t < start && bc_cron_next(tk->cron, t, &later) == BC_OK && later <= start)
                    t = later; /* the latest tick not after the start */
            tk->next_fire = t ? t : INT64_MAX;
        }
    dlog(BC_LOG_INFO, "started: %d job(s), up to %d at once, database %s", ndefs, max_jobs,
         strncmp(db, "postgres", 8) == 0 ? "postgresql" : db);
    /* ML_TRAINING_DEBUG / LOG_LEVEL=DEBUG: every setting in effect. */
    for (int i = 0; i < LC_SETTINGS; i++)
        dlog(BC_LOG_DEBUG, "setting %s = %s", lc_settings[i].name, v.text[i]);

    for (;;) {
        int64_t now = time(NULL);
        int running = 0;
        for (int i = 0; i < max_jobs; i++)
            running += slots[i].used;
        if (stop_requests && !stop_at) {
            stop_at = now;
            dlog(BC_LOG_INFO, "stopping: %d job(s) running, grace %g s", running,
                 v.num[LC_GRACE]);
        }
        /* Children first: they need no database. */
        for (int i = 0; i < max_jobs; i++) {
            struct slot *s = &slots[i];
            if (!s->used || s->exited)
                continue;
            int ws = 0;
            pid_t r = waitpid(s->pid, &ws, WNOHANG);
            if (r == s->pid) {
                s->exited = 1;
                s->wait_status = ws;
            } else if (now - s->started >= (int64_t)v.num[LC_TIMEOUT]) {
                dlog(BC_LOG_WARN, "job %lld: past TRAINING_JOB_TIMEOUT (%g s), killing it",
                     (long long)s->job_id, v.num[LC_TIMEOUT]);
                s->timed_out = 1;
                kill_job(s);
                while (waitpid(s->pid, &ws, 0) < 0 && errno == EINTR) {
                }
                s->exited = 1;
                s->wait_status = ws;
            }
        }
        int hard_stop = stop_requests >= 2 ||
                        (stop_at && now - stop_at >= (int64_t)v.num[LC_GRACE]);
        if (!reg) {
            if (bc_registry_open(db, store, &reg) == BC_OK) {
                char delay[32];
                snprintf(delay, sizeof delay, "%g", v.num[LC_ACTIVATION_DELAY]);
                bc_registry_set(reg, "activation_delay_ms", delay);
                char ret[32];
                snprintf(ret, sizeof ret, "%g", v.num[LC_RETENTION]);
                bc_registry_set(reg, "retention_days", ret);
                char stg[32];
                snprintf(stg, sizeof stg, "%g", v.num[LC_TIMEOUT] + v.num[LC_LEASE]);
                bc_registry_set(reg, "staging_timeout", stg);
            } else if (now - last_db_warning >= 10) {
                dlog(BC_LOG_WARN, "database unavailable, retrying: %s", bc_last_error());
                last_db_warning = now;
            }
        }
        if (reg && !defined) {
            int ok = 1;
            for (int i = 0; i < ndefs && ok; i++)
                ok = bc_jobs_define(reg, defs[i].key, defs[i].spec, defs[i].cron_text, now) ==
                     BC_OK;
            if (ok)
                defined = 1;
            else
                dlog(BC_LOG_WARN, "cannot define the jobs yet: %s", bc_last_error());
        }
        int db_ok = reg != NULL && defined;
        /* Reaped jobs: record their end (retried while the database is down). */
        for (int i = 0; db_ok && i < max_jobs; i++)
            if (slots[i].used && slots[i].exited && settle(reg, &v, &slots[i]) != 0)
                db_ok = 0;
        running = 0;
        for (int i = 0; i < max_jobs; i++)
            running += slots[i].used;
        if (prometheus) {
            cli_metrics_set("daemon_running_jobs", "jobs running now", running);
            cli_metrics_set("daemon_heartbeat_ok", "1 while the database answers", db_ok);
        }
        if (db_ok && (now - last_heartbeat >= (int64_t)v.num[LC_HEARTBEAT] || stop_at)) {
            if (bc_jobs_heartbeat(reg, worker, host, getpid(), stop_at ? "stopping" : "running",
                                  running, max_jobs, now) == BC_OK) {
                last_heartbeat = now;
                int32_t expired = 0;
                if (bc_jobs_expire(reg, (int64_t)v.num[LC_LEASE], 1 + (int)v.num[LC_RETRIES],
                                   (int64_t)v.num[LC_BACKOFF], now, &expired) == BC_OK &&
                    expired)
                    dlog(BC_LOG_WARN, "%d job(s) of stopped daemons taken back", (int)expired);
            } else {
                dlog(BC_LOG_WARN, "heartbeat failed: %s", bc_last_error());
                db_ok = 0;
            }
        }
        if (db_ok && !stop_at && now - last_cleanup >= (int64_t)v.num[LC_CLEANUP]) {
            int32_t removed = 0;
            if (bc_registry_cleanup(reg, now, &removed) == BC_OK) {
                last_cleanup = now;
                if (removed)
                    dlog(BC_LOG_INFO, "cleanup removed %d file(s)/row(s)", (int)removed);
            }
        }
        /* Cron ticks: every daemon enqueues them; the queue keeps one. */
        int queue_failed = 0;
        for (int i = 0; db_ok && !stop_at && !a.once && !a.no_schedule && i < ndefs &&
                        !queue_failed; i++)
            for (int k = 0; k < defs[i].n_ticks; k++) {
                struct tick *tk = &defs[i].ticks[k];
                if (now < tk->next_fire)
                    continue;
                int64_t id = 0;
                if (bc_jobs_enqueue(reg, defs[i].key, tk->kind, tk->next_fire, tk->next_fire,
                                    now, &id) != BC_OK) {
                    dlog(BC_LOG_WARN, "cannot queue %s (%s): %s", defs[i].key, tk->kind,
                         bc_last_error());
                    queue_failed = 1;
                    break;
                }
                if (id)
                    dlog(BC_LOG_INFO, "queued job %lld (%s, %s), scheduled by '%s'",
                         (long long)id, defs[i].key, tk->kind, tk->cron_text);
                if (bc_cron_next(tk->cron, now, &tk->next_fire) != BC_OK)
                    tk->next_fire = INT64_MAX; /* never fires again (Feb 30) */
            }
        /* Claim while there is room. */
        int claimed_any = 0;
        while (db_ok && !stop_at && running < max_jobs) {
            int64_t id = 0;
            int32_t attempt = 0;
            int32_t rc = bc_jobs_claim(reg, worker, now, &id, &attempt);
            if (rc == BC_E_NOT_FOUND)
                break;
            if (rc != BC_OK) {
                dlog(BC_LOG_WARN, "claim failed: %s", bc_last_error());
                break;
            }
            struct slot *s = NULL;
            for (int i = 0; i < max_jobs && !s; i++)
                if (!slots[i].used)
                    s = &slots[i];
            memset(s, 0, sizeof *s);
            s->job_id = id;
            s->attempt = attempt;
            if (start_job(reg, run_dir, db, store, &v, s) != 0) {
                bc_jobs_finish(reg, id, worker, attempt, "failed", "the daemon could not start"
                               " the job (see its log)", 1 + (int)v.num[LC_RETRIES],
                               (int64_t)v.num[LC_BACKOFF], now);
                continue;
            }
            claimed_any = 1;
            running++;
        }
        if (stop_at && (running == 0 || hard_stop)) {
            for (int i = 0; i < max_jobs; i++) {
                struct slot *s = &slots[i];
                if (!s->used)
                    continue;
                if (!s->exited) {
                    kill_job(s);
                    while (waitpid(s->pid, NULL, 0) < 0 && errno == EINTR) {
                    }
                }
                /* Back to the queue, the attempt not counted: not its fault. */
                if (reg && bc_jobs_finish(reg, s->job_id, worker, s->attempt, "released", NULL, 1,
                                          0, now) == BC_OK)
                    dlog(BC_LOG_INFO, "job %lld released to the queue", (long long)s->job_id);
                s->used = 0;
            }
            break;
        }
        if (a.once && !claimed_any && running == 0 && db_ok)
            break;
        struct timespec ts = {(time_t)v.num[LC_POLL],
                              (long)((v.num[LC_POLL] - floor(v.num[LC_POLL])) * 1e9)};
        nanosleep(&ts, NULL);
    }
    if (reg) {
        bc_jobs_heartbeat(reg, worker, host, getpid(), "stopped", 0, max_jobs, time(NULL));
        dlog(BC_LOG_INFO, "stopped");
    }
    bc_registry_free(reg);
    free(slots);
    if (prometheus)
        cli_metrics_stop();
    cli_log_close();
    free_defs(defs, ndefs);
    return exit_code;
}
