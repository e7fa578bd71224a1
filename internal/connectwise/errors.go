package connectwise

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"
)

// Sentinels matched by errors.Is against an *APIError.
var (
	ErrNotFound     = errors.New("connectwise: not found")
	ErrUnauthorized = errors.New("connectwise: unauthorized")
	// ErrClientIDRejected is a 400, 401 or 403 that names the clientId
	// header; it also matches ErrUnauthorized.
	ErrClientIDRejected = errors.New("connectwise: clientId rejected")
	ErrForbidden        = errors.New("connectwise: forbidden by the security role")
	ErrValidation       = errors.New("connectwise: invalid request")
	ErrConflict         = errors.New("connectwise: conflict")
	ErrThrottled        = errors.New("connectwise: throttled")
	ErrServer           = errors.New("connectwise: server error")
	// ErrUnknownCompany is returned by discovery when the site does not
	// know the company ID.
	ErrUnknownCompany = errors.New("connectwise: unknown company ID")
	// ErrForeignAnswer is an answer that is not ConnectWise's (foreign.go): a
	// proxy's, a firewall's or the web server's own page. It matches none of
	// the sentinels above, so it is never taken for a missing permission, bad
	// keys or a deleted record.
	ErrForeignAnswer = errors.New("connectwise: the answer did not come from the ConnectWise API")
)

// ErrorKind classifies an APIError by status.
type ErrorKind string

// The kinds of APIError.
const (
	KindNotFound         ErrorKind = "NotFound"
	KindUnauthorized     ErrorKind = "Unauthorized"
	KindClientIDRejected ErrorKind = "ClientIDRejected"
	KindForbidden        ErrorKind = "Forbidden"
	KindValidation       ErrorKind = "Validation"
	KindConflict         ErrorKind = "Conflict"
	KindThrottled        ErrorKind = "Throttled"
	KindServer           ErrorKind = "Server"
	KindUnexpected       ErrorKind = "Unexpected" // any other non-2xx, e.g. a redirect
	KindForeign          ErrorKind = "Foreign"    // not ConnectWise's envelope (foreign.go)
)

// FieldError is one entry of the envelope's "errors" array.
type FieldError struct {
	Code     string `json:"code"`
	Message  string `json:"message"`
	Resource string `json:"resource"`
	Field    string `json:"field"`
}

// APIError is a non-2xx answer from ConnectWise.
type APIError struct {
	StatusCode int
	Kind       ErrorKind
	Code       string // envelope "code", e.g. InvalidObject; for a 429 the body's "error"
	Message    string
	Errors     []FieldError
	Method     string
	Path       string // API path without host, codebase and query, e.g. /finance/agreements/5
	RetryAfter time.Duration
	// Permission names what the security role lacks (403 only), e.g.
	// "Finance › Agreements: Add Level must be All".
	Permission string
	// Location is where a 3xx pointed to.
	Location string
	// Hint says what else the answer may mean where ConnectWise's answer is
	// ambiguous (autherrors.go), e.g. a 401 that may be the keys or the clientId,
	// and what to check after a foreign answer.
	Hint string
	// Server (KindForeign) is who answered instead of the API, e.g. "Cloudflare",
	// "Microsoft IIS", "nginx", a quoted Server header, or "" when unknown;
	// Answer says what they sent, e.g. "a Cloudflare page". Message then holds
	// at most the page's title or the start of a plain text, never the page.
	Server string
	Answer string
}

func (e *APIError) Error() string {
	var b strings.Builder
	if e.Kind == KindForeign {
		fmt.Fprintf(&b, "%s %s: the site answered with %s (HTTP %d", e.Method, e.Path, e.Answer, e.StatusCode)
		if e.Message != "" {
			b.WriteString(", " + e.Message)
		}
		b.WriteString("), not the ConnectWise API")
		if e.Hint != "" {
			b.WriteString(": " + e.Hint)
		}
		return b.String()
	}
	fmt.Fprintf(&b, "ConnectWise answered %s %s with %d %s", e.Method, e.Path, e.StatusCode, http.StatusText(e.StatusCode))
	if e.Code != "" {
		fmt.Fprintf(&b, " (%s)", e.Code)
	}
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(strings.TrimRight(e.Message, ". "))
	}
	for i, fe := range e.Errors {
		if i == 0 {
			b.WriteString("; field errors: ")
		} else {
			b.WriteString(", ")
		}
		b.WriteString(fe.String())
	}
	if e.Permission != "" && !strings.Contains(e.Message, e.Permission) {
		b.WriteString("; the API member's security role needs ")
		b.WriteString(e.Permission)
	}
	if e.Location != "" {
		fmt.Fprintf(&b, "; it redirected to %s, so the site URL is probably not the ConnectWise API host", e.Location)
	}
	if e.Hint != "" {
		b.WriteString("; ")
		b.WriteString(e.Hint)
	}
	if e.RetryAfter > 0 {
		fmt.Fprintf(&b, "; retry after %s", e.RetryAfter)
	}
	return b.String()
}

func (fe FieldError) String() string {
	s := fe.Field
	if s == "" {
		s = fe.Resource
	}
	if s != "" {
		s += ": "
	}
	s += strings.TrimRight(fe.Message, ".")
	if fe.Code != "" {
		s += " (" + fe.Code + ")"
	}
	return s
}

// sentinelKinds pairs each sentinel of this package with the kinds it matches; a
// refused clientId is also a refused credential (ErrUnauthorized).
var sentinelKinds = []struct {
	err  error
	kind ErrorKind
}{
	{ErrNotFound, KindNotFound}, {ErrUnauthorized, KindUnauthorized}, {ErrUnauthorized, KindClientIDRejected},
	{ErrClientIDRejected, KindClientIDRejected}, {ErrForbidden, KindForbidden}, {ErrValidation, KindValidation},
	{ErrConflict, KindConflict}, {ErrThrottled, KindThrottled}, {ErrServer, KindServer}, {ErrForeignAnswer, KindForeign},
}

