/*
 * botcopier.hpp - header-only C++11 wrappers over include/botcopier.h.
 *
 * Every failing call throws botcopier::Error carrying the status code and the
 * library's message (bc_last_error of the failing thread). Objects own their
 * C handle (move-only RAII, freed in the destructor); get() hands the raw
 * pointer to C functions not wrapped here. Nothing here adds behaviour: the
 * C API stays the contract, this file only changes its shape.
 *
 * Pattern for each wrapped object kind (Backend, Bars, Features, Model,
 * Trainer, Predictor below):
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
#include <memory>
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

/* ---- price bars ------------------------------------------------------- */

/* Price bars (time, open, high, low, close, volume), read from CSV or built
 * from vectors. Immutable. */
class Bars {
public:
    /* Reads a bars CSV (bc_bars_read_csv; invalid rows are skipped). */
    static Bars read_csv(const std::string &path)
    {
        bc_bars *b = nullptr;
        detail::check(bc_bars_read_csv(path.c_str(), &b, nullptr));
        return Bars(b);
    }
    /* From equal-length vectors; open/high/low empty = close, volume empty
     * = 0. Throws BC_E_SHAPE for a length mismatch. */
    static Bars from_vectors(const std::vector<int64_t> &time, const std::vector<double> &open,
                             const std::vector<double> &high, const std::vector<double> &low,
                             const std::vector<double> &close, const std::vector<double> &volume)
    {
        size_t n = time.size();
        const std::vector<double> *all[5] = {&open, &high, &low, &close, &volume};
        for (int i = 0; i < 5; i++)
            if (!all[i]->empty() && all[i]->size() != n)
                throw Error(BC_E_SHAPE, "Bars::from_vectors: a column has " +
                                            std::to_string(all[i]->size()) + " values, time has " +
                                            std::to_string(n));
        if (close.size() != n)
            throw Error(BC_E_SHAPE, "Bars::from_vectors: close is required");
        bc_bars *b = nullptr;
        detail::check(bc_bars_from_arrays(static_cast<int32_t>(n), time.data(),
                                          open.empty() ? nullptr : open.data(),
                                          high.empty() ? nullptr : high.data(),
                                          low.empty() ? nullptr : low.data(), close.data(),
                                          volume.empty() ? nullptr : volume.data(), &b));
        return Bars(b);
    }
    explicit Bars(bc_bars *owned) noexcept : handle_(owned) {}

    int32_t size() const { return bc_bars_length(handle_.get()); }
    const int64_t *time() const { return bc_bars_time(handle_.get()); }
    /* BC_BAR_OPEN .. BC_BAR_VOLUME */
    const double *column(int32_t c) const { return bc_bars_column(handle_.get(), c); }
    bc_bars *get() const noexcept { return handle_.get(); }

private:
    detail::Handle<bc_bars, bc_bars_free> handle_;
};

/* ---- feature engine ------------------------------------------------------ */

/* A feature engine for a spec ("rsi(14),macd(12,26,9).hist,..."); streaming
 * and batch give bit-identical values. One thread at a time. */
class Features {
public:
    explicit Features(const std::string &spec)
    {
        bc_features *f = nullptr;
        detail::check(bc_features_create(spec.c_str(), &f));
        handle_.reset(f);
    }
    int32_t count() const
    {
        int32_t n = bc_features_count(handle_.get());
        if (n < 0)
            detail::check(n);
        return n;
    }
    /* Bars before every column is valid. */
    int32_t lookback() const { return bc_features_lookback(handle_.get()); }
    std::string name(int32_t i) const
    {
        return detail::read_text([&](char *b, int32_t c, int32_t *n) {
            return bc_features_name(handle_.get(), i, b, c, n);
        });
    }
    /* The canonical spec. */
    std::string spec() const
    {
        return detail::read_text([&](char *b, int32_t c, int32_t *n) {
            return bc_features_spec(handle_.get(), b, c, n);
        });
    }
    void reset() { detail::check(bc_features_reset(handle_.get())); }
    /* One bar in, count() values out (NaN while not valid). */
    std::vector<double> update(int64_t time, double open, double high, double low, double close,
                               double volume)
    {
        std::vector<double> out(static_cast<size_t>(count()));
        int32_t rc = bc_features_update(handle_.get(), time, open, high, low, close, volume,
                                        out.data(), static_cast<int32_t>(out.size()));
        if (rc < 0)
            detail::check(rc);
        return out;
    }
    /* Every bar (after a reset): bars.size() x count() values, row-major. */
    std::vector<double> compute(const Bars &bars)
    {
        int64_t n = bars.size(), cap = n * count();
        std::vector<double> out(static_cast<size_t>(cap));
        detail::check(bc_features_compute_arrays(
            handle_.get(), static_cast<int32_t>(n), bars.time(), bars.column(BC_BAR_OPEN),
            bars.column(BC_BAR_HIGH), bars.column(BC_BAR_LOW), bars.column(BC_BAR_CLOSE),
            bars.column(BC_BAR_VOLUME), nullptr, nullptr, out.data(), cap));
        return out;
    }
    bc_features *get() const noexcept { return handle_.get(); }

private:
    detail::Handle<bc_features, bc_features_free> handle_;
};

