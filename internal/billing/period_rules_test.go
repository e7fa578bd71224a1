package billing

import (
	"slices"
	"strings"
	"testing"
)

// TestPeriodRules holds the rules of issue 10: one notion of billable over the billing
// period. Each row names the behaviour before the fix.
func TestPeriodRules(t *testing.T) {
	dated := func(id int, qty float64, effective, cancelled string) Addition {
		a := add(id, qty)
		if effective != "" {
			a.EffectiveDate = atp(effective)
		}
		if cancelled != "" {
			a.CancelledDate = atp(cancelled)
			a.AgreementStatus = "Cancelled" // as ConnectWise shows it once the date has come
		}
		return a
	}
	const nov1, nov15, dec1 = "2026-11-01T00:00:00Z", "2026-11-15T00:00:00Z", "2026-12-01T00:00:00Z"
	finalJanuary := at("2027-02-01T06:00:00Z")
	tests := []struct {
		name   string
		asOf   string     // default: mid-November 2026
		adds   []Addition // of agreement 17
		edit   func(*Input)
		kind   Kind
		reason string // substring
		ids    []int  // ConflictIDs
	}{
		// Billability of the customer and the product: the same clause everywhere.
		{"company in the recycle bin, hand-edited addition: skip, no PATCH (before: update)", "", nil, func(in *Input) {
			in.Companies[5] = Company{ID: 5, Name: "Acme", Deleted: true}
			in.Additions[17] = []Addition{add(100, 40)}
		}, Skip, "company 5 (Acme) is in the ConnectWise recycle bin: nothing is written", nil},
		{"company in the recycle bin, no addition: skip (before: create)", "", nil, func(in *Input) {
			in.Companies[5] = Company{ID: 5, Name: "Acme", Deleted: true}
		}, Skip, "company 5 (Acme) is in the ConnectWise recycle bin: nothing is written", nil},
		{"company not found: skip", "", nil, func(in *Input) { delete(in.Companies, 5) },
			Skip, "company 5 of organization org-1 was not found or is not visible to this API member (deleted, or hidden by the member's Level or Location restrictions in ConnectWise): nothing is written", nil},
		{"agreement starts after the period: skip (before: create)", "", nil, func(in *Input) {
			a := in.Agreements[17]
			a.StartDate = atp(dec1)
			in.Agreements[17] = a
		}, Skip, "agreement 17 (Acme Managed) starts on 2026-12-01, after the billing period (November 2026): nothing is written", nil},
		{"agreement starts on the period's last day: billable", "", nil, func(in *Input) {
			a := in.Agreements[17]
			a.StartDate = atp("2026-11-30T00:00:00Z")
			in.Agreements[17] = a
		}, Create, "create with quantity 42", nil},
		{"agreement ended before the period: skip (before: create)", "", nil, func(in *Input) {
			a := in.Agreements[17]
			a.EndDate = atp("2026-10-31T00:00:00Z")
			in.Agreements[17] = a
		}, Skip, "agreement 17 (Acme Managed) ended on 2026-10-31, before the billing period (November 2026): nothing is written", nil},
		{"agreement ends on the period's first day: billable", "", nil, func(in *Input) {
			a := in.Agreements[17]
			a.EndDate = atp(nov1)
			in.Agreements[17] = a
		}, Create, "create with quantity 42", nil},
		{"catalog item missing: skip (before: a 400 from the POST)", "", nil, func(in *Input) { delete(in.CatalogItems, 12) },
			Skip, "catalog item 12 of SKU core-license was not found (deleted?): nothing is written", nil},
		{"catalog item inactive: skip (before: a 400 from the POST)", "", nil, func(in *Input) {
			in.CatalogItems[12] = CatalogItem{ID: 12, Identifier: "NL-CORE-USER", Inactive: true}
			in.Additions[17] = []Addition{add(100, 40)}
		}, Skip, "catalog item 12 (NL-CORE-USER) of SKU core-license is inactive: nothing is written", nil},

		// Additions judged over the period, not at as_of.
		{"cancelled inside the period, run on the 30th: conflict, no create (before: create, 1-15 billed twice)", "2026-11-30T10:00:00Z", []Addition{dated(100, 5, nov1, nov15)}, nil, Conflict, "catalog item 12 on agreement 17, billing period November 2026: addition 100 (effective 2026-11-01, cancelled 2026-11-15) was cancelled inside the period and still bills part of it: nothing is written until a person resolves it", []int{100}},
		{"cancelled at as_of: conflict (before: create)", "", []Addition{dated(100, 40, "", "2026-11-15T12:00:00Z")}, nil, Conflict, "addition 100 (from the beginning, cancelled 2026-11-15) was cancelled inside the period", []int{100}},
		{"cancelled on the period's first day still bills it: conflict", "", []Addition{dated(100, 40, "2026-10-01T00:00:00Z", nov1)}, nil, Conflict, "was cancelled inside the period", []int{100}},
		{"cancelled the day before the period: ended, create", "", []Addition{dated(100, 40, "2026-10-01T00:00:00Z", "2026-10-31T00:00:00Z")}, nil, Create, "create with quantity 42", nil},
		{"cancelled after the period: live, update", "", nil, func(in *Input) {
			a := add(100, 40)
			a.CancelledDate = atp(dec1)
			in.Additions[17] = []Addition{a}
		}, Update, "quantity 40 → 42", nil},
		{"final January run, cancelled on January 31: conflict (before: create over all of January)", "2027-02-01T06:00:00Z", []Addition{dated(100, 40, "2026-12-01T00:00:00Z", "2027-01-31T00:00:00Z")}, nil, Conflict, "billing period January 2027: addition 100 (effective 2026-12-01, cancelled 2027-01-31) was cancelled inside the period", []int{100}},
		{"final January run, cancelled in December: create effective January 1", "2027-02-01T06:00:00Z", []Addition{dated(100, 40, "2026-12-01T00:00:00Z", "2026-12-31T00:00:00Z")}, nil, Create, "create with quantity 42", nil},
		{"cancelled in the period beside a live one: conflict naming both", "", []Addition{add(200, 40), dated(100, 5, nov1, "2026-11-10T00:00:00Z")}, nil, Conflict, "addition 100 (effective 2026-11-01, cancelled 2026-11-10) was cancelled inside the period and still bills part of it; addition 200 (from the beginning, open-ended) is live", []int{100, 200}},
		{"cancelled on its effective date never billed: ignored (how the sync ends its duplicates)", "", []Addition{dated(100, 40, nov1, nov1), add(200, 42)}, nil, None, "up to date: quantity 42", nil},
		{"starts after the period, none live: conflict, no overlapping create (before: updated or created over it)", "", []Addition{dated(300, 9, "2026-12-05T00:00:00Z", "")}, nil, Conflict, "addition 300 (effective 2026-12-05, open-ended) starts after the period: a create for this period would overlap it", []int{300}},
		{"starts after the period, usage 0: nothing to create", "", nil, func(in *Input) {
			in.Additions[17] = []Addition{dated(300, 9, "2026-12-05T00:00:00Z", "")}
			in.Usage["org-1"]["core-license"] = 0
		}, None, "nothing billed, nothing used", nil},
		{"starts after the period beside a live one: update the live one only", "", []Addition{dated(300, 9, dec1, ""), add(100, 40)}, nil, Update, "quantity 40 → 42", nil},
		{"starts inside the period: live, update", "", []Addition{dated(100, 40, "2026-11-20T00:00:00Z", "")}, nil, Update, "quantity 40 → 42", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := base()
			if tt.asOf != "" {
				in.Options.AsOf = at(tt.asOf)
			}
			in.Additions[17] = tt.adds
			if tt.edit != nil {
				tt.edit(&in)
			}
			got := Plan(in)[0]
			if got.Kind != tt.kind || !strings.Contains(got.Reason, tt.reason) || !slices.Equal(got.ConflictIDs, tt.ids) {
				t.Errorf("got  %s\nwant %s %q IDs %v", dump(got), tt.kind, tt.reason, tt.ids)
			}
			if got.Kind == Create && in.Options.AsOf.Equal(finalJanuary) && !got.New.EffectiveDate.Equal(at("2027-01-01T00:00:00Z")) {
				t.Errorf("final January create effective %s", got.New.EffectiveDate)
			}
		})
	}
}

