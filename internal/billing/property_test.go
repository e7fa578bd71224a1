package billing

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestPlanProperties plans random inputs (duplicated and cancelled additions, duplicated
// mappings, shared agreements, missing usage, noisy floats), applies the plan the way
// ConnectWise would, and checks the billing rules on every case.
func TestPlanProperties(t *testing.T) {
	var kinds Summary
	for seed := uint64(1); seed <= 1500; seed++ {
		r := rand.New(rand.NewPCG(seed, 0x5eed))
		in := randomInput(r)
		snapshot := copyInput(in)
		changes := Plan(in)
		if !sameInput(in, snapshot) {
			t.Fatalf("seed %d: Plan modified its input", seed)
		}
		if again := Plan(in); !reflect.DeepEqual(again, changes) {
			t.Fatalf("seed %d: Plan is not deterministic", seed)
		}
		checkPlan(t, seed, in, changes)

		after := apply(in, changes)
		replanned := Plan(after)
		for _, c := range replanned {
			if c.Writes() {
				t.Errorf("seed %d: (a) not idempotent: after apply, %s", seed, dump(c))
			}
		}
		checkActiveCounts(t, seed, in, after)

		s := Summarize(changes)
		kinds.Create += s.Create
		kinds.Update += s.Update
		kinds.None += s.None
		kinds.Skip += s.Skip
		kinds.Conflict += s.Conflict
	}
	t.Logf("kinds over all cases: %+v, of which updates that end an invoiced addition: %d", kinds, splitCount)
	if splitCount < 10 {
		t.Errorf("the generator exercises the split of invoiced additions %d times", splitCount)
	}
	if kinds.Create < 50 || kinds.Update < 50 || kinds.None < 50 || kinds.Skip < 50 || kinds.Conflict < 20 {
		t.Errorf("the generator does not exercise every kind enough: %+v", kinds)
	}
}

type pair struct{ agreement, product int }

// splitCount counts the updates that ended an invoiced addition, over all cases.
var splitCount int

// periodOf is the period the run judges an agreement's additions against: its own
// calendar's, or the calendar month when the agreement is not billed.
func periodOf(in Input, agreement int) Period {
	if a, ok := in.Agreements[agreement]; ok {
		if b, ok, _ := AgreementPeriod(a, in.Options.AsOf); ok {
			return b.Period
		}
	}
	return BillingPeriod(in.Options.AsOf)
}

// activeByPair groups the additions live in each agreement's period.
func activeByPair(in Input) map[pair][]Addition {
	out := map[pair][]Addition{}
	for agreement, list := range in.Additions {
		period := periodOf(in, agreement)
		for _, a := range list {
			if period.Standing(a) == Live {
				p := pair{agreement, a.ProductID}
				out[p] = append(out[p], a)
			}
		}
	}
	return out
}

func checkPlan(t *testing.T, seed uint64, in Input, changes []Change) {
	t.Helper()
	if len(changes) != len(in.Customers)*len(in.Products) {
		t.Errorf("seed %d: %d changes for %d customers and %d products", seed, len(changes), len(in.Customers), len(in.Products))
	}
	if !slices.IsSortedFunc(changes, func(a, b Change) int {
		return cmp.Or(cmp.Compare(a.OrganizationID, b.OrganizationID), cmp.Compare(a.SKU, b.SKU))
	}) {
		t.Errorf("seed %d: changes are not ordered by organization and SKU", seed)
	}
	before := activeByPair(in)
	enabled := map[string]int{}
	for _, c := range in.Customers {
		if c.SyncEnabled {
			enabled[c.OrganizationID]++
		}
	}
	written := map[pair]int{}
	splits := 0
	defer func() { splitCount += splits }()
	for _, c := range changes {
		if c.Reason == "" {
			t.Errorf("seed %d: no reason: %s", seed, dump(c))
		}
		p := pair{c.AgreementID, c.CatalogItemID}
		act := before[p]
		period := periodOf(in, c.AgreementID)
		switch c.Kind {
		case Create:
			if c.New == nil || c.New.ProductID != c.CatalogItemID || c.New.Quantity <= 0 || c.Desired == nil || c.New.Quantity != *c.Desired {
				t.Errorf("seed %d: malformed create: %s", seed, dump(c))
			}
			// (b) never create over a day another addition of the product bills from the
			// period's start on (judged from the dates here, not with Standing)
			for _, a := range in.Additions[c.AgreementID] {
				if a.ProductID == c.CatalogItemID && billsFrom(a, c.New.EffectiveDate) {
					t.Errorf("seed %d: (b) create over addition %d (%s): %s", seed, a.ID, datesOf(a), dump(c))
				}
			}
		case Update:
			if len(act) != 1 || c.AdditionID != act[0].ID || len(c.Fields) == 0 {
				t.Errorf("seed %d: update is not of the single active addition: %s", seed, dump(c))
			}
			if c.Ends != nil {
				splits++
				ag := in.Agreements[c.AgreementID]
				// (e) the invoiced periods keep what they were invoiced with: the addition ends
				// the day before the next invoice's period, its successor starts on it
				if ag.Prorate || ag.NextInvoiceDate == nil || !c.Ends.CancelledDate.Equal(period.Start.AddDate(0, 0, -1)) ||
					c.New != nil && (!c.New.EffectiveDate.Equal(period.Start) || c.New.Quantity != *c.Desired) || c.New == nil && *c.Desired != 0 {
					t.Errorf("seed %d: (e) bad split on %+v: %s", seed, ag, dump(c))
				}
			}
		case Conflict:
			s := standingsOf(in.Additions[c.AgreementID], c.CatalogItemID, period)
			want := idsOf(s.later)
			family := strings.Contains(c.Reason, "(parentAgreement)") // a parent and its child: their own additions
			if s.conflicted() || family {
				want = idsOf(append(s.live, s.cancelledIn...))
			}
			slices.Sort(want)
			if len(want) == 0 && !family || !slices.Equal(want, c.ConflictIDs) && len(want)+len(c.ConflictIDs) > 0 {
				t.Errorf("seed %d: conflict IDs %v, want %v: %s", seed, c.ConflictIDs, want, dump(c))
			}
		}
		if !c.Writes() {
			continue
		}
		written[p]++
		// (c) never write to a non-active agreement, one outside the period, for a company
		// in the recycle bin, a missing or inactive catalog item, or a disabled or
		// duplicated customer
		ag, ok := in.Agreements[c.AgreementID]
		if !ok || ag.Status != "Active" || ag.CancelledFlag || ag.CompanyID != c.CompanyID ||
			ag.StartDate != nil && !ag.StartDate.Before(period.End()) || ag.EndDate != nil && ag.EndDate.Before(period.Start) {
			t.Errorf("seed %d: (c) write to agreement %+v: %s", seed, ag, dump(c))
		}
		if c.Period != period || ag.OneTime || ag.BillOneTime || ag.BillStartDate != nil && !ag.BillStartDate.Before(period.End()) {
			t.Errorf("seed %d: (e) write outside the agreement's calendar %+v (period %s): %s", seed, ag, period, dump(c))
		}
		var customerCycle string
		for _, cu := range in.Customers {
			if cu.OrganizationID == c.OrganizationID && cu.SyncEnabled {
				customerCycle = cu.BillingCycle
			}
		}
		if have, allowed := cmpOr(CanonicalCycle(cmpOr(ag.BillingCycle, CycleMonthly)), "?"), cmpOr(customerCycle, CycleMonthly); have != allowed {
			t.Errorf("seed %d: (e) write to a %s agreement for a mapping that allows %s: %s", seed, have, allowed, dump(c))
		}
		// (e) a create (or an invoiced addition's successor) is never dated where ConnectWise
		// refuses it
		if c.New != nil {
			eff := c.New.EffectiveDate
			for _, d := range []*time.Time{ag.StartDate, ag.BillStartDate} {
				if d != nil && eff.Before(dayOf(*d)) {
					t.Errorf("seed %d: (e) create effective %s before %s: %+v", seed, day(eff), day(*d), ag)
				}
			}
			if !ag.Prorate && ag.NextInvoiceDate != nil && eff.Before(dayOf(*ag.NextInvoiceDate)) {
				t.Errorf("seed %d: (e) create effective %s inside an invoiced period (next invoice %s): %+v", seed, day(eff), day(*ag.NextInvoiceDate), ag)
			}
		}
		// (f) a price is never written to an agreement in another currency, a Bundle never
		// added, and a product never written on both a parent and its child
		prod := in.Products[slices.IndexFunc(in.Products, func(pr Product) bool { return pr.VendorSKU == c.SKU })]
		if (prod.UnitPrice != nil || prod.UnitCost != nil) && prod.Currency != "" && ag.Currency != "" && prod.Currency != ag.Currency {
			t.Errorf("seed %d: (f) %s prices written to a %s agreement: %s", seed, prod.Currency, ag.Currency, dump(c))
		}
		if in.CatalogItems[c.CatalogItemID].ProductClass == ProductClassBundle {
			t.Errorf("seed %d: (f) Bundle item written: %s", seed, dump(c))
		}
		for _, o := range changes {
			if o.Writes() && o.CatalogItemID == c.CatalogItemID && (in.Agreements[o.AgreementID].ParentID == c.AgreementID || ag.ParentID == o.AgreementID && ag.ParentID != 0) {
				t.Errorf("seed %d: (f) written on a parent and its child: %s and %s", seed, dump(c), dump(o))
			}
		}
		if co, ok := in.Companies[c.CompanyID]; !ok || co.Deleted {
			t.Errorf("seed %d: (c) write for company %+v: %s", seed, co, dump(c))
		}
		if item, ok := in.CatalogItems[c.CatalogItemID]; !ok || item.Inactive {
			t.Errorf("seed %d: (c) write for catalog item %+v: %s", seed, item, dump(c))
		}
		if !slices.ContainsFunc(in.Customers, func(cu Customer) bool {
			return cu.SyncEnabled && cu.OrganizationID == c.OrganizationID && cu.AgreementID == c.AgreementID && cu.CompanyID == c.CompanyID
		}) || enabled[c.OrganizationID] != 1 {
			t.Errorf("seed %d: (c) write for a disabled or duplicated customer: %s", seed, dump(c))
		}
		// (d) conflicts are never resolved by writing
		if len(act) > 1 || standingsOf(in.Additions[c.AgreementID], c.CatalogItemID, period).conflicted() {
			t.Errorf("seed %d: (d) write to a conflicted product: %s", seed, dump(c))
		}
		// missing data is not zero
		q, reported := in.Usage[c.OrganizationID][c.SKU]
		if reported && (c.Desired == nil || *c.Desired != round(q)) || !reported && in.Options.AbsentUsage != AbsentZero {
			t.Errorf("seed %d: write without matching usage (%v, %v): %s", seed, q, reported, dump(c))
		}
	}
	for p, n := range written {
		if n > 1 {
			t.Errorf("seed %d: %d writes to catalog item %d on agreement %d", seed, n, p.product, p.agreement)
		}
	}
}

// checkActiveCounts checks that applying a plan never adds a second active addition and
// leaves duplicated ones untouched.
func checkActiveCounts(t *testing.T, seed uint64, in, after Input) {
	t.Helper()
	before, now := activeByPair(in), activeByPair(after)
	for p, list := range now {
		was := before[p]
		switch {
		case len(was) == 0 && len(list) == 1:
		case len(was) != len(list):
			t.Errorf("seed %d: catalog item %d on agreement %d: %d active additions became %d", seed, p.product, p.agreement, len(was), len(list))
		case len(was) > 1 && !reflect.DeepEqual(sortedByID(was), sortedByID(list)):
			t.Errorf("seed %d: (d) duplicated additions of catalog item %d on agreement %d were changed", seed, p.product, p.agreement)
		}
	}
}

// billsFrom reports whether addition a bills any day on or after from: it has not ended
// before from, nor before it began (a status other than Active with no cancelled date has
// ended).
func billsFrom(a Addition, from time.Time) bool {
	if a.CancelledDate == nil {
		return a.AgreementStatus == "Active" || a.AgreementStatus == ""
	}
	if a.EffectiveDate != nil && !a.CancelledDate.After(*a.EffectiveDate) {
		return false
	}
	return !a.CancelledDate.Before(from)
}

func sortedByID(list []Addition) []Addition {
	return slices.SortedFunc(slices.Values(list), func(a, b Addition) int { return cmp.Compare(a.ID, b.ID) })
}

// apply performs the creates and updates of a plan on a copy of the input's additions, as
// ConnectWise would store them.
func apply(in Input, changes []Change) Input {
	out := copyInput(in)
	next := 1_000_000
	for _, c := range changes {
		switch c.Kind {
		case Create:
			n := c.New
			effective := n.EffectiveDate
			next++
			out.Additions[c.AgreementID] = append(out.Additions[c.AgreementID], Addition{
				ID: next, AgreementID: c.AgreementID, ProductID: n.ProductID, Quantity: n.Quantity,
				UnitPrice: n.UnitPrice, UnitCost: n.UnitCost, LessIncluded: n.LessIncluded,
				BillCustomer: n.BillCustomer, Taxable: n.Taxable, AgreementStatus: "Active",
				EffectiveDate: &effective, Description: n.Description,
			})
		case Update:
			list := out.Additions[c.AgreementID]
			i := slices.IndexFunc(list, func(a Addition) bool { return a.ID == c.AdditionID })
			if i < 0 {
				panic("update of an unknown addition")
			}
			a := &list[i]
			if c.Ends != nil {
				if c.Ends.AdditionID != a.ID {
					panic("ends another addition than the one updated")
				}
				a.CancelledDate = new(c.Ends.CancelledDate)
				if n := c.New; n != nil {
					next++
					out.Additions[c.AgreementID] = append(out.Additions[c.AgreementID], Addition{
						ID: next, AgreementID: c.AgreementID, ProductID: n.ProductID, Quantity: n.Quantity,
						UnitPrice: n.UnitPrice, UnitCost: n.UnitCost, LessIncluded: n.LessIncluded,
						BillCustomer: n.BillCustomer, Taxable: n.Taxable, AgreementStatus: "Active",
						EffectiveDate: new(n.EffectiveDate), Description: n.Description,
					})
				}
				continue
			}
			for _, f := range c.Fields {
				switch f.Field {
				case FieldQuantity:
					a.Quantity = f.New.(float64)
				case FieldUnitPrice:
					a.UnitPrice = fp(f.New.(float64))
				case FieldUnitCost:
					a.UnitCost = fp(f.New.(float64))
				case FieldLessIncluded:
					a.LessIncluded = fp(f.New.(float64))
				case FieldBillCustomer:
					a.BillCustomer = f.New.(string)
				case FieldTaxable:
					a.Taxable = bp(f.New.(bool))
				default:
					panic("unknown field " + f.Field)
				}
			}
		}
	}
	return out
}

// sameInput is reflect.DeepEqual, except that usage is compared as printed (NaN != NaN).
func sameInput(a, b Input) bool {
	if fmt.Sprint(a.Usage) != fmt.Sprint(b.Usage) {
		return false
	}
	a.Usage, b.Usage = nil, nil
	return reflect.DeepEqual(a, b)
}

func copyInput(in Input) Input {
	out := in
	out.Customers = slices.Clone(in.Customers)
	out.Products = slices.Clone(in.Products)
	if in.Usage != nil {
		out.Usage = Usage{}
		for org, skus := range in.Usage {
			if skus == nil {
				out.Usage[org] = nil
				continue
			}
			out.Usage[org] = map[string]float64{}
			for sku, q := range skus {
				out.Usage[org][sku] = q
			}
		}
	}
	if in.Agreements != nil {
		out.Agreements = map[int]Agreement{}
		for id, a := range in.Agreements {
			out.Agreements[id] = a
		}
	}
	out.Companies = maps.Clone(in.Companies)
	out.CatalogItems = maps.Clone(in.CatalogItems)
	out.Additions = map[int][]Addition{}
	for id, list := range in.Additions {
		out.Additions[id] = slices.Clone(list) // pointer fields are never written through
	}
	return out
}

func randomInput(r *rand.Rand) Input {
	chance := func(p float64) bool { return r.Float64() < p }
	pick := func(n int) int { return r.IntN(n) }
	asOf := time.Date(2026, time.Month(1+pick(12)), 1+pick(28), pick(24), pick(60), 0, 0, time.UTC)
	if chance(0.2) {
		asOf = asOf.In(time.FixedZone("local", (pick(27)-12)*3600))
	}
	period := BillingPeriod(asOf)
	// around is a day from two months before the period to two months after it.
	around := func() time.Time { return period.Start.AddDate(0, 0, pick(150)-60) }
	noisy := func() float64 {
		switch pick(6) {
		case 0:
			return 0
		case 1:
			return 0.1 + 0.2
		case 2:
			return float64(pick(50)) + float64(pick(100000))/100000 // more decimals than kept
		case 3:
			return float64(pick(10)) + 0.5
		default:
			return float64(pick(50))
		}
	}
	maybe := func(p float64) *float64 {
		if chance(p) {
			return fp(noisy())
		}
		return nil
	}

	orgs := []string{"org-a", "org-b", "org-c", "org-d", "org-e", "org-f"}
	r.Shuffle(len(orgs), func(i, j int) { orgs[i], orgs[j] = orgs[j], orgs[i] })
	var customers []Customer
	for i := range pick(5) {
		org := orgs[i]
		if i > 0 && chance(0.08) {
			org = customers[pick(i)].OrganizationID
		}
		customers = append(customers, Customer{
			OrganizationID: org, OrganizationName: "Name " + org,
			CompanyID: 1 + pick(4), AgreementID: 1 + pick(8), SyncEnabled: chance(0.85),
			BillingCycle: []string{"", "", "", "", "", "", "", "", CycleMonthly, CycleQuarterly, CycleQuarterly, CycleYearly}[pick(12)],
		})
	}

	skus := []string{"lic", "srv", "vpn", "bak"}
	items := []int{10, 11, 12, 13}
	r.Shuffle(len(skus), func(i, j int) { skus[i], skus[j] = skus[j], skus[i] })
	r.Shuffle(len(items), func(i, j int) { items[i], items[j] = items[j], items[i] })
	var products []Product
	for i := range pick(4) {
		p := Product{VendorSKU: skus[i], CatalogItemID: items[i],
			UnitPrice: maybe(0.3), UnitCost: maybe(0.2), LessIncluded: maybe(0.2)}
		if i > 0 && chance(0.05) {
			p.VendorSKU = products[pick(i)].VendorSKU
		}
		if i > 0 && chance(0.05) {
			p.CatalogItemID = products[pick(i)].CatalogItemID
		}
		if chance(0.3) {
			p.BillCustomer = billCustomerValues[pick(3)]
		}
		if chance(0.3) {
			p.Taxable = bp(chance(0.5))
		}
		if chance(0.4) {
			p.Currency = []string{"USD", "EUR"}[pick(2)]
		}
		products = append(products, p)
	}

	agreements := map[int]Agreement{}
	for id := 1; id <= 8; id++ {
		if chance(0.1) {
			continue // deleted
		}
		company := 1 + pick(4)
		for _, c := range customers {
			if c.AgreementID == id && chance(0.9) {
				company = c.CompanyID
			}
		}
		status := "Active"
		if chance(0.2) {
			status = []string{"Cancelled", "Expired", "Inactive", ""}[pick(4)]
		}
		ag := Agreement{ID: id, CompanyID: company, Status: status, CancelledFlag: chance(0.05)}
		if chance(0.1) {
			ag.StartDate = new(around())
		}
		if chance(0.1) {
			ag.EndDate = new(around())
		}
		randomCalendar(r, &ag, around, period.Start, id)
		agreements[id] = ag
	}
	companies := map[int]Company{}
	for id := 1; id <= 4; id++ {
		if chance(0.05) {
			continue // gone
		}
		companies[id] = Company{ID: id, Deleted: chance(0.08)}
	}
	catalog := map[int]CatalogItem{}
	for _, id := range []int{10, 11, 12, 13} {
		if chance(0.04) {
			continue // gone
		}
		catalog[id] = CatalogItem{ID: id, Inactive: chance(0.05)}
		if chance(0.04) {
			catalog[id] = CatalogItem{ID: id, ProductClass: ProductClassBundle}
		}
	}

	additions := map[int][]Addition{}
	id := 0
	for agreement := 1; agreement <= 8; agreement++ {
		for range pick(7) {
			id += 1 + pick(3)
			a := Addition{ID: id, AgreementID: agreement, ProductID: []int{10, 11, 12, 13, 99}[pick(5)],
				Quantity: noisy(), UnitPrice: maybe(0.5), UnitCost: maybe(0.3), LessIncluded: maybe(0.2),
				AgreementStatus: "Active"}
			if chance(0.25) {
				a.AgreementStatus = []string{"Cancelled", "Expired", "Inactive", ""}[pick(4)]
			}
			switch pick(10) {
			case 0:
				a.CancelledDate = new(asOf.Add(-time.Duration(1+pick(1000)) * time.Hour))
			case 1:
				a.CancelledDate = new(asOf.Add(time.Duration(1+pick(1000)) * time.Hour))
			case 2:
				a.CancelledDate = new(asOf)
			case 3, 4:
				a.CancelledDate = new(around())
			}
			switch pick(4) {
			case 0:
				a.EffectiveDate = new(around())
			case 1:
				a.EffectiveDate = new(period.Start)
			}
			if chance(0.05) && a.EffectiveDate != nil {
				a.CancelledDate = new(*a.EffectiveDate) // ended by a sync: never billed
			}
			if chance(0.7) {
				a.BillCustomer = billCustomerValues[pick(3)]
			}
			if chance(0.5) {
				a.Taxable = bp(chance(0.5))
			}
			additions[agreement] = append(additions[agreement], a)
		}
	}

	usage := Usage{"unmapped-org": {"lic": 5}}
	for _, c := range customers {
		if chance(0.15) {
			continue
		}
		m := map[string]float64{}
		for _, p := range products {
			if chance(0.85) {
				m[p.VendorSKU] = noisy()
			}
			if chance(0.03) {
				m[p.VendorSKU] = []float64{-1, math.NaN(), math.Inf(1)}[pick(3)]
			}
		}
		usage[c.OrganizationID] = m
	}

	return Input{
		Customers: customers, Products: products, Usage: usage, Agreements: agreements, Additions: additions,
		Companies: companies, CatalogItems: catalog,
		Options: Options{AsOf: asOf, AbsentUsage: []AbsentUsage{"", AbsentSkip, AbsentZero, AbsentZero, "bogus"}[pick(5)], IntegrationName: "Vendor"},
	}
}

// randomCalendar gives an agreement a billing calendar: mostly monthly and calendar
// aligned, as most sites are, with every other field on some agreements.
func randomCalendar(r *rand.Rand, ag *Agreement, around func() time.Time, month time.Time, id int) {
	chance := func(p float64) bool { return r.Float64() < p }
	ag.BillingCycle = "Monthly"
	if chance(0.25) {
		ag.BillingCycle = []string{"", "Quarterly", "Quarterly", "Yearly", "Weekly", "Not Recurring"}[r.IntN(6)]
	}
	if chance(0.15) {
		ag.InvoicingCycle = "ContractYear"
	}
	if chance(0.15) {
		ag.BillStartDate = new(around())
	}
	if chance(0.35) {
		// mostly a month boundary, as invoicing leaves it: this month (invoiced) or the next
		ag.NextInvoiceDate = new([]time.Time{dayOf(around()), month, month.AddDate(0, 1, 0), month.AddDate(0, 1, 0)}[r.IntN(4)])
	}
	ag.Prorate = chance(0.5)
	ag.OneTime = chance(0.03)
	if chance(0.6) {
		ag.Currency = []string{"USD", "USD", "EUR"}[r.IntN(3)]
	}
	if id > 1 && chance(0.1) {
		ag.ParentID = 1 + r.IntN(id-1)
	}
}
