package connectwise

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// After ConnectWise refuses the keys, later calls fail at once, without a request, with an
// error that says why and still matches ErrUnauthorized.
func TestBreakerAfterRefusedKeys(t *testing.T) {
	c, mux, _ := setup(t)
	var sent atomic.Int32
	refuse := func(w http.ResponseWriter, r *http.Request) {
		sent.Add(1)
		writeEnvelope(w, 401, "Unauthorized", "The API member could not be authenticated.")
	}
	mux.HandleFunc("GET "+apiPrefix+"/company/companies/5", refuse)
	mux.HandleFunc("POST "+apiPrefix+"/finance/agreements/7/additions", refuse)

	first := call(c, "GET", "/company/companies/5")
	var ae *APIError
	if !errors.As(first, &ae) || ae.StatusCode != http.StatusUnauthorized || !errors.Is(first, ErrUnauthorized) {
		t.Fatalf("first call: %v", first)
	}
	for range 3 {
		err := call(c, "POST", "/finance/agreements/7/additions")
		var re *RefusedEarlierError
		if !errors.As(err, &re) || !errors.Is(err, ErrUnauthorized) || errors.Is(err, ErrClientIDRejected) || IsAmbiguousWrite(err) {
			t.Fatalf("later call: %T %v", err, err)
		}
		want := "POST /finance/agreements/7/additions was not sent: the API keys or the API member were refused (HTTP 401) earlier in this run; fix the credentials and run again"
		if msg := err.Error(); !strings.HasPrefix(msg, want) || !strings.Contains(msg, "The API member could not be authenticated") {
			t.Errorf("message %q", msg)
		}
	}
	if n := sent.Load(); n != 1 {
		t.Errorf("%d requests reached the site, want 1", n)
	}
	if c.Refused() == nil {
		t.Error("Refused() is nil")
	}

	// Per client: another client of the same site still sends.
	other, err := New(testConfig(c.SiteURL()))
	if err != nil {
		t.Fatal(err)
	}
	if err := call(other, "GET", "/company/companies/5"); !errors.As(err, &ae) || ae.StatusCode != http.StatusUnauthorized || sent.Load() != 2 {
		t.Errorf("another client: %v after %d requests", err, sent.Load())
	}
}

// A refused clientId stops the client too, and its specific message survives.
func TestBreakerKeepsTheClientIDMessage(t *testing.T) {
	c, mux, _ := setup(t)
	var sent atomic.Int32
	mux.HandleFunc("GET "+apiPrefix+"/system/info", func(w http.ResponseWriter, r *http.Request) {
		sent.Add(1)
		writeEnvelope(w, 401, "Unauthorized", "The clientId is not registered for this site.")
	})
	for range 2 {
		_, err := c.System.Info(context.Background())
		if !errors.Is(err, ErrClientIDRejected) || !strings.Contains(err.Error(), "The clientId is not registered for this site") {
			t.Fatalf("err = %v", err)
		}
	}
	_, err := c.System.Info(context.Background())
	var re *RefusedEarlierError
	if !errors.As(err, &re) || !strings.Contains(re.Reason(), "the clientId was refused (HTTP 401) earlier in this run; fix the clientId") {
		t.Errorf("err = %v", err)
	}
	if n := sent.Load(); n != 1 {
		t.Errorf("%d requests reached the site, want 1", n)
	}
}

// What does not refuse the member leaves the client sending: a 403 of the role, a proxy's
// 401 page, a Cloudflare 403.
func TestBreakerStaysClosed(t *testing.T) {
	for name, answer := range map[string]http.HandlerFunc{
		"role 403": func(w http.ResponseWriter, r *http.Request) {
			writeEnvelope(w, 403, "Forbidden", "You do not have access.")
		},
		"IIS 401 page":   page(401, iis401Page, "Server: Microsoft-IIS/10.0"),
		"Cloudflare 403": page(403, cloudflareBlockPage, "Server: cloudflare"),
	} {
		t.Run(name, func(t *testing.T) {
			c, mux, _ := setup(t)
			var sent atomic.Int32
			mux.HandleFunc("GET "+apiPrefix+"/company/companies/5", func(w http.ResponseWriter, r *http.Request) {
				sent.Add(1)
				answer(w, r)
			})
			for range 3 {
				if err := call(c, "GET", "/company/companies/5"); err == nil || errors.As(err, new(*RefusedEarlierError)) {
					t.Fatalf("err = %v", err)
				}
			}
			if n := sent.Load(); n != 3 || c.Refused() != nil {
				t.Errorf("%d requests sent, want 3; Refused %v", n, c.Refused())
			}
		})
	}
}

// Calls in flight when the first 401 arrives get their own 401; nothing is sent after.
// With 8 goroutines making 50 calls each, the site sees at most 8 requests.
func TestBreakerBoundsRefusalsByConcurrency(t *testing.T) {
	c, mux, _ := setup(t)
	var sent atomic.Int32
	mux.HandleFunc("GET "+apiPrefix+"/company/companies/5", func(w http.ResponseWriter, r *http.Request) {
		sent.Add(1)
		time.Sleep(5 * time.Millisecond)
		writeEnvelope(w, 401, "Unauthorized", "The API member could not be authenticated.")
	})
	const workers = 8
	var wg sync.WaitGroup
	var refusedEarlier atomic.Int32
	for range workers {
		wg.Go(func() {
			for range 50 {
				err := call(c, "GET", "/company/companies/5")
				if !errors.Is(err, ErrUnauthorized) {
					t.Errorf("err = %v", err)
				}
				if errors.As(err, new(*RefusedEarlierError)) {
					refusedEarlier.Add(1)
				}
			}
		})
	}
	wg.Wait()
	if n := sent.Load(); n < 1 || n > workers {
		t.Errorf("%d requests reached the site, want 1 to %d", n, workers)
	}
	if int(sent.Load())+int(refusedEarlier.Load()) != workers*50 {
		t.Errorf("%d sent + %d refused earlier != %d calls", sent.Load(), refusedEarlier.Load(), workers*50)
	}
	t.Logf("%d calls, %d 401s sent", workers*50, sent.Load())
}
