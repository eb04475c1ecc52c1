/*
 * botcopier.hpp - header-only C++11 wrappers over include/botcopier.h.
 *
 * Every failing call throws botcopier::Error carrying the status code and the
 * library's message (bc_last_error of the failing thread). Objects own their
 * C handle (move-only RAII, freed in the destructor); get() hands the raw
 * pointer to C functions not wrapped here. Nothing here adds behaviour: the
 * C API stays the contract, this file only changes its shape.
 *
 * Pattern for each wrapped object kind (Backend below; Model, Predictor,
 * Features later):
 *   class Thing {
 *     detail::Handle<bc_thing, bc_thing_free> handle_;   // owns it
 *     explicit Thing(...) { bc_thing *p = nullptr;
 *                           detail::check(bc_thing_create(..., &p));
 *                           handle_.reset(p); }
 *     std::string name() const { return detail::read_text(
 *         [&](char *b, int32_t c, int32_t *n) {
 *             return bc_thing_name(handle_.get(), b, c, n); }); }
 *   };
 *
 * Build: c++ -std=c++11 -Ipath/to/include -Ipath/to/bindings/cpp ...
 *        -lbotcopier
 */
#ifndef BOTCOPIER_HPP
#define BOTCOPIER_HPP

#include "botcopier.h"

#include <cstdint>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace botcopier {

/* A failed library call: status() is the BC_E_* code, what() the message
 * ("bc_backend_init: unknown backend 'gpu' (expected cpu, cuda or best)"). */
class Error : public std::runtime_error {
public:
    Error(int32_t status, const std::string &message)
        : std::runtime_error(message.empty() ? std::string(bc_status_string(status))
                                             : message),
          status_(status) {}
    int32_t status() const noexcept { return status_; }
    /* "BC_E_NOT_FOUND: not found" */
    const char *status_string() const noexcept { return bc_status_string(status_); }

private:
    int32_t status_;
};

namespace detail {

/* Throws Error for any status other than BC_OK. */
inline void check(int32_t status)
{
    if (status != BC_OK)
        throw Error(status, bc_last_error());
}

/* Runs a two-call text function f(char *buf, int32_t capacity, int32_t
 * *length) -> status, growing the buffer once when it reports
 * BC_E_BUFFER_TOO_SMALL. */
template <typename F>
std::string read_text(F f)
{
    std::string text(128, '\0');
    int32_t length = 0;
    int32_t rc = f(&text[0], static_cast<int32_t>(text.size()), &length);
    if (rc == BC_E_BUFFER_TOO_SMALL && length >= 0) {
        text.assign(static_cast<size_t>(length) + 1, '\0');
        rc = f(&text[0], length + 1, &length);
    }
    check(rc);
    text.resize(static_cast<size_t>(length));
    return text;
}

/* Sole owner of a C object freed by Free (move-only). */
template <typename T, void (*Free)(T *)>
class Handle {
public:
    Handle() noexcept : ptr_(nullptr) {}
    explicit Handle(T *ptr) noexcept : ptr_(ptr) {}
    Handle(Handle &&other) noexcept : ptr_(other.release()) {}
    Handle &operator=(Handle &&other) noexcept
    {
        reset(other.release());
        return *this;
    }
    Handle(const Handle &) = delete;
    Handle &operator=(const Handle &) = delete;
    ~Handle() { reset(); }

    T *get() const noexcept { return ptr_; }
    T *release() noexcept
    {
        T *p = ptr_;
        ptr_ = nullptr;
        return p;
    }
    void reset(T *ptr = nullptr) noexcept
    {
        T *old = ptr_;
        ptr_ = ptr;
        if (old)
            Free(old);
    }
    explicit operator bool() const noexcept { return ptr_ != nullptr; }

private:
    T *ptr_;
};

} // namespace detail

/* ---- versions ---------------------------------------------------------- */

/* BC_VERSION_NUMBER of the loaded library. */
inline uint32_t version_number() { return bc_version_number(); }
/* "MAJOR.MINOR.PATCH" of the loaded library. */
inline std::string version_string() { return bc_version_string(); }
/* ABI of the loaded library. */
inline uint32_t abi_version() { return bc_abi_version(); }
/* True when the loaded library has the ABI this header was compiled with. */
inline bool abi_compatible() { return bc_abi_version() == BC_ABI_VERSION; }
/* The build description (JSON text). */
inline std::string build_info() { return bc_build_info(); }

/* ---- logging ------------------------------------------------------------- */

struct LogMessage {
    int32_t level; /* BC_LOG_ERROR .. BC_LOG_DEBUG */
    std::string text;
};

/* The library's log: a callback, or the ring drained with pop()/drain(). */
class Log {
public:
    typedef std::function<void(int32_t level, const std::string &message)> Callback;

    /* Sends messages up to max_level to fn. fn may run on any thread that
     * calls into the library, one call at a time; exceptions it throws are
     * swallowed (they cannot cross the C library). An empty fn restores the
     * ring. Throws Error for a level outside BC_LOG_ERROR..BC_LOG_DEBUG. */
    static void set(Callback fn, int32_t max_level = BC_LOG_INFO)
    {
        std::lock_guard<std::mutex> lock(mutex());
        Callback *fresh = fn ? new Callback(std::move(fn)) : nullptr;
        int32_t rc = fresh ? bc_log_set(&Log::trampoline, fresh, max_level)
                           : bc_log_set(nullptr, nullptr, max_level);
        if (rc != BC_OK) {
            delete fresh;
            detail::check(rc);
        }
        /* bc_log_set returned, so the library no longer calls the old one.
         * The current one is never freed at exit on purpose: a thread may
         * still log while static destructors run. */
        delete current();
        current() = fresh;
    }

