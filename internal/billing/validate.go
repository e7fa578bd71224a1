package billing

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// Problem is one bad input, named the way the user wrote it, for a diagnostic at validate
// or plan time, before anything is written.
type Problem struct {
	Attribute string // "customers", "products", "usage" or "absent_usage" ("as_of" is left to the caller's parsing)
	Index     int    // index in customers or products; -1 otherwise
	Key       string // usage: the organization ID; "" otherwise
	SubKey    string // usage: the SKU under usage[Key]; "" otherwise
	Field     string // attribute of customers[Index] or products[Index], e.g. "organization_id" or "integration_defaults.bill_customer"; "" otherwise
	Message   string // what is wrong and what would be accepted
}

// Path returns where the problem is, e.g. customers[2].organization_id or
// usage["org-1"]["core-license"].
func (p Problem) Path() string {
	var b strings.Builder
	b.WriteString(p.Attribute)
	if p.Index >= 0 {
		b.WriteString("[" + strconv.Itoa(p.Index) + "]")
	}
	if p.Key != "" || p.SubKey != "" {
		b.WriteString("[" + strconv.Quote(p.Key) + "]")
	}
	if p.SubKey != "" {
		b.WriteString("[" + strconv.Quote(p.SubKey) + "]")
	}
	if p.Field != "" {
		b.WriteString("." + p.Field)
	}
	return b.String()
}

// String returns "path: message".
func (p Problem) String() string { return p.Path() + ": " + p.Message }

// Validate checks the inputs of a run and returns every problem, in a fixed order
// (customers, products, usage by organization ID and SKU, absent_usage); nil when there is
// none. Usage for an organization that no customer maps is ignored: vendors report all
// organizations.
func Validate(customers []Customer, products []Product, usage Usage, absent AbsentUsage) []Problem {
	var out []Problem
	customer := func(i int, field, format string, args ...any) {
		out = append(out, Problem{Attribute: "customers", Index: i, Field: field, Message: fmt.Sprintf(format, args...)})
	}
	product := func(i int, field, format string, args ...any) {
		out = append(out, Problem{Attribute: "products", Index: i, Field: field, Message: fmt.Sprintf(format, args...)})
	}

	orgs := map[string]int{}
	agreements := map[int]int{} // agreement ID -> first enabled customer
	for i, c := range customers {
		switch j, seen := orgs[c.OrganizationID]; {
		case strings.TrimSpace(c.OrganizationID) == "":
			customer(i, "organization_id", "must not be empty: set the vendor's organization ID, the key of its usage")
		case seen:
			customer(i, "organization_id", "organization %q is mapped by both customers[%d] and customers[%d]: map each organization once", c.OrganizationID, j, i)
		default:
			orgs[c.OrganizationID] = i
		}
		if c.CompanyID <= 0 {
			customer(i, "company_id", "must be a ConnectWise company ID, a whole number of 1 or more; got %d", c.CompanyID)
		}
		if msg := CycleProblem(c.BillingCycle); msg != "" {
			customer(i, "billing_cycle", "%s", msg)
		}
		if c.AgreementID <= 0 {
			customer(i, "agreement_id", "must be a ConnectWise agreement ID, a whole number of 1 or more; got %d", c.AgreementID)
		} else if c.SyncEnabled {
			if j, seen := agreements[c.AgreementID]; seen {
				customer(i, "agreement_id", "agreement %d is mapped by both customers[%d] and customers[%d] with sync enabled: they would overwrite each other's additions; map each agreement once or set sync_enabled = false on one", c.AgreementID, j, i)
			} else {
				agreements[c.AgreementID] = i
			}
		}
	}

	skus := map[string]int{}
	items := map[int]int{}
	for i, p := range products {
		switch j, seen := skus[p.VendorSKU]; {
		case strings.TrimSpace(p.VendorSKU) == "":
			product(i, "vendor_sku", "must not be empty: set the vendor's SKU, the key of its usage (e.g. core-license)")
		case seen:
			product(i, "vendor_sku", "SKU %q is mapped by both products[%d] and products[%d]: map each SKU once", p.VendorSKU, j, i)
		default:
			skus[p.VendorSKU] = i
		}
		switch j, seen := items[p.CatalogItemID]; {
		case p.CatalogItemID <= 0:
			product(i, "catalog_item_id", "must be a ConnectWise catalog item ID, a whole number of 1 or more; got %d", p.CatalogItemID)
		case seen:
			product(i, "catalog_item_id", "catalog item %d is mapped by both products[%d] (SKU %q) and products[%d] (SKU %q): they would overwrite the same agreement addition; map each catalog item once", p.CatalogItemID, j, products[j].VendorSKU, i, p.VendorSKU)
		default:
			items[p.CatalogItemID] = i
		}
		if msg := CurrencyProblem(p.Currency); msg != "" {
			product(i, "currency", "%s", msg)
		}
		if p.BillCustomer != "" && !validBillCustomer(p.BillCustomer) {
			product(i, "bill_customer", "%q is not accepted: use one of %s, or leave it unset (created additions are then %s)", p.BillCustomer, strings.Join(billCustomerValues, ", "), defaultBillCustomer)
		}
		if p.DefaultBillCustomer != "" && !validBillCustomer(p.DefaultBillCustomer) {
			product(i, "integration_defaults.bill_customer", "%q is not accepted: use one of %s, or leave it unset (created additions are then %s)", p.DefaultBillCustomer, strings.Join(billCustomerValues, ", "), defaultBillCustomer)
		}
		for _, f := range []struct {
			name  string
			v     *float64
			check func(float64) string
		}{{"unit_price", p.UnitPrice, AmountProblem}, {"unit_cost", p.UnitCost, AmountProblem}, {"less_included", p.LessIncluded, QuantityProblem}} {
			if f.v == nil {
				continue
			}
			if msg := f.check(*f.v); msg != "" {
				product(i, f.name, "%s", msg)
			}
		}
	}

	known := sortedKeys(skus)
	for _, org := range sortedKeys(usage) {
		if _, mapped := orgs[org]; !mapped {
			continue // vendors report every organization; only mapped ones are synced
		}
		for _, sku := range sortedKeys(usage[org]) {
			q := usage[org][sku]
			p := Problem{Attribute: "usage", Index: -1, Key: org, SubKey: sku}
			if _, mapped := skus[sku]; !mapped {
				if len(known) == 0 {
					p.Message = fmt.Sprintf("organization %q reports SKU %q, but no product is mapped: add a product mapping for it or leave it out of usage", org, sku)
				} else {
					p.Message = fmt.Sprintf("organization %q reports SKU %q, which no product maps: the mapped SKUs are %s; add a product mapping for it or leave it out of usage", org, sku, quoteAll(known))
				}
			} else if msg := QuantityProblem(q); msg != "" {
				p.Message = msg
			} else {
				continue
			}
			out = append(out, p)
		}
	}

	if absent != "" {
		if msg := AbsentUsageProblem(absent); msg != "" {
			out = append(out, Problem{Attribute: "absent_usage", Index: -1, Message: msg})
		}
	}
	return out
}

