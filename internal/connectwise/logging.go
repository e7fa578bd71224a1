package connectwise

import (
	"context"
	"net/http"
	"strings"
	"time"
)

// Logger receives the client's log lines. The provider adapts tflog to it.
// The client never passes it the Authorization header or the private key.
type Logger interface {
	Debug(ctx context.Context, msg string, fields map[string]any)
	Trace(ctx context.Context, msg string, fields map[string]any)
}

// maxLoggedBody bounds the bodies logged at Trace.
const maxLoggedBody = 4 << 10

// Only these headers are ever logged: an allow-list, so a new secret
// header can never leak by default.
var (
	loggedRequestHeaders  = []string{"Accept", "Content-Type", "User-Agent", "clientId"}
	loggedResponseHeaders = []string{"Content-Type", "Link", "Retry-After", "api-current-version", "X-Page-Size-Clamped", "pagination-type"}
)

func (c *Client) logDebug(ctx context.Context, msg string, fields map[string]any) {
	if c.logger != nil {
		c.logger.Debug(ctx, msg, c.redactFields(fields))
	}
}

func (c *Client) logTrace(ctx context.Context, msg string, fields map[string]any) {
	if c.logger != nil {
		c.logger.Trace(ctx, msg, c.redactFields(fields))
	}
}

// redactFields is a second line of defence: whatever a field holds, the
// private key and the Authorization value never leave the client.
func (c *Client) redactFields(fields map[string]any) map[string]any {
	for k, v := range fields {
		switch v := v.(type) {
		case string:
			fields[k] = c.redact(v)
		case map[string]string:
			for hk, hv := range v {
				v[hk] = c.redact(hv)
			}
		}
	}
	return fields
}

func (c *Client) redact(s string) string {
	for _, secret := range c.secrets {
		if secret != "" && strings.Contains(s, secret) {
			s = strings.ReplaceAll(s, secret, "<redacted>")
		}
	}
	return s
}

func logBody(b []byte) string {
	return truncateUTF8(string(b), maxLoggedBody)
}

func pickHeaders(h http.Header, names []string) map[string]string {
	out := make(map[string]string, len(names))
	for _, n := range names {
		if v := h.Get(n); v != "" {
			out[n] = v
		}
	}
	return out
}

type attemptKey struct{}

// attemptCounter numbers the attempts of one call for the log.
type attemptCounter struct{ n int }

// logTransport writes one Debug line per HTTP attempt. It sits below the
// rate limiter, so the duration is the server's, not the limiter's.
type logTransport struct {
	c    *Client
	next http.RoundTripper
}

func (t *logTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	attempt := 1
	if ac, ok := ctx.Value(attemptKey{}).(*attemptCounter); ok {
		ac.n++
		attempt = ac.n
	}
	fields := map[string]any{
		"method":  req.Method,
		"path":    req.URL.Path,
		"attempt": attempt,
	}
	if req.URL.RawQuery != "" {
		fields["query"] = req.URL.RawQuery
	}
	t.c.logTrace(ctx, "connectwise: request headers", map[string]any{
		"method": req.Method, "path": req.URL.Path, "headers": pickHeaders(req.Header, loggedRequestHeaders),
	})
	start := time.Now()
	resp, err := t.next.RoundTrip(req)
	fields["duration_ms"] = time.Since(start).Milliseconds()
	if err != nil {
		fields["error"] = err.Error()
		t.c.logDebug(ctx, "connectwise: request failed", fields)
		return resp, err
	}
	fields["status"] = resp.StatusCode
	t.c.logDebug(ctx, "connectwise: request", fields)
	t.c.logTrace(ctx, "connectwise: response headers", map[string]any{
		"method": req.Method, "path": req.URL.Path, "status": resp.StatusCode,
		"headers": pickHeaders(resp.Header, loggedResponseHeaders),
	})
	return resp, err
}
