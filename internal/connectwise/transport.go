package connectwise

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"golang.org/x/time/rate"
)

// Retry policy, in one place. Change it here and nowhere else.
//
//   - 429: ConnectWise answers it before it processes the request, so it is
//     retried for every method, POST included: the single exception to "a
//     POST is never retried". Its Retry-After closes the client's throttle
//     gate (throttle_gate.go): every request of the Client waits until the
//     window has passed, because the site counts requests sent inside it.
//     429 retries are bounded by time, not by MaxRetries: a burst of 429s
//     is waited out as long as the call's budget (RetryMaxWait from the
//     start of the call) allows; a Retry-After that ends beyond the budget
//     fails at once with a *RetryBudgetError. A 429 without a positive
//     Retry-After backs off like a fault.
//   - 500 on GET and HEAD: retried. Reads are safe to repeat and IIS 500s
//     are mostly transient (API-NOTES.md).
//   - 500 on a write is not retried, PATCH and PUT included: repeating the
//     same values would be harmless, but a 500 on a write is as often a real
//     error the server will give again, and the executor already reads
//     before it writes again on its next run. The caller sees the 500.
//   - retryableStatus (502, 503, 504, and Cloudflare's 520-524 origin
//     errors, whatever their body) and connection errors: retried for
//     idempotent methods (GET, HEAD, PUT, PATCH, DELETE). A POST is never
//     retried after a 5xx, a timeout or a reset: it may have been applied,
//     and a duplicated agreement addition is double billing.
//   - 5xx and connection-error retries use jittered exponential backoff
//     (503 honours Retry-After), at most MaxRetries of them per call, and
//     none whose wait would end past the budget: the last answer stands.
//   - MaxRetries 0 after defaulting (a negative Config.MaxRetries) turns
//     every retry off, 429 included; the gate still holds requests.
//   - Nothing is retried once the context is done, and every wait (backoff,
//     gate, rate limiter) ends when the context does.
var retryableStatus = map[int]bool{
	http.StatusBadGateway:         true,
	http.StatusServiceUnavailable: true,
	http.StatusGatewayTimeout:     true,
	520:                           true, // Cloudflare: unknown error from the origin
	521:                           true, // Cloudflare: origin web server down
	522:                           true, // Cloudflare: connection to the origin timed out
	523:                           true, // Cloudflare: origin unreachable
	524:                           true, // Cloudflare: origin took too long to answer
}

// maxRetryAfter only guards against an absurd header; how long a call may
// actually wait is its budget (Config.RetryMaxWait), and a Retry-After
// beyond that fails the call at once rather than parking a Terraform run.
const maxRetryAfter = time.Hour

func isRead(method string) bool {
	return method == http.MethodGet || method == http.MethodHead
}

func idempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions:
		return true
	}
	return false
}

func isWrite(method string) bool {
	switch method {
	case http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
		return true
	}
	return false
}

// retryDecision says whether to retry and why (for the log).
func retryDecision(ctx context.Context, method string, resp *http.Response, err error) (bool, string) {
	if ctx.Err() != nil {
		return false, ""
	}
	if err != nil {
		if !idempotent(method) || isTLSError(err) || errors.Is(err, errNotSent) {
			return false, ""
		}
		return true, "connection error: " + err.Error()
	}
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		return true, "throttled (429)"
	case resp.StatusCode == http.StatusInternalServerError && isRead(method),
		retryableStatus[resp.StatusCode] && idempotent(method):
		return true, fmt.Sprintf("server answered %d", resp.StatusCode)
	}
	return false, ""
}

// backoff honours Retry-After on 429 and 503, and otherwise waits a
// jittered exponential time between min and max.
func backoff(lo, hi time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp != nil && (resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable) {
		if d, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
			return d
		}
	}
	exp := float64(lo) * math.Pow(2, float64(attempt))
	if exp > float64(hi) || math.IsInf(exp, 0) {
		exp = float64(hi)
	}
	// "Equal jitter": half fixed, half random, never below lo.
	d := time.Duration(exp/2 + rand.Float64()*exp/2) //nolint:gosec // jitter needs no cryptographic randomness
	if d < lo {
		d = lo
	}
	return d
}

// parseRetryAfter reads delay-seconds or an HTTP-date, capped at
// maxRetryAfter.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	var d time.Duration
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		if secs > int64(maxRetryAfter/time.Second) {
			return maxRetryAfter, true
		}
		d = time.Duration(secs) * time.Second
	} else if t, err := http.ParseTime(v); err == nil {
		d = t.Sub(now)
		if d < 0 {
			d = 0
		}
	} else {
		return 0, false
	}
	if d > maxRetryAfter {
		d = maxRetryAfter
	}
	return d, true
}

