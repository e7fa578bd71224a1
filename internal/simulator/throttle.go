package simulator

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// throttle answers 429 for requests beyond a fixed one-minute window and for requests
// forced by ThrottleNext.
type throttle struct {
	mu          sync.Mutex
	perMinute   int
	windowStart time.Time
	inWindow    int
	forced      int
	forcedAfter time.Duration
}

func newThrottle(perMinute int) *throttle { return &throttle{perMinute: perMinute} }

func (t *throttle) forceNext(n int, retryAfter time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.forced, t.forcedAfter = n, retryAfter
}

func (t *throttle) setPerMinute(n int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.perMinute, t.inWindow, t.windowStart = n, 0, time.Time{}
}

// admit counts a request and returns how long to wait when it must be refused.
// Refused requests do not count towards the window.
func (t *throttle) admit(now time.Time) (refuse bool, retryAfter time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.forced > 0 {
		t.forced--
		return true, t.forcedAfter
	}
	if t.perMinute <= 0 {
		return false, 0
	}
	if t.windowStart.IsZero() || !now.Before(t.windowStart.Add(time.Minute)) {
		t.windowStart, t.inWindow = now, 0
	}
	if t.inWindow >= t.perMinute {
		return true, t.windowStart.Add(time.Minute).Sub(now)
	}
	t.inWindow++
	return false, 0
}

// tooManyRequests is the 429 body, which is not the usual envelope (API-NOTES.md).
func tooManyRequests(retryAfter time.Duration) *apiResponse {
	secs := int(math.Ceil(retryAfter.Seconds()))
	if secs < 1 {
		secs = 1
	}
	resp := respond(http.StatusTooManyRequests, map[string]string{
		"error":   "ConnectWiseAPI",
		"message": fmt.Sprintf("Too many requests. Please try again in %d seconds.", secs),
	})
	resp.header.Set("Retry-After", strconv.Itoa(secs))
	return resp
}
