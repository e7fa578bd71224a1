package billing

import (
	"math"
	"reflect"
	"testing"
	"time"
)

func TestPlanRules(t *testing.T) {
	cancelled := func(a Addition, status string) Addition { a.AgreementStatus = status; return a }
	cancelledOn := func(a Addition, when string) Addition { a.CancelledDate = atp(when); return a }
	newAdd := func(qty float64) *NewAddition {
		return &NewAddition{ProductID: 12, Quantity: qty, BillCustomer: "Billable",
			EffectiveDate: at("2026-11-01T00:00:00Z")}
	}
	create42 := line(Create, "create with quantity 42")
	create42.Desired, create42.New = fp(42), newAdd(42)
	update40to42 := with(line(Update, "quantity 40 → 42"), func(c *Change) {
		c.AdditionID, c.Billed, c.Desired = 100, fp(40), fp(42)
		c.Fields = []FieldChange{{"quantity", 40.0, 42.0}}
	})

	tests := []struct {
		name string
		edit func(*Input)
		want Change
	}{
		// Rule 1: one addition per (agreement, catalog item).
		{"no addition: create", nil, create42},
		{"additions of other products are not ours", func(in *Input) {
			other := add(100, 40)
			other.ProductID = 99
			in.Additions[17] = []Addition{other}
		}, create42},
		{"one active addition: update quantity", func(in *Input) { in.Additions[17] = []Addition{add(100, 40)} }, update40to42},
		{"one active addition, same quantity: none", func(in *Input) { in.Additions[17] = []Addition{add(100, 42)} },
			with(line(None, "up to date: quantity 42"), func(c *Change) { c.AdditionID, c.Billed, c.Desired = 100, fp(42), fp(42) })},
		{"several active additions: conflict, IDs sorted, cancelled ones not listed", func(in *Input) {
			in.Additions[17] = []Addition{add(300, 1), add(100, 40), cancelled(add(50, 3), "Cancelled"), add(200, 2)}
		}, with(line(Conflict, "3 active additions for catalog item 12 on agreement 17 (IDs 100, 200, 300): nothing is written until a person keeps one"),
			func(c *Change) { c.ConflictIDs, c.Desired = []int{100, 200, 300}, fp(42) })},
		{"conflict is reported even without usage", func(in *Input) {
			in.Additions[17] = []Addition{add(2, 1), add(1, 1)}
			in.Usage = Usage{}
		}, with(line(Conflict, "2 active additions for catalog item 12 on agreement 17 (IDs 1, 2): nothing is written until a person keeps one"),
			func(c *Change) { c.ConflictIDs = []int{1, 2} })},
		{"one active and one cancelled: update the active one", func(in *Input) {
			in.Additions[17] = []Addition{cancelled(add(90, 7), "Cancelled"), add(100, 40)}
		}, update40to42},

		// Cancelled additions are ignored entirely.
		{"status Cancelled is ignored", func(in *Input) { in.Additions[17] = []Addition{cancelled(add(100, 40), "Cancelled")} }, create42},
		{"status Expired is ignored", func(in *Input) { in.Additions[17] = []Addition{cancelled(add(100, 40), "Expired")} }, create42},
		{"status Inactive is ignored", func(in *Input) { in.Additions[17] = []Addition{cancelled(add(100, 40), "Inactive")} }, create42},
		{"empty status counts as active", func(in *Input) { in.Additions[17] = []Addition{cancelled(add(100, 40), "")} }, update40to42},
		{"cancelledDate in the past is ignored", func(in *Input) {
			in.Additions[17] = []Addition{cancelledOn(add(100, 40), "2026-10-31T00:00:00Z")}
		}, create42},
		{"cancelledDate in the future counts as active", func(in *Input) {
			in.Additions[17] = []Addition{cancelledOn(add(100, 40), "2026-12-31T00:00:00Z")}
		}, update40to42},

		// Zero quantities.
		{"existing 5, usage 0: update to 0", func(in *Input) {
			in.Additions[17] = []Addition{add(100, 5)}
			in.Usage["org-1"]["core-license"] = 0
		}, with(line(Update, "quantity 5 → 0"), func(c *Change) {
			c.AdditionID, c.Billed, c.Desired = 100, fp(5), fp(0)
			c.Fields = []FieldChange{{"quantity", 5.0, 0.0}}
		})},
		{"none and usage 0: none", func(in *Input) { in.Usage["org-1"]["core-license"] = 0 },
			with(line(None, "nothing billed, nothing used"), func(c *Change) { c.Desired = fp(0) })},
		{"none and usage that rounds to 0: none", func(in *Input) { in.Usage["org-1"]["core-license"] = 0.00004 },
			with(line(None, "nothing billed, nothing used"), func(c *Change) { c.Desired = fp(0) })},
		{"existing 0, usage 0: none", func(in *Input) {
			in.Additions[17] = []Addition{add(100, 0)}
			in.Usage["org-1"]["core-license"] = 0
		}, with(line(None, "up to date: quantity 0"), func(c *Change) { c.AdditionID, c.Billed, c.Desired = 100, fp(0), fp(0) })},

		// Rule 4: missing data is not zero.
		{"customer absent from usage: skip", func(in *Input) {
			in.Usage = Usage{"org-2": {"core-license": 3}}
			in.Additions[17] = []Addition{add(100, 40)}
		}, with(line(Skip, "no usage reported for organization org-1: skipped (absent_usage is skip)"),
			func(c *Change) { c.AdditionID, c.Billed = 100, fp(40) })},
		{"customer absent, absent_usage empty means skip", func(in *Input) { in.Usage = nil },
			line(Skip, "no usage reported for organization org-1: skipped (absent_usage is skip)")},
		{"customer absent, unknown absent_usage behaves as skip", func(in *Input) {
			in.Usage, in.Options.AbsentUsage = nil, "ZERO"
		}, line(Skip, "no usage reported for organization org-1: skipped (absent_usage is skip)")},
		{"customer absent, zero: update to 0", func(in *Input) {
			in.Usage, in.Options.AbsentUsage = nil, AbsentZero
			in.Additions[17] = []Addition{add(100, 40)}
		}, with(line(Update, "quantity 40 → 0"), func(c *Change) {
			c.AdditionID, c.Billed, c.Desired = 100, fp(40), fp(0)
			c.Fields = []FieldChange{{"quantity", 40.0, 0.0}}
		})},
		{"customer absent, zero, nothing billed: none", func(in *Input) { in.Usage, in.Options.AbsentUsage = nil, AbsentZero },
			with(line(None, "nothing billed, nothing used"), func(c *Change) { c.Desired = fp(0) })},
		{"SKU absent: skip", func(in *Input) {
			in.Usage = Usage{"org-1": {"dedicated-server": 1}}
			in.Options.AbsentUsage = AbsentSkip
		}, line(Skip, "no usage reported for SKU core-license of organization org-1: skipped (absent_usage is skip)")},
		{"SKU absent, zero: update to 0", func(in *Input) {
			in.Usage = Usage{"org-1": {}}
			in.Options.AbsentUsage = AbsentZero
			in.Additions[17] = []Addition{add(100, 40)}
		}, with(line(Update, "quantity 40 → 0"), func(c *Change) {
			c.AdditionID, c.Billed, c.Desired = 100, fp(40), fp(0)
			c.Fields = []FieldChange{{"quantity", 40.0, 0.0}}
		})},
		{"negative usage: skip", func(in *Input) {
			in.Usage["org-1"]["core-license"] = -3
			in.Additions[17] = []Addition{add(100, 40)}
		}, with(line(Skip, "usage -3 for SKU core-license of organization org-1 is not a finite quantity ≥ 0: nothing is written"),
			func(c *Change) { c.AdditionID, c.Billed = 100, fp(40) })},
		{"NaN usage: skip", func(in *Input) { in.Usage["org-1"]["core-license"] = math.NaN() },
			line(Skip, "usage NaN for SKU core-license of organization org-1 is not a finite quantity ≥ 0: nothing is written")},
		{"infinite usage: skip", func(in *Input) { in.Usage["org-1"]["core-license"] = math.Inf(1) },
			line(Skip, "usage +Inf for SKU core-license of organization org-1 is not a finite quantity ≥ 0: nothing is written")},

		// Rule 5: never write to a non-active agreement or for a disabled customer.
		{"disabled customer: skip, still shows billed and desired", func(in *Input) {
			in.Customers[0].SyncEnabled = false
			in.Additions[17] = []Addition{add(100, 40)}
		}, with(line(Skip, "sync is disabled for organization org-1 (Acme): nothing is written"),
			func(c *Change) { c.AdditionID, c.Billed, c.Desired = 100, fp(40), fp(42) })},
		{"disabled customer with duplicated additions: skip, no conflict", func(in *Input) {
			in.Customers[0].SyncEnabled = false
			in.Additions[17] = []Addition{add(100, 40), add(101, 40)}
		}, with(line(Skip, "sync is disabled for organization org-1 (Acme): nothing is written"), func(c *Change) { c.Desired = fp(42) })},
		{"agreement Cancelled", func(in *Input) {
			in.Agreements[17] = Agreement{ID: 17, CompanyID: 5, Name: "Acme Managed", Status: "Cancelled"}
		},
			with(line(Skip, "agreement 17 (Acme Managed) is Cancelled: nothing is written"), func(c *Change) { c.Desired = fp(42) })},
		{"agreement Expired", func(in *Input) {
			in.Agreements[17] = Agreement{ID: 17, CompanyID: 5, Name: "Acme Managed", Status: "Expired"}
		},
			with(line(Skip, "agreement 17 (Acme Managed) is Expired: nothing is written"), func(c *Change) { c.Desired = fp(42) })},
		{"agreement Inactive", func(in *Input) { in.Agreements[17] = Agreement{ID: 17, CompanyID: 5, Status: "Inactive"} },
			with(line(Skip, "agreement 17 is Inactive: nothing is written"), func(c *Change) { c.Desired = fp(42) })},
		{"agreement without status", func(in *Input) { in.Agreements[17] = Agreement{ID: 17, CompanyID: 5} },
			with(line(Skip, "agreement 17 is of unknown status: nothing is written"), func(c *Change) { c.Desired = fp(42) })},
		{"agreement Active but cancelledFlag", func(in *Input) {
			in.Agreements[17] = Agreement{ID: 17, CompanyID: 5, Name: "Acme Managed", Status: "Active", CancelledFlag: true}
		}, with(line(Skip, "agreement 17 (Acme Managed) is cancelled: nothing is written"), func(c *Change) { c.Desired = fp(42) })},
		{"agreement not found", func(in *Input) { delete(in.Agreements, 17) },
			with(line(Skip, "agreement 17 of organization org-1 was not found or is not visible to this API member (deleted, or hidden by the member's Level or Location restrictions in ConnectWise): nothing is written"), func(c *Change) { c.Desired = fp(42) })},
		{"agreement of another company", func(in *Input) { in.Agreements[17] = Agreement{ID: 17, CompanyID: 6, Name: "Other", Status: "Active"} },
			with(line(Skip, "agreement 17 (Other) belongs to company 6, not to company 5 mapped for organization org-1: nothing is written"),
				func(c *Change) { c.Desired = fp(42) })},
		{"as_of not set", func(in *Input) { in.Options.AsOf = at("0001-01-01T00:00:00Z") },
			with(line(Skip, "as_of is not set: nothing is written"), func(c *Change) { c.Desired = fp(42) })},

		// Rule 2: floats and rounding.
		{"float quantity", func(in *Input) {
			in.Additions[17] = []Addition{add(100, 2)}
			in.Usage["org-1"]["core-license"] = 2.5
		}, with(line(Update, "quantity 2 → 2.5"), func(c *Change) {
			c.AdditionID, c.Billed, c.Desired = 100, fp(2), fp(2.5)
			c.Fields = []FieldChange{{"quantity", 2.0, 2.5}}
		})},
		{"float noise does not write", func(in *Input) {
			in.Additions[17] = []Addition{add(100, 0.3)}
			in.Usage["org-1"]["core-license"] = 0.1 + 0.2
		}, with(line(None, "up to date: quantity 0.3"), func(c *Change) { c.AdditionID, c.Billed, c.Desired = 100, fp(0.3), fp(0.3) })},
		{"equal after rounding does not write", func(in *Input) {
			in.Additions[17] = []Addition{add(100, 1.23456)}
			in.Usage["org-1"]["core-license"] = 1.23464
		}, with(line(None, "up to date: quantity 1.23456"), func(c *Change) { c.AdditionID, c.Billed, c.Desired = 100, fp(1.23456), fp(1.2346) })},
		{"the rounded value is written", func(in *Input) { in.Usage["org-1"]["core-license"] = 1.23456789 },
			with(line(Create, "create with quantity 1.2346"), func(c *Change) { c.Desired, c.New = fp(1.2346), newAdd(1.2346) })},

		// Owned fields.
		{"unowned unitPrice that differs is left alone", func(in *Input) {
			a := add(100, 42)
			a.UnitPrice, a.UnitCost, a.LessIncluded, a.Taxable, a.BillCustomer = fp(10), fp(4), fp(1), bp(true), "NoCharge"
			in.Additions[17] = []Addition{a}
		}, with(line(None, "up to date: quantity 42"), func(c *Change) { c.AdditionID, c.Billed, c.Desired = 100, fp(42), fp(42) })},
		{"owned unitPrice that differs is updated", func(in *Input) {
			a := add(100, 42)
			a.UnitPrice = fp(10)
			in.Additions[17] = []Addition{a}
			in.Products[0].UnitPrice = fp(12)
		}, with(line(Update, "unitPrice 10 → 12"), func(c *Change) {
			c.AdditionID, c.Billed, c.Desired = 100, fp(42), fp(42)
			c.Fields = []FieldChange{{"unitPrice", 10.0, 12.0}}
		})},
		{"owned fields that match are not written", func(in *Input) {
			a := add(100, 42)
			a.UnitPrice, a.UnitCost, a.LessIncluded, a.Taxable, a.BillCustomer = fp(12.00001), fp(4), fp(1), bp(false), "DoNotBill"
			in.Additions[17] = []Addition{a}
			p := &in.Products[0]
			p.UnitPrice, p.UnitCost, p.LessIncluded, p.Taxable, p.BillCustomer = fp(12), fp(4), fp(1), bp(false), "DoNotBill"
		}, with(line(None, "up to date: quantity 42"), func(c *Change) { c.AdditionID, c.Billed, c.Desired = 100, fp(42), fp(42) })},
		{"every owned field, in a fixed order; unset values are nil", func(in *Input) {
			a := add(100, 40)
			a.BillCustomer = ""
			a.UnitCost = fp(3)
			in.Additions[17] = []Addition{a}
			p := &in.Products[0]
			p.UnitPrice, p.UnitCost, p.LessIncluded, p.Taxable, p.BillCustomer = fp(12.345678), fp(4), fp(1), bp(true), "NoCharge"
		}, with(line(Update, "quantity 40 → 42; unitPrice unset → 12.3457; unitCost 3 → 4; lessIncluded unset → 1; billCustomer unset → NoCharge; taxableFlag unset → true"), func(c *Change) {
			c.AdditionID, c.Billed, c.Desired = 100, fp(40), fp(42)
			c.Fields = []FieldChange{
				{"quantity", 40.0, 42.0}, {"unitPrice", nil, 12.3457}, {"unitCost", 3.0, 4.0},
				{"lessIncluded", nil, 1.0}, {"billCustomer", nil, "NoCharge"}, {"taxableFlag", nil, true},
			}
		})},
		{"taxable false is owned", func(in *Input) {
			a := add(100, 42)
			a.Taxable = bp(true)
			in.Additions[17] = []Addition{a}
			in.Products[0].Taxable = bp(false)
		}, with(line(Update, "taxableFlag true → false"), func(c *Change) {
			c.AdditionID, c.Billed, c.Desired = 100, fp(42), fp(42)
			c.Fields = []FieldChange{{"taxableFlag", true, false}}
		})},
		{"create carries the owned fields, rounded", func(in *Input) {
			p := &in.Products[0]
			p.UnitPrice, p.UnitCost, p.LessIncluded, p.Taxable, p.BillCustomer = fp(9.99999), fp(4), fp(0), bp(true), "NoCharge"
		}, with(create42, func(c *Change) {
			c.New = newAdd(42)
			c.New.UnitPrice, c.New.UnitCost, c.New.LessIncluded, c.New.Taxable, c.New.BillCustomer = fp(10), fp(4), fp(0), bp(true), "NoCharge"
		})},
		{"the invoice text is the catalog item's customer description", func(in *Input) {
			in.CatalogItems[12] = CatalogItem{ID: 12, Identifier: "NL-CORE-USER", CustomerDescription: "Secure remote access, per user"}
		}, with(create42, func(c *Change) {
			c.New = newAdd(42)
			c.New.Description, c.New.InvoiceDescription = "Secure remote access, per user", "Secure remote access, per user"
		})},
		{"the mapping's invoice_description wins over the catalog item's", func(in *Input) {
			in.CatalogItems[12] = CatalogItem{ID: 12, Identifier: "NL-CORE-USER", CustomerDescription: "Secure remote access, per user"}
			in.Products[0].InvoiceDescription = "NordLayer VPN seats"
		}, with(create42, func(c *Change) {
			c.New = newAdd(42)
			c.New.Description, c.New.InvoiceDescription = "NordLayer VPN seats", "NordLayer VPN seats"
		})},

		// Unusable mappings never write.
		{"product without catalog item", func(in *Input) { in.Products[0].CatalogItemID = 0 },
			with(line(Skip, "SKU core-license has no catalog item (catalog_item_id 0): nothing is written"), func(c *Change) { c.CatalogItemID, c.Desired = 0, fp(42) })},
		{"product with a bad billCustomer", func(in *Input) { in.Products[0].BillCustomer = "billable" },
			with(line(Skip, `SKU core-license has bill_customer "billable", not one of Billable, DoNotBill, NoCharge: nothing is written`), func(c *Change) { c.Desired = fp(42) })},
		{"product with a NaN price", func(in *Input) { in.Products[0].UnitPrice = fp(math.NaN()) },
			with(line(Skip, "SKU core-license has a price, cost or less-included amount that is not a finite number: nothing is written"), func(c *Change) { c.Desired = fp(42) })},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := base()
			if tt.edit != nil {
				tt.edit(&in)
			}
			got := Plan(in)
			if len(got) != 1 {
				t.Fatalf("got %d changes, want 1: %+v", len(got), got)
			}
			got[0].Period = Period{} // TestAgreementPeriod covers the periods
			if !reflect.DeepEqual(got[0], tt.want) {
				t.Errorf("got  %s\nwant %s", dump(got[0]), dump(tt.want))
			}
			if got[0].Reason == "" {
				t.Error("empty reason")
			}
		})
	}
}

