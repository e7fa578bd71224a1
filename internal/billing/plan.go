package billing

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// Plan returns one change per (customer, product), ordered by organization ID, then SKU
// (then input order, for duplicated mappings). It is pure and deterministic.
//
// For each line, in this order: a disabled customer, an unusable, missing or inactive
// product ([ProductBillability]), a duplicated mapping, a customer the period cannot bill
// ([CustomerBillability]), and two lines that would write the same (agreement, catalog
// item) are skipped. The product's additions are then judged against the billing period
// ([Period.Standing]): an addition cancelled inside the period, or two or more live ones,
// are a Conflict; missing or invalid usage is skipped (unless absent usage means zero); no
// live addition is a Create (quantity above zero; a Conflict when an addition starts after
// the period, since the create would overlap it) or None; one live addition is an Update
// of the owned fields that differ, or None.
func Plan(in Input) []Change {
	orgs := map[string]int{} // enabled customers per organization ID
	for _, c := range in.Customers {
		if c.SyncEnabled {
			orgs[c.OrganizationID]++
		}
	}
	skus := map[string]int{}
	for _, p := range in.Products {
		skus[p.VendorSKU]++
	}
	currencies := runCurrencies(in)

	type line struct {
		ci, pi      int
		ch          Change
		adds        standings
		usageReason string // why Desired is nil
		open        bool   // not decided yet
		bill        AgreementBilling
	}
	lines := make([]*line, 0, len(in.Customers)*len(in.Products))
	type target struct{ agreement, product int }
	targets := map[target][]*line{}

	for ci, c := range in.Customers {
		bill, reason := customerReason(in, c, orgs)
		for pi, p := range in.Products {
			l := &line{ci: ci, pi: pi, bill: bill, ch: Change{
				OrganizationID:   c.OrganizationID,
				OrganizationName: c.OrganizationName,
				SKU:              p.VendorSKU,
				CompanyID:        c.CompanyID,
				AgreementID:      c.AgreementID,
				CatalogItemID:    p.CatalogItemID,
				Period:           bill.Period,
			}}
			lines = append(lines, l)
			period := bill.Period
			if period.Start.IsZero() {
				period = BillingPeriod(in.Options.AsOf) // for the report of a skipped line only
			}
			l.adds = standingsOf(in.Additions[c.AgreementID], p.CatalogItemID, period)
			if len(l.adds.live) == 1 {
				l.ch.AdditionID = l.adds.live[0].ID
				billed := l.adds.live[0].Quantity
				l.ch.Billed = &billed
			}
			desired, usageReason := desiredQuantity(in.Usage, in.Options.AbsentUsage, c.OrganizationID, p.VendorSKU)
			l.ch.Desired = desired

			if why := productReason(in, c, p, skus, reason, currencies); why != "" {
				l.ch.Kind, l.ch.Reason = Skip, why
				continue
			}
			l.open, l.usageReason = true, usageReason
			t := target{c.AgreementID, p.CatalogItemID}
			targets[t] = append(targets[t], l)
		}
	}

	// Two lines that would write the same addition would fight (a catalog item mapped by two
	// SKUs, an agreement mapped by two organizations): neither writes.
	for t, group := range targets {
		if len(group) < 2 {
			continue
		}
		for _, l := range group {
			var others []string
			for _, o := range group {
				if o != l {
					others = append(others, fmt.Sprintf("organization %s SKU %s", o.ch.OrganizationID, o.ch.SKU))
				}
			}
			slices.Sort(others)
			l.ch.Kind, l.open = Skip, false
			l.ch.Reason = fmt.Sprintf("catalog item %d on agreement %d is also mapped by %s: nothing is written",
				t.product, t.agreement, strings.Join(others, ", "))
		}
	}

	// A child agreement bills on its parent's invoice: the same product on both bills the
	// customer twice on one invoice. A person decides which agreement carries it.
	for t, group := range targets {
		child, ok := in.Agreements[t.agreement]
		if !ok || child.ParentID == 0 {
			continue
		}
		parents := targets[target{child.ParentID, t.product}]
		if len(parents) == 0 {
			continue
		}
		for _, l := range append(slices.Clone(group), parents...) {
			if !l.open {
				continue
			}
			l.open = false
			l.ch.Kind = Conflict
			l.ch.RelatedAgreementID = child.ParentID
			if l.ch.AgreementID == child.ParentID {
				l.ch.RelatedAgreementID = child.ID
			}
			l.ch.ConflictIDs = idsOf(append(slices.Clone(l.adds.live), l.adds.cancelledIn...))
			slices.Sort(l.ch.ConflictIDs)
			l.ch.Reason = fmt.Sprintf("agreement %d%s is a child of agreement %d%s (parentAgreement) and both are mapped with catalog item %d (SKU %s): "+
				"a child bills on its parent's invoice, so the customer would be billed twice; nothing is written on either until the product is mapped on one of them",
				child.ID, named(child.Name), child.ParentID, named(in.Agreements[child.ParentID].Name), t.product, l.ch.SKU)
		}
	}

	for _, l := range lines {
		switch {
		case !l.open:
		case l.ch.Desired == nil && !l.adds.conflicted():
			l.ch.Kind, l.ch.Reason = Skip, l.usageReason
		default:
			decide(&l.ch, l.adds, in.Products[l.pi], lookup(in.CatalogItems, in.Products[l.pi].CatalogItemID),
				lookup(in.Agreements, in.Customers[l.ci].AgreementID), l.bill.Effective)
			if l.ch.Kind == Create {
				l.ch.Reason += createDate(l.bill)
			}
		}
	}

	slices.SortStableFunc(lines, func(a, b *line) int {
		return cmp.Or(
			cmp.Compare(a.ch.OrganizationID, b.ch.OrganizationID),
			cmp.Compare(a.ch.SKU, b.ch.SKU),
			cmp.Compare(a.ci, b.ci),
			cmp.Compare(a.pi, b.pi),
		)
	})
	out := make([]Change, len(lines))
	for i, l := range lines {
		out[i] = l.ch
	}
	return out
}

