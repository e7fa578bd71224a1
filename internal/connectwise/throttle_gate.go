package connectwise

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"
)

// throttleGate is the one pause shared by every request of a Client. A
// 429's Retry-After is about the API member, not the one request: a site
// counts every request sent inside the window against us and answers them
// 429 too, so all requests (first attempts, retries, requests already
// waiting) are held until the window has passed.
type throttleGate struct {
	mu    sync.Mutex
	until time.Time
}

// pauseUntil closes the gate until t; a later pause never shortens an
// earlier one.
func (g *throttleGate) pauseUntil(t time.Time) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if t.After(g.until) {
		g.until = t
	}
}

// reopens is when the gate opens again (in the past when it is open).
func (g *throttleGate) reopens() time.Time {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.until
}

// callBudget is one call's time budget (Config.RetryMaxWait from the
// call's start), carried in the request context so the transport can
// refuse a pause the call could not afford.
type callBudget struct {
	start, deadline time.Time
	budget          time.Duration
	attempts        int // attempts answered so far, for the error
}

type callBudgetKey struct{}

func budgetOf(ctx context.Context) *callBudget {
	b, _ := ctx.Value(callBudgetKey{}).(*callBudget)
	return b
}

// RetryBudgetError is returned when ConnectWise asks the client to wait
// longer than the call's retry budget (Config.RetryMaxWait, counted from
// the start of the call) allows. Nothing more was sent for the call once
// it was decided. It matches ErrThrottled; Last is the call's last
// answer (an *APIError) when there was one.
type RetryBudgetError struct {
	Method string
	Path   string        // API path, e.g. /finance/agreements/5/additions
	Waited time.Duration // since the call started
	// Resume is how much longer ConnectWise asked every request to wait
	// when the call gave up.
	Resume   time.Duration
	Budget   time.Duration // Config.RetryMaxWait
	Attempts int           // requests sent for the call
	Last     error
}

func (e *RetryBudgetError) Error() string {
	return fmt.Sprintf("ConnectWise is throttling requests (429 Too Many Requests): %s %s gave up after %s and %d attempts, "+
		"because ConnectWise asks to wait %s more and that would exceed the retry budget of %s (retry_max_wait can raise it; "+
		"fewer parallel requests or a lower requests_per_minute are throttled less)",
		e.Method, e.Path, e.Waited.Round(time.Second), e.Attempts, e.Resume.Round(time.Second), e.Budget)
}

// Is makes errors.Is(err, ErrThrottled) true.
func (e *RetryBudgetError) Is(target error) bool { return target == ErrThrottled }

func (e *RetryBudgetError) Unwrap() error { return e.Last }

// budgetError describes a call that cannot wait until reopen.
func budgetError(b *callBudget, method, path string, reopen time.Time, last error) *RetryBudgetError {
	now := time.Now()
	return &RetryBudgetError{
		Method: method, Path: apiPath(path), Waited: now.Sub(b.start), Resume: reopen.Sub(now),
		Budget: b.budget, Attempts: b.attempts, Last: last,
	}
}

// waitGate holds req until the gate is open. It returns a
// *RetryBudgetError at once when the gate reopens after the call's
// budget, and the context's error when the context ends first.
func (c *Client) waitGate(req *http.Request) error {
	ctx := req.Context()
	logged := false
	for {
		reopen := c.gate.reopens()
		wait := time.Until(reopen)
		if wait <= 0 {
			return nil
		}
		if b := budgetOf(ctx); b != nil && reopen.After(b.deadline) {
			return budgetError(b, req.Method, req.URL.Path, reopen, nil)
		}
		if !logged {
			c.logDebug(ctx, "connectwise: waiting for ConnectWise's Retry-After before sending", map[string]any{
				"method": req.Method, "path": req.URL.Path, "wait": wait.Round(time.Millisecond).String(),
			})
			logged = true
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
		// Another 429 may have moved the reopening while we slept.
	}
}

// notePause closes the gate for a 429's Retry-After, counted from when
// the answer arrived. A 429 without a usable Retry-After still pauses
// everyone for the minimum retry wait, so the other requests do not pile
// onto a site that is refusing them.
func (c *Client) notePause(req *http.Request, resp *http.Response) {
	if resp.StatusCode != http.StatusTooManyRequests {
		return
	}
	wait, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
	if !ok || wait <= 0 {
		wait = c.cfg.RetryWaitMin
	}
	c.gate.pauseUntil(time.Now().Add(wait))
	c.logDebug(req.Context(), "connectwise: throttled; every request waits for the Retry-After", map[string]any{
		"method": req.Method, "path": req.URL.Path, "retry_after": wait.String(),
	})
}

// throttleTransport is the one place where requests wait before they are
// sent: for the throttle gate, then for the client-side rate limiter
// (when there is one), then for the gate again, because a 429 may have
// arrived while the limiter held the request. It sits below
// retryablehttp, so every attempt passes through it.
//
// It also applies the per-attempt timeout, which therefore starts once
// the waiting is over: an http.Client.Timeout would count a long
// Retry-After as a timed-out request, and a POST that timed out is
// ambiguous although it never left.
type throttleTransport struct {
	c       *Client
	timeout time.Duration
	next    http.RoundTripper
}

func (t *throttleTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := t.wait(req); err != nil {
		if req.Body != nil {
			_ = req.Body.Close()
		}
		return nil, fmt.Errorf("%w (%w)", err, errNotSent)
	}
	if err := t.c.refusedEarlier(req); err != nil {
		if req.Body != nil {
			_ = req.Body.Close()
		}
		return nil, fmt.Errorf("%w (%w)", err, errNotSent)
	}
	if b := budgetOf(req.Context()); b != nil {
		b.attempts++
	}
	ctx, cancel := context.WithTimeout(req.Context(), t.timeout)
	resp, err := t.next.RoundTrip(req.WithContext(ctx))
	if err != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) && req.Context().Err() == nil {
			err = &attemptTimeoutError{timeout: t.timeout, err: err}
		}
		cancel()
		return nil, err
	}
	t.c.notePause(req, resp)
	resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

// attemptTimeoutError is an attempt that got no answer within the request
// timeout. It is a net.Error whose Timeout is true, so callers that treat
// a timed-out write as possibly still running recognise it.
type attemptTimeoutError struct {
	timeout time.Duration
	err     error
}

func (e *attemptTimeoutError) Error() string {
	return fmt.Sprintf("no answer within the request timeout of %s (%v)", e.timeout, e.err)
}
func (e *attemptTimeoutError) Unwrap() error   { return e.err }
func (e *attemptTimeoutError) Timeout() bool   { return true }
func (e *attemptTimeoutError) Temporary() bool { return true }

// cancelOnClose ends an attempt's timeout context once its body is read
// and closed; the timeout keeps bounding the body read until then.
type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (b *cancelOnClose) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}

func (t *throttleTransport) wait(req *http.Request) error {
	if err := t.c.waitGate(req); err != nil {
		return err
	}
	if t.c.limiter != nil {
		if err := t.c.limiter.Wait(req.Context()); err != nil {
			if ctxErr := req.Context().Err(); ctxErr != nil {
				err = ctxErr
			}
			return fmt.Errorf("waiting for the client-side rate limit: %w", err)
		}
	}
	return t.c.waitGate(req)
}

// asBudgetError finds a *RetryBudgetError in err.
func asBudgetError(err error) (*RetryBudgetError, bool) {
	var be *RetryBudgetError
	ok := errors.As(err, &be)
	return be, ok
}