/* ---- models ----------------------------------------------------------------- */

/* A trained model. Read-only methods are safe on one Model from many
 * threads; update() is not (use it on a copy()). */
class Model {
public:
    /* Takes ownership of a model from the C API (e.g. bc_cloner_fit). */
    explicit Model(bc_model *owned) : handle_(owned, bc_model_free) {}

    /* A .bcm file. */
    static Model load(const std::string &path)
    {
        bc_model *m = nullptr;
        detail::check(bc_model_load(path.c_str(), &m));
        return Model(m);
    }
    /* A .bcm image in memory. */
    static Model from_bytes(const std::vector<uint8_t> &bytes)
    {
        bc_model *m = nullptr;
        detail::check(bc_model_load_bytes(bytes.data(), static_cast<int64_t>(bytes.size()), &m));
        return Model(m);
    }
    /* flags: 0 (compressed when the build has zstd) or
     * BC_MODEL_SAVE_UNCOMPRESSED (readable by the Windows DLL). */
    void save(const std::string &path, int32_t flags = 0) const
    {
        detail::check(bc_model_save_ex(handle_.get(), path.c_str(), flags));
    }
    std::vector<uint8_t> to_bytes(int32_t flags = 0) const
    {
        int64_t length = 0;
        int32_t rc = bc_model_save_bytes_ex(handle_.get(), nullptr, 0, &length, flags);
        if (rc != BC_E_BUFFER_TOO_SMALL)
            detail::check(rc);
        std::vector<uint8_t> bytes(static_cast<size_t>(length));
        detail::check(bc_model_save_bytes_ex(handle_.get(), bytes.data(), length, &length, flags));
        return bytes;
    }
    /* A private copy that update() may change. */
    Model copy() const
    {
        bc_model *m = nullptr;
        detail::check(bc_model_copy(handle_.get(), &m));
        return Model(m);
    }

    int32_t num_features() const { return bc_model_num_features(handle_.get()); }
    int32_t num_classes() const { return bc_model_num_classes(handle_.get()); }
    std::string feature_spec() const
    {
        return detail::read_text([&](char *b, int32_t c, int32_t *n) {
            return bc_model_feature_spec(handle_.get(), b, c, n);
        });
    }
    std::string feature_name(int32_t i) const
    {
        return detail::read_text([&](char *b, int32_t c, int32_t *n) {
            return bc_model_feature_name(handle_.get(), i, b, c, n);
        });
    }
    /* Summary JSON (builds with jansson). */
    std::string info_json() const
    {
        return detail::read_text([&](char *b, int32_t c, int32_t *n) {
            return bc_model_info_json(handle_.get(), b, c, n);
        });
    }
    /* Class probabilities of the rows in x (row-major, a multiple of
     * num_features() values): rows x num_classes() values. */
    std::vector<double> predict(const std::vector<double> &x) const
    {
        int32_t F = num_features(), C = num_classes();
        if (F <= 0 || x.size() % static_cast<size_t>(F) != 0)
            throw Error(BC_E_SHAPE, "Model::predict: " + std::to_string(x.size()) +
                                        " values are not rows of " + std::to_string(F) +
                                        " features");
        int32_t n = static_cast<int32_t>(x.size() / static_cast<size_t>(F));
        std::vector<double> probs(static_cast<size_t>(n) * static_cast<size_t>(C));
        detail::check(bc_model_predict(handle_.get(), x.data(), n, F, probs.data(),
                                       static_cast<int64_t>(probs.size())));
        return probs;
    }
    /* One online gradient step (bc_model_update) on labeled rows; weights
     * empty = all 1. */
    void update(const std::vector<double> &x, const std::vector<int32_t> &y, double learning_rate,
                double l2 = 0.0, const std::vector<double> &weights = std::vector<double>())
    {
        int32_t F = num_features();
        if (x.size() != y.size() * static_cast<size_t>(F) ||
            (!weights.empty() && weights.size() != y.size()))
            throw Error(BC_E_SHAPE, "Model::update: " + std::to_string(x.size()) + " values, " +
                                        std::to_string(y.size()) + " labels and " +
                                        std::to_string(weights.size()) +
                                        " weights do not match " + std::to_string(F) +
                                        " features");
        detail::check(bc_model_update(handle_.get(), x.data(), y.data(),
                                      weights.empty() ? nullptr : weights.data(),
                                      static_cast<int32_t>(y.size()), F, learning_rate, l2));
    }
    bc_model *get() const noexcept { return handle_.get(); }
    /* Shared ownership of the C model: a Predictor keeps one, so the model
     * outlives every predictor running it whatever the destruction order. */
    std::shared_ptr<bc_model> shared() const noexcept { return handle_; }

private:
    std::shared_ptr<bc_model> handle_;
};

