package billing

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
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
	period := BillingPeriod(in.Options.AsOf)

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

	type line struct {
		ci, pi      int
		ch          Change
		adds        standings
		usageReason string // why Desired is nil
		open        bool   // not decided yet
	}
	lines := make([]*line, 0, len(in.Customers)*len(in.Products))
	type target struct{ agreement, product int }
	targets := map[target][]*line{}

	for ci, c := range in.Customers {
		for pi, p := range in.Products {
			l := &line{ci: ci, pi: pi, ch: Change{
				OrganizationID:   c.OrganizationID,
				OrganizationName: c.OrganizationName,
				SKU:              p.VendorSKU,
				CompanyID:        c.CompanyID,
				AgreementID:      c.AgreementID,
				CatalogItemID:    p.CatalogItemID,
			}}
			lines = append(lines, l)
			l.adds = standingsOf(in.Additions[c.AgreementID], p.CatalogItemID, period)
			if len(l.adds.live) == 1 {
				l.ch.AdditionID = l.adds.live[0].ID
				billed := l.adds.live[0].Quantity
				l.ch.Billed = &billed
			}
			desired, usageReason := desiredQuantity(in.Usage, in.Options.AbsentUsage, c.OrganizationID, p.VendorSKU)
			l.ch.Desired = desired

			if reason := blocked(in, c, p, orgs, skus, period); reason != "" {
				l.ch.Kind, l.ch.Reason = Skip, reason
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

	for _, l := range lines {
		switch {
		case !l.open:
		case l.ch.Desired == nil && !l.adds.conflicted():
			l.ch.Kind, l.ch.Reason = Skip, l.usageReason
		default:
			decide(&l.ch, l.adds, in.Products[l.pi], in.Options.IntegrationName, period)
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

// blocked returns why nothing may be written for this customer and product, or "".
func blocked(in Input, c Customer, p Product, orgs, skus map[string]int, period Period) string {
	if in.Options.AsOf.IsZero() {
		return "as_of is not set" + NothingWritten
	}
	if !c.SyncEnabled {
		return fmt.Sprintf("sync is disabled for organization %s%s", c.OrganizationID, named(c.OrganizationName)) + NothingWritten
	}
	if ok, reason := ProductBillability(p, lookup(in.CatalogItems, p.CatalogItemID)); !ok {
		return reason + NothingWritten
	}
	if skus[p.VendorSKU] > 1 {
		return fmt.Sprintf("SKU %s is mapped by %d products: nothing is written until it is mapped once", p.VendorSKU, skus[p.VendorSKU])
	}
	if orgs[c.OrganizationID] > 1 {
		return fmt.Sprintf("organization %s is mapped by %d customers with sync enabled: nothing is written until it is mapped once", c.OrganizationID, orgs[c.OrganizationID])
	}
	ok, reason := CustomerBillability(c, lookup(in.Companies, c.CompanyID), lookup(in.Agreements, c.AgreementID), period)
	if !ok {
		return reason + NothingWritten
	}
	return ""
}

func lookup[V any](m map[int]V, id int) *V {
	if v, ok := m[id]; ok {
		return &v
	}
	return nil
}

func newAddition(p Product, quantity float64, integration string, period Period) *NewAddition {
	bill := cmp.Or(p.BillCustomer, p.DefaultBillCustomer, defaultBillCustomer)
	desc := ManagedDescription(integration, p.VendorSKU)
	var taxable *bool
	switch {
	case p.Taxable != nil:
		taxable = new(*p.Taxable)
	case p.DefaultTaxable != nil:
		taxable = new(*p.DefaultTaxable)
	}
	return &NewAddition{
		ProductID:     p.CatalogItemID,
		Quantity:      quantity,
		BillCustomer:  bill,
		UnitPrice:     roundPtr(p.UnitPrice),
		UnitCost:      roundPtr(p.UnitCost),
		LessIncluded:  roundPtr(p.LessIncluded),
		Taxable:       taxable,
		EffectiveDate: period.Start,
		Description:   desc,
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
