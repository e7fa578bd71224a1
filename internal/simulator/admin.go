package simulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"
)

// The admin API lets tests and scripts inspect and steer a running simulator. It is
// plain JSON, no auth, and Start serves it on a loopback listener only.

// adminEndpoints is what GET / lists, so a person exploring the admin API finds its calls.
var adminEndpoints = []string{
	"GET /counters", "POST /counters/reset", "GET /store", "GET /store/{kind}", "POST /store/{kind}",
	"GET /store/{kind}/{id}", "PATCH /store/{kind}/{id}", "DELETE /store/{kind}/{id}", "PUT /faults", "PUT /keys", "PUT /role",
	"GET /variants", "PUT /variants", "PUT /codebase", "PUT /latency", "PUT /rate", "POST /throttle",
	"POST /agreements/{id}/invoice", "GET /invoices", "GET /invoices/preview", "POST /mutations",
	"GET /hidden-companies", "PUT /hidden-companies",
}

func (s *Simulator) adminMux() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		adminJSON(w, http.StatusOK, map[string]any{"endpoints": adminEndpoints, "docs": "README.md, section The ConnectWise simulator"})
	})
	mux.HandleFunc("GET /counters", func(w http.ResponseWriter, r *http.Request) {
		adminJSON(w, http.StatusOK, s.Counters())
	})
	mux.HandleFunc("POST /counters/reset", func(w http.ResponseWriter, r *http.Request) {
		s.ResetCounters()
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("GET /store", func(w http.ResponseWriter, r *http.Request) {
		adminJSON(w, http.StatusOK, s.store.dump())
	})
	mux.HandleFunc("GET /store/{kind}", s.adminKind(func(w http.ResponseWriter, r *http.Request, kind string) {
		adminJSON(w, http.StatusOK, s.store.List(kind))
	}))
	mux.HandleFunc("POST /store/{kind}", s.adminKind(func(w http.ResponseWriter, r *http.Request, kind string) {
		var obj map[string]any
		if !adminDecode(w, r, &obj) {
			return
		}
		id := s.store.Insert(kind, obj)
		o, _ := s.store.Get(kind, id)
		adminJSON(w, http.StatusCreated, o)
	}))
	mux.HandleFunc("GET /store/{kind}/{id}", s.adminRecord(func(w http.ResponseWriter, r *http.Request, kind string, id int) {
		o, _ := s.store.Get(kind, id)
		adminJSON(w, http.StatusOK, o)
	}))
	mux.HandleFunc("PATCH /store/{kind}/{id}", s.adminRecord(func(w http.ResponseWriter, r *http.Request, kind string, id int) {
		var fields map[string]any
		if !adminDecode(w, r, &fields) {
			return
		}
		if err := s.store.Update(kind, id, fields); err != nil {
			adminError(w, http.StatusBadRequest, err.Error())
			return
		}
		o, _ := s.store.Get(kind, id)
		adminJSON(w, http.StatusOK, o)
	}))
	mux.HandleFunc("DELETE /store/{kind}/{id}", s.adminRecord(func(w http.ResponseWriter, r *http.Request, kind string, id int) {
		s.store.Delete(kind, id)
		w.WriteHeader(http.StatusNoContent)
	}))
	mux.HandleFunc("PUT /faults", adminSet(func(f faultsJSON) error {
		faults, err := f.faults()
		if err == nil {
			s.SetFaults(faults)
		}
		return err
	}))
	mux.HandleFunc("PUT /keys", adminSet(s.adminKeys))
	mux.HandleFunc("PUT /role", adminSet(func(role Role) error {
		s.SetRole(role)
		return nil
	}))
	mux.HandleFunc("GET /variants", func(w http.ResponseWriter, r *http.Request) {
		adminJSON(w, http.StatusOK, s.Variants())
	})
	// PUT /variants replaces them all: a name left out is back at its default.
	mux.HandleFunc("PUT /variants", adminSet(s.SetVariants))
	mux.HandleFunc("PUT /codebase", adminSet(func(body struct {
		Codebase string `json:"codebase"`
	}) error {
		if body.Codebase == "" {
			return errors.New("codebase is required, e.g. {\"codebase\":\"v2026_1/\"}")
		}
		s.SetCodebase(body.Codebase)
		return nil
	}))
	mux.HandleFunc("PUT /latency", adminSet(func(body struct {
		Latency string `json:"latency"`
	}) error {
		d, err := time.ParseDuration(body.Latency)
		if err != nil || d < 0 {
			return errors.New("latency must be a duration such as \"20ms\"")
		}
		s.SetLatency(d)
		return nil
	}))
	mux.HandleFunc("PUT /rate", adminSet(func(body struct {
		RequestsPerMinute int     `json:"requestsPerMinute"`
		WindowSeconds     float64 `json:"windowSeconds"` // 0: one minute
	}) error {
		s.SetThrottle(body.RequestsPerMinute, time.Duration(body.WindowSeconds*float64(time.Second)))
		return nil
	}))
	mux.HandleFunc("POST /throttle", adminSet(func(body struct {
		Count             int     `json:"count"`
		RetryAfterSeconds float64 `json:"retryAfterSeconds"`
	}) error {
		s.ThrottleNext(body.Count, time.Duration(body.RetryAfterSeconds*float64(time.Second)))
		return nil
	}))
	s.adminInvoiceRoutes(mux)
	s.adminMutationRoutes(mux)
	s.adminHiddenRoutes(mux)
	return mux
}

// faultsJSON is Faults on the admin wire, with SlowDelay as a duration string.
type faultsJSON struct {
	Seed            int64   `json:"seed"`
	Error500        float64 `json:"error500"`
	Error503        float64 `json:"error503"`
	ResetBefore     float64 `json:"resetBefore"`
	ResetAfterWrite float64 `json:"resetAfterWrite"`
	Slow            float64 `json:"slow"`
	SlowDelay       string  `json:"slowDelay"`
	// Proxy answers (proxy_faults.go).
	CloudflareBlock403 float64 `json:"cloudflareBlock403"`
	IISError500        float64 `json:"iisError500"`
	Empty502           float64 `json:"empty502"`
	Cloudflare52x      float64 `json:"cloudflare52x"`
}

func (f faultsJSON) faults() (Faults, error) {
	out := Faults{Seed: f.Seed, Error500: f.Error500, Error503: f.Error503, ResetBefore: f.ResetBefore,
		ResetAfterWrite: f.ResetAfterWrite, Slow: f.Slow, CloudflareBlock403: f.CloudflareBlock403,
		IISError500: f.IISError500, Empty502: f.Empty502, Cloudflare52x: f.Cloudflare52x}
	for _, p := range []float64{f.Error500, f.Error503, f.ResetBefore, f.ResetAfterWrite, f.Slow,
		f.CloudflareBlock403, f.IISError500, f.Empty502, f.Cloudflare52x} {
		if p < 0 || p > 1 {
			return out, fmt.Errorf("probabilities must be between 0 and 1")
		}
	}
	if f.SlowDelay != "" {
		d, err := time.ParseDuration(f.SlowDelay)
		if err != nil {
			return out, fmt.Errorf("slowDelay: %w", err)
		}
		out.SlowDelay = d
	}
	return out, nil
}

func (s *Simulator) adminKind(h func(http.ResponseWriter, *http.Request, string)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		kind := r.PathValue("kind")
		if !knownKind(kind) {
			adminError(w, http.StatusNotFound, fmt.Sprintf("unknown kind %q", kind))
			return
		}
		h(w, r, kind)
	}
}