/* Fits models ("logistic" or "mlp"); options by bc_trainer_set keys. One
 * thread at a time. */
class Trainer {
public:
    explicit Trainer(const std::string &kind)
    {
        bc_trainer *t = nullptr;
        detail::check(bc_trainer_create(kind.c_str(), &t));
        handle_.reset(t);
    }
    Trainer &set(const std::string &key, const std::string &value)
    {
        detail::check(bc_trainer_set(handle_.get(), key.c_str(), value.c_str()));
        return *this;
    }
    /* Rows x (row-major, y.size() x n_features, time order), labels in
     * 0..n_classes-1, weights empty = all 1. */
    Model fit(const std::vector<float> &x, const std::vector<int32_t> &y, int32_t n_features,
              int32_t n_classes, const std::vector<float> &weights = std::vector<float>())
    {
        if (n_features <= 0 || x.size() != y.size() * static_cast<size_t>(n_features) ||
            (!weights.empty() && weights.size() != y.size()))
            throw Error(BC_E_SHAPE, "Trainer::fit: " + std::to_string(x.size()) + " values, " +
                                        std::to_string(y.size()) + " labels, " +
                                        std::to_string(n_features) + " features");
        bc_model *m = nullptr;
        detail::check(bc_trainer_fit(handle_.get(), x.data(), y.data(),
                                     weights.empty() ? nullptr : weights.data(),
                                     static_cast<int32_t>(y.size()), n_features, n_classes, &m));
        return Model(m);
    }
    bc_trainer *get() const noexcept { return handle_.get(); }

private:
    detail::Handle<bc_trainer, bc_trainer_free> handle_;
};

/* ---- predictor --------------------------------------------------------------- */

/* A model running bar by bar (bc_predictor_*). The Model must outlive the
 * Predictor; one thread at a time. */