// newRetryClient builds the retrying client for one call. It is built per
// call (it is a small struct; the pooled http.Client underneath is shared)
// so that CheckRetry and Backoff can keep the call's retry counts and log
// with the call's context, which a connection-error backoff (resp == nil)
// could not otherwise reach. ctx must carry the call's budget (send sets it).
//
// retryablehttp's RetryMax counts every attempt, so it is set out of reach
// and CheckRetry decides: it counts fault retries against MaxRetries,
// bounds 429 retries by the budget, and computes the wait that Backoff
// then returns.
func (c *Client) newRetryClient(ctx context.Context, method string) *retryablehttp.Client {
	budget := budgetOf(ctx)
	var (
		reason    string
		wait      time.Duration
		faults    int // retries after a 5xx or a connection error
		throttles int // retries after a 429
	)
	return &retryablehttp.Client{
		HTTPClient:   c.httpClient,
		RetryMax:     math.MaxInt32,
		RetryWaitMin: c.cfg.RetryWaitMin,
		RetryWaitMax: c.cfg.RetryWaitMax,
		ErrorHandler: retryablehttp.PassthroughErrorHandler,
		CheckRetry: func(ctx context.Context, resp *http.Response, err error) (bool, error) {
			// A done context stops here without an error of its own: an
			// answer already received is still used, and an attempt cut
			// short reports its own (context) error.
			retry, why := retryDecision(ctx, method, resp, err)
			if !retry || c.cfg.MaxRetries == 0 {
				return false, nil
			}
			now := time.Now()
			if resp != nil && resp.StatusCode == http.StatusTooManyRequests {
				// The gate already holds every request until the
				// Retry-After has passed; waiting for it here as well
				// lets the budget be checked before anything waits.
				wait = max(c.gate.reopens().Sub(now), 0)
				if d, ok := parseRetryAfter(resp.Header.Get("Retry-After"), now); !ok || d == 0 {
					wait = max(wait, backoff(c.cfg.RetryWaitMin, c.cfg.RetryWaitMax, throttles, nil))
				}
				if now.Add(wait).After(budget.deadline) {
					return false, budgetError(budget, method, resp.Request.URL.Path, now.Add(wait), nil)
				}
				throttles++
			} else {
				if faults >= c.cfg.MaxRetries {
					return false, nil
				}
				wait = backoff(c.cfg.RetryWaitMin, c.cfg.RetryWaitMax, faults, resp)
				if now.Add(wait).After(budget.deadline) {
					return false, nil
				}
				faults++
			}
			reason = why
			return true, nil
		},
		Backoff: func(_, _ time.Duration, _ int, _ *http.Response) time.Duration {
			c.logDebug(ctx, "connectwise: retrying request", map[string]any{
				"method": method, "retry": faults + throttles, "reason": reason, "wait": wait.Round(time.Millisecond).String(),
			})
			return wait
		},
	}
}

// errNotSent marks a failure before anything was sent (a wait for the
// gate or the rate limiter was cut short, or refused by the budget): never
// ambiguous, never retried.
var errNotSent = errors.New("request not sent")

// newLimiter allows at most perMinute requests in any 60 seconds, the burst
// included. A site counts requests per minute: a limiter that added its burst
// to the rate let several processes sharing a site's budget exceed it together
// (four shards at a quarter of it each met 429s, issue 20). A small burst lets
// a short plan start at once; the rate is what is left of the minute after it.
func newLimiter(perMinute int) *rate.Limiter {
	if perMinute < 0 {
		return nil
	}
	burst, perSecond := limiterRate(perMinute)
	return rate.NewLimiter(rate.Limit(perSecond), burst)
}

// limiterRate is newLimiter's burst and refill. Over a window [t, t+60s) a
// bucket that starts full admits its burst plus the tokens completed before
// the window ends: burst + (60*perSecond - 1) when 60*perSecond is whole, so a
// refill of perMinute-burst+1 a minute admits exactly perMinute.
func limiterRate(perMinute int) (burst int, perSecond float64) {
	burst = min(max(perMinute/60, 1), 10)
	return burst, float64(perMinute-burst+1) / 60
}

// baseTransport is the user's transport, or a clone of the default one,
// with the extra CA roots.
func baseTransport(s *settings) http.RoundTripper {
	var rt http.RoundTripper
	if s.HTTPClient != nil {
		rt = s.HTTPClient.Transport
	}
	if rt == nil {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.MaxIdleConnsPerHost = 10
		t.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12}
		rt = t
	}
	if s.roots != nil {
		if t, ok := rt.(*http.Transport); ok {
			t = t.Clone()
			if t.TLSClientConfig == nil {
				t.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12}
			}
			t.TLSClientConfig.RootCAs = s.roots
			rt = t
		}
	}
	return rt
}

// isTLSError reports certificate and handshake failures; retrying them is
// pointless and they need a different fix than a dial error.
func isTLSError(err error) bool {
	var (
		unknownAuth  x509.UnknownAuthorityError
		certInvalid  x509.CertificateInvalidError
		hostname     x509.HostnameError
		verification *tls.CertificateVerificationError
		recordHeader tls.RecordHeaderError
		alert        tls.AlertError
	)
	return errors.As(err, &unknownAuth) || errors.As(err, &certInvalid) || errors.As(err, &hostname) ||
		errors.As(err, &verification) || errors.As(err, &recordHeader) || errors.As(err, &alert)
}

// isDialError reports DNS and connect failures: nothing was sent.
func isDialError(err error) bool {
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return true
	}
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

// mayHaveApplied decides ConnectionError.MayHaveApplied: a write, unless
// the failure proves nothing reached the server.
func mayHaveApplied(method string, err error) bool {
	if !isWrite(method) {
		return false
	}
	if isDialError(err) || isTLSError(err) || errors.Is(err, errNotSent) {
		return false
	}
	return true
}
