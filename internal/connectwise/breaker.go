package connectwise

import (
	"fmt"
	"net/http"
	"sync"
)

// Once ConnectWise has refused the API keys, the API member or the clientId (a 401 with
// its envelope), it refuses every later request of the Client the same way: a sync over
// 2,000 customers would send 2,000 rejected logins, which may also lock the member out.
// So the first such refusal opens the Client's breaker, and every later request fails at
// once with a *RefusedEarlierError, without a round trip. Requests already in flight get
// their own 401, so the 401s sent stay bounded by the caller's concurrency.
//
// The breaker is per Client (per provider process) and stays open: the fix is new
// credentials and a new run. A 401 that is a proxy's page (KindForeign) does not open
// it, nor does a 403 (the role refuses one call, not the member).

// refusal holds the 401 that opened the breaker.
type refusal struct {
	mu    sync.Mutex
	first *APIError
}

// noteRefusal opens the breaker on a 401 that refuses the credentials or the clientId.
func (c *Client) noteRefusal(req *http.Request, e *APIError) {
	if e.StatusCode != http.StatusUnauthorized || (e.Kind != KindUnauthorized && e.Kind != KindClientIDRejected) {
		return
	}
	c.refusal.mu.Lock()
	opened := c.refusal.first == nil
	if opened {
		c.refusal.first = e
	}
	c.refusal.mu.Unlock()
	if opened {
		c.logDebug(req.Context(), "connectwise: ConnectWise refused the credentials; no further requests are sent", map[string]any{
			"method": e.Method, "path": e.Path,
		})
	}
}

// Refused returns the 401 that stopped the client, or nil while it still sends.
func (c *Client) Refused() *APIError {
	c.refusal.mu.Lock()
	defer c.refusal.mu.Unlock()
	return c.refusal.first
}

// refusedEarlier is the error for req when the breaker is open, else nil. Only requests
// that carry credentials are held: discovery needs none.
func (c *Client) refusedEarlier(req *http.Request) error {
	if req.Header.Get("Authorization") == "" {
		return nil
	}
	first := c.Refused()
	if first == nil {
		return nil
	}
	return &RefusedEarlierError{Method: req.Method, Path: apiPath(req.URL.Path), First: first}
}

// RefusedEarlierError is a call the client did not send because ConnectWise refused the
// credentials earlier. It unwraps to that refusal, so it matches ErrUnauthorized (and
// ErrClientIDRejected when the clientId was refused), and it is never an ambiguous write.
type RefusedEarlierError struct {
	Method string
	Path   string
	First  *APIError // the 401 that opened the breaker
}

func (e *RefusedEarlierError) Error() string {
	return fmt.Sprintf("%s %s was not sent: %s (the refusal: %v)", e.Method, e.Path, e.Reason(), e.First)
}

// Reason says what was refused and what to do, e.g. "the API keys or the API member were
// refused (HTTP 401) earlier in this run; fix the credentials and run again".
func (e *RefusedEarlierError) Reason() string {
	if e.First.Kind == KindClientIDRejected {
		return "the clientId was refused (HTTP 401) earlier in this run; fix the clientId and run again"
	}
	return "the API keys or the API member were refused (HTTP 401) earlier in this run; fix the credentials and run again"
}

func (e *RefusedEarlierError) Unwrap() error { return e.First }