class Predictor {
public:
    /* Keeps a share of model: destroying the Model first is safe. */
    explicit Predictor(const Model &model) : model_(model.shared()), classes_(model.num_classes())
    {
        bc_predictor *p = nullptr;
        detail::check(bc_predictor_create(model.get(), &p));
        handle_.reset(p);
    }
    /* Keys: threshold, uncertainty_margin, auto_position, decision_log,
     * uncertain_log, model_version. */
    Predictor &set(const std::string &key, const std::string &value)
    {
        detail::check(bc_predictor_set(handle_.get(), key.c_str(), value.c_str()));
        return *this;
    }
    /* Feeds the next bar; probs gets the class probabilities; returns a
     * BC_DECISION_*. */
    int32_t update(int64_t time, double open, double high, double low, double close,
                   double volume, std::vector<double> &probs)
    {
        probs.resize(static_cast<size_t>(classes_));
        int32_t decision = BC_DECISION_HOLD;
        detail::check(bc_predictor_update(handle_.get(), time, open, high, low, close, volume,
                                          probs.data(), classes_, &decision));
        return decision;
    }
    void observe(int64_t time, double open, double high, double low, double close, double volume)
    {
        detail::check(bc_predictor_observe(handle_.get(), time, open, high, low, close, volume));
    }
    void set_position(int32_t direction, int32_t bars_held, double entry_price)
    {
        detail::check(bc_predictor_set_position(handle_.get(), direction, bars_held, entry_price));
    }
    /* Direction -1/0/1 of the position the predictor holds. */
    int32_t direction() const
    {
        int32_t d = 0;
        detail::check(bc_predictor_position(handle_.get(), &d, nullptr, nullptr));
        return d;
    }
    /* The stop-loss / take-profit price levels of the position held (NaN
     * when flat or where the rule gives none) and the model's rules (1
     * stop-loss, 2 take-profit, 3 both, 0 none): bc_predictor_levels. */
    struct Levels {
        double sl, tp;
        int32_t rules;
    };
    Levels levels() const
    {
        Levels v = {0.0, 0.0, 0};
        detail::check(bc_predictor_levels(handle_.get(), &v.sl, &v.tp, &v.rules));
        return v;
    }
    /* P(act) of the last decision. */
    double last_p_act() const
    {
        double p = 0.0;
        detail::check(bc_predictor_last(handle_.get(), &p, nullptr));
        return p;
    }
    void reset() { detail::check(bc_predictor_reset(handle_.get())); }
    bc_predictor *get() const noexcept { return handle_.get(); }

private:
    std::shared_ptr<bc_model> model_; /* declared first: destroyed after handle_ */
    detail::Handle<bc_predictor, bc_predictor_free> handle_;
    int32_t classes_;
};


/* ---- recurrent policy ------------------------------------------------------- */

/* A trained recurrent policy stepped one observation at a time with its
 * GRU state carried (bc_policy_*): from a Model of type "policy"
 * (Model::load on rl-train's policy.bcp) or a policy file. Holds its own
 * copy of the weights (the Model may go first); one thread at a time;
 * step() allocates nothing once probs has its size. */
class Policy {
public:
    explicit Policy(const Model &model)
    {
        bc_policy *p = nullptr;
        detail::check(bc_policy_from_model(model.get(), &p));
        handle_.reset(p);
    }
    static Policy load(const std::string &path)
    {
        bc_policy *p = nullptr;
        detail::check(bc_policy_load(path.c_str(), &p));
        return Policy(p);
    }
    int32_t observation_size() const { return bc_policy_observation_size(handle_.get()); }
    int32_t action_count() const { return bc_policy_action_count(handle_.get()); }
    int32_t hidden_size() const { return bc_policy_hidden_size(handle_.get()); }
    int32_t layers() const { return bc_policy_layers(handle_.get()); }
    /* One step: obs has observation_size() values; probs gets
     * action_count() probabilities, value the critic's estimate; returns
     * the argmax action. */
    int32_t step(const std::vector<float> &obs, std::vector<float> &probs, float &value)
    {
        if (static_cast<int32_t>(obs.size()) != observation_size())
            throw Error(BC_E_SHAPE, "Policy::step: " + std::to_string(obs.size()) +
                                        " observations, the policy takes " +
                                        std::to_string(observation_size()));
        probs.resize(static_cast<size_t>(action_count()));
        int32_t action = 0;
        detail::check(bc_policy_step(handle_.get(), obs.data(), probs.data(), &value, &action));
        return action;
    }
    /* Zeroes the GRU state (an episode begins). */
    void reset() { detail::check(bc_policy_reset(handle_.get())); }
    /* The GRU state [streams x layers x hidden]. */
    std::vector<float> state() const
    {
        int64_t n = 0;
        int32_t rc = bc_policy_state(handle_.get(), nullptr, 0, &n);
        if (rc != BC_E_BUFFER_TOO_SMALL && rc != BC_OK)
            detail::check(rc);
        std::vector<float> h(static_cast<size_t>(n));
        detail::check(bc_policy_state(handle_.get(), h.data(), n, &n));
        return h;
    }
    bc_policy *get() const noexcept { return handle_.get(); }

private:
    explicit Policy(bc_policy *owned) : handle_(owned) {}
    detail::Handle<bc_policy, bc_policy_free> handle_;
};

} // namespace botcopier

#endif /* BOTCOPIER_HPP */
