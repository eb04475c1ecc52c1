/*
 * cli_observe.h - where the CLI's logs and job metrics go: the library's
 * log callback and the CLI's own events routed to the systemd journal
 * (structured fields), a JSON-lines file, or stderr; and a Prometheus
 * /metrics endpoint (--prom-port) for long jobs.
 */
#ifndef BC_TOOLS_CLI_OBSERVE_H
#define BC_TOOLS_CLI_OBSERVE_H

#include <stdint.h>

/* Routes logs for `command` by spec: "journal" (sd_journal_send with
 * MESSAGE, PRIORITY, SYSLOG_IDENTIFIER=botcopier, BOTCOPIER_COMMAND,
 * BOTCOPIER_LEVEL), "jsonl:PATH" (one JSON object per line: time, level,
 * command, message; appended), "stderr" (plain lines, as before), or "auto"
 * (journal when the journal's socket exists, else jsonl:default_jsonl, or
 * stderr when that is NULL). spec NULL reads $BOTCOPIER_LOG, then "stderr".
 * max_level is the most verbose BC_LOG_* level kept. Returns 0, or 2 after
 * printing why the spec is bad. */
int cli_log_open(const char *command, const char *spec, const char *default_jsonl,
                 int32_t max_level);

/* The CLI's own event, through the same sink as the library's messages. */
void cli_log_event(int32_t level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Where logs go now, for a startup line ("journal", "stderr", the path). */
const char *cli_log_destination(void);

/* Stops routing (the library logs to its ring again) and closes files. */
void cli_log_close(void);

/* Serves GET /metrics (Prometheus text) and /healthz for a long job on
 * 127.0.0.1:port: botcopier_job_elapsed_seconds, botcopier_job_done,
 * botcopier_job_log_messages_total{level}, and every gauge set with
 * cli_metrics_set. Returns 0, or 1 after printing why. */
int cli_metrics_start(const char *command, int port);

/* Sets a job gauge botcopier_<name> (name [a-z_]+, help one line). */
void cli_metrics_set(const char *name, const char *help, double value);

/* The same for one series of a gauge with a label, e.g.
 * botcopier_monitor_feature_psi{feature="rsi(14)"} (the value escaped);
 * HELP and TYPE are written once per name. */
void cli_metrics_set_labeled(const char *name, const char *label, const char *label_value,
                             const char *help, double value);

/* Writes every gauge set so far to path atomically, in the text format
 * node_exporter's textfile collector reads (for jobs run by cron, which
 * are gone before a scrape). Returns 0, or 1 after printing why. */
int cli_metrics_write_file(const char *command, const char *path);

/* Marks the job done (botcopier_job_done 1) and stops the endpoint. */
void cli_metrics_stop(void);

/* The same after serving the final figures for `seconds` more (0: now). */
void cli_metrics_stop_after(double seconds);

#endif