// The integration's billing defaults shape created additions only: they are not owned, so
// an existing addition with another value is left alone.
func TestCreateOnlyDefaults(t *testing.T) {
	yes := true
	p := Product{VendorSKU: "core", CatalogItemID: 12, DefaultBillCustomer: "NoCharge", DefaultTaxable: &yes}
	in := Input{
		Customers:    []Customer{{OrganizationID: "a", CompanyID: 1, AgreementID: 10, SyncEnabled: true}, {OrganizationID: "b", CompanyID: 2, AgreementID: 20, SyncEnabled: true}},
		Products:     []Product{p},
		Usage:        Usage{"a": {"core": 3}, "b": {"core": 3}},
		Options:      Options{AsOf: time.Date(2026, 11, 5, 0, 0, 0, 0, time.UTC)},
		Agreements:   map[int]Agreement{10: {ID: 10, CompanyID: 1, Status: "Active"}, 20: {ID: 20, CompanyID: 2, Status: "Active"}},
		Additions:    map[int][]Addition{20: {{ID: 5, ProductID: 12, Quantity: 3, BillCustomer: "Billable", AgreementStatus: "Active"}}},
		Companies:    map[int]Company{1: {ID: 1}, 2: {ID: 2}},
		CatalogItems: map[int]CatalogItem{12: {ID: 12}},
	}
	changes := Plan(in)
	if c := changes[0]; c.Kind != Create || c.New.BillCustomer != "NoCharge" || c.New.Taxable == nil || !*c.New.Taxable {
		t.Errorf("create should take the defaults: %+v %+v", c, c.New)
	}
	if c := changes[1]; c.Kind != None {
		t.Errorf("defaults must not be owned on updates: %+v", c)
	}
}
