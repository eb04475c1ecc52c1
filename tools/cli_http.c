/*
 * cli_http.c - the CLI's HTTP server on libmicrohttpd: routing by exact
 * path, bounded request bodies, JSON error bodies. No HTTP parsing here:
 * libmicrohttpd does it; jansson writes the error bodies.
 */
#include "tools/cli_http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <jansson.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct cli_http {
    struct MHD_Daemon *daemon;
    const cli_http_route *routes;
    int n_routes;
    size_t max_body;
    int port;
};

/* Per-request state across libmicrohttpd's calls for one request. */
typedef struct request {
    char *body;
    size_t length, capacity;
    int too_large;
} request;

void cli_http_text(cli_http_response *response, int status, const char *content_type,
                   const char *text)
{
    response->status = status;
    response->content_type = content_type;
    response->length = strlen(text);
    response->body = malloc(response->length + 1);
    if (response->body)
        memcpy(response->body, text, response->length + 1);
    else
        response->status = 500, response->length = 0;
}

void cli_http_error(cli_http_response *response, int status, const char *fmt, ...)
{
    char message[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    json_t *o = json_pack("{s:s, s:i}", "error", message, "status", status);
    char *text = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    response->status = status;
    response->content_type = "application/json";
    response->body = text;
    response->length = text ? strlen(text) : 0;
}

static enum MHD_Result send_response(struct MHD_Connection *connection, cli_http_response *r)
{
    struct MHD_Response *resp = MHD_create_response_from_buffer(
        r->length, r->body ? r->body : (char *)"", r->body ? MHD_RESPMEM_MUST_FREE
                                                           : MHD_RESPMEM_PERSISTENT);
    if (!resp) {
        free(r->body);
        return MHD_NO;
    }
    if (r->content_type)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->content_type);
    enum MHD_Result ok = MHD_queue_response(connection, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    return ok;
}

static int method_allowed(const char *methods, const char *method)
{
    size_t n = strlen(method);
    for (const char *p = methods; (p = strstr(p, method)) != NULL; p += n)
        if ((p == methods || p[-1] == ',') && (p[n] == '\0' || p[n] == ','))
            return 1;
    return 0;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *connection,
                                  const char *url, const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
    (void)version;
    cli_http *http = cls;
    request *req = *con_cls;
    if (!req) {
        req = calloc(1, sizeof *req);
        if (!req)
            return MHD_NO;
        *con_cls = req;
        return MHD_YES;
    }
    if (*upload_data_size > 0) {
        size_t n = *upload_data_size;
        *upload_data_size = 0;
        if (req->too_large || req->length + n > http->max_body) {
            req->too_large = 1; /* read and drop the rest, answer 413 at the end */
            return MHD_YES;
        }
        if (req->length + n + 1 > req->capacity) {
            size_t cap = req->capacity ? req->capacity : 256;
            while (cap < req->length + n + 1)
                cap *= 2;
            char *b = realloc(req->body, cap);
            if (!b)
                return MHD_NO;
            req->body = b;
            req->capacity = cap;
        }
        memcpy(req->body + req->length, upload_data, n);
        req->length += n;
        req->body[req->length] = '\0';
        return MHD_YES;
    }
    cli_http_response r = {0};
    const cli_http_route *route = NULL;
    for (int i = 0; i < http->n_routes; i++)
        if (strcmp(http->routes[i].path, url) == 0)
            route = &http->routes[i];
    if (req->too_large)
        cli_http_error(&r, 413, "request body is larger than %zu bytes", http->max_body);
    else if (!route)
        cli_http_error(&r, 404, "no route %.200s", url);
    else if (!method_allowed(route->methods, method))
        cli_http_error(&r, 405, "%.200s takes %s, not %.20s", url, route->methods, method);
    else
        route->handler(route->context, method, req->body ? req->body : "", req->length, &r);
    return send_response(connection, &r);
}

static void on_completed(void *cls, struct MHD_Connection *connection, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)connection;
    (void)toe;
    request *req = *con_cls;
    if (req) {
        free(req->body);
        free(req);
        *con_cls = NULL;
    }
}

int cli_http_start(const char *command, const char *address, int port, int threads,
                   size_t max_body, const cli_http_route *routes, int n_routes,
                   cli_http **out)
{
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, address, &addr.sin_addr) != 1) {
        fprintf(stderr, "botcopier %s: --bind '%s' is not an IPv4 address\n", command, address);
        return -1;
    }
    cli_http *http = calloc(1, sizeof *http);
    if (!http)
        return -1;
    http->routes = routes;
    http->n_routes = n_routes;
    http->max_body = max_body;
    unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG;
    /* One polling thread, or a pool of them (libmicrohttpd refuses a pool
     * of size 0 or 1 with a warning, so the option is only given for 2+). */
    struct MHD_OptionItem pool[] = {
        {threads > 1 ? MHD_OPTION_THREAD_POOL_SIZE : MHD_OPTION_END, (intptr_t)threads, NULL},
        {MHD_OPTION_END, 0, NULL}};
    http->daemon = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, http, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL, MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)30, MHD_OPTION_CONNECTION_LIMIT, (unsigned)1024, MHD_OPTION_ARRAY, pool,
        MHD_OPTION_END);
    if (!http->daemon) {
        fprintf(stderr, "botcopier %s: cannot listen on %s:%d (port in use, or not allowed)\n",
                command, address, port);
        free(http);
        return -1;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(http->daemon,
                                                           MHD_DAEMON_INFO_BIND_PORT);
    http->port = info ? info->port : port;
    *out = http;
    return 0;
}

int cli_http_port(const cli_http *http) { return http->port; }

void cli_http_stop(cli_http *http)
{
    if (!http)
        return;
    MHD_stop_daemon(http->daemon);
    free(http);
}

/* SIGINT/SIGTERM may reach any thread (OpenBLAS starts its own before
 * main), so they are not blocked and waited for: a handler, whichever
 * thread runs it, writes the signal number into a pipe the main thread
 * reads. */
static int stop_pipe[2] = {-1, -1};

static void on_stop_signal(int sig)
{
    unsigned char b = (unsigned char)sig;
    ssize_t ignored = write(stop_pipe[1], &b, 1);
    (void)ignored;
}

void cli_http_block_signals(void)
{
    if (stop_pipe[0] < 0 && pipe(stop_pipe) != 0)
        return;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

int cli_http_wait_for_signal(void)
{
    unsigned char b = 0;
    while (read(stop_pipe[0], &b, 1) < 0 && errno == EINTR)
        ;
    return b;
}
