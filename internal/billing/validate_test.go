package billing

import (
	"math"
	"strings"
	"testing"
)

func TestValidate(t *testing.T) {
	okCustomers := func() []Customer {
		return []Customer{
			{OrganizationID: "org-a", CompanyID: 5, AgreementID: 17, SyncEnabled: true},
			{OrganizationID: "org-b", CompanyID: 6, AgreementID: 18, SyncEnabled: true},
		}
	}
	okProducts := func() []Product {
		return []Product{
			{VendorSKU: "core-license", CatalogItemID: 12, BillCustomer: "NoCharge", UnitPrice: fp(5), LessIncluded: fp(0)},
			{VendorSKU: "dedicated-server", CatalogItemID: 13},
		}
	}
	okUsage := func() Usage {
		return Usage{"org-a": {"core-license": 2.5, "dedicated-server": 0}, "org-b": {}}
	}
	type want struct{ path, message string } // message: substring
	tests := []struct {
		name      string
		customers []Customer
		products  []Product
		usage     Usage
		absent    AbsentUsage
		edit      func(c []Customer, p []Product, u Usage)
		want      []want
	}{
		{name: "valid", absent: ""},
		{name: "valid, skip", absent: AbsentSkip},
		{name: "valid, zero", absent: AbsentZero},
		{name: "absent_usage unknown", absent: "Zero", want: []want{
			{"absent_usage", `"Zero" is not accepted: use "skip" (the default: a customer or SKU missing from usage is skipped) or "zero"`},
		}},
		{name: "empty organization_id", edit: func(c []Customer, _ []Product, _ Usage) { c[1].OrganizationID = " " }, want: []want{
			{"customers[1].organization_id", "must not be empty: set the vendor's organization ID"},
		}},
		{name: "duplicate organization_id names both indices", edit: func(c []Customer, _ []Product, _ Usage) {
			c[1].OrganizationID = "org-a"
			c[1].SyncEnabled = false
		}, want: []want{
			{"customers[1].organization_id", `organization "org-a" is mapped by both customers[0] and customers[1]: map each organization once`},
		}},
		{name: "bad IDs", edit: func(c []Customer, _ []Product, _ Usage) { c[0].CompanyID, c[0].AgreementID = 0, -1 }, want: []want{
			{"customers[0].company_id", "must be a ConnectWise company ID, a whole number of 1 or more; got 0"},
			{"customers[0].agreement_id", "must be a ConnectWise agreement ID, a whole number of 1 or more; got -1"},
		}},
		{name: "agreement mapped by two enabled customers", edit: func(c []Customer, _ []Product, _ Usage) { c[1].AgreementID = 17 }, want: []want{
			{"customers[1].agreement_id", "agreement 17 is mapped by both customers[0] and customers[1] with sync enabled"},
		}},
		{name: "agreement mapped twice, one disabled: fine", edit: func(c []Customer, _ []Product, _ Usage) {
			c[1].AgreementID, c[1].SyncEnabled = 17, false
		}},
		{name: "empty vendor_sku", edit: func(_ []Customer, p []Product, _ Usage) { p[0].VendorSKU = "" }, want: []want{
			{"products[0].vendor_sku", "must not be empty"},
			// core-license is now reported by org-a but mapped by no product
			{`usage["org-a"]["core-license"]`, `which no product maps: the mapped SKUs are "dedicated-server"`},
		}},
		{name: "duplicate vendor_sku names both indices", edit: func(_ []Customer, p []Product, _ Usage) { p[1].VendorSKU = "core-license" }, want: []want{
			{"products[1].vendor_sku", `SKU "core-license" is mapped by both products[0] and products[1]: map each SKU once`},
			{`usage["org-a"]["dedicated-server"]`, `which no product maps: the mapped SKUs are "core-license";`},
		}},
		{name: "duplicate catalog_item_id", edit: func(_ []Customer, p []Product, _ Usage) { p[1].CatalogItemID = 12 }, want: []want{
			{"products[1].catalog_item_id", `catalog item 12 is mapped by both products[0] (SKU "core-license") and products[1] (SKU "dedicated-server")`},
		}},
		{name: "missing catalog_item_id", edit: func(_ []Customer, p []Product, _ Usage) { p[1].CatalogItemID = 0 }, want: []want{
			{"products[1].catalog_item_id", "must be a ConnectWise catalog item ID, a whole number of 1 or more; got 0"},
		}},
		{name: "bad default bill_customer", edit: func(_ []Customer, p []Product, _ Usage) { p[1].DefaultBillCustomer = "Yes" }, want: []want{
			{"products[1].integration_defaults.bill_customer", `"Yes" is not accepted: use one of Billable, DoNotBill, NoCharge`},
		}},
		{name: "bad bill_customer", edit: func(_ []Customer, p []Product, _ Usage) { p[1].BillCustomer = "Yes" }, want: []want{
			{"products[1].bill_customer", `"Yes" is not accepted: use one of Billable, DoNotBill, NoCharge, or leave it unset (created additions are then Billable)`},
		}},
		{name: "bad amounts", edit: func(_ []Customer, p []Product, _ Usage) {
			p[1].UnitPrice, p[1].UnitCost, p[1].LessIncluded = fp(math.NaN()), fp(math.Inf(-1)), fp(-1)
		}, want: []want{
			{"products[1].unit_price", "must be a number from 0 to 1000000, e.g. 12.5; got NaN"},
			{"products[1].unit_cost", "must be a number from 0 to 1000000, e.g. 12.5; got -Inf"},
			{"products[1].less_included", "must be a number from 0 to 1000000, e.g. 12; got -1"},
		}},
		{name: "negative prices (issue 10: they were written)", edit: func(_ []Customer, p []Product, _ Usage) {
			p[1].UnitPrice, p[1].UnitCost = fp(-5), fp(-3)
		}, want: []want{
			{"products[1].unit_price", "must be a number from 0 to 1000000, e.g. 12.5; got -5"},
			{"products[1].unit_cost", "must be a number from 0 to 1000000, e.g. 12.5; got -3"},
		}},
		{name: "quantities too large or rounding to 0", edit: func(_ []Customer, _ []Product, u Usage) {
			u["org-a"]["core-license"] = 1e300
			u["org-b"]["core-license"] = 0.0000001
			u["org-b"]["dedicated-server"] = 1_000_000 // the bound itself is accepted
		}, want: []want{
			{`usage["org-a"]["core-license"]`, "must be a number from 0 to 1000000, e.g. 12; got 1e+300"},
			{`usage["org-b"]["core-license"]`, "rounds to 0 at the 4 decimals ConnectWise keeps: write 0 to bill nothing, or a quantity of at least 0.0001"},
		}},
		{name: "bad quantities", edit: func(_ []Customer, _ []Product, u Usage) {
			u["org-a"]["core-license"] = -1
			u["org-b"]["core-license"] = math.NaN()
			u["org-b"]["dedicated-server"] = math.Inf(1)
		}, want: []want{
			{`usage["org-a"]["core-license"]`, "must be a number from 0 to 1000000, e.g. 12; got -1"},
			{`usage["org-b"]["core-license"]`, "got NaN"},
			{`usage["org-b"]["dedicated-server"]`, "got +Inf"},
		}},
		{name: "unknown SKU names the org, the SKU and the known SKUs", edit: func(_ []Customer, _ []Product, u Usage) {
			u["org-b"]["vpn-seat"] = 3
		}, want: []want{
			{`usage["org-b"]["vpn-seat"]`, `organization "org-b" reports SKU "vpn-seat", which no product maps: the mapped SKUs are "core-license", "dedicated-server"`},
		}},
		{name: "unknown SKU without any product", products: []Product{}, usage: Usage{"org-a": {"vpn-seat": 1}}, want: []want{
			{`usage["org-a"]["vpn-seat"]`, "but no product is mapped"},
		}},
		{name: "unmapped organization is ignored, even with bad data", edit: func(_ []Customer, _ []Product, u Usage) {
			u["org-z"] = map[string]float64{"vpn-seat": -1, "core-license": math.NaN()}
			u[""] = map[string]float64{"x": 1}
		}},
		{name: "problems come in a fixed order", absent: "none", edit: func(c []Customer, p []Product, u Usage) {
			u["org-b"]["z"], u["org-a"]["y"] = 1, 1
			p[1].VendorSKU = ""
			c[1].OrganizationID = ""
		}, want: []want{
			{"customers[1].organization_id", "must not be empty"},
			{"products[1].vendor_sku", "must not be empty"},
			{`usage["org-a"]["dedicated-server"]`, "no product maps"},
			{`usage["org-a"]["y"]`, "no product maps"},
			{"absent_usage", `"none" is not accepted`},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, p, u := tt.customers, tt.products, tt.usage
			if c == nil {
				c = okCustomers()
			}
			if p == nil {
				p = okProducts()
			}
			if u == nil {
				u = okUsage()
			}
			if tt.edit != nil {
				tt.edit(c, p, u)
			}
			got := Validate(c, p, u, tt.absent)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d problems, want %d:\n%s", len(got), len(tt.want), problems(got))
			}
			for i, w := range tt.want {
				if got[i].Path() != w.path || !strings.Contains(got[i].Message, w.message) {
					t.Errorf("problem %d = %s\nwant %s: …%s…", i, got[i], w.path, w.message)
				}
			}
		})
	}
}

