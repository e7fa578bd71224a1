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
//     POST is never retried". The wait is the Retry-After header.
//   - retryableStatus (502, 503, 504) and connection errors: retried only
//     for idempotent methods, with jittered exponential backoff. A POST is
//     never retried after a 5xx, a timeout or a reset: it may have been
//     applied, and a duplicated agreement addition is double billing.
//   - 500 is not retried: the notes say it may be a real error.
//   - Nothing is retried once the context is done.
var retryableStatus = map[int]bool{
	http.StatusBadGateway:         true,
	http.StatusServiceUnavailable: true,
	http.StatusGatewayTimeout:     true,
}

// maxRetryAfter caps a server's Retry-After, so a bogus header cannot park
// a Terraform run for hours.
const maxRetryAfter = 120 * time.Second

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
	if resp.StatusCode == http.StatusTooManyRequests {
		return true, "throttled (429)"
	}
	if retryableStatus[resp.StatusCode] && idempotent(method) {
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
// so that CheckRetry and Backoff can log with the call's context, which a
// connection-error backoff (resp == nil) could not otherwise reach.
func (c *Client) newRetryClient(ctx context.Context, method string) *retryablehttp.Client {
	var reason string
	return &retryablehttp.Client{
		HTTPClient:   c.httpClient,
		RetryMax:     c.cfg.MaxRetries,
		RetryWaitMin: c.cfg.RetryWaitMin,
		RetryWaitMax: c.cfg.RetryWaitMax,
		ErrorHandler: retryablehttp.PassthroughErrorHandler,
		CheckRetry: func(ctx context.Context, resp *http.Response, err error) (bool, error) {
			// A done context stops here without an error of its own: an
			// answer already received is still used, and an attempt cut
			// short reports its own (context) error.
			var retry bool
			retry, reason = retryDecision(ctx, method, resp, err)
			return retry, nil
		},
		Backoff: func(lo, hi time.Duration, attempt int, resp *http.Response) time.Duration {
			wait := backoff(lo, hi, attempt, resp)
			c.logDebug(ctx, "connectwise: retrying request", map[string]any{
				"method": method, "attempt": attempt + 1, "reason": reason, "wait": wait.String(),
			})
			return wait
		},
	}
}

// errNotSent marks a failure before anything was sent (the rate limiter's
// wait was cut short): never ambiguous, never retried.
var errNotSent = errors.New("request not sent")

// limitTransport waits on the client-side rate limiter before every
// attempt. It sits below retryablehttp, so retries are counted too.
type limitTransport struct {
	limiter *rate.Limiter
	next    http.RoundTripper
}

func (t *limitTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := t.limiter.Wait(req.Context()); err != nil {
		if req.Body != nil {
			_ = req.Body.Close()
		}
		if ctxErr := req.Context().Err(); ctxErr != nil {
			err = ctxErr
		}
		return nil, fmt.Errorf("waiting for the client-side rate limit: %w (%w)", err, errNotSent)
	}
	return t.next.RoundTrip(req)
}

func newLimiter(perMinute int) *rate.Limiter {
	if perMinute < 0 {
		return nil
	}
	perSecond := float64(perMinute) / 60
	// A small burst lets a short plan start at once without letting a long
	// one exceed the rate.
	burst := min(max(int(perSecond), 1), 10)
	return rate.NewLimiter(rate.Limit(perSecond), burst)
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