    /* Back to the ring buffer, keeping messages up to max_level. */
    static void use_ring(int32_t max_level = BC_LOG_INFO) { set(Callback(), max_level); }

    /* Messages waiting in the ring. */
    static int32_t pending() { return bc_log_pending(); }

    /* Takes the oldest ring message into out; false when the ring is empty. */
    static bool pop(LogMessage &out)
    {
        int32_t level = 0;
        std::string text(512, '\0');
        int32_t length = 0;
        int32_t rc = bc_log_pop(&text[0], static_cast<int32_t>(text.size()), &length, &level);
        if (rc == BC_E_BUFFER_TOO_SMALL) {
            text.assign(static_cast<size_t>(length) + 1, '\0');
            rc = bc_log_pop(&text[0], length + 1, &length, &level);
        }
        if (rc == BC_E_NOT_FOUND)
            return false;
        detail::check(rc);
        text.resize(static_cast<size_t>(length));
        out.level = level;
        out.text = std::move(text);
        return true;
    }

    /* Takes every waiting ring message, oldest first. */
    static std::vector<LogMessage> drain()
    {
        std::vector<LogMessage> all;
        LogMessage m;
        while (pop(m))
            all.push_back(m);
        return all;
    }

private:
    static std::mutex &mutex()
    {
        static std::mutex m;
        return m;
    }
    static Callback *&current()
    {
        static Callback *cb = nullptr;
        return cb;
    }
    static void trampoline(int32_t level, const char *message, void *user)
    {
        try {
            (*static_cast<Callback *>(user))(level, message);
        } catch (...) {
        }
    }
};

/* ---- compute backends -------------------------------------------------- */

/* A started backend ("cpu", "cuda" or "best"). One thread at a time. */
class Backend {
public:
    explicit Backend(const std::string &name = "cpu")
    {
        bc_backend *b = nullptr;
        detail::check(bc_backend_init(name.c_str(), &b));
        handle_.reset(b);
    }

    /* Names of the backends this build knows, started or not. */
    static std::vector<std::string> names()
    {
        std::vector<std::string> all;
        for (int32_t i = 0; i < bc_backend_count(); i++)
            all.push_back(bc_backend_name(i));
        return all;
    }

    /* What it runs on: "cpu" or "cuda" (what "best" chose). */
    std::string kind() const { return bc_backend_kind(handle_.get()); }

    /* C = alpha * op(A) * op(B) + beta * C on raw row-major memory, exactly
     * bc_backend_sgemm. */
    void sgemm(bool trans_a, bool trans_b, int32_t m, int32_t n, int32_t k,
               float alpha, const float *a, int32_t lda, const float *b,
               int32_t ldb, float beta, float *c, int32_t ldc)
    {
        detail::check(bc_backend_sgemm(handle_.get(), trans_a ? 1 : 0, trans_b ? 1 : 0,
                                       m, n, k, alpha, a, lda, b, ldb, beta, c, ldc));
    }

    /* C (m x n) = alpha * A (m x k) * B (k x n) + beta * C, dense row-major
     * vectors. With beta == 0 an empty c is sized to m * n; otherwise every
     * size must match (Error BC_E_SHAPE names the one that does not). */
    void sgemm(int32_t m, int32_t n, int32_t k, const std::vector<float> &a,
               const std::vector<float> &b, std::vector<float> &c,
               float alpha = 1.0f, float beta = 0.0f)
    {
        if (m < 0 || n < 0 || k < 0)
            throw Error(BC_E_INVALID_ARGUMENT, "Backend::sgemm: negative size");
        size_t mm = static_cast<size_t>(m), nn = static_cast<size_t>(n),
               kk = static_cast<size_t>(k);
        if (a.size() != mm * kk)
            throw Error(BC_E_SHAPE, "Backend::sgemm: A has " + std::to_string(a.size()) +
                                        " values, m*k is " + std::to_string(mm * kk));
        if (b.size() != kk * nn)
            throw Error(BC_E_SHAPE, "Backend::sgemm: B has " + std::to_string(b.size()) +
                                        " values, k*n is " + std::to_string(kk * nn));
        if (c.empty() && beta == 0.0f)
            c.assign(mm * nn, 0.0f);
        if (c.size() != mm * nn)
            throw Error(BC_E_SHAPE, "Backend::sgemm: C has " + std::to_string(c.size()) +
                                        " values, m*n is " + std::to_string(mm * nn));
        sgemm(false, false, m, n, k, alpha, a.data(), k > 0 ? k : 1, b.data(),
              n > 0 ? n : 1, beta, c.data(), n > 0 ? n : 1);
    }

    bc_backend *get() const noexcept { return handle_.get(); }

private:
    detail::Handle<bc_backend, bc_backend_free> handle_;
};

} // namespace botcopier

#endif /* BOTCOPIER_HPP */
