package simulator

import (
	"reflect"
	"sync"
	"testing"
	"time"
)

// clock is a settable time source.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func TestRequestsPerMinute(t *testing.T) {
	clk := &clock{t: testNow}
	a := newAPITest(t, Options{RequestsPerMinute: 3, Now: clk.now})
	for i := 0; i < 3; i++ {
		wantStatus(t, a.api("GET", "/system/info", nil), 200)
	}
	clk.add(20 * time.Second)
	r := a.api("GET", "/system/info", nil)
	wantStatus(t, r, 429)
	if r.header.Get("Retry-After") != "40" {
		t.Fatalf("Retry-After %q, want 40", r.header.Get("Retry-After"))
	}
	var body map[string]string
	r.decode(t, &body)
	if body["error"] != "ConnectWiseAPI" || body["message"] != "Too many requests. Please try again in 40 seconds." {
		t.Fatalf("429 body %v", body)
	}
	// Discovery is not throttled.
	wantStatus(t, a.raw("GET", "/login/companyinfo/mspkit", nil), 200)
	clk.add(40 * time.Second)
	wantStatus(t, a.api("GET", "/system/info", nil), 200)
}

func TestThrottleNext(t *testing.T) {
	a := newAPITest(t, Options{})
	a.srv.Sim.ThrottleNext(2, 1500*time.Millisecond)
	for i := 0; i < 2; i++ {
		r := a.api("POST", "/finance/agreements/10/additions", additionBody(20, 1))
		wantStatus(t, r, 429)
		if r.header.Get("Retry-After") != "2" {
			t.Fatalf("Retry-After %q", r.header.Get("Retry-After"))
		}
	}
	wantStatus(t, a.api("GET", "/system/info", nil), 200)
	a.srv.Sim.ThrottleNext(1, 0)
	if r := a.api("GET", "/system/info", nil); r.status != 429 || r.header.Get("Retry-After") != "1" {
		t.Fatalf("status %d Retry-After %q", r.status, r.header.Get("Retry-After"))
	}
	if c := a.srv.Sim.Counters(); c.Writes != 0 || c.ByStatus[429] != 3 {
		t.Fatalf("counters %+v", c)
	}
}

func TestInjectedErrors(t *testing.T) {
	a := newAPITest(t, Options{Faults: Faults{Error500: 1}})
	wantError(t, a.api("GET", "/system/info", nil), 500, "InternalServerError", "", "")
	// Discovery is never faulted.
	wantStatus(t, a.raw("GET", "/login/companyinfo/mspkit", nil), 200)
	a.srv.Sim.SetFaults(Faults{Error503: 1})
	r := a.api("GET", "/system/info", nil)
	wantError(t, r, 503, "ServiceUnavailable", "", "")
	if r.header.Get("Retry-After") != "1" {
		t.Fatalf("503 Retry-After %q", r.header.Get("Retry-After"))
	}
	// A faulted write is not applied.
	a.srv.Sim.SetFaults(Faults{Error500: 1})
	wantStatus(t, a.api("POST", "/finance/agreements/10/additions", additionBody(20, 1)), 500)
	if n := len(a.srv.Sim.Store().List("additions")); n != 1 {
		t.Fatalf("%d additions after a 500", n)
	}
}

func TestResetBefore(t *testing.T) {
	a := newAPITest(t, Options{Faults: Faults{ResetBefore: 1}})
	if _, err := a.try("GET", "/v2025_8/apis/3.0/system/info", nil); err == nil {
		t.Fatal("no error from a reset connection")
	}
	if _, err := a.try("POST", "/v2025_8/apis/3.0/finance/agreements/10/additions", additionBody(20, 1)); err == nil {
		t.Fatal("no error from a reset connection")
	}
	c := a.srv.Sim.Counters()
	if c.Resets < 2 || c.ByStatus[0] != c.Resets || c.Writes != 0 {
		t.Fatalf("counters %+v", c)
	}
	if n := len(a.srv.Sim.Store().List("additions")); n != 1 {
		t.Fatalf("reset-before applied a write: %d additions", n)
	}
}

func TestResetAfterWrite(t *testing.T) {
	a := newAPITest(t, Options{Faults: Faults{ResetAfterWrite: 1}})
	// Reads are answered normally.
	wantStatus(t, a.api("GET", "/finance/agreements/10/additions", nil), 200)
	if _, err := a.try("POST", "/v2025_8/apis/3.0/finance/agreements/10/additions", additionBody(20, 7)); err == nil {
		t.Fatal("no error from a reset after write")
	}
	c := a.srv.Sim.Counters()
	if c.Writes != 1 || c.Resets != 1 || c.ByRouteStatus["POST /finance/agreements/{parentId}/additions"][0] != 1 {
		t.Fatalf("counters %+v", c)
	}
	a.srv.Sim.SetFaults(Faults{})
	adds := a.api("GET", "/finance/agreements/10/additions?conditions=quantity=7", nil).list(t)
	if len(adds) != 1 {
		t.Fatalf("the write was not applied: %v", adds)
	}
	// PATCH and DELETE too.
	a.srv.Sim.SetFaults(Faults{ResetAfterWrite: 1})
	if _, err := a.try("PATCH", "/v2025_8/apis/3.0/finance/agreements/10/additions/30", []obj{{"op": "replace", "path": "quantity", "value": 9}}); err == nil {
		t.Fatal("no error")
	}
	if o, _ := a.srv.Sim.Store().Get("additions", 30); o["quantity"] != 9.0 {
		t.Fatalf("patch not applied: %v", o["quantity"])
	}
}

