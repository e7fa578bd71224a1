package billing

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Plan returns one change per (customer, product), ordered by organization ID, then SKU
// (then input order, for duplicated mappings). It is pure and deterministic.
//
// For each line, in this order: a disabled customer, an unusable or duplicated mapping, a
// missing, non-active or other company's agreement, and two lines that would write the same
// (agreement, catalog item) are skipped; two or more active additions are a Conflict;
// missing or invalid usage is skipped (unless absent usage means zero); then no active
// addition is a Create (quantity above zero) or None, and one active addition is an Update
// of the owned fields that differ, or None.
func Plan(in Input) []Change {
	asOf := in.Options.AsOf
	period := BillingPeriod(asOf)

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
		active      []Addition
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
			l.active = activeAdditions(in.Additions[c.AgreementID], p.CatalogItemID, asOf)
			if len(l.active) == 1 {
				l.ch.AdditionID = l.active[0].ID
				billed := l.active[0].Quantity
				l.ch.Billed = &billed
			}
			desired, usageReason := desiredQuantity(in.Usage, in.Options.AbsentUsage, c.OrganizationID, p.VendorSKU)
			l.ch.Desired = desired

			if reason := blocked(in, c, p, orgs, skus); reason != "" {
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
		case l.ch.Desired == nil && len(l.active) <= 1:
			l.ch.Kind, l.ch.Reason = Skip, l.usageReason
		default:
			decide(&l.ch, l.active, in.Products[l.pi], in.Options.IntegrationName, period)
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

// active reports whether an addition bills at asOf: its status is Active (or unset) and it
// has no cancelled date, or one after asOf.
func active(a Addition, asOf time.Time) bool {
	if a.AgreementStatus != "Active" && a.AgreementStatus != "" {
		return false
	}
	return a.CancelledDate == nil || a.CancelledDate.After(asOf)
}

// activeAdditions returns the active additions for product, sorted by ID.
func activeAdditions(all []Addition, product int, asOf time.Time) []Addition {
	var out []Addition
	for _, a := range all {
		if a.ProductID == product && active(a, asOf) {
			out = append(out, a)
		}
	}
	slices.SortFunc(out, func(a, b Addition) int { return cmp.Compare(a.ID, b.ID) })
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
func blocked(in Input, c Customer, p Product, orgs, skus map[string]int) string {
	if in.Options.AsOf.IsZero() {
		return "as_of is not set: nothing is written"
	}
	if !c.SyncEnabled {
		return fmt.Sprintf("sync is disabled for organization %s%s: nothing is written", c.OrganizationID, named(c.OrganizationName))
	}
	if reason := productDefect(p); reason != "" {
		return reason
	}
	if skus[p.VendorSKU] > 1 {
		return fmt.Sprintf("SKU %s is mapped by %d products: nothing is written until it is mapped once", p.VendorSKU, skus[p.VendorSKU])
	}
	if orgs[c.OrganizationID] > 1 {
		return fmt.Sprintf("organization %s is mapped by %d customers with sync enabled: nothing is written until it is mapped once", c.OrganizationID, orgs[c.OrganizationID])
	}
	a, ok := in.Agreements[c.AgreementID]
	if !ok {
		return fmt.Sprintf("agreement %d of organization %s was not found (deleted?): nothing is written", c.AgreementID, c.OrganizationID)
	}
	if a.Status != "Active" {
		status := a.Status
		if status == "" {
			status = "of unknown status"
		}
		return fmt.Sprintf("agreement %d%s is %s: nothing is written", c.AgreementID, named(a.Name), status)
	}
	if a.CancelledFlag {
		return fmt.Sprintf("agreement %d%s is cancelled: nothing is written", c.AgreementID, named(a.Name))
	}
	if a.CompanyID != c.CompanyID {
		return fmt.Sprintf("agreement %d%s belongs to company %d, not to company %d mapped for organization %s: nothing is written",
			c.AgreementID, named(a.Name), a.CompanyID, c.CompanyID, c.OrganizationID)
	}
	return ""
}

func named(name string) string {
	if name == "" {
		return ""
	}
	return " (" + name + ")"
}

// productDefect returns why a product mapping cannot be written, or "". Validate reports
// the same defects per attribute.
func productDefect(p Product) string {
	switch {
	case p.CatalogItemID <= 0:
		return fmt.Sprintf("SKU %s has no catalog item (catalog_item_id %d): nothing is written", p.VendorSKU, p.CatalogItemID)
	case p.BillCustomer != "" && !validBillCustomer(p.BillCustomer):
		return fmt.Sprintf("SKU %s has bill_customer %q, not one of %s: nothing is written", p.VendorSKU, p.BillCustomer, strings.Join(billCustomerValues, ", "))
	case p.DefaultBillCustomer != "" && !validBillCustomer(p.DefaultBillCustomer):
		return fmt.Sprintf("SKU %s has a default bill_customer %q, not one of %s: nothing is written", p.VendorSKU, p.DefaultBillCustomer, strings.Join(billCustomerValues, ", "))
	}
	for _, v := range []*float64{p.UnitPrice, p.UnitCost, p.LessIncluded} {
		if v != nil && !finite(*v) {
			return fmt.Sprintf("SKU %s has a price, cost or less-included amount that is not a finite number: nothing is written", p.VendorSKU)
		}
	}
	if p.LessIncluded != nil && *p.LessIncluded < 0 {
		return fmt.Sprintf("SKU %s has a negative less_included: nothing is written", p.VendorSKU)
	}
	return ""
}

// decide fills in a line that may write: Conflict, Create, Update or None.
func decide(ch *Change, act []Addition, p Product, integration string, period Period) {
	switch {
	case len(act) > 1:
		ids := make([]int, len(act))
		for i, a := range act {
			ids[i] = a.ID
		}
		ch.Kind, ch.ConflictIDs = Conflict, ids
		ch.Reason = fmt.Sprintf("%d active additions for catalog item %d on agreement %d (IDs %s): nothing is written until a person keeps one",
			len(ids), ch.CatalogItemID, ch.AgreementID, joinInts(ids))
	case len(act) == 0 && *ch.Desired > 0:
		ch.Kind = Create
		ch.New = newAddition(p, *ch.Desired, integration, period)
		ch.Reason = "create with quantity " + formatNumber(*ch.Desired)
	case len(act) == 0:
		ch.Kind, ch.Reason = None, "nothing billed, nothing used"
	default:
		ch.Fields = diff(act[0], p, *ch.Desired)
		if len(ch.Fields) == 0 {
			ch.Kind, ch.Reason = None, "up to date: quantity "+formatNumber(act[0].Quantity)
			return
		}
		parts := make([]string, len(ch.Fields))
		for i, f := range ch.Fields {
			parts[i] = fmt.Sprintf("%s %s → %s", f.Field, formatValue(f.Old), formatValue(f.New))
		}
		ch.Kind, ch.Reason = Update, strings.Join(parts, "; ")
	}
}

func newAddition(p Product, quantity float64, integration string, period Period) *NewAddition {
	bill := cmp.Or(p.BillCustomer, p.DefaultBillCustomer, defaultBillCustomer)
	desc := p.VendorSKU + " (managed by Terraform)"
	if integration != "" {
		desc = integration + ": " + desc
	}
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

// ActiveAt reports whether an addition bills at asOf, by the same rule Plan uses. The
// executor uses it to look an addition up again after an ambiguous create.
func (a Addition) ActiveAt(asOf time.Time) bool { return active(a, asOf) }