// runCurrencies are the distinct currencies of the agreements the run's enabled customers
// map, sorted.
func runCurrencies(in Input) []string {
	seen := map[string]bool{}
	for _, c := range in.Customers {
		if a, ok := in.Agreements[c.AgreementID]; ok && c.SyncEnabled && a.Currency != "" {
			seen[strings.ToUpper(a.Currency)] = true
		}
	}
	return slices.Sorted(maps.Keys(seen))
}

// desiredQuantity returns the rounded quantity the usage asks for, or nil and the reason
// for the skip.
func desiredQuantity(usage Usage, absent AbsentUsage, org, sku string) (*float64, string) {
	skus, ok := usage[org]
	if !ok {
		if absent == AbsentZero {
			return new(0.0), ""
		}
		return nil, fmt.Sprintf("no usage reported for organization %s: skipped (absent_usage is skip)", org)
	}
	q, ok := skus[sku]
	if !ok {
		if absent == AbsentZero {
			return new(0.0), ""
		}
		return nil, fmt.Sprintf("no usage reported for SKU %s of organization %s: skipped (absent_usage is skip)", sku, org)
	}
	if !finite(q) || q < 0 {
		return nil, fmt.Sprintf("usage %s for SKU %s of organization %s is not a finite quantity ≥ 0: nothing is written", formatNumber(q), sku, org)
	}
	return new(round(q)), ""
}

// customerReason returns the customer's billing, or why nothing may be written for it.
func customerReason(in Input, c Customer, orgs map[string]int) (AgreementBilling, string) {
	switch {
	case in.Options.AsOf.IsZero():
		return AgreementBilling{}, "as_of is not set" + NothingWritten
	case !c.SyncEnabled:
		return AgreementBilling{}, fmt.Sprintf("sync is disabled for organization %s%s", c.OrganizationID, named(c.OrganizationName)) + NothingWritten
	case orgs[c.OrganizationID] > 1:
		return AgreementBilling{}, fmt.Sprintf("organization %s is mapped by %d customers with sync enabled: nothing is written until it is mapped once", c.OrganizationID, orgs[c.OrganizationID])
	}
	bill, ok, reason := CustomerBillability(c, lookup(in.Companies, c.CompanyID), lookup(in.Agreements, c.AgreementID), in.Options.AsOf)
	if !ok {
		return AgreementBilling{}, reason + NothingWritten
	}
	return bill, ""
}

