package billing

import (
	"fmt"
	"time"
)

func fp(x float64) *float64 { return &x }
func bp(b bool) *bool       { return &b }

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func atp(s string) *time.Time { t := at(s); return &t }

// asOf is mid-month: the period is November 2026, incremental.
var asOf = at("2026-11-15T12:00:00Z")

// base is one enabled customer on an active agreement, one product, usage 42, no additions.
func base() Input {
	return Input{
		Customers: []Customer{{OrganizationID: "org-1", OrganizationName: "Acme", CompanyID: 5, AgreementID: 17, SyncEnabled: true}},
		Products:  []Product{{VendorSKU: "core-license", CatalogItemID: 12}},
		Usage:     Usage{"org-1": {"core-license": 42}},
		Options:   Options{AsOf: asOf, IntegrationName: "NordLayer"},
		Agreements: map[int]Agreement{
			17: {ID: 17, CompanyID: 5, Name: "Acme Managed", Status: "Active"},
		},
		Additions:    map[int][]Addition{},
		Companies:    map[int]Company{5: {ID: 5, Name: "Acme"}},
		CatalogItems: map[int]CatalogItem{12: {ID: 12, Identifier: "NL-CORE-USER"}},
	}
}

// line is the change for base's single (customer, product) with the given kind and reason.
func line(kind Kind, reason string) Change {
	return Change{
		Kind: kind, OrganizationID: "org-1", OrganizationName: "Acme", SKU: "core-license",
		CompanyID: 5, AgreementID: 17, CatalogItemID: 12, Reason: reason,
	}
}

// add is an active addition of catalog item 12 on agreement 17.
func add(id int, qty float64) Addition {
	return Addition{ID: id, AgreementID: 17, ProductID: 12, Quantity: qty, BillCustomer: "Billable", AgreementStatus: "Active"}
}

func with(c Change, f func(*Change)) Change { f(&c); return c }

// dump prints a change with its pointers followed, for failure messages.
func dump(c Change) string {
	s := fmt.Sprintf("%s org=%s sku=%s company=%d agreement=%d item=%d addition=%d conflicts=%v billed=%s desired=%s fields=%v reason=%q",
		c.Kind, c.OrganizationID, c.SKU, c.CompanyID, c.AgreementID, c.CatalogItemID, c.AdditionID, c.ConflictIDs,
		num(c.Billed), num(c.Desired), c.Fields, c.Reason)
	if n := c.New; n != nil {
		s += fmt.Sprintf(" new={product=%d qty=%v bill=%s price=%s cost=%s less=%s taxable=%v effective=%s desc=%q invoice=%q}",
			n.ProductID, n.Quantity, n.BillCustomer, num(n.UnitPrice), num(n.UnitCost), num(n.LessIncluded),
			boolp(n.Taxable), n.EffectiveDate.Format(time.RFC3339), n.Description, n.InvoiceDescription)
	}
	return s
}

func num(p *float64) string {
	if p == nil {
		return "nil"
	}
	return fmt.Sprint(*p)
}

func boolp(p *bool) string {
	if p == nil {
		return "nil"
	}
	return fmt.Sprint(*p)
}
