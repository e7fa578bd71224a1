package usagesync

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mspkit/terraform-provider-connectwise/internal/billing"
	"github.com/mspkit/terraform-provider-connectwise/internal/simulator"
)

// postBarrier holds the first POST to each additions collection until a second POST to the
// same collection arrives, then lets both through together: a forced race between two runs
// that both planned the create.
type postBarrier struct {
	next    http.Handler
	mu      sync.Mutex
	waiting map[string]chan struct{}
	forced  atomic.Int32 // pairs released together
}

func (b *postBarrier) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/additions") {
		b.mu.Lock()
		if ch, ok := b.waiting[r.URL.Path]; ok {
			delete(b.waiting, r.URL.Path)
			close(ch)
			b.forced.Add(1)
			b.mu.Unlock()
		} else {
			ch := make(chan struct{})
			b.waiting[r.URL.Path] = ch
			b.mu.Unlock()
			select {
			case <-ch:
			case <-time.After(5 * time.Second): // the other run never came: go alone
				b.mu.Lock()
				delete(b.waiting, r.URL.Path)
				b.mu.Unlock()
			}
		}
	}
	b.next.ServeHTTP(w, r)
}

// Two runs started at once over 30 customers x 2 SKUs: every create is raced by the
// barrier. Each (agreement, product) must end with exactly one live addition, the run
// output must say which duplicates were ended, and a third run writes nothing.
func TestConcurrentRunsLeaveOneAddition(t *testing.T) {
	s := newSite(t, 30, []string{"core-license", "dedicated-server"}, simulator.Options{})
	barrier := &postBarrier{next: s.srv.Sim.Handler(), waiting: map[string]chan struct{}{}}
	front := httptest.NewServer(barrier)
	defer front.Close()
	u := s.usage(4, 0, 0)

	var wg sync.WaitGroup
	results := make([]*Result, 2)
	var mu sync.Mutex
	var progress []string
	for i := range results {
		client := newClient(t, front.URL)
		wg.Go(func() {
			res, err := Run(context.Background(), client, s.request(u), Settings{MaxParallel: 1, Progress: func(l string) {
				mu.Lock()
				progress = append(progress, l)
				mu.Unlock()
			}})
			if err != nil {
				t.Error(err)
			}
			results[i] = res
		})
	}
	wg.Wait()
	if t.Failed() {
		return
	}

	forced := int(barrier.forced.Load())
	ended := results[0].Summary.DuplicatesEnded + results[1].Summary.DuplicatesEnded
	t.Logf("forced races: %d; duplicates ended: %d; posts: %d", forced, ended,
		s.srv.Sim.Counters().ByRoute["POST /finance/agreements/{parentId}/additions"])
	if forced < 20 {
		t.Fatalf("only %d forced races, want at least 20", forced)
	}
	if ended < forced {
		t.Errorf("%d races but only %d duplicates ended", forced, ended)
	}
	if n := strings.Count(strings.Join(progress, "\n"), "another run created the same addition at the same time"); n < forced {
		t.Errorf("%d progress lines report an ended duplicate, want at least %d", n, forced)
	}
	for _, r := range results {
		if len(r.Failed) != 0 {
			t.Errorf("failed customers: %v", r.Failed)
		}
	}
	s.checkLivePerPeriod(t)
	s.checkBilled(t, u)

	s.srv.Sim.ResetCounters()
	again := run(t, s, u, Settings{})
	if w := s.srv.Sim.Counters().Writes; w != 0 || again.Summary.Conflicts != 0 {
		t.Errorf("a run after the race wrote %d times, summary %+v", w, again.Summary)
	}
}

// checkLivePerPeriod asserts, by the engine's own period rule, exactly one live addition
// per (active agreement, product).
func (s *site) checkLivePerPeriod(t *testing.T) {
	t.Helper()
	period := billing.BillingPeriod(asOf)
	for _, c := range s.customers {
		if s.cancelled[c.AgreementID] {
			continue
		}
		var all []billing.Addition
		for _, a := range s.srv.Sim.Store().List("additions") {
			if simulator.Int(a["agreementId"]) == c.AgreementID {
				all = append(all, storedAddition(a))
			}
		}
		for _, p := range s.products {
			if live := billing.LiveAdditions(all, p.CatalogItemID, period); len(live) != 1 {
				t.Errorf("agreement %d, catalog item %d: %d live additions", c.AgreementID, p.CatalogItemID, len(live))
			}
		}
	}
}

func storedAddition(a map[string]any) billing.Addition {
	out := billing.Addition{ID: simulator.Int(a["id"]), ProductID: simulator.Int(a["product"].(map[string]any)["id"])}
	out.AgreementStatus, _ = a["agreementStatus"].(string)
	out.Description, _ = a["description"].(string)
	out.Quantity, _ = a["quantity"].(float64)
	if d, ok := a["effectiveDate"].(string); ok {
		out.EffectiveDate = parseDate(d)
	}
	if d, ok := a["cancelledDate"].(string); ok {
		out.CancelledDate = parseDate(d)
	}
	return out
}