// The provider asks the same functions; Plan's skip reason is their clause + NothingWritten.
func TestBillabilityIsPlansReason(t *testing.T) {
	in := base()
	in.Companies[5] = Company{ID: 5, Name: "Acme", Deleted: true}
	c := in.Customers[0]
	ag := in.Agreements[17]
	_, ok, reason := CustomerBillability(c, new(in.Companies[5]), &ag, in.Options.AsOf)
	if got := Plan(in)[0]; ok || got.Reason != reason+NothingWritten {
		t.Errorf("CustomerBillability = %v %q, Plan reason %q", ok, reason, got.Reason)
	}
	in = base()
	in.CatalogItems[12] = CatalogItem{ID: 12, Inactive: true}
	ok, reason = ProductBillability(in.Products[0], new(in.CatalogItems[12]))
	if got := Plan(in)[0]; ok || got.Reason != reason+NothingWritten {
		t.Errorf("ProductBillability = %v %q, Plan reason %q", ok, reason, got.Reason)
	}
	if _, ok, reason := CustomerBillability(c, new(Company{ID: 5}), &ag, asOf); !ok || reason != "" {
		t.Errorf("a billable customer: %v %q", ok, reason)
	}
}

func TestStanding(t *testing.T) {
	nov := BillingPeriod(asOf)
	a := func(status, effective, cancelled string) Addition {
		out := Addition{AgreementStatus: status}
		if effective != "" {
			out.EffectiveDate = atp(effective)
		}
		if cancelled != "" {
			out.CancelledDate = atp(cancelled)
		}
		return out
	}
	for _, tt := range []struct {
		add  Addition
		want Standing
	}{
		{a("Active", "", ""), Live},
		{a("", "2020-01-01T00:00:00Z", ""), Live},
		{a("Cancelled", "", ""), Ended},
		{a("Inactive", "", ""), Ended},
		{a("Cancelled", "", "2026-10-31T23:59:59Z"), Ended},
		{a("Cancelled", "", "2026-11-01T00:00:00Z"), CancelledIn},
		{a("Cancelled", "", "2026-11-30T23:59:59Z"), CancelledIn},
		{a("Active", "", "2026-12-01T00:00:00Z"), Live},
		{a("Active", "2026-12-01T00:00:00Z", ""), Later},
		{a("Active", "2026-11-30T00:00:00Z", ""), Live},
		{a("Cancelled", "2026-11-01T00:00:00Z", "2026-11-01T00:00:00Z"), Ended},
		{a("Cancelled", "2026-12-05T00:00:00Z", "2026-12-01T00:00:00Z"), Ended},
	} {
		if got := nov.Standing(tt.add); got != tt.want {
			t.Errorf("%s: got %s, want %s", datesOf(tt.add), got, tt.want)
		}
	}
	if nov.End() != at("2026-12-01T00:00:00Z") || nov.String() != "November 2026" {
		t.Errorf("period %s ends %s", nov, nov.End())
	}
}

