package usagesync

import (
	"fmt"
	"testing"
	"time"

	"github.com/mspkit/terraform-provider-connectwise/internal/billing"
	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
	"github.com/mspkit/terraform-provider-connectwise/internal/simulator"
	"github.com/mspkit/terraform-provider-connectwise/internal/simulator/simtest"
)

var asOf = time.Date(2026, 11, 15, 10, 0, 0, 0, time.UTC)

// site is a simulator with n customers, each with its own company and agreement; every
// tenth agreement is cancelled. Products map SKUs to demo catalog items.
type site struct {
	srv       *simulator.Server
	client    *connectwise.Client
	customers []billing.Customer
	products  []billing.Product
	cancelled map[int]bool // agreement IDs
}

func newSite(t testing.TB, n int, skus []string, opts simulator.Options) *site {
	t.Helper()
	opts.Data = simulator.DemoData(1, 0)
	srv := simulator.StartTest(t, opts)
	st := srv.Sim.Store()
	s := &site{srv: srv, cancelled: map[int]bool{}}
	items := st.List("catalog")
	for i, sku := range skus {
		item := items[i]
		s.products = append(s.products, billing.Product{VendorSKU: sku, CatalogItemID: simulator.Int(item["id"]), CatalogItemIdentifier: item["identifier"].(string)})
	}
	for i := range n {
		ident := fmt.Sprintf("CUST%05d", i)
		companyID := st.Insert("companies", map[string]any{
			"identifier": ident, "name": "Customer " + ident,
			"status": map[string]any{"id": 1, "name": "Active"}, "deletedFlag": false,
		})
		ag := map[string]any{
			"name":    "Managed Services - " + ident,
			"type":    map[string]any{"id": 1, "name": "Managed Services"},
			"company": map[string]any{"id": companyID, "identifier": ident, "name": "Customer " + ident},
			"contact": map[string]any{"id": 1}, "agreementStatus": "Active", "cancelledFlag": false,
			"startDate": "2025-01-01T00:00:00Z", "noEndingDateFlag": true,
		}
		if i%10 == 9 {
			ag["agreementStatus"], ag["cancelledFlag"] = "Cancelled", true
		}
		agreementID := st.Insert("agreements", ag)
		if i%10 == 9 {
			s.cancelled[agreementID] = true
		}
		s.customers = append(s.customers, billing.Customer{
			OrganizationID: fmt.Sprintf("org-%05d", i), OrganizationName: "Customer " + ident,
			CompanyID: companyID, AgreementID: agreementID, SyncEnabled: true,
		})
	}
	s.client = newClient(t, srv.URL)
	return s
}

// newClient is a client of the simulator (or of a test wrapper around it) at url.
func newClient(t testing.TB, url string) *connectwise.Client {
	t.Helper()
	return simtest.Client(t, url, func(cfg *connectwise.Config) {
		cfg.Codebase, cfg.MaxRetries = "v2025_8/", 6
		cfg.RetryWaitMin, cfg.RetryWaitMax = 5*time.Millisecond, 50*time.Millisecond
	})
}

// usage gives every customer quantity base+i%7 of each SKU, shifted by shift for every
// customer index divisible by changeEvery.
func (s *site) usage(base float64, changeEvery int, shift float64) billing.Usage {
	u := billing.Usage{}
	for i, c := range s.customers {
		q := map[string]float64{}
		for j, p := range s.products {
			v := base + float64((i+j)%7)
			if changeEvery > 0 && i%changeEvery == 0 {
				v += shift
			}
			q[p.VendorSKU] = v
		}
		u[c.OrganizationID] = q
	}
	return u
}

func (s *site) request(u billing.Usage) Request {
	return Request{Customers: s.customers, Products: s.products, Usage: u,
		Options: billing.Options{AsOf: asOf, IntegrationName: "NordLayer"}}
}

// billing is how ConnectWise's additions compare with the usage.
type billingState struct {
	duplicates      []string // more than one active addition for one (agreement, product)
	cancelledWrites []string // an addition on a cancelled agreement
	mismatches      []string // a missing addition or a wrong quantity
}

func (b billingState) exact() bool {
	return len(b.duplicates)+len(b.cancelledWrites)+len(b.mismatches) == 0
}

func (s *site) billingState(u billing.Usage) billingState {
	var b billingState
	type key struct{ agreement, product int }
	active := map[key][]float64{}
	for _, a := range s.srv.Sim.Store().List("additions") {
		agreement := simulator.Int(a["agreementId"])
		if s.cancelled[agreement] {
			b.cancelledWrites = append(b.cancelledWrites, fmt.Sprintf("addition %v on cancelled agreement %d", a["id"], agreement))
		}
		if a["agreementStatus"] != "Active" {
			continue
		}
		product := simulator.Int(a["product"].(map[string]any)["id"])
		q, _ := a["quantity"].(float64)
		active[key{agreement, product}] = append(active[key{agreement, product}], q)
	}
	for _, c := range s.customers {
		if s.cancelled[c.AgreementID] {
			continue
		}
		for _, p := range s.products {
			got := active[key{c.AgreementID, p.CatalogItemID}]
			want := u[c.OrganizationID][p.VendorSKU]
			line := fmt.Sprintf("%s %s: active additions %v, want one with %v", c.OrganizationID, p.VendorSKU, got, want)
			switch {
			case len(got) > 1:
				b.duplicates = append(b.duplicates, line)
			case len(got) == 0 || got[0] != want:
				b.mismatches = append(b.mismatches, line)
			}
		}
	}
	return b
}

// checkBilled asserts that ConnectWise bills exactly the usage: one active addition per
// (active agreement, product) with the desired quantity, and none on cancelled agreements.
func (s *site) checkBilled(t testing.TB, u billing.Usage) {
	t.Helper()
	b := s.billingState(u)
	for _, l := range [][]string{b.duplicates, b.cancelledWrites, b.mismatches} {
		for _, p := range l {
			t.Error(p)
		}
	}
}