func TestSlowAndClientTimeout(t *testing.T) {
	a := newAPITest(t, Options{Faults: Faults{Slow: 1, SlowDelay: 80 * time.Millisecond}})
	start := time.Now()
	wantStatus(t, a.api("GET", "/system/info", nil), 200)
	if d := time.Since(start); d < 80*time.Millisecond {
		t.Fatalf("slow answer came after %v", d)
	}
	a.srv.Sim.SetFaults(Faults{Slow: 1, SlowDelay: 5 * time.Second})
	a.client.Timeout = 50 * time.Millisecond
	start = time.Now()
	if _, err := a.try("GET", "/v2025_8/apis/3.0/system/info", nil); err == nil {
		t.Fatal("expected a client timeout")
	}
	// The server stops waiting when the client goes away and counts it as 499.
	deadline := time.Now().Add(2 * time.Second)
	for a.srv.Sim.Counters().ByStatus[statusClientGone] == 0 {
		if time.Now().After(deadline) {
			t.Fatalf("no 499 recorded: %+v", a.srv.Sim.Counters())
		}
		time.Sleep(5 * time.Millisecond)
	}
	if time.Since(start) > time.Second {
		t.Fatal("the slow request did not respect the request context")
	}
	// A slow write is applied before the wait: the client's timeout leaves it ambiguous.
	if _, err := a.try("POST", "/v2025_8/apis/3.0/finance/agreements/10/additions", additionBody(20, 11)); err == nil {
		t.Fatal("expected a client timeout")
	}
	found := false
	for _, o := range a.srv.Sim.Store().List("additions") {
		found = found || o["quantity"] == 11.0
	}
	if !found {
		t.Fatal("the slow POST was not applied")
	}
}

func TestFaultsDeterministic(t *testing.T) {
	run := func(seed int64) []int {
		a := newAPITest(t, Options{Faults: Faults{Seed: seed, Error500: 0.3, Error503: 0.3}})
		var out []int
		for i := 0; i < 30; i++ {
			out = append(out, a.api("GET", "/system/info", nil).status)
		}
		return out
	}
	first, second := run(7), run(7)
	if !reflect.DeepEqual(first, second) {
		t.Fatalf("same seed, different faults:\n%v\n%v", first, second)
	}
	seen := map[int]bool{}
	for _, s := range first {
		seen[s] = true
	}
	if !seen[200] || !seen[500] || !seen[503] {
		t.Fatalf("statuses %v", first)
	}
	if reflect.DeepEqual(first, run(8)) {
		t.Fatal("a different seed gave the same faults")
	}
}

func TestCounters(t *testing.T) {
	a := newAPITest(t, Options{})
	a.raw("GET", "/login/companyinfo/mspkit", nil)
	a.api("GET", "/finance/agreements/10/additions", nil)
	a.api("GET", "/finance/agreements/10/additions", nil)
	a.api("GET", "/finance/agreements/999/additions", nil)
	a.api("POST", "/finance/agreements/10/additions", additionBody(20, 1))
	a.api("PATCH", "/finance/agreements/10/additions/30", []obj{{"op": "replace", "path": "nope", "value": 1}})
	a.api("DELETE", "/finance/agreements/10/additions/30", nil)
	a.api("GET", "/nowhere", nil)
	a.api("GET", "/system/info", nil, "Authorization:")
	c := a.srv.Sim.Counters()
	want := Counters{
		Total: 9,
		ByRoute: map[string]int{
			"GET /login/companyinfo/{companyId}":                   1,
			"GET /finance/agreements/{parentId}/additions":         3,
			"POST /finance/agreements/{parentId}/additions":        1,
			"PATCH /finance/agreements/{parentId}/additions/{id}":  1,
			"DELETE /finance/agreements/{parentId}/additions/{id}": 1,
			"GET (unknown)":    1,
			"GET /system/info": 1,
		},
		ByStatus: map[int]int{200: 3, 404: 2, 201: 1, 400: 1, 204: 1, 401: 1},
		ByRouteStatus: map[string]map[int]int{
			"GET /login/companyinfo/{companyId}":                   {200: 1},
			"GET /finance/agreements/{parentId}/additions":         {200: 2, 404: 1},
			"POST /finance/agreements/{parentId}/additions":        {201: 1},
			"PATCH /finance/agreements/{parentId}/additions/{id}":  {400: 1},
			"DELETE /finance/agreements/{parentId}/additions/{id}": {204: 1},
			"GET (unknown)":    {404: 1},
			"GET /system/info": {401: 1},
		},
		Writes: 2,
	}
	if !reflect.DeepEqual(c, want) {
		t.Fatalf("counters\n got %+v\nwant %+v", c, want)
	}
	a.srv.Sim.ResetCounters()
	if c := a.srv.Sim.Counters(); c.Total != 0 || len(c.ByRoute) != 0 {
		t.Fatalf("after reset %+v", c)
	}
	// Snapshots are copies.
	c = a.srv.Sim.Counters()
	c.ByRoute["x"] = 1
	if a.srv.Sim.Counters().ByRoute["x"] != 0 {
		t.Fatal("snapshot shares its maps")
	}
}
