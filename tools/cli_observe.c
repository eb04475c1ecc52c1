/*
 * cli_observe.c - the CLI's log sinks (journal through libsystemd, JSON
 * lines through jansson, stderr) and its job metrics endpoint (served by
 * cli_http). One sink at a time, guarded by a mutex: the library may log
 * from several threads.
 */
#include "tools/cli_observe.h"
#include "tools/cli.h"
#include "tools/cli_http.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#ifdef BC_HAVE_SYSTEMD
#include <syslog.h>
#include <systemd/sd-journal.h>
#endif

#define JOURNAL_SOCKET "/run/systemd/journal/socket"

enum sink { SINK_STDERR, SINK_JOURNAL, SINK_JSONL };

static struct {
    pthread_mutex_t lock;
    enum sink sink;
    int fd;
    int32_t max_level;
    char command[32];
    char destination[4096];
    uint64_t messages[5]; /* per BC_LOG_* level 1..4 */
} logs = {.lock = PTHREAD_MUTEX_INITIALIZER, .fd = -1, .max_level = BC_LOG_INFO};

static const char *level_name(int32_t level)
{
    switch (level) {
    case BC_LOG_ERROR: return "error";
    case BC_LOG_WARN: return "warning";
    case BC_LOG_INFO: return "info";
    default: return "debug";
    }
}

static void emit(int32_t level, const char *message)
{
    pthread_mutex_lock(&logs.lock);
    if (level >= 1 && level <= 4)
        logs.messages[level]++;
    if (logs.sink == SINK_JOURNAL) {
#ifdef BC_HAVE_SYSTEMD
        int priority = level == BC_LOG_ERROR ? LOG_ERR : level == BC_LOG_WARN ? LOG_WARNING
                       : level == BC_LOG_INFO ? LOG_INFO : LOG_DEBUG;
        sd_journal_send("MESSAGE=%s", message, "PRIORITY=%d", priority,
                        "SYSLOG_IDENTIFIER=botcopier", "BOTCOPIER_COMMAND=%s", logs.command,
                        "BOTCOPIER_LEVEL=%s", level_name(level), NULL);
#endif
    } else if (logs.sink == SINK_JSONL) {
        struct timeval tv;
        gettimeofday(&tv, NULL);
        struct tm tm;
        gmtime_r(&tv.tv_sec, &tm);
        char stamp[96];
        snprintf(stamp, sizeof stamp, "%04d-%02d-%02dT%02d:%02d:%02d.%06ldZ", tm.tm_year + 1900,
                 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (long)tv.tv_usec);
        json_t *o = json_pack("{s:s, s:s, s:s, s:s}", "time", stamp, "level", level_name(level),
                              "command", logs.command, "message", message);
        char *text = o ? json_dumps(o, JSON_COMPACT) : NULL;
        json_decref(o);
        if (text) {
            size_t n = strlen(text);
            text[n] = '\n'; /* replaces the NUL: one write() of the whole line */
            if (write(logs.fd, text, n + 1) < 0) {
                /* A full disk must not stop the job; say so once on stderr. */
                static int told;
                if (!told++)
                    fprintf(stderr, "botcopier %s: cannot write the log file %s\n", logs.command,
                            logs.destination);
            }
            free(text);
        }
    } else {
        fprintf(stderr, "%s%s\n", level <= BC_LOG_WARN ? "warning: " : "", message);
    }
    pthread_mutex_unlock(&logs.lock);
}

static void on_library_log(int32_t level, const char *message, void *user)
{
    (void)user;
    emit(level, message);
}