// productReason returns why nothing may be written for this customer and product, or "".
// The customer's own reason comes first when the product is usable, except for the two
// that name the input itself (as_of, a disabled customer), which come first always.
func productReason(in Input, c Customer, p Product, skus map[string]int, customer string, currencies []string) string {
	if in.Options.AsOf.IsZero() || !c.SyncEnabled {
		return customer
	}
	if ok, reason := ProductBillability(p, lookup(in.CatalogItems, p.CatalogItemID)); !ok {
		return reason + NothingWritten
	}
	if skus[p.VendorSKU] > 1 {
		return fmt.Sprintf("SKU %s is mapped by %d products: nothing is written until it is mapped once", p.VendorSKU, skus[p.VendorSKU])
	}
	if customer != "" {
		return customer
	}
	if reason := CurrencyMismatch(p, in.Agreements[c.AgreementID], currencies); reason != "" {
		return reason + ": nothing is written for this SKU"
	}
	return ""
}

func lookup[V any](m map[int]V, id int) *V {
	if v, ok := m[id]; ok {
		return &v
	}
	return nil
}

func newAddition(p Product, item *CatalogItem, quantity float64, effective time.Time) *NewAddition {
	bill := cmp.Or(p.BillCustomer, p.DefaultBillCustomer, defaultBillCustomer)
	desc := strings.TrimSpace(p.InvoiceDescription)
	if desc == "" && item != nil {
		desc = item.CustomerDescription
	}
	var taxable *bool
	switch {
	case p.Taxable != nil:
		taxable = new(*p.Taxable)
	case p.DefaultTaxable != nil:
		taxable = new(*p.DefaultTaxable)
	}
	return &NewAddition{
		ProductID:          p.CatalogItemID,
		Quantity:           quantity,
		BillCustomer:       bill,
		UnitPrice:          roundPtr(p.UnitPrice),
		UnitCost:           roundPtr(p.UnitCost),
		LessIncluded:       roundPtr(p.LessIncluded),
		Taxable:            taxable,
		EffectiveDate:      effective,
		Description:        desc,
		InvoiceDescription: desc,
	}
}

// diff returns the owned fields of a that differ from what p and the usage ask for.
func diff(a Addition, p Product, quantity float64) []FieldChange {
	var out []FieldChange
	if round(a.Quantity) != quantity {
		out = append(out, FieldChange{FieldQuantity, a.Quantity, quantity})
	}
	number := func(field string, have, want *float64) {
		if want == nil {
			return
		}
		w := round(*want)
		if have != nil && round(*have) == w {
			return
		}
		var old any
		if have != nil {
			old = *have
		}
		out = append(out, FieldChange{field, old, w})
	}
	number(FieldUnitPrice, a.UnitPrice, p.UnitPrice)
	number(FieldUnitCost, a.UnitCost, p.UnitCost)
	number(FieldLessIncluded, a.LessIncluded, p.LessIncluded)
	if p.BillCustomer != "" && a.BillCustomer != p.BillCustomer {
		var old any
		if a.BillCustomer != "" {
			old = a.BillCustomer
		}
		out = append(out, FieldChange{FieldBillCustomer, old, p.BillCustomer})
	}
	if p.Taxable != nil && (a.Taxable == nil || *a.Taxable != *p.Taxable) {
		var old any
		if a.Taxable != nil {
			old = *a.Taxable
		}
		out = append(out, FieldChange{FieldTaxable, old, *p.Taxable})
	}
	return out
}

// createDate completes a create's reason when its effective date is not the first day of
// the run's calendar month: the person reading the report sees why.
func createDate(b AgreementBilling) string {
	switch {
	case b.Note != "":
		return fmt.Sprintf(", effective %s (%s)", day(b.Effective), b.Note)
	case !b.Effective.Equal(b.Period.Start):
		return fmt.Sprintf(", effective %s (the agreement's startDate or billStartDate)", day(b.Effective))
	case b.Period.Cycle != "" && b.Period.Cycle != CycleMonthly:
		return fmt.Sprintf(", effective %s (the start of the %s billing period %s)", day(b.Effective), strings.ToLower(b.Period.Cycle), b.Period)
	}
	return ""
}