// AbsentUsageProblem returns why absent cannot be an absent_usage written by a user, or "".
// The empty string is refused here: only an option left unset means the default.
func AbsentUsageProblem(absent AbsentUsage) string {
	if absent == AbsentSkip || absent == AbsentZero {
		return ""
	}
	return fmt.Sprintf("%q is not accepted: use %q (the default: a customer or SKU missing from usage is skipped) or %q (missing usage means quantity 0)",
		string(absent), AbsentSkip, AbsentZero)
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = strconv.Quote(s)
	}
	return strings.Join(q, ", ")
}

// CycleProblem returns why name cannot be a customer mapping's billing_cycle, or "".
func CycleProblem(name string) string {
	if name == "" || slices.Contains(Cycles, name) {
		return ""
	}
	if c := CanonicalCycle(name); c != "" {
		return fmt.Sprintf("%q is not accepted: write %q", name, c)
	}
	return fmt.Sprintf("%q is not accepted: use one of %s (the agreement's billing cycle the usage may be billed on; weekly, one-time and non-recurring agreements are not billed)",
		name, quoteAll(Cycles))
}

// CurrencyProblem returns why code cannot be a product's currency, or "": an ISO 4217
// code of three letters, as ConnectWise's currency/currencyCode holds it (USD, EUR).
func CurrencyProblem(code string) string {
	if code == "" {
		return ""
	}
	ok := len(code) == 3
	for _, r := range code {
		ok = ok && r >= 'A' && r <= 'Z'
	}
	if !ok {
		return fmt.Sprintf("%q is not accepted: use the ISO 4217 code of the prices' currency in capitals, as the agreement's currency shows it, e.g. \"USD\" or \"EUR\"", code)
	}
	return ""
}
