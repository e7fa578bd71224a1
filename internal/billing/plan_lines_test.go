package billing

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

type row struct {
	org, sku string
	kind     Kind
	reason   string // substring
}

func rows(changes []Change) []row {
	out := make([]row, len(changes))
	for i, c := range changes {
		out[i] = row{c.OrganizationID, c.SKU, c.Kind, c.Reason}
	}
	return out
}

func checkRows(t *testing.T, got []Change, want []row) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d changes, want %d:\n%v", len(got), len(want), rows(got))
	}
	for i, w := range want {
		g := got[i]
		if g.OrganizationID != w.org || g.SKU != w.sku || g.Kind != w.kind || !strings.Contains(g.Reason, w.reason) {
			t.Errorf("change %d = %s\nwant %+v", i, dump(g), w)
		}
	}
}

// twoByTwo has customers org-b and org-a (in that order) and products srv and lic.
func twoByTwo() Input {
	in := base()
	in.Customers = []Customer{
		{OrganizationID: "org-b", CompanyID: 6, AgreementID: 18, SyncEnabled: true},
		{OrganizationID: "org-a", CompanyID: 5, AgreementID: 17, SyncEnabled: true},
	}
	in.Products = []Product{{VendorSKU: "srv", CatalogItemID: 13}, {VendorSKU: "lic", CatalogItemID: 12}}
	in.Agreements[18] = Agreement{ID: 18, CompanyID: 6, Status: "Active"}
	in.Companies[6] = Company{ID: 6}
	in.CatalogItems[13] = CatalogItem{ID: 13}
	in.Usage = Usage{"org-a": {"lic": 1, "srv": 2}, "org-b": {"lic": 3, "srv": 4}, "unmapped": {"lic": 9}}
	return in
}

func TestPlanOrderAndDeterminism(t *testing.T) {
	in := twoByTwo()
	in.Additions[17] = []Addition{{ID: 1, ProductID: 12, Quantity: 1, AgreementStatus: "Active"}}
	in.Additions[18] = []Addition{{ID: 3, ProductID: 13, Quantity: 1}, {ID: 2, ProductID: 13, Quantity: 1}}
	want := []row{
		{"org-a", "lic", None, "up to date"},
		{"org-a", "srv", Create, "create with quantity 2"},
		{"org-b", "lic", Create, "create with quantity 3"},
		{"org-b", "srv", Conflict, "(IDs 2, 3)"},
	}
	first := Plan(in)
	checkRows(t, first, want)

	// Any order of customers, products and additions gives the same plan.
	slices.Reverse(in.Customers)
	slices.Reverse(in.Products)
	slices.Reverse(in.Additions[18])
	if again := Plan(in); !reflect.DeepEqual(again, first) {
		t.Errorf("plan depends on input order:\n%v\n%v", rows(first), rows(again))
	}
}

func TestPlanDoesNotModifyInput(t *testing.T) {
	in := twoByTwo()
	in.Additions[17] = []Addition{{ID: 1, ProductID: 12, Quantity: 1, UnitPrice: fp(3)}, {ID: 5, ProductID: 13, Quantity: 7}}
	in.Products[0].UnitPrice = fp(4)
	snapshot := twoByTwo()
	snapshot.Additions[17] = []Addition{{ID: 1, ProductID: 12, Quantity: 1, UnitPrice: fp(3)}, {ID: 5, ProductID: 13, Quantity: 7}}
	snapshot.Products[0].UnitPrice = fp(4)
	Plan(in)
	if !reflect.DeepEqual(in, snapshot) {
		t.Error("Plan modified its input")
	}
}

func TestPlanEmpty(t *testing.T) {
	in := base()
	in.Products = nil
	if got := Plan(in); len(got) != 0 {
		t.Errorf("customers without products: got %v", rows(got))
	}
	in = base()
	in.Customers = nil
	if got := Plan(in); len(got) != 0 {
		t.Errorf("no customers: got %v", rows(got))
	}
	if got := Plan(Input{}); len(got) != 0 {
		t.Errorf("empty input: got %v", rows(got))
	}
}

func TestPlanEveryLineIsReported(t *testing.T) {
	in := twoByTwo()
	in.Customers[0].SyncEnabled = false
	delete(in.Usage, "org-a")
	checkRows(t, Plan(in), []row{
		{"org-a", "lic", Skip, "no usage reported for organization org-a"},
		{"org-a", "srv", Skip, "no usage reported for organization org-a"},
		{"org-b", "lic", Skip, "sync is disabled for organization org-b"},
		{"org-b", "srv", Skip, "sync is disabled for organization org-b"},
	})
}

