/*
 * cli_http.h - the CLI's one HTTP server (libmicrohttpd): `botcopier serve`
 * and the --prom-port endpoints of long jobs register routes on it. Owns
 * sockets, request bodies (bounded), and the JSON/text response plumbing;
 * the routes own what they answer.
 */
#ifndef BC_TOOLS_CLI_HTTP_H
#define BC_TOOLS_CLI_HTTP_H

#include <stddef.h>
#include <stdint.h>

typedef struct cli_http cli_http;

/* A response a route fills: status code, content type and a body the
 * server frees (malloc'd, may be NULL for an empty body). */
typedef struct cli_http_response {
    int status;
    const char *content_type;
    char *body;
    size_t length;
} cli_http_response;

/* A route's handler: method ("GET"/"POST"), the request body (NUL-
 * terminated, length bytes; "" for none) and the response to fill. Runs on
 * the server's threads, concurrently: handlers synchronize their own
 * state. */
typedef void (*cli_http_handler)(void *context, const char *method, const char *body,
                                 size_t length, cli_http_response *response);

typedef struct cli_http_route {
    const char *path;
    const char *methods; /* "GET", "POST" or "GET,POST" */
    cli_http_handler handler;
    void *context;
} cli_http_route;

/* Starts serving routes[0..n) on address:port (port 0 = any free port)
 * with `threads` worker threads and request bodies of at most max_body
 * bytes (larger: 413). Unknown paths give 404, other methods 405, all with
 * a JSON error body. Returns 0, or -1 after printing the reason. */
int cli_http_start(const char *command, const char *address, int port, int threads,
                   size_t max_body, const cli_http_route *routes, int n_routes,
                   cli_http **out);

/* The port actually bound. */
int cli_http_port(const cli_http *http);

/* Stops the server (waits for requests in flight) and frees it. */
void cli_http_stop(cli_http *http);

/* Fills response with a JSON error body {"error": message}. */
void cli_http_error(cli_http_response *response, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Fills response with a malloc'd copy of text. */
void cli_http_text(cli_http_response *response, int status, const char *content_type,
                   const char *text);

/* cli_http_block_signals() catches SIGINT and SIGTERM (on whatever thread
 * they land) instead of letting them end the process; then
 * cli_http_wait_for_signal() blocks until one came and returns it. Call
 * the first before cli_http_start. */
void cli_http_block_signals(void);
int cli_http_wait_for_signal(void);

#endif