// Is matches the sentinels of this package.
func (e *APIError) Is(target error) bool {
	for _, s := range sentinelKinds {
		if target == s.err && e.Kind == s.kind {
			return true
		}
	}
	return false
}

// MayHaveApplied reports whether the request may have changed data even
// though it failed: a POST answered by a 5xx, a proxy's included (a
// Cloudflare 524 comes after the server took the request). PUT, PATCH and DELETE are
// idempotent, so repeating them is safe; a POST must be looked up first.
func (e *APIError) MayHaveApplied() bool {
	return e.Method == http.MethodPost && e.StatusCode >= 500
}

// HasFieldError reports whether one of the field errors has the code,
// e.g. "ObjectExists" for a duplicate catalog identifier.
func (e *APIError) HasFieldError(code string) bool {
	for _, fe := range e.Errors {
		if strings.EqualFold(fe.Code, code) {
			return true
		}
	}
	return false
}

// IsAmbiguousWrite reports whether err leaves it unknown if a write was
// applied: a ConnectionError after the request may have been sent, or a
// POST answered by a 5xx. The caller must look the record up before it
// repeats a POST.
func IsAmbiguousWrite(err error) bool {
	var ce *ConnectionError
	if errors.As(err, &ce) {
		return ce.MayHaveApplied
	}
	var ae *APIError
	if errors.As(err, &ae) {
		return ae.MayHaveApplied()
	}
	return false
}

// maxErrorBody bounds how much of an error body we read.
const maxErrorBody = 64 << 10

// errorFromResponse is the one place that turns a non-2xx answer into an
// *APIError.
func errorFromResponse(r *http.Response, body []byte) *APIError {
	e := &APIError{StatusCode: r.StatusCode, Kind: kindOf(r.StatusCode)}
	if r.Request != nil {
		e.Method = r.Request.Method
		e.Path = apiPath(r.Request.URL.Path)
	}

	if d, ok := parseRetryAfter(r.Header.Get("Retry-After"), time.Now()); ok {
		e.RetryAfter = d
	}
	redirect := e.StatusCode >= 300 && e.StatusCode < 400
	env, ok := parseEnvelope(body)
	switch {
	case ok:
		e.Code, e.Message, e.Errors = env.Code, env.Message, env.Errors
		if e.Code == "" {
			e.Code = env.Error
		}
	case redirect:
		// The Location says what went wrong; the "Object moved" page adds nothing.
	case e.Method == http.MethodHead:
		// A HEAD answer has no body, whoever sent it.
	default:
		foreignAnswer(e, r.Header, body)
		return e
	}

	switch {
	case e.StatusCode == http.StatusForbidden:
		if p, ok := RequiredPermission(e.Method, e.Path); ok {
			e.Permission = p
		}
	case e.StatusCode >= 300 && e.StatusCode < 400:
		e.Location = r.Header.Get("Location")
	}
	classifyAuth(e)
	if strings.Contains(e.Message, "SSL is required") {
		e.Message += " (the site URL must be the API host, e.g. https://api-na.myconnectwise.net rather than https://na.myconnectwise.net)"
	}
	return e
}

// statusKinds are the kinds of the 4xx statuses that have a meaning of their own.
var statusKinds = map[int]ErrorKind{
	http.StatusNotFound: KindNotFound, http.StatusUnauthorized: KindUnauthorized, http.StatusForbidden: KindForbidden,
	http.StatusBadRequest: KindValidation, http.StatusConflict: KindConflict, http.StatusTooManyRequests: KindThrottled,
}

func kindOf(status int) ErrorKind {
	if k, ok := statusKinds[status]; ok {
		return k
	}
	if status >= 500 {
		return KindServer
	}
	return KindUnexpected
}

// apiPath strips the codebase prefix ("/v2025_8/apis/3.0") so messages
// and permission lookups see the API path only.
func apiPath(p string) string {
	if i := strings.Index(strings.ToLower(p), "/apis/3.0/"); i >= 0 {
		return p[i+len("/apis/3.0"):]
	}
	return p
}

func truncateUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[:n]
	for len(s) > 0 && !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s + "…"
}

// ConnectionError is a failure without an HTTP answer: DNS, dial, TLS,
// timeout, reset or a cancelled context.
type ConnectionError struct {
	Method string
	URL    string // scheme, host and path; no query
	Err    error
	// MayHaveApplied is true for a write (POST, PUT, PATCH, DELETE) that
	// failed after the request may have reached the server (timeout,
	// reset, EOF). Before repeating a POST, look the record up.
	MayHaveApplied bool
}

func (e *ConnectionError) Error() string {
	var hint string
	switch {
	case e.IsTLS():
		hint = "; the server's certificate is not trusted (for a site with a private certificate authority, provide its CA certificate)"
	case e.IsUnreachable():
		hint = "; the host cannot be reached, check the site URL and the network"
	case e.MayHaveApplied:
		hint = "; the change may have been applied"
	}
	return fmt.Sprintf("%s %s failed: %v%s", e.Method, e.URL, e.Err, hint)
}

func (e *ConnectionError) Unwrap() error { return e.Err }

// IsTLS reports a certificate or TLS handshake failure.
func (e *ConnectionError) IsTLS() bool { return isTLSError(e.Err) }

// IsUnreachable reports a DNS or dial failure: nothing was sent.
func (e *ConnectionError) IsUnreachable() bool { return isDialError(e.Err) }
