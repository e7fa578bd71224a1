package usagesync

import (
	"testing"

	"github.com/mspkit/terraform-provider-connectwise/internal/simulator"
)

// An agreement with a long history: 2,500 additions, of which the three live ones (one
// per SKU) are the 1,001st to 1,003rd. While the sync reads the first page of them, a
// person deletes 25 old cancelled additions of that page. Walked by page number, the
// three live additions would move onto the page already read and never be seen, and the
// sync would create a second addition for each SKU: the customer billed twice. The run
// must update the three additions it has, and create none.
func TestAdditionsDeletedWhilePagedAreNotBilledTwice(t *testing.T) {
	skus := []string{"core-license", "dedicated-server", "premium-support"}
	s := newSite(t, 1, skus, simulator.Options{})
	st := s.srv.Sim.Store()
	agreementID := s.customers[0].AgreementID
	addition := func(id, product int, fields map[string]any) {
		a := map[string]any{"id": id, "agreementId": agreementID, "product": map[string]any{"id": product},
			"billCustomer": "Billable", "quantity": 1.0, "unitPrice": 5.0, "effectiveDate": "2025-01-01T00:00:00Z"}
		for k, v := range fields {
			a[k] = v
		}
		st.Insert("additions", a)
	}
	old := map[string]any{"cancelledDate": "2025-06-30T00:00:00Z", "agreementStatus": "Cancelled"}
	for id := 1; id <= 2500; id++ {
		if id >= 1001 && id <= 1003 {
			addition(id, s.products[id-1001].CatalogItemID, map[string]any{"effectiveDate": "2026-01-01T00:00:00Z"})
			continue
		}
		addition(id, s.products[id%3].CatalogItemID, old)
	}
	var deleted []int
	for id := 100; id < 125; id++ {
		deleted = append(deleted, id)
	}
	if err := s.srv.Sim.AddPageMutation(simulator.PageMutation{Route: "/finance/agreements/{parentId}/additions",
		AfterPage: 1, Kind: "additions", IDs: deleted, Delete: true}); err != nil {
		t.Fatal(err)
	}

	u := s.usage(7, 0, 0)
	res := run(t, s, u, Settings{})
	if res.Summary.Created != 0 || res.Summary.Updated != 3 || res.Summary.Failed != 0 {
		t.Errorf("summary %+v: want the 3 live additions updated and none created", res.Summary)
	}
	s.checkBilled(t, u)
}
