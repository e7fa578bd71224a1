package connectwise

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

const (
	testCompany  = "mspkit"
	testPublic   = "pubkey123"
	testPrivate  = "s3cr3t-Private-Key"
	testClientID = "3f2b6c1e-8d4a-4c1b-9e2f-0a1b2c3d4e5f"
	apiPrefix    = "/v2025_8/apis/3.0"
)

// setup starts a server whose mux fails the test on any path no test
// registered (go-github style) and a client pointed at it with a pinned
// codebase, no rate limit and millisecond retry waits.
func setup(t *testing.T, mutate ...func(*Config)) (*Client, *http.ServeMux, *httptest.Server) {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("stray request: %s %s", r.Method, r.URL)
		http.Error(w, "stray request", http.StatusTeapot)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	cfg := testConfig(srv.URL)
	for _, m := range mutate {
		m(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c, mux, srv
}

func testConfig(site string) Config {
	return Config{
		SiteURL:           site,
		CompanyID:         testCompany,
		PublicKey:         testPublic,
		PrivateKey:        testPrivate,
		ClientID:          testClientID,
		Codebase:          "v2025_8/",
		RequestsPerMinute: -1,
		RetryWaitMin:      time.Millisecond,
		RetryWaitMax:      5 * time.Millisecond,
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeEnvelope(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, map[string]any{"code": code, "message": msg})
}

// hits counts requests per route.
type hits struct {
	mu sync.Mutex
	n  map[string]int
}

func (h *hits) add(r *http.Request) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.n == nil {
		h.n = map[string]int{}
	}
	k := r.Method + " " + r.URL.Path
	h.n[k]++
	return h.n[k]
}

func (h *hits) get(k string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.n[k]
}

// recLogger records every log line and its fields.
type recLogger struct {
	mu    sync.Mutex
	lines []string
}

func (l *recLogger) log(level, msg string, fields map[string]any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, fmt.Sprintf("%s %s %v", level, msg, fields))
}

func (l *recLogger) Debug(_ context.Context, msg string, f map[string]any) { l.log("DEBUG", msg, f) }
func (l *recLogger) Trace(_ context.Context, msg string, f map[string]any) { l.log("TRACE", msg, f) }

func (l *recLogger) all() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.lines...)
}