func TestProblemPath(t *testing.T) {
	for _, tt := range []struct {
		p    Problem
		want string
	}{
		{Problem{Attribute: "customers", Index: 2, Field: "organization_id"}, "customers[2].organization_id"},
		{Problem{Attribute: "usage", Index: -1, Key: "org-1", SubKey: "core-license"}, `usage["org-1"]["core-license"]`},
		{Problem{Attribute: "usage", Index: -1, Key: "org-1"}, `usage["org-1"]`},
		{Problem{Attribute: "usage", Index: -1, SubKey: "x"}, `usage[""]["x"]`},
		{Problem{Attribute: "absent_usage", Index: -1}, "absent_usage"},
	} {
		if got := tt.p.Path(); got != tt.want {
			t.Errorf("Path() = %s, want %s", got, tt.want)
		}
	}
	if got := (Problem{Attribute: "as_of", Index: -1, Message: "bad"}).String(); got != "as_of: bad" {
		t.Errorf("String() = %q", got)
	}
}

func problems(ps []Problem) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString(p.String() + "\n")
	}
	return b.String()
}

// An absent_usage a user writes must be one of the two, the empty string included: only
// an option left unset means the default, and Validate reads "" as unset.
func TestAbsentUsageProblem(t *testing.T) {
	for _, ok := range []AbsentUsage{AbsentSkip, AbsentZero} {
		if msg := AbsentUsageProblem(ok); msg != "" {
			t.Errorf("%q: %s", ok, msg)
		}
	}
	for _, bad := range []AbsentUsage{"", " skip", "Zero"} {
		if msg := AbsentUsageProblem(bad); !strings.Contains(msg, `is not accepted: use "skip"`) {
			t.Errorf("%q: %q", bad, msg)
		}
	}
	if problems := Validate(nil, nil, nil, ""); len(problems) != 0 {
		t.Errorf("unset absent_usage: %v", problems)
	}
}
