package simulator

import (
	"testing"
	"time"
)

// A request counts as sent inside a Retry-After window when it arrives after the 429
// (beyond the in-flight grace) and before the announced end; at the end it is fine.
func TestInsideRetryAfterCounted(t *testing.T) {
	clk := &clock{t: testNow}
	a := newAPITest(t, Options{Now: clk.now})
	a.srv.Sim.SetThrottle(2, 10*time.Second)
	wantStatus(t, a.api("GET", "/system/info", nil), 200)
	clk.add(2500 * time.Millisecond)
	wantStatus(t, a.api("GET", "/system/info", nil), 200)
	r := a.api("GET", "/system/info", nil)
	wantStatus(t, r, 429)
	if got := r.header.Get("Retry-After"); got != "8" { // 7.5 s left, rounded up
		t.Fatalf("Retry-After %q, want 8", got)
	}
	inside := func(want int) {
		t.Helper()
		if got := a.srv.Sim.Counters().InsideRetryAfter; got != want {
			t.Fatalf("InsideRetryAfter %d, want %d", got, want)
		}
	}
	clk.add(inFlightGrace / 2)
	wantStatus(t, a.api("GET", "/system/info", nil), 429) // in flight when the 429 left
	inside(0)
	clk.add(time.Second)
	wantStatus(t, a.api("GET", "/system/info", nil), 429)
	inside(1)
	// The second 429 announced 7 s from its own time; the first window's end is
	// what a client honouring the first 429 waits for, and it is already past the
	// fixed window: admitted and not counted.
	clk.add(8*time.Second - inFlightGrace/2 - time.Second)
	var c Counters
	if a.admin("GET", "/counters", "", &c); c.InsideRetryAfter != 1 {
		t.Fatalf("admin /counters %+v", c)
	}
	clk.add(time.Second) // past the second 429's window too
	wantStatus(t, a.api("GET", "/system/info", nil), 200)
	inside(1)

	// A forced burst announces its own Retry-After.
	a.srv.Sim.ResetCounters()
	a.srv.Sim.SetThrottle(0, 0)
	a.srv.Sim.ThrottleNext(1, 1500*time.Millisecond)
	wantStatus(t, a.api("GET", "/system/info", nil), 429)
	clk.add(time.Second)
	wantStatus(t, a.api("GET", "/system/info", nil), 200)
	inside(1)
	clk.add(time.Second)
	wantStatus(t, a.api("GET", "/system/info", nil), 200)
	inside(1)

	// The admin API sets the budget and its window.
	if st := a.admin("PUT", "/rate", `{"requestsPerMinute":1,"windowSeconds":3}`, nil); st != 204 {
		t.Fatalf("PUT /rate %d", st)
	}
	wantStatus(t, a.api("GET", "/system/info", nil), 200)
	if r := a.api("GET", "/system/info", nil); r.status != 429 || r.header.Get("Retry-After") != "3" {
		t.Fatalf("status %d Retry-After %q", r.status, r.header.Get("Retry-After"))
	}
}
