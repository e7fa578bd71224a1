package connectwise

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync/atomic"
	"testing"
	"time"
)

// hangUp closes the connection without an answer, after reading the
// request: the server may have applied it.
func hangUp(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	conn, _, err := w.(http.Hijacker).Hijack()
	if err == nil {
		_ = conn.Close()
	}
}

func TestRetryPolicy(t *testing.T) {
	tests := []struct {
		name     string
		method   string
		statuses []int // answers in order; -1 hangs up
		attempts int
		wantErr  error
	}{
		{"GET 503 retried", "GET", []int{503, 503, 200}, 3, nil},
		{"GET 502 504 retried", "GET", []int{502, 504, 200}, 3, nil},
		{"GET 500 retried", "GET", []int{500, 500, 200}, 3, nil},
		{"GET 500 gives up", "GET", []int{500, 500, 500, 500, 500, 500}, 5, ErrServer},
		{"GET 400 not retried", "GET", []int{400, 200}, 1, ErrValidation},
		{"GET gives up", "GET", []int{503, 503, 503, 503, 503, 503}, 5, ErrServer},
		{"GET reset retried", "GET", []int{-1, 200}, 2, nil},
		{"PATCH 503 retried", "PATCH", []int{503, 200}, 2, nil},
		{"PATCH 500 not retried", "PATCH", []int{500, 200}, 1, ErrServer},
		{"PATCH reset retried", "PATCH", []int{-1, 200}, 2, nil},
		{"DELETE 504 retried", "DELETE", []int{504, 204}, 2, nil},
		{"POST 503 not retried", "POST", []int{503, 201}, 1, ErrServer},
		{"POST 502 not retried", "POST", []int{502, 201}, 1, ErrServer},
		{"POST 500 not retried", "POST", []int{500, 201}, 1, ErrServer},
		{"POST 429 retried", "POST", []int{429, 429, 201}, 3, nil},
		{"POST 429 burst beyond MaxRetries", "POST", []int{429, 429, 429, 429, 429, 429, 429, 429, 201}, 9, nil},
		{"POST reset not retried", "POST", []int{-1, 201}, 1, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mux, _ := setup(t)
			var calls atomic.Int32
			h := func(w http.ResponseWriter, r *http.Request) {
				n := int(calls.Add(1)) - 1
				st := tt.statuses[min(n, len(tt.statuses)-1)]
				switch st {
				case -1:
					hangUp(w, r)
				case 429:
					w.Header().Set("Retry-After", "0")
					writeJSON(w, 429, map[string]string{"error": "ConnectWiseAPI", "message": "Too many requests."})
				case 204:
					w.WriteHeader(http.StatusNoContent)
				case 200, 201:
					writeJSON(w, st, map[string]any{"id": 2})
				default:
					writeEnvelope(w, st, "Err", "failed")
				}
			}
			mux.HandleFunc(apiPrefix+"/finance/agreements/1/additions", h)
			mux.HandleFunc(apiPrefix+"/finance/agreements/1/additions/2", h)
			ctx := context.Background()
			var err error
			switch tt.method {
			case "GET":
				_, err = getOne[Addition](ctx, c, itemPath(additionsPath(1), 2))
			case "PATCH":
				_, err = c.Additions.Patch(ctx, 1, 2, []PatchOp{Replace("quantity", 3)})
			case "DELETE":
				_, err = c.do(ctx, apiRequest{method: http.MethodDelete, path: itemPath(additionsPath(1), 2)}, nil)
			case "POST":
				_, err = c.Additions.Create(ctx, 1, &Addition{Product: Ref(1)})
			}
			if n := int(calls.Load()); n != tt.attempts {
				t.Errorf("%d attempts, want %d", n, tt.attempts)
			}
			switch {
			case tt.wantErr != nil && !errors.Is(err, tt.wantErr):
				t.Errorf("err = %v, want %v", err, tt.wantErr)
			case tt.wantErr == nil && tt.statuses[0] == -1 && tt.method == "POST":
				var ce *ConnectionError
				if !errors.As(err, &ce) || !ce.MayHaveApplied || !IsAmbiguousWrite(err) || ce.IsUnreachable() {
					t.Errorf("POST hang-up: err = %#v", err)
				}
			case tt.wantErr == nil && err != nil:
				t.Errorf("err = %v", err)
			}
		})
	}
}

