package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
	sim "github.com/mspkit/terraform-provider-connectwise/internal/simulator"
)

// The site, configuration and usage of a sync, shared by the sync of one state (sync.go)
// and the shards that sync their own customers on one site (shards.go).

var syncSKUs = []string{"core-license", "premium-license", "dedicated-server"}

var (
	applyArgs  = []string{"apply", "-input=false", "-no-color", "-auto-approve"}
	invokeArgs = append(slices.Clone(applyArgs), "-invoke=action.connectwise_sync_usage.hourly")
)

// syncData is the simulator's dataset for a sync: the demo lookups and catalog, with the
// customers of every configuration that syncs against it.
type syncData struct {
	data    *sim.Dataset
	itemIDs []int // the catalog items of syncSKUs
}

func newSyncData() *syncData {
	d := &syncData{data: sim.DemoData(1, 0)}
	for i := range syncSKUs {
		d.itemIDs = append(d.itemIDs, id(d.data.Catalog[i]["id"]))
	}
	return d
}

// customerSet is the customers one configuration maps, each with a company and an active
// agreement of its own.
type customerSet struct {
	mappings                 []mapping
	companyIDs, agreementIDs []int
	active                   int // agreements left active once cancel has run
}

// addCustomers adds n customers to the site, numbered from first so that the sets of
// several configurations on one site never share a company or an agreement.
func (d *syncData) addCustomers(first, n int) customerSet {
	var cs customerSet
	for i := range n {
		ident := fmt.Sprintf("CUST%05d", first+i)
		cid, aid := 30001+first+i, 40001+first+i
		company := map[string]any{"id": cid, "identifier": ident, "name": "Customer " + ident}
		d.data.Companies = append(d.data.Companies, map[string]any{
			"id": cid, "identifier": ident, "name": "Customer " + ident,
			"status": map[string]any{"id": 1, "name": "Active"}, "deletedFlag": false,
		})
		d.data.Agreements = append(d.data.Agreements, map[string]any{
			"id": aid, "name": "Managed Services - " + ident, "type": map[string]any{"id": 1, "name": "Managed Services"},
			"company": company, "contact": map[string]any{"id": 1}, "agreementStatus": "Active", "cancelledFlag": false,
			"startDate": "2025-01-01T00:00:00Z", "noEndingDateFlag": true,
		})
		if !cancelled(i) {
			cs.active++
		}
		cs.companyIDs, cs.agreementIDs = append(cs.companyIDs, cid), append(cs.agreementIDs, aid)
		cs.mappings = append(cs.mappings, mapping{cid, aid})
	}
	return cs
}

// cancelled says whether the set's i-th agreement is cancelled after its mapping is
// applied: every tenth, so the sync meets agreements it must not write to (a mapping of an
// agreement already cancelled would not apply).
func cancelled(i int) bool { return i%10 == 9 }

func (cs customerSet) cancel(s *simulator) error {
	for i, aid := range cs.agreementIDs {
		if cancelled(i) {
			if _, err := s.do("PATCH", fmt.Sprintf("/store/agreements/%d", aid), `{"agreementStatus":"Cancelled","cancelledFlag":true}`); err != nil {
				return err
			}
		}
	}
	return nil
}

// batchedReads are the executor's batched reads (usagesync.readByIDs): agreements and
// companies of the enabled customers, the products' catalog items, as few id-in lists as
// URLs allow.
func (cs customerSet) batchedReads(itemIDs []int) int {
	n := 0
	for _, ids := range [][]int{cs.agreementIDs, cs.companyIDs, itemIDs} {
		n += len(connectwise.SplitIn(connectwise.Field("id"), connectwise.Ints(ids), connectwise.Condition{}, connectwise.MaxConditionLength))
	}
	return n
}

// usageQuantity is the usage of the i-th customer for the j-th SKU; with changeEvery > 0,
// every changeEvery-th customer's is one more.
func usageQuantity(i, j, changeEvery int) float64 {
	q := float64(3 + (i+j)%7)
	if changeEvery > 0 && i%changeEvery == 0 {
		q++
	}
	return q
}

// writeUsage writes the usage of n customers, keyed as customersLocals keys them.
func writeUsage(dir string, n, changeEvery int) error {
	u := map[string]map[string]float64{}
	for i := range n {
		q := map[string]float64{}
		for j, sku := range syncSKUs {
			q[sku] = usageQuantity(i, j, changeEvery)
		}
		u[fmt.Sprintf("org-%05d", i)] = q
	}
	raw, err := json.Marshal(u)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "usage.json"), raw, 0o600)
}

// writeSync writes the configuration that maps the customers and syncs them (the
// integration, a product mapping per SKU, the customer mappings and the action "hourly")
// into dir, with the usage of a first sync.
func (d *syncData) writeSync(dir string, cs customerSet) error {
	var products strings.Builder
	var refs []string
	for i, sku := range syncSKUs {
		name := strings.ReplaceAll(sku, "-", "_")
		refs = append(refs, "connectwise_product_mapping."+name)
		fmt.Fprintf(&products, "resource \"connectwise_product_mapping\" %q {\n  integration_id  = connectwise_integration.bench.id\n  vendor_sku      = %q\n  catalog_item_id = %d\n}\n\n", name, sku, d.itemIDs[i])
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

` + products.String() + ourMappings(layoutForEach, cs.mappings) + `
action "connectwise_sync_usage" "hourly" {
  config {
    customers = values(connectwise_customer_mapping.all)
    products  = [` + strings.Join(refs, ", ") + `]
    usage     = jsondecode(file("usage.json"))
  }
}
`
	if err := writeConfig(dir, config); err != nil {
		return err
	}
	return writeUsage(dir, len(cs.mappings), 0)
}

// writeData writes the dataset for the simulator's -data.
func (b *bench) writeData(name string, d *syncData) (string, error) {
	raw, err := json.Marshal(d.data)
	if err != nil {
		return "", err
	}
	file := filepath.Join(b.work, name+"-data.json")
	return file, os.WriteFile(file, raw, 0o600)
}