void cli_log_event(int32_t level, const char *fmt, ...)
{
    if (level > logs.max_level)
        return;
    char message[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    emit(level, message);
}

const char *cli_log_destination(void) { return logs.destination; }

int cli_log_open(const char *command, const char *spec, const char *default_jsonl,
                 int32_t max_level)
{
    if (!spec)
        spec = getenv("BOTCOPIER_LOG");
    if (!spec || !*spec)
        spec = "stderr";
    snprintf(logs.command, sizeof logs.command, "%s", command);
    const char *path = NULL;
    enum sink sink;
    if (strcmp(spec, "auto") == 0) {
        if (access(JOURNAL_SOCKET, W_OK) == 0)
            sink = SINK_JOURNAL;
        else if (default_jsonl)
            sink = SINK_JSONL, path = default_jsonl;
        else
            sink = SINK_STDERR;
    } else if (strcmp(spec, "journal") == 0) {
        sink = SINK_JOURNAL;
    } else if (strncmp(spec, "jsonl:", 6) == 0 && spec[6]) {
        sink = SINK_JSONL, path = spec + 6;
    } else if (strcmp(spec, "stderr") == 0) {
        sink = SINK_STDERR;
    } else {
        fprintf(stderr, "botcopier %s: log destination '%s' is not auto, journal, jsonl:PATH or "
                "stderr (--log or $BOTCOPIER_LOG)\n", command, spec);
        return CLI_EXIT_USAGE;
    }
#ifndef BC_HAVE_SYSTEMD
    if (sink == SINK_JOURNAL) {
        fprintf(stderr, "botcopier %s: this build has no journal support (libsystemd)\n", command);
        return CLI_EXIT_USAGE;
    }
#endif
    if (sink == SINK_JSONL) {
        int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
        if (fd < 0) {
            fprintf(stderr, "botcopier %s: cannot open the log file %s: %s\n", command, path,
                    strerror(errno));
            return CLI_EXIT_USAGE;
        }
        logs.fd = fd;
    }
    logs.sink = sink;
    logs.max_level = max_level;
    snprintf(logs.destination, sizeof logs.destination, "%s",
             sink == SINK_JOURNAL ? "journal" : sink == SINK_JSONL ? path : "stderr");
    bc_log_set(on_library_log, NULL, max_level);
    return 0;
}

void cli_log_close(void)
{
    bc_log_set(NULL, NULL, BC_LOG_ERROR);
    pthread_mutex_lock(&logs.lock);
    if (logs.fd >= 0)
        close(logs.fd);
    logs.fd = -1;
    logs.sink = SINK_STDERR;
    pthread_mutex_unlock(&logs.lock);
}

/* ---- job metrics --------------------------------------------------------- */

#define MAX_GAUGES 1024

static struct {
    pthread_mutex_t lock;
    cli_http *http;
    struct timespec started;
    int done;
    int n;
    char name[MAX_GAUGES][48];
    char labels[MAX_GAUGES][192]; /* "" or {key="value"} */
    char help[MAX_GAUGES][128];
    double value[MAX_GAUGES];
} job = {.lock = PTHREAD_MUTEX_INITIALIZER};

/* {key="value"} with the value escaped as the text format wants (\\, \", \n). */
static void format_label(char *out, size_t cap, const char *key, const char *value)
{
    size_t n = (size_t)snprintf(out, cap, "{%s=\"", key);
    for (const char *c = value; *c && n + 4 < cap; c++) {
        if (*c == '\\' || *c == '"')
            out[n++] = '\\', out[n++] = *c;
        else if (*c == '\n')
            out[n++] = '\\', out[n++] = 'n';
        else
            out[n++] = *c;
    }
    if (n + 3 <= cap)
        memcpy(out + n, "\"}", 3);
}

void cli_metrics_set_labeled(const char *name, const char *label, const char *label_value,
                             const char *help, double value)
{
    char labels[sizeof job.labels[0]] = "";
    if (label && label_value)
        format_label(labels, sizeof labels, label, label_value);
    pthread_mutex_lock(&job.lock);
    int i = 0;
    while (i < job.n && (strcmp(job.name[i], name) != 0 || strcmp(job.labels[i], labels) != 0))
        i++;
    if (i == job.n && job.n < MAX_GAUGES) {
        snprintf(job.name[i], sizeof job.name[i], "%s", name);
        snprintf(job.labels[i], sizeof job.labels[i], "%s", labels);
        snprintf(job.help[i], sizeof job.help[i], "%s", help);
        job.n++;
    }
    if (i < job.n)
        job.value[i] = value;
    pthread_mutex_unlock(&job.lock);
}

void cli_metrics_set(const char *name, const char *help, double value)
{
    cli_metrics_set_labeled(name, NULL, NULL, help, value);
}

/* The gauges in Prometheus text format (HELP and TYPE once per name),
 * appended to text at *n (capacity cap). Under job.lock. */
static void gauges_text(char *text, size_t cap, size_t *n)
{
    for (int i = 0; i < job.n; i++) {
        int first = 1;
        for (int j = 0; j < i && first; j++)
            first = strcmp(job.name[j], job.name[i]) != 0;
        if (first)
            *n += (size_t)snprintf(text + *n, *n < cap ? cap - *n : 0,
                                   "# HELP botcopier_%s %s\n# TYPE botcopier_%s gauge\n",
                                   job.name[i], job.help[i], job.name[i]);
        for (int j = i; j < job.n; j++) /* a name's series together */
            if (strcmp(job.name[j], job.name[i]) == 0 && first)
                *n += (size_t)snprintf(text + *n, *n < cap ? cap - *n : 0,
                                       "botcopier_%s%s %.17g\n", job.name[j], job.labels[j],
                                       job.value[j]);
    }
}

int cli_metrics_write_file(const char *command, const char *path)
{
    size_t cap = 4096 + (size_t)MAX_GAUGES * 512, n = 0;
    char *text = malloc(cap);
    if (!text) {
        fprintf(stderr, "botcopier %s: out of memory\n", command);
        return CLI_EXIT_FAILURE;
    }
    pthread_mutex_lock(&job.lock);
    gauges_text(text, cap, &n);
    pthread_mutex_unlock(&job.lock);
    int32_t rc = bc_write_file_atomic(path, text, (int64_t)(n < cap ? n : cap - 1));
    free(text);
    return rc == BC_OK ? 0 : cli_fail(command, path, rc);
}

static void route_job_metrics(void *ctx, const char *method, const char *body, size_t length,
                              cli_http_response *r)
{
    (void)ctx, (void)method, (void)body, (void)length;
    size_t cap = 4096 + MAX_GAUGES * 512, n = 0;
    char *text = malloc(cap);
    if (!text) {
        cli_http_error(r, 500, "out of memory");
        return;
    }
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
#define EMIT(...) n += (size_t)snprintf(text + n, n < cap ? cap - n : 0, __VA_ARGS__)
    pthread_mutex_lock(&job.lock);
    double elapsed = (double)(now.tv_sec - job.started.tv_sec) +
                     1e-9 * (double)(now.tv_nsec - job.started.tv_nsec);
    EMIT("# HELP botcopier_job_info The command this process runs.\n"
         "# TYPE botcopier_job_info gauge\nbotcopier_job_info{command=\"%s\"} 1\n"
         "# HELP botcopier_job_elapsed_seconds Seconds since the job started.\n"
         "# TYPE botcopier_job_elapsed_seconds gauge\nbotcopier_job_elapsed_seconds %.3f\n"
         "# HELP botcopier_job_done Whether the job has finished: 1 yes, 0 not yet.\n"
         "# TYPE botcopier_job_done gauge\nbotcopier_job_done %d\n",
         logs.command, elapsed, job.done);
    gauges_text(text, cap, &n);
    pthread_mutex_unlock(&job.lock);
    pthread_mutex_lock(&logs.lock);
    EMIT("# HELP botcopier_job_log_messages_total Log messages by level.\n"
         "# TYPE botcopier_job_log_messages_total counter\n");
    for (int32_t level = BC_LOG_ERROR; level <= BC_LOG_DEBUG; level++)
        EMIT("botcopier_job_log_messages_total{level=\"%s\"} %llu\n", level_name(level),
             (unsigned long long)logs.messages[level]);
    pthread_mutex_unlock(&logs.lock);
#undef EMIT
    r->status = 200;
    r->content_type = "text/plain; version=0.0.4; charset=utf-8";
    r->body = text;
    r->length = n < cap ? n : cap - 1;
}

static void route_job_health(void *ctx, const char *method, const char *body, size_t length,
                             cli_http_response *r)
{
    (void)ctx, (void)method, (void)body, (void)length;
    cli_http_text(r, 200, "application/json", "{\"status\":\"ok\"}");
}

static const cli_http_route job_routes[] = {
    {"/metrics", "GET", route_job_metrics, NULL},
    {"/healthz", "GET", route_job_health, NULL},
};

int cli_metrics_start(const char *command, int port)
{
    if (!logs.command[0])
        snprintf(logs.command, sizeof logs.command, "%s", command);
    clock_gettime(CLOCK_MONOTONIC, &job.started);
    if (cli_http_start(command, "127.0.0.1", port, 1, 256, job_routes, 2, &job.http) != 0)
        return CLI_EXIT_FAILURE;
    fprintf(stderr, "botcopier %s: Prometheus metrics on http://127.0.0.1:%d/metrics\n", command,
            cli_http_port(job.http));
    return 0;
}

void cli_metrics_stop_after(double seconds)
{
    pthread_mutex_lock(&job.lock);
    job.done = 1;
    pthread_mutex_unlock(&job.lock);
    if (seconds > 0 && job.http) {
        struct timespec ts = {(time_t)seconds, (long)((seconds - (double)(time_t)seconds) * 1e9)};
        while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
            ;
    }
    cli_metrics_stop();
}

void cli_metrics_stop(void)
{
    pthread_mutex_lock(&job.lock);
    job.done = 1;
    pthread_mutex_unlock(&job.lock);
    cli_http_stop(job.http);
    job.http = NULL;
}