func (s *Simulator) adminRecord(h func(http.ResponseWriter, *http.Request, string, int)) http.HandlerFunc {
	return s.adminKind(func(w http.ResponseWriter, r *http.Request, kind string) {
		id, err := strconv.Atoi(r.PathValue("id"))
		if err != nil {
			adminError(w, http.StatusNotFound, "id must be an integer")
			return
		}
		if _, ok := s.store.Get(kind, id); !ok {
			adminError(w, http.StatusNotFound, fmt.Sprintf("%s %d not found", kind, id))
			return
		}
		h(w, r, kind, id)
	})
}

// adminSet is a call that sets something: the body decoded into T, then apply; its error
// answers 400 with the error's text, nil 204.
func adminSet[T any](apply func(T) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var body T
		if !adminDecode(w, r, &body) {
			return
		}
		if err := apply(body); err != nil {
			adminError(w, http.StatusBadRequest, err.Error())
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}
}

func adminDecode(w http.ResponseWriter, r *http.Request, v any) bool {
	b, err := io.ReadAll(io.LimitReader(r.Body, 64<<20))
	if err == nil {
		err = json.Unmarshal(b, v)
	}
	if err != nil {
		adminError(w, http.StatusBadRequest, "invalid JSON body: "+err.Error())
		return false
	}
	return true
}

func adminJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(marshalJSON(v))
}

func adminError(w http.ResponseWriter, status int, msg string) {
	adminJSON(w, status, map[string]string{"error": msg})
}
