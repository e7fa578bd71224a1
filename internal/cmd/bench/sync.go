package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
	sim "github.com/mspkit/terraform-provider-connectwise/internal/simulator"
)

const (
	syncCustomers = 2000
	syncRPM       = "6000" // requests_per_minute of the measured sync: the count, not the pace, is measured
)

var syncSKUs = []string{"core-license", "premium-license", "dedicated-server"}

type syncResult struct {
	label             string
	invoke            result
	additionsReads    int
	writes, readBacks int
	batchedReads      int
	byRoute           map[string]int
}

// floor is what the run cannot do without: the batched reads, one additions read per active
// agreement and one request per write. The read-backs (one per agreement created on, the
// race check) are beside it.
func (r syncResult) floor() int { return r.additionsReads + r.writes + r.batchedReads }

// syncRun is `terraform apply -invoke` of the sync for 2,000 customers x 3 SKUs (every
// tenth agreement cancelled), measured three times: the first sync, which creates every
// addition (and reads each agreement back once); then 10% of the customers' quantities
// change, so the run reads every active agreement's additions and patches 600 of them; then
// nothing changes.
func (b *bench) syncRun() ([]syncResult, error) {
	var res []syncResult
	data := sim.DemoData(1, 0)
	var companyIDs, agreementIDs []int
	var mappings []mapping
	active := 0
	for i := range syncCustomers {
		ident := fmt.Sprintf("CUST%05d", i)
		cid, aid := 30001+i, 40001+i
		data.Companies = append(data.Companies, map[string]any{
			"id": cid, "identifier": ident, "name": "Customer " + ident,
			"status": map[string]any{"id": 1, "name": "Active"}, "deletedFlag": false,
		})
		ag := map[string]any{
			"id": aid, "name": "Managed Services - " + ident, "type": map[string]any{"id": 1, "name": "Managed Services"},
			"company": map[string]any{"id": cid, "identifier": ident, "name": "Customer " + ident},
			"contact": map[string]any{"id": 1}, "agreementStatus": "Active", "cancelledFlag": false,
			"startDate": "2025-01-01T00:00:00Z", "noEndingDateFlag": true,
		}
		if i%10 != 9 {
			active++ // every tenth is cancelled once mapped (below)
		}
		data.Agreements = append(data.Agreements, ag)
		companyIDs, agreementIDs = append(companyIDs, cid), append(agreementIDs, aid)
		mappings = append(mappings, mapping{cid, aid})
	}
	raw, err := json.Marshal(data)
	if err != nil {
		return res, err
	}
	dataFile := filepath.Join(b.work, "sync-data.json")
	if err := os.WriteFile(dataFile, raw, 0o600); err != nil {
		return res, err
	}
	s, err := b.startSimulator("sync", "-data", dataFile)
	if err != nil {
		return res, err
	}
	defer s.stop()

	dir := filepath.Join(b.work, "sync")
	var products strings.Builder
	var refs []string
	var itemIDs []int
	for i, sku := range syncSKUs {
		item := id(data.Catalog[i]["id"])
		itemIDs = append(itemIDs, item)
		name := strings.ReplaceAll(sku, "-", "_")
		refs = append(refs, "connectwise_product_mapping."+name)
		fmt.Fprintf(&products, "resource \"connectwise_product_mapping\" %q {\n  integration_id  = connectwise_integration.bench.id\n  vendor_sku      = %q\n  catalog_item_id = %d\n}\n\n", name, sku, item)
	}
	config := `terraform {
  required_providers {
    connectwise = { source = "mspkit/connectwise" }
  }
}

provider "connectwise" {}

resource "connectwise_integration" "bench" {
  name = "Bench"
}

` + products.String() + ourMappings(layoutForEach, mappings) + `
action "connectwise_sync_usage" "hourly" {
  config {
    customers = values(connectwise_customer_mapping.all)
    products  = [` + strings.Join(refs, ", ") + `]
    usage     = jsondecode(file("usage.json"))
  }
}
`
	if err := writeConfig(dir, config); err != nil {
		return res, err
	}
	writeUsage := func(changeEvery int) error {
		u := map[string]map[string]float64{}
		for i := range syncCustomers {
			q := map[string]float64{}
			for j, sku := range syncSKUs {
				q[sku] = float64(3 + (i+j)%7)
				if changeEvery > 0 && i%changeEvery == 0 {
					q[sku]++
				}
			}
			u[fmt.Sprintf("org-%05d", i)] = q
		}
		raw, err := json.Marshal(u)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, "usage.json"), raw, 0o600)
	}

	// Set-up, fast: no latency, the highest client-side limit.
	fast := b.terraform(b.opts.terraformLatest, dir, s, "CONNECTWISE_REQUESTS_PER_MINUTE=6000")
	apply := []string{"apply", "-input=false", "-no-color", "-auto-approve"}
	invoke := append(slices.Clone(apply), "-invoke=action.connectwise_sync_usage.hourly")
	fmt.Fprintln(os.Stderr, "sync: applying 2,000 mappings")
	if err := writeUsage(0); err != nil {
		return res, err
	}
	if _, err := fast.run(nil, apply...); err != nil {
		return res, err
	}
	for i, aid := range agreementIDs {
		if i%10 == 9 {
			if _, err := s.do("PATCH", fmt.Sprintf("/store/agreements/%d", aid), `{"agreementStatus":"Cancelled","cancelledFlag":true}`); err != nil {
				return res, err
			}
		}
	}
	if err := s.setLatency(b.opts.latency); err != nil {
		return res, err
	}
	// The executor's batched reads (usagesync.readByIDs): agreements and companies of the
	// enabled customers, the products' catalog items, as few id-in lists as URLs allow.
	batched := 0
	for _, ids := range [][]int{agreementIDs, companyIDs, itemIDs} {
		batched += len(connectwise.SplitIn(connectwise.Field("id"), connectwise.Ints(ids), connectwise.Condition{}, connectwise.MaxConditionLength))
	}
	measuredTF := b.terraform(b.opts.terraformLatest, dir, s, "CONNECTWISE_REQUESTS_PER_MINUTE="+syncRPM)
	for _, run := range []struct {
		label       string
		changeEvery int
		createsOn   int // agreements the run creates on: one read-back each
	}{
		{"first sync: every addition created", 0, active},
		{"10% of the customers' quantities changed", 10, 0},
		{"nothing changed", 10, 0},
	} {
		if err := writeUsage(run.changeEvery); err != nil {
			return res, err
		}
		fmt.Fprintln(os.Stderr, "sync: measuring the", run.label)
		r := syncResult{label: run.label, additionsReads: active, readBacks: run.createsOn, batchedReads: batched}
		var err error
		if r.invoke, err = measured(s, measuredTF, nil, invoke...); err != nil {
			return res, err
		}
		c, err := s.counters()
		if err != nil {
			return res, err
		}
		r.byRoute = c.ByRoute
		for route, n := range c.ByRoute {
			if strings.HasPrefix(route, "PATCH /finance/agreements/{parentId}/additions") ||
				strings.HasPrefix(route, "PUT /finance/agreements/{parentId}/additions") ||
				strings.HasPrefix(route, "DELETE /finance/agreements/{parentId}/additions") ||
				route == "POST /finance/agreements/{parentId}/additions" {
				r.writes += n
			}
		}
		res = append(res, r)
	}
	return res, nil
}

func printSync(w io.Writer, o options, rs []syncResult) {
	_, _ = fmt.Fprintf(w, "\nSync: terraform apply -invoke (%s), %d customers x %d SKUs (every tenth agreement cancelled), %s latency, requests_per_minute %s\n\n",
		o.terraformLatest, syncCustomers, len(syncSKUs), o.latency, syncRPM)
	_, _ = fmt.Fprintln(w, "| run | requests | floor (additions lists + writes + batched reads) | read-backs (one per agreement created on) | requests / (floor + read-backs) | wall | provider CPU |")
	_, _ = fmt.Fprintln(w, "|---|---|---|---|---|---|---|")
	for _, r := range rs {
		_, _ = fmt.Fprintf(w, "| %s | %d | %d (%d + %d + %d) | %d | %.3f× | %s | %s |\n", r.label, r.invoke.requests, r.floor(),
			r.additionsReads, r.writes, r.batchedReads, r.readBacks, float64(r.invoke.requests)/float64(r.floor()+r.readBacks),
			seconds(r.invoke.wall), seconds(r.invoke.providerCPU))
	}
	for _, r := range rs {
		_, _ = fmt.Fprintf(w, "\n%s, by route: %v\n", r.label, r.byRoute)
	}
}