func TestPlanDuplicateMappingsNeverWrite(t *testing.T) {
	t.Run("organization mapped twice", func(t *testing.T) {
		in := twoByTwo()
		in.Customers[0].OrganizationID = "org-a" // org-a on agreements 18 and 17
		checkRows(t, Plan(in), []row{
			{"org-a", "lic", Skip, "organization org-a is mapped by 2 customers with sync enabled"},
			{"org-a", "lic", Skip, "organization org-a is mapped by 2 customers"},
			{"org-a", "srv", Skip, "organization org-a is mapped by 2 customers"},
			{"org-a", "srv", Skip, "organization org-a is mapped by 2 customers"},
		})
	})
	t.Run("organization mapped twice, once disabled", func(t *testing.T) {
		in := twoByTwo()
		in.Customers[0].OrganizationID = "org-a"
		in.Customers[0].SyncEnabled = false
		checkRows(t, Plan(in), []row{
			{"org-a", "lic", Skip, "sync is disabled"}, // customers[0] first for the same org and SKU
			{"org-a", "lic", Create, "create with quantity 1"},
			{"org-a", "srv", Skip, "sync is disabled"},
			{"org-a", "srv", Create, "create with quantity 2"},
		})
	})
	t.Run("SKU mapped twice", func(t *testing.T) {
		in := twoByTwo()
		in.Products[1].VendorSKU = "srv"
		checkRows(t, Plan(in), []row{
			{"org-a", "srv", Skip, "SKU srv is mapped by 2 products"},
			{"org-a", "srv", Skip, "SKU srv is mapped by 2 products"},
			{"org-b", "srv", Skip, "SKU srv is mapped by 2 products"},
			{"org-b", "srv", Skip, "SKU srv is mapped by 2 products"},
		})
	})
	t.Run("catalog item mapped by two SKUs", func(t *testing.T) {
		in := twoByTwo()
		in.Products[0].CatalogItemID = 12
		checkRows(t, Plan(in), []row{
			{"org-a", "lic", Skip, "catalog item 12 on agreement 17 is also mapped by organization org-a SKU srv: nothing is written"},
			{"org-a", "srv", Skip, "catalog item 12 on agreement 17 is also mapped by organization org-a SKU lic"},
			{"org-b", "lic", Skip, "catalog item 12 on agreement 18 is also mapped by organization org-b SKU srv"},
			{"org-b", "srv", Skip, "catalog item 12 on agreement 18 is also mapped by organization org-b SKU lic"},
		})
	})
	t.Run("agreement mapped by two organizations", func(t *testing.T) {
		in := twoByTwo()
		in.Customers[0].AgreementID, in.Customers[0].CompanyID = 17, 5
		delete(in.Usage, "org-b") // even when one has no usage this run
		checkRows(t, Plan(in), []row{
			{"org-a", "lic", Skip, "catalog item 12 on agreement 17 is also mapped by organization org-b SKU lic"},
			{"org-a", "srv", Skip, "catalog item 13 on agreement 17 is also mapped by organization org-b SKU srv"},
			{"org-b", "lic", Skip, "also mapped by organization org-a SKU lic"},
			{"org-b", "srv", Skip, "also mapped by organization org-a SKU srv"},
		})
	})
	t.Run("agreement mapped by two organizations, one disabled", func(t *testing.T) {
		in := twoByTwo()
		in.Customers[0].AgreementID, in.Customers[0].CompanyID, in.Customers[0].SyncEnabled = 17, 5, false
		checkRows(t, Plan(in), []row{
			{"org-a", "lic", Create, "create with quantity 1"},
			{"org-a", "srv", Create, "create with quantity 2"},
			{"org-b", "lic", Skip, "sync is disabled"},
			{"org-b", "srv", Skip, "sync is disabled"},
		})
	})
}

func TestSummarizeAndWrites(t *testing.T) {
	changes := []Change{{Kind: Create}, {Kind: Update}, {Kind: Update}, {Kind: None}, {Kind: Skip}, {Kind: Skip}, {Kind: Skip}, {Kind: Conflict}}
	if got, want := Summarize(changes), (Summary{Create: 1, Update: 2, None: 1, Skip: 3, Conflict: 1}); got != want {
		t.Errorf("Summarize = %+v, want %+v", got, want)
	}
	for _, c := range changes {
		if c.Writes() != (c.Kind == Create || c.Kind == Update) {
			t.Errorf("%s.Writes() = %v", c.Kind, c.Writes())
		}
	}
	if (Summary{}) != Summarize(nil) {
		t.Error("Summarize(nil) is not zero")
	}
}
