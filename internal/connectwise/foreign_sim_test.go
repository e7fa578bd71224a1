package connectwise_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
	"github.com/mspkit/terraform-provider-connectwise/internal/simulator"
	"github.com/mspkit/terraform-provider-connectwise/internal/simulator/simtest"
)

// Against the simulator's Cloudflare 520-524 pages (a third of the requests): every read
// succeeds through retries, and no create is ever sent twice.
func TestCloudflareOriginErrorsAgainstTheSimulator(t *testing.T) {
	srv := simulator.StartTest(t, simulator.Options{Data: simulator.DemoData(1, 30)})
	c := simtest.Client(t, srv.URL, func(cfg *connectwise.Config) {
		cfg.RetryWaitMin, cfg.RetryWaitMax, cfg.MaxRetries = time.Millisecond, 5*time.Millisecond, 8
	})
	ctx := context.Background()
	agreementID, productID := openAgreement(t, c)
	companies, err := c.Companies.All(ctx, nil)
	if err != nil || len(companies) == 0 {
		t.Fatalf("companies: %d, %v", len(companies), err)
	}
	srv.Sim.SetFaults(simulator.Faults{Seed: 5, Cloudflare52x: 0.3})
	srv.Sim.ResetCounters()
	for _, co := range companies {
		if _, err := c.Companies.Get(ctx, co.ID); err != nil {
			t.Fatalf("GET company %d: %v", co.ID, err)
		}
	}
	reads := srv.Sim.Counters()
	retries := 0
	for st := 520; st <= 524; st++ {
		retries += reads.ByStatus[st]
	}
	if retries == 0 || reads.Total != len(companies)+retries {
		t.Errorf("%d reads sent for %d companies with %d 52x answers: want one more request per 52x", reads.Total, len(companies), retries)
	}
	t.Logf("%d company reads: %d 52x answers, each retried, all read", len(companies), retries)

	srv.Sim.ResetCounters()
	const creates = 20
	failed, applied := 0, 0
	for i := range creates {
		_, err := c.Additions.Create(ctx, agreementID, &connectwise.Addition{Product: connectwise.Ref(productID), BillCustomer: "Billable", Quantity: connectwise.Float64(float64(i + 1))})
		if err == nil {
			continue
		}
		failed++
		var ae *connectwise.APIError
		if !errors.As(err, &ae) || !errors.Is(err, connectwise.ErrForeignAnswer) || !connectwise.IsAmbiguousWrite(err) ||
			!strings.Contains(err.Error(), "the site answered with a Cloudflare page (HTTP 52") {
			t.Errorf("create: %v", err)
		}
		if ae != nil && ae.StatusCode == 524 {
			applied++
		}
	}
	posts := srv.Sim.Counters().ByRoute["POST /finance/agreements/{parentId}/additions"]
	if posts != creates || failed == 0 {
		t.Errorf("%d POSTs for %d creates (%d failed): a create answered 52x was sent again", posts, creates, failed)
	}
	if w := srv.Sim.Counters().Writes; w != creates-failed+applied {
		t.Errorf("%d writes applied, want %d (the 524s were applied)", w, creates-failed+applied)
	}
}
