package connectwise

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// maxResponseBody bounds a successful answer (a page of 1000 records is a
// few MB).
const maxResponseBody = 256 << 20

// answer is what a caller needs of a 2xx response once its body is read.
type answer struct {
	header http.Header
	url    *url.URL // the URL that was requested
}

// apiRequest describes one API call.
type apiRequest struct {
	method string
	path   string     // API path, e.g. "/company/companies/5"
	query  url.Values // for path
	url    string     // absolute URL (a Link rel=next, discovery); replaces path and query
	body   any        // JSON-encoded when non-nil
	noAuth bool       // discovery: no Authorization header
	// forwardOnly asks for forward-only paging (pagination-type: forward-only, pager_walk.go).
	forwardOnly bool
}

// do runs an API call against the current codebase and decodes a 2xx JSON
// answer into out (when non-nil). After an unexpected 404 it re-discovers
// a discovered codebase once and, if it changed, repeats the call once.
func (c *Client) do(ctx context.Context, r apiRequest, out any) (*answer, error) {
	base, discovered, err := c.apiBase(ctx)
	if err != nil {
		return nil, err
	}
	ans, err := c.send(ctx, r.on(base), out)
	if discovered && unexpected404(err) {
		newBase, changed, derr := c.rediscover(ctx, base)
		if derr == nil && changed && (r.url == "" || strings.HasPrefix(r.url, base)) {
			if r.url != "" {
				r.url = newBase + strings.TrimPrefix(r.url, base)
			}
			ans, err = c.send(ctx, r.on(newBase), out)
		}
	}
	c.noteCloud404(r, err)
	return ans, err
}

// on resolves a relative request against base.
func (r apiRequest) on(base string) apiRequest {
	if r.url == "" {
		r.url = base + r.path
		if len(r.query) > 0 {
			r.url += "?" + r.query.Encode()
		}
	}
	return r
}

// unexpected404 decides whether a 404 may mean a moved codebase. A
// missing record and a missing route both answer 404 (a codebase the site
// no longer serves may even carry code NotFound), so every 404 qualifies;
// rediscover keeps the cost to one discovery per rediscoverEvery.
func unexpected404(err error) bool {
	var ae *APIError
	return errors.As(err, &ae) && ae.StatusCode == http.StatusNotFound
}

// send performs one call (with the transport's retries) against r.url.
func (c *Client) send(ctx context.Context, r apiRequest, out any) (*answer, error) {
	var body []byte
	if r.body != nil {
		b, err := json.Marshal(r.body)
		if err != nil {
			return nil, fmt.Errorf("encoding the body of %s %s: %w", r.method, r.path, err)
		}
		body = b
	}
	ctx = context.WithValue(ctx, attemptKey{}, &attemptCounter{})
	start := time.Now()
	ctx = context.WithValue(ctx, callBudgetKey{}, &callBudget{start: start, deadline: start.Add(c.cfg.RetryMaxWait), budget: c.cfg.RetryMaxWait})
	var rawBody any
	if body != nil {
		rawBody = body
	}
	req, err := retryablehttp.NewRequestWithContext(ctx, r.method, r.url, rawBody)
	if err != nil {
		return nil, fmt.Errorf("building %s %s: %w", r.method, r.path, err)
	}
	c.setHeaders(req.Header, r, body != nil)
	logPath := req.URL.Path
	if body != nil {
		c.logTrace(ctx, "connectwise: request body", map[string]any{"method": r.method, "path": logPath, "body": logBody(body)})
	}

	resp, err := c.newRetryClient(ctx, r.method).Do(req)
	if be, ok := asBudgetError(err); ok {
		if resp != nil {
			data, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
			_ = resp.Body.Close()
			be.Last = c.redactAPIError(errorFromResponse(resp, data))
		}
		return nil, be
	}
	var refused *RefusedEarlierError
	if errors.As(err, &refused) {
		return nil, refused
	}
	if err != nil {
		if resp != nil {
			_ = resp.Body.Close()
		}
		// A bare error (not *url.Error) comes from between attempts (the
		// retry wait was cancelled): the previous attempt had an answer
		// that did not apply the request.
		var ue *url.Error
		inFlight := errors.As(err, &ue)
		return nil, &ConnectionError{
			Method:         r.method,
			URL:            redactURL(req.URL),
			Err:            unwrapURLError(err),
			MayHaveApplied: inFlight && mayHaveApplied(r.method, err),
		}
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBody))
	_ = resp.Body.Close()
	if err != nil {
		return nil, &ConnectionError{Method: r.method, URL: redactURL(req.URL), Err: fmt.Errorf("reading the answer: %w", err), MayHaveApplied: isWrite(r.method)}
	}
	c.logTrace(ctx, "connectwise: response body", map[string]any{"method": r.method, "path": logPath, "status": resp.StatusCode, "body": logBody(data)})

	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		ae := c.redactAPIError(errorFromResponse(resp, data))
		if !r.noAuth {
			c.noteRefusal(req.Request, ae)
		}
		return nil, ae
	}
	if out != nil && len(bytes.TrimSpace(data)) > 0 {
		if err := json.Unmarshal(data, out); err != nil {
			if t := bytes.TrimSpace(data); t[0] != '{' && t[0] != '[' {
				// A login page or a proxy's page served with 200: not ConnectWise's answer.
				e := &APIError{StatusCode: resp.StatusCode, Method: r.method, Path: apiPath(logPath)}
				foreignAnswer(e, resp.Header, data)
				return nil, c.redactAPIError(e)
			}
			return nil, fmt.Errorf("decoding the answer to %s %s: %w", r.method, apiPath(logPath), err)
		}
	}
	return &answer{header: resp.Header, url: resp.Request.URL}, nil
}

// redactAPIError keeps secrets out of error messages, which reach
// Terraform's output: a server that echoes the Authorization header must
// not leak it there.
func (c *Client) redactAPIError(ae *APIError) *APIError {
	ae.Message = c.redact(ae.Message)
	for i := range ae.Errors {
		ae.Errors[i].Message = c.redact(ae.Errors[i].Message)
	}
	return ae
}

func (c *Client) setHeaders(h http.Header, r apiRequest, hasBody bool) {
	if !r.noAuth {
		h.Set("Authorization", c.auth)
		h.Set("Accept", "application/vnd.connectwise.com+json; version="+c.cfg.APIVersion)
	} else {
		h.Set("Accept", "application/json")
	}
	h.Set("clientId", c.cfg.ClientID) // header names are case-insensitive
	if r.forwardOnly {
		h.Set("pagination-type", "forward-only")
	}

	h.Set("User-Agent", c.cfg.UserAgent)
	if hasBody {
		h.Set("Content-Type", "application/json")
	}
}

// redactURL keeps scheme, host and path: a query may carry user data and
// has no place in an error message.
func redactURL(u *url.URL) string {
	c := url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}
	return c.String()
}

// unwrapURLError drops *url.Error's "Get \"https://...?query\":" prefix,
// which repeats the method and leaks the query into messages.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
