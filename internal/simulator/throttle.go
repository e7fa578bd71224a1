package simulator

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// inFlightGrace is how long after a 429 a request is taken to have been on its way
// already: the client could not have read the 429 before sending it, so it does not
// count as sent inside the Retry-After window. Loopback round trips take well under a
// millisecond; the rest is room for a loaded test machine's scheduler.
const inFlightGrace = 100 * time.Millisecond

// throttle answers 429 for requests beyond a fixed window's budget (one minute, as
// ConnectWise counts) and for requests forced by ThrottleNext. It also remembers the
// Retry-After windows it announced, to count the requests sent inside them.
type throttle struct {
	mu          sync.Mutex
	perWindow   int
	window      time.Duration
	windowStart time.Time
	inWindow    int
	forced      int
	forcedAfter time.Duration
	// The Retry-After window of the 429s answered so far: from the first 429 of an
	// unbroken run of windows to the latest end any of them announced.
	announcedFrom, announcedUntil time.Time
}

func newThrottle(perMinute int) *throttle {
	return &throttle{perWindow: perMinute, window: time.Minute}
}

func (t *throttle) forceNext(n int, retryAfter time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.forced, t.forcedAfter = n, retryAfter
}

// setBudget allows n requests per window (n <= 0: no budget) and starts a new window.
func (t *throttle) setBudget(n int, window time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if window <= 0 {
		window = time.Minute
	}
	t.perWindow, t.window, t.inWindow, t.windowStart = n, window, 0, time.Time{}
}

// admit counts a request and returns the Retry-After to announce when it must be
// refused, in whole seconds as the header carries it. Refused requests do not count
// towards the window.
func (t *throttle) admit(now time.Time) (refuse bool, retryAfter time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.forced > 0 {
		t.forced--
		return true, t.announce(now, t.forcedAfter)
	}
	if t.perWindow <= 0 {
		return false, 0
	}
	if t.windowStart.IsZero() || !now.Before(t.windowStart.Add(t.window)) {
		t.windowStart, t.inWindow = now, 0
	}
	if t.inWindow >= t.perWindow {
		return true, t.announce(now, t.windowStart.Add(t.window).Sub(now))
	}
	t.inWindow++
	return false, 0
}

// announce rounds a wait up to the whole seconds of the header and remembers the
// window it announces. t.mu is held.
func (t *throttle) announce(now time.Time, wait time.Duration) time.Duration {
	d := time.Duration(retryAfterSeconds(wait)) * time.Second
	if !now.Before(t.announcedUntil) {
		t.announcedFrom = now
	}
	if until := now.Add(d); until.After(t.announcedUntil) {
		t.announcedUntil = until
	}
	return d
}

// insideRetryAfter reports whether a request that arrived at the given time was sent
// inside an announced Retry-After window (and not merely in flight when it began). A
// request arriving when the window ends is fine.
func (t *throttle) insideRetryAfter(arrived time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return !t.announcedFrom.IsZero() && !arrived.Before(t.announcedFrom.Add(inFlightGrace)) && arrived.Before(t.announcedUntil)
}

func retryAfterSeconds(d time.Duration) int {
	return max(int(math.Ceil(d.Seconds())), 1)
}

// tooManyRequests is the 429 body, which is not the usual envelope (API-NOTES.md).
func tooManyRequests(retryAfter time.Duration) *apiResponse {
	secs := retryAfterSeconds(retryAfter)
	resp := respond(http.StatusTooManyRequests, map[string]string{
		"error":   "ConnectWiseAPI",
		"message": fmt.Sprintf("Too many requests. Please try again in %d seconds.", secs),
	})
	resp.header.Set("Retry-After", strconv.Itoa(secs))
	return resp
}
