package connectwise_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
	"github.com/mspkit/terraform-provider-connectwise/internal/simulator"
	"github.com/mspkit/terraform-provider-connectwise/internal/simulator/simtest"
)

// A site that allows 10 requests a second and 8 goroutines sharing one client: every
// 429's Retry-After holds all of them, so nothing is sent inside the window (the
// simulator counts what is), and every call succeeds although the 429s outnumber
// MaxRetries.
func TestSimulatorThrottleGateHoldsEveryRequest(t *testing.T) {
	srv := simulator.StartTest(t, simulator.Options{})
	c := simtest.Client(t, srv.URL, func(cfg *connectwise.Config) { cfg.MaxRetries = 1 })
	ctx := context.Background()
	if _, err := c.System.Info(ctx); err != nil { // discovery out of the way
		t.Fatal(err)
	}
	resetCounters(srv)
	srv.Sim.SetThrottle(10, time.Second)

	const goroutines, calls = 8, 5
	var wg sync.WaitGroup
	errs := make(chan error, goroutines*calls)
	start := time.Now()
	for range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range calls {
				if _, err := c.System.Info(ctx); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	cnt := settled(srv)
	t.Logf("%d calls by %d goroutines in %s: %d requests, %d answered 429, %d sent inside a Retry-After window",
		goroutines*calls, goroutines, time.Since(start).Round(time.Millisecond), cnt.Total, cnt.ByStatus[429], cnt.InsideRetryAfter)
	if cnt.ByStatus[429] == 0 {
		t.Fatal("the site never throttled: the test proves nothing")
	}
	if cnt.InsideRetryAfter != 0 {
		t.Errorf("%d requests sent inside a Retry-After window", cnt.InsideRetryAfter)
	}
}
