package connectwise

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func throttledInfo(w http.ResponseWriter, retryAfter string) {
	w.Header().Set("Retry-After", retryAfter)
	writeJSON(w, 429, map[string]string{"error": "ConnectWiseAPI", "message": "Too many requests. Please try again in " + retryAfter + " seconds."})
}

// alwaysThrottled is a client whose site answers every GET /system/info with a 429 and
// this Retry-After; the counter counts those requests.
func alwaysThrottled(t *testing.T, retryAfter string, mutate func(*Config)) (*Client, *atomic.Int32) {
	t.Helper()
	c, mux, _ := setup(t, mutate)
	var n atomic.Int32
	mux.HandleFunc("GET "+apiPrefix+"/system/info", func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		throttledInfo(w, retryAfter)
	})
	return c, &n
}

// A Retry-After that ends beyond the call's budget fails at once with an error that
// says so; and while the gate stays closed beyond any budget, other calls fail without
// sending anything.
func TestRetryAfterBeyondBudgetFailsFast(t *testing.T) {
	c, n := alwaysThrottled(t, "30", func(cfg *Config) { cfg.RetryMaxWait = 2 * time.Second })
	start := time.Now()
	_, err := c.System.Info(context.Background())
	if d := time.Since(start); d > time.Second {
		t.Errorf("gave up after %v", d)
	}
	var be *RetryBudgetError
	var ae *APIError
	if !errors.As(err, &be) || !errors.Is(err, ErrThrottled) || !errors.As(err, &ae) || ae.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("err = %v", err)
	}
	if msg := err.Error(); be.Attempts != 1 || be.Budget != 2*time.Second || be.Resume < 29*time.Second ||
		!strings.Contains(msg, "retry_max_wait") || !strings.Contains(msg, "GET /system/info") {
		t.Errorf("%+v: %s", be, msg)
	}

	_, err = c.Additions.Create(context.Background(), 1, &Addition{Product: Ref(1)})
	if !errors.As(err, &be) || be.Attempts != 0 || be.Last != nil || IsAmbiguousWrite(err) || n.Load() != 1 {
		t.Errorf("call while the gate is closed: err = %v, %d requests", err, n.Load())
	}
}

// 429s are retried until the time budget runs out, not until MaxRetries.
func TestThrottleRetriesBoundedByTime(t *testing.T) {
	c, n := alwaysThrottled(t, "1", func(cfg *Config) { cfg.RetryMaxWait = 2500 * time.Millisecond; cfg.MaxRetries = 1 })
	start := time.Now()
	_, err := c.System.Info(context.Background())
	elapsed := time.Since(start)
	var be *RetryBudgetError
	if !errors.As(err, &be) {
		t.Fatalf("err = %v", err)
	}
	// Requests at 0 s, 1 s and 2 s; a third wait would end at 3 s.
	if n.Load() != 3 || be.Attempts != 3 || elapsed < 1900*time.Millisecond || elapsed > 2400*time.Millisecond {
		t.Errorf("%d requests in %v: %v", n.Load(), elapsed, err)
	}
}

// A request waiting at the gate for another request's Retry-After stops waiting when its
// context ends, sends nothing, and is not an ambiguous write; the per-attempt timeout
// does not count the wait at the gate.
func TestGateWaitHonoursContextNotTimeout(t *testing.T) {
	log := &recLogger{}
	c, mux, _ := setup(t, func(cfg *Config) { cfg.RequestTimeout = 300 * time.Millisecond; cfg.Logger = log })
	var infos, posts atomic.Int32
	mux.HandleFunc("GET "+apiPrefix+"/system/info", func(w http.ResponseWriter, r *http.Request) {
		if infos.Add(1) == 1 {
			throttledInfo(w, "1")
			return
		}
		writeJSON(w, 200, map[string]any{"version": "v2025.8"})
	})
	mux.HandleFunc("POST "+apiPrefix+"/finance/agreements/1/additions", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 201, map[string]any{"id": posts.Add(1)})
	})
	first := make(chan error, 1)
	throttledAt := time.Now()
	go func() {
		_, err := c.System.Info(context.Background())
		first <- err
	}()
	for c.gate.reopens().IsZero() {
		time.Sleep(time.Millisecond)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.Additions.Create(ctx, 1, &Addition{Product: Ref(1)})
	if d := time.Since(start); !errors.Is(err, context.DeadlineExceeded) || IsAmbiguousWrite(err) || d > 300*time.Millisecond || posts.Load() != 0 {
		t.Errorf("POST cut short at the gate: err = %v after %v, ambiguous %v, %d sent", err, d, IsAmbiguousWrite(err), posts.Load())
	}

	// Waits about 1 s at the gate, longer than the 300 ms request timeout.
	if _, err := c.Additions.Create(context.Background(), 1, &Addition{Product: Ref(1)}); err != nil || posts.Load() != 1 {
		t.Errorf("POST after the gate: %v, %d sent", err, posts.Load())
	}
	if d := time.Since(throttledAt); d < 950*time.Millisecond {
		t.Errorf("POST sent %v after the 429's Retry-After of 1 s", d)
	}
	if err := <-first; err != nil || infos.Load() != 2 {
		t.Errorf("throttled call: %v after %d requests", err, infos.Load())
	}
	logs := strings.Join(log.all(), "\n")
	for _, want := range []string{"connectwise: throttled; every request waits for the Retry-After", "retry_after:1s",
		"connectwise: waiting for ConnectWise's Retry-After before sending", "connectwise: retrying request", "reason:throttled (429)"} {
		if !strings.Contains(logs, want) {
			t.Errorf("log lacks %q:\n%s", want, logs)
		}
	}
}