func TestDuplicates(t *testing.T) {
	nov := BillingPeriod(asOf)
	created := NewAddition{ProductID: 12, EffectiveDate: at("2026-11-01T00:00:00Z"), Description: "Secure remote access, per user"}
	legacy := LegacyDescription("NordLayer", "core-license")
	ours := func(id int) Addition {
		a := add(id, 3)
		a.Description, a.EffectiveDate = created.Description, new(created.EffectiveDate)
		return a
	}
	hand := add(5, 3) // a person's, on the agreement when the run read it
	handSameDay := ours(6)
	old := ours(10) // made by an older version, read by this run: its marker still says so
	old.Description = legacy
	ended := ours(2)
	ended.CancelledDate = new(created.EffectiveDate)
	other := ours(4)
	other.ProductID = 13
	for _, tt := range []struct {
		name string
		all  []Addition
		keep int
		end  []int
	}{
		{"alone: nothing to end", []Addition{ours(7)}, 7, nil},
		{"two of ours: keep the lowest", []Addition{ours(9), ours(7), ours(8)}, 7, []int{8, 9}},
		{"an already ended one does not count", []Addition{ended, ours(7)}, 7, nil},
		{"a person's is kept when lowest, ours ended", []Addition{ours(7), hand}, 5, []int{7}},
		{"a person's above ours is never ended", []Addition{ours(3), hand}, 3, nil},
		{"other products do not count", []Addition{ours(7), other}, 7, nil},
		{"a person's with the same date, read before the create, is never ended", []Addition{ours(3), handSameDay}, 3, nil},
		{"the old marker is still the sync's own", []Addition{ours(3), old}, 3, []int{10}},
	} {
		before := map[int]bool{5: true, 6: true, 10: true} // what the run read before its create
		keep, end := Duplicates(tt.all, created, nov, before, legacy)
		if keep != tt.keep || !slices.Equal(idsOf(end), tt.end) && len(end)+len(tt.end) > 0 {
			t.Errorf("%s: keep %d end %v, want %d %v", tt.name, keep, idsOf(end), tt.keep, tt.end)
		}
	}
}