func TestUnreachableHost(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	cfg := testConfig("http://" + addr)
	cfg.MaxRetries = 1
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Additions.Create(context.Background(), 1, &Addition{Product: Ref(1)})
	var ce *ConnectionError
	if !errors.As(err, &ce) || !ce.IsUnreachable() || ce.MayHaveApplied || IsAmbiguousWrite(err) {
		t.Fatalf("err = %v (%#v)", err, ce)
	}
}

// retryablehttp sleeps between attempts; that sleep must end when the
// context does.
func TestCancelDuringRetryAfterWait(t *testing.T) {
	c, mux, _ := setup(t, func(cfg *Config) { cfg.RetryWaitMax = time.Minute })
	mux.HandleFunc("POST "+apiPrefix+"/finance/agreements/1/additions", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "30")
		writeJSON(w, 429, map[string]string{"error": "ConnectWiseAPI", "message": "Too many requests. Please try again in 30 seconds."})
	})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	_, err := c.Additions.Create(ctx, 1, &Addition{Product: Ref(1)})
	if d := time.Since(start); d > time.Second {
		t.Errorf("returned after %v", d)
	}
	if !errors.Is(err, context.Canceled) || IsAmbiguousWrite(err) {
		t.Errorf("err = %v, ambiguous %v", err, IsAmbiguousWrite(err))
	}
}

func TestBackoff(t *testing.T) {
	lo, hi := 100*time.Millisecond, time.Second
	for attempt := range 8 {
		for range 50 {
			d := backoff(lo, hi, attempt, nil)
			top := min(lo<<attempt, hi)
			if d < lo || d > top || d < top/2 {
				t.Fatalf("attempt %d: %v outside [%v, %v]", attempt, d, top/2, top)
			}
		}
	}
	for _, st := range []int{429, 503} {
		resp := &http.Response{StatusCode: st, Header: http.Header{"Retry-After": {"7"}}}
		if d := backoff(lo, hi, 0, resp); d != 7*time.Second {
			t.Errorf("%d with Retry-After 7: %v", st, d)
		}
	}
	resp := &http.Response{StatusCode: http.StatusBadGateway, Header: http.Header{"Retry-After": {"7"}}}
	if d := backoff(lo, hi, 0, resp); d > lo {
		t.Errorf("502 used Retry-After: %v", d)
	}
}

func TestClientSideRateLimit(t *testing.T) {
	c, mux, _ := setup(t, func(cfg *Config) { cfg.RequestsPerMinute = 1200 }) // 20/s, burst 10
	mux.HandleFunc("GET "+apiPrefix+"/system/info", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, map[string]any{"version": "v2025.8"})
	})
	start := time.Now()
	for range 20 {
		if _, err := c.System.Info(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	// 10 from the burst, 10 more at 20/s.
	if d := time.Since(start); d < 400*time.Millisecond {
		t.Errorf("20 requests in %v: limiter not applied", d)
	}

	// Waiting on the limiter honours the context, and a POST cut short
	// there was never sent.
	c, mux, _ = setup(t, func(cfg *Config) { cfg.RequestsPerMinute = 1 })
	var posts atomic.Int32
	mux.HandleFunc("POST "+apiPrefix+"/finance/agreements/1/additions", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 201, map[string]any{"id": posts.Add(1)})
	})
	if _, err := c.Additions.Create(context.Background(), 1, &Addition{}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start = time.Now()
	_, err := c.Additions.Create(ctx, 1, &Addition{})
	if err == nil || IsAmbiguousWrite(err) || time.Since(start) > time.Second || posts.Load() != 1 {
		t.Errorf("err = %v, ambiguous %v, %v, posts %d", err, IsAmbiguousWrite(err), time.Since(start), posts.Load())
	}
}

func TestRetryAfterHonoured(t *testing.T) {
	c, mux, _ := setup(t)
	n := 0
	var first time.Time
	mux.HandleFunc("GET "+apiPrefix+"/system/info", func(w http.ResponseWriter, r *http.Request) {
		n++
		if n == 1 {
			first = time.Now()
			w.Header().Set("Retry-After", strconv.Itoa(1))
			writeJSON(w, 429, map[string]string{"error": "ConnectWiseAPI", "message": "Too many requests."})
			return
		}
		if d := time.Since(first); d < 950*time.Millisecond {
			t.Errorf("retried after %v", d)
		}
		writeJSON(w, 200, map[string]any{"version": "v2025.8"})
	})
	if _, err := c.System.Info(context.Background()); err != nil || n != 2 {
		t.Fatalf("err %v after %d requests", err, n)
	}
}
